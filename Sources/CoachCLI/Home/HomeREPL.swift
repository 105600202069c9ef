import CoachKit
import Foundation
import LineEditing

/// The home: a chat-style loop to start and resume sessions, list and show them, with
/// completion of its commands, dialog names and session ids.
final class HomeREPL {
  let global: GlobalOptions
  private let reader: LineReader
  private let color: Bool
  private let echo: Bool

  init(global: GlobalOptions) {
    self.global = global
    color = Terminal.colorAllowed()
    if EditLineReader.isTerminal(),
      let editor = try? EditLineReader(historyFile: global.sessionStore.historyFolder + "/home")
    {
      reader = editor
      echo = false
    } else {
      reader = PlainLineReader(echoPrompt: true)
      echo = true
    }
    reader.completer = { [unowned self] text in completions(for: text) }
  }

  func run() {
    let open = global.sessionStore.summaries().sessions.filter { $0.status != .completed }
    say("Hello. I guide 1-on-1s, ride-alongs and interviews, and keep a record of each.")
    var hint = "Try: start one-on-one with Dana. Type help for the commands."
    if let latest = open.first {
      hint +=
        " \(open.count) session\(open.count == 1 ? " is" : "s are") paused; resume continues \(latest.dialogID)\(latest.with.map { " with \(Sanitizer.inline($0, limit: 30))" } ?? "")."
    }
    say(hint, code: "2")
    while true {
      let prompt = color ? "\u{1B}[1;32mhome ›\u{1B}[0m " : "home › "
      switch reader.read(prompt: prompt) {
      case .line(let line):
        if echo { Terminal.standardOutput(Sanitizer.visible(line) + "\n") }
        if !handle(line) { return }
      case .endOfFile, .terminated:
        if echo { Terminal.standardOutput("\n") }
        say("Bye.", code: "2")
        return
      case .interrupted:
        say("(Ctrl-C cleared the line. quit or Ctrl-D leaves.)", code: "2")
      }
    }
  }

  /// Handles one line; false when the home should close.
  private func handle(_ line: String) -> Bool {
    switch HomeCommand.parse(line) {
    case .empty: break
    case .help: say(helpText(), code: "0")
    case .quit:
      say("Bye.", code: "2")
      return false
    case .missing(let message): fail(message)
    case .unknown(let word, let suggestion):
      fail(
        "unknown command '\(Sanitizer.inline(word, limit: 20))': \(suggestion.map { "did you mean \($0)? " } ?? "")help lists the commands"
      )
    case .dialogs: say(dialogList())
    case .sessions(let filter): say(sessionList(filter))
    case .show(let session):
      attempt {
        let store = global.sessionStore
        let record = try store.read(try store.resolve(session))
        Terminal.standardOutput(RecordText.render(FoldedRecord(record)))
      }
    case .start(let dialog, var with):
      attempt {
        let launcher = SessionLauncher(global: global, jsonl: false)
        let script = try launcher.loadScript(dialog)
        if with == nil, script.readsParticipant {
          guard case .line(let name) = reader.readAside(prompt: "Who is the \(script.title) with? "),
            !name.trimmingCharacters(in: .whitespaces).isEmpty
          else {
            say("Not started.", code: "2")
            return
          }
          if echo { Terminal.standardOutput(Sanitizer.visible(name) + "\n") }
          with = name
        }
        try launcher.start(dialog: dialog, with: with, by: nil)
      }
    case .resume(let session):
      attempt {
        let launcher = SessionLauncher(global: global, jsonl: false)
        guard
          let id = session
            ?? global.sessionStore.summaries().sessions.first(where: { $0.status != .completed })?.id
        else {
          say("There is no paused session to resume.", code: "2")
          return
        }
        try launcher.resume(session: id)
      }
    }
    return true
  }

  /// Runs `body`, saying what went wrong instead of leaving the home.
  private func attempt(_ body: () throws -> Void) {
    do {
      try body()
    } catch let failure as Failure {
      fail(failure.message)
    } catch let error as StoreError {
      fail(error.description)
    } catch {
      fail("\(error)")
    }
  }

  private func helpText() -> String {
    let width = HomeCommand.all.map(\.usage.count).max() ?? 0
    return
      (["Commands:"]
      + HomeCommand.all.map {
        "  " + $0.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
      }
      + ["Tab completes commands, dialog names and session ids. In a session, /help lists its commands."])
      .joined(separator: "\n")
  }

  private func dialogList() -> String {
    let catalog = global.catalog
    let entries = catalog.entries()
    let width = entries.map(\.id.count).max() ?? 0
    return entries.map { entry in
      let title = catalog.load(entry).script?.title ?? "(has errors: coach lint shows them)"
      return entry.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + title
    }.joined(separator: "\n")
  }

  private func sessionList(_ filter: String?) -> String {
    let (all, problems) = global.sessionStore.summaries()
    let needle = filter?.lowercased()
    let shown = all.filter { s in
      guard let needle else { return true }
      return s.dialogID.contains(needle) || (s.with?.lowercased().contains(needle) ?? false)
        || s.status.rawValue == needle || s.id.hasPrefix(needle)
    }
    var text =
      shown.isEmpty
      ? (all.isEmpty ? "No sessions yet." : "No session matches.")
      : Sessions.table(shown).dropLast().description
    for problem in problems { text += "\n! \(problem)" }
    return text
  }

  // MARK: completion

  func completions(for text: String) -> [String] {
    let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    if words.count <= 1 {
      let typed = text.lowercased().hasPrefix("/") ? String(text.dropFirst()) : text.lowercased()
      return HomeCommand.all.map(\.name).filter { $0.hasPrefix(typed) }
    }
    let command = words[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    let word = words.last ?? ""
    switch (command, words.count) {
    case ("start", 2), ("new", 2):
      return global.catalog.entries().map(\.id).filter { $0.hasPrefix(word) }
    case ("start", 3):
      return "with".hasPrefix(word.lowercased()) ? ["with"] : []
    case ("resume", 2), ("continue", 2):
      // Only the ids typed so far are looked at: a Tab does not read every record's status.
      let store = global.sessionStore
      return store.sessionIDs().filter { $0.hasPrefix(word) }.prefix(50)
        .filter { (try? store.status(of: $0)) != .completed }
    case ("show", 2):
      return global.sessionStore.sessionIDs().filter { $0.hasPrefix(word) }
    default:
      return []
    }
  }

  // MARK: output

  private func say(_ text: String, code: String = "0") {
    let label = color ? "\u{1B}[1;34mcoach ›\u{1B}[0m " : "coach › "
    let indent = "        "
    var out = ""
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      out +=
        (i == 0 ? label : indent) + (color && code != "0" ? "\u{1B}[\(code)m\(line)\u{1B}[0m" : String(line))
        + "\n"
    }
    Terminal.standardOutput(out)
  }

  private func fail(_ message: String) {
    say("! " + message, code: "31")
  }
}
