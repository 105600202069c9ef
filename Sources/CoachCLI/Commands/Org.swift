import ArgumentParser
import CoachKit

/// `coach org init --database URL | org add-user NAME --login LOGIN [--reports-to NAME] [--password P]`
struct Org: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "org",
    abstract: "Set up the team store of an org (as its database owner).",
    subcommands: [OrgInit.self, OrgAddUser.self])
}

/// `coach org init --database URL`
struct OrgInit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create (or upgrade) the team store's schema in a PostgreSQL database.",
    discussion: """
      Run as the database's owner with CREATEROLE (or a superuser). Makes the roles \
      coach_owner and coach_member when missing, the schema coach with its row-level security, \
      and runs the migrations the database lacks, in one transaction. Running it again is safe.
      """)

  @Option(name: .long, help: ArgumentHelp("The database, as its owner.", valueName: "postgresql://…"))
  var database: String

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let code = try TeamHandoff.run(.initialize(database: database), global: global)
      if code != 0 { throw ExitCode(code) }
    }
  }
}

/// `coach org add-user NAME --login LOGIN [--reports-to NAME] [--password P]`
struct OrgAddUser: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add-user",
    abstract: "Give a person their own login to the team store, and their place in the reporting tree.",
    discussion: """
      Creates the PostgreSQL role LOGIN (a member of coach_member), with a generated password \
      when none is given (printed once, with what to hand the person), and places NAME under \
      --reports-to (a name or login already in the org; none for the top of the tree). Run \
      again to move someone or to set a new password. Run as the database owner who ran org \
      init (--database, else $COACH_DATABASE_URL, else the config file).
      """)

  @Argument(help: "The person's name, as sessions with them name them.")
  var name: String

  @Option(name: .long, help: "Their PostgreSQL login (lower-case letters, digits, _ . -).")
  var login: String

  @Option(name: .customLong("reports-to"), help: ArgumentHelp("Whom they report to.", valueName: "name"))
  var reportsTo: String?

  @Option(name: .long, help: "Their password (else one is generated).")
  var password: String?

  @Option(name: .long, help: ArgumentHelp("The database, as its owner.", valueName: "postgresql://…"))
  var database: String?

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("NAME is empty") }
    if let password, password.count < 8 { throw ValidationError("--password takes at least 8 characters") }
  }

  func run() throws {
    try reporting {
      let code = try TeamHandoff.run(
        .addUser(name: name, login: login, reportsTo: reportsTo, password: password, database: database),
        global: global)
      if code != 0 { throw ExitCode(code) }
    }
  }
}
