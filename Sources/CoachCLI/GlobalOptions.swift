import ArgumentParser
import CoachKit
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help:
      "The session store (else $COACH_HOME, the config file's store, $XDG_DATA_HOME/coach, ~/.local/share/coach).",
    completion: .directory)
  var store: String?

  @Option(
    name: .long, help: "An extra folder of dialog scripts (else $COACH_PROMPTS).", completion: .directory)
  var prompts: String?

  var environment: [String: String] { ProcessInfo.processInfo.environment }

  func validate() throws {
    var folder: ObjCBool = false
    if let prompts,
      !FileManager.default.fileExists(atPath: prompts, isDirectory: &folder) || !folder.boolValue
    {
      throw ValidationError(
        "--prompts \(Sanitizer.inline(prompts, limit: 80)) is not a folder: give the folder that holds your dialog scripts"
      )
    }
  }

  var sessionStore: SessionStore {
    let store = SessionStore.resolve(
      option: store, environment: environment, configured: Configuration.current.store)
    Self.removeOldHistory(of: store)
    return store
  }

  /// Fails when the store is something other than a folder (a file, say): no command can use
  /// it, and listing it as empty would mislead.
  func checkStore() throws {
    let root = SessionStore.resolve(
      option: store, environment: environment, configured: Configuration.current.store
    )
    .root
    var folder: ObjCBool = false
    if FileManager.default.fileExists(atPath: root, isDirectory: &folder), !folder.boolValue {
      throw Failure(
        "the store \(Sanitizer.inline(root, limit: 200)) is a file, not a folder: give --store (or COACH_HOME) a folder",
        code: ExitStatus.cannotCreate)
    }
    // The same one level down: a store whose sessions/ is a file holds no session coach can
    // read or write, which is not the same as having none.
    let sessions = root + "/sessions"
    if FileManager.default.fileExists(atPath: sessions, isDirectory: &folder), !folder.boolValue {
      throw Failure(
        "\(Sanitizer.inline(sessions, limit: 200)) is a file, not a folder: the store is damaged (move that file away, or give --store another folder)",
        code: ExitStatus.cannotCreate)
    }
  }

  /// Stores whose old line history was looked for in this run.
  nonisolated(unsafe) private static var checked: Set<String> = []

  /// Removes the line history coach 0.1 kept in `store` (every line typed, for every person),
  /// with a one-line notice; once per store and run.
  static func removeOldHistory(of store: SessionStore) {
    guard checked.insert(store.root).inserted else { return }
    SessionStore.permissionsRepaired = { path, old, new in
      Terminal.standardError(
        "coach: warning: \(Sanitizer.inline(path, limit: 200)) was open to other users (mode 0\(String(old, radix: 8))): made private again (0\(String(new, radix: 8)))\n"
      )
    }
    store.repairFolderModes()
    guard let removed = store.removeOldHistory() else { return }
    Terminal.standardError(
      "coach: removed the line history of earlier versions (\(removed) file\(removed == 1 ? "" : "s") in \(Sanitizer.inline(store.historyFolder, limit: 200))): what you type now stays in its session's record\n"
    )
  }

  var catalog: DialogCatalog {
    if let prompts { return DialogCatalog(folders: [prompts]) }
    let folders = (environment["COACH_PROMPTS"] ?? "").split(separator: ":").map(String.init)
    return DialogCatalog(folders: folders)
  }
}
