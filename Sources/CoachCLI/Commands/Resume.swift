import ArgumentParser
import CoachKit
import Foundation

/// `coach resume [<session>] [--jsonl]`
struct Resume: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a paused or interrupted session at its next unanswered question.",
    discussion: "Without a session id, the latest session that is not completed.")

  @Argument(
    help: "The session id, or a unique prefix of it (else the latest paused session).",
    completion: ShellCompletions.sessions(openOnly: true))
  var session: String?

  @Flag(name: .long, help: "Machine mode: JSON Lines on stdout.")
  var jsonl = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let launcher = SessionLauncher(global: global, jsonl: jsonl)
    try reporting {
      try launcher.reportingStartFailures {
        try launcher.resume(session: session ?? launcher.latestOpenSession())
      }
    }
  }
}
