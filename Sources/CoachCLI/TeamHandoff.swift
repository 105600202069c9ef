import CoachKit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What `coach sync` and `coach org` ask of the team store, parsed by the `coach` command line.
public enum TeamRequest: Sendable {
  /// `coach sync [--database URL] [--status]`.
  case sync(database: String?, status: Bool, json: Bool)
  /// `coach org init --database URL`.
  case initialize(database: String)
  /// `coach org add-user NAME --login LOGIN [--reports-to NAME] [--password P]`.
  case addUser(name: String, login: String, reportsTo: String?, password: String?, database: String?)
}

/// What a team request runs with: the store, the environment, the output.
public struct TeamStoreContext: Sendable {
  public var store: SessionStore
  public var environment: [String: String]
  /// The database URL the config file names (its `database`), used after `--database` and
  /// `COACH_DATABASE_URL`. A password may be in it (the file is the user's own); else `.pgpass`.
  public var configDatabaseURL: String?
  /// A password for that database from elsewhere than its URL and `.pgpass` (none yet: the
  /// config file has no key for one).
  public var configPassword: String?
  public var standardOutput: @Sendable (String) -> Void
  public var standardError: @Sendable (String) -> Void
  public var standardInputIsTerminal: Bool
  /// Run after a sync that pulled: works out the org's views (``OrgView``) once, so that the
  /// first `coach due --team` after it reads a warm cache.
  public var pulled: @Sendable () -> Void = {}
}

/// Runs team requests: the `coach-team` program installs one. `coach` itself has none, so that
/// no other command loads PostgreSQL's client; it hands these commands to `coach-team`.
public protocol TeamCommandRunner: Sendable {
  /// Runs `request`, printing what it has to say; returns the exit status.
  func run(_ request: TeamRequest, context: TeamStoreContext) -> Int32
}

/// Where the team commands go: to the runner installed in this process, else to the
/// `coach-team` program beside this one.
public enum TeamHandoff {
  /// The runner of this process (set by `coach-team` before it parses its command line).
  nonisolated(unsafe) public static var runner: (any TeamCommandRunner)?

  /// The program that carries the team store: `coach-team` in the folder of this program.
  static var helperPath: String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    let me = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = me.lastIndex(of: "/") else { return nil }
    return String(me[..<slash]) + "/coach-team"
  }

  /// Runs `request` here when this process has a runner; else replaces this process by
  /// `coach-team` with the same arguments (it never returns then).
  static func run(_ request: TeamRequest, global: GlobalOptions) throws -> Int32 {
    if let runner {
      let context = TeamStoreContext(
        store: global.sessionStore, environment: global.environment,
        configDatabaseURL: Configuration.current.database,
        configPassword: nil, standardOutput: { Terminal.standardOutput($0) },
        standardError: { Terminal.standardError($0) }, standardInputIsTerminal: Terminal.inputIsTerminal,
        pulled: { [store = global.sessionStore, catalog = global.catalog] in
          _ = OrgView(
            mirror: TeamMirror(store: store), dialogs: DialogSummaries.load(catalog, store: store),
            today: Clock.today())
        })
      return runner.run(request, context: context)
    }
    guard let helper = helperPath, access(helper, X_OK) == 0 else {
      throw Failure(
        "this coach was built without the team store (the TeamStore trait; coach-team is not beside it): build it with the default traits (scripts/build-release)",
        code: ExitStatus.unavailable)
    }
    let arguments = [helper] + CommandLine.arguments.dropFirst()
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    argv.append(nil)
    execv(helper, &argv)
    throw Failure(
      "cannot run \(helper): \(String(cString: strerror(errno)))", code: ExitStatus.unavailable)
  }
}
