import ArgumentParser
import CoachKit

/// `coach sync [--database URL] [--status]`
struct Sync: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "Sync with the team store: push this store's sessions (shared form), pull what you may see.",
    discussion: """
      Pushes every session of the store in its shared form (never a /private note) and the \
      team file (team.yaml), then pulls the sessions you may see (yours from other machines, \
      those held with you, those run by anyone below you) into the read-only folder team/ of \
      the store. Safe to run again and to interrupt: a rerun sends only what is new. The \
      database is --database, else $COACH_DATABASE_URL, else the config file's; the password \
      comes from the config file or ~/.pgpass, never from a record. Offline, everything else \
      works: sync later. --status says what is waiting, without connecting.
      """)

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The team store (else $COACH_DATABASE_URL, else the config file).", valueName: "postgresql://…"))
  var database: String?

  @Flag(name: .long, help: "Say what is waiting to be pushed and when the last sync ran; do not connect.")
  var status = false

  @Flag(name: .long, help: "With --status: print JSON.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let code = try TeamHandoff.run(.sync(database: database, status: status, json: json), global: global)
      if code != 0 { throw ExitCode(code) }
    }
  }
}
