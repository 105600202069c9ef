import ArgumentParser
import CoachKit
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long, help: "The session store (else $COACH_HOME, $XDG_DATA_HOME/coach, ~/.local/share/coach).")
  var store: String?

  @Option(name: .long, help: "An extra folder of dialog scripts (else $COACH_PROMPTS).")
  var prompts: String?

  var environment: [String: String] { ProcessInfo.processInfo.environment }

  var sessionStore: SessionStore {
    SessionStore.resolve(option: store, environment: environment)
  }

  var catalog: DialogCatalog {
    if let prompts { return DialogCatalog(folders: [prompts]) }
    let folders = (environment["COACH_PROMPTS"] ?? "").split(separator: ":").map(String.init)
    return DialogCatalog(folders: folders)
  }
}
