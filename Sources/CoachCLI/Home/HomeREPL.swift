import CoachKit
import Foundation
import LineEditing

/// The home: a chat-style loop to start and resume sessions, list and show them, with
/// completion of its commands, dialog names, session ids and people's names. It speaks through
/// the same ``ChatText`` as a session: labelled, wrapped, everything recorded made safe.
final class HomeREPL {
  let global: GlobalOptions
  private let reader: LineReader
  private let chat: ChatText
  private let echo: Bool
  private let output: TextSink

  init(global: GlobalOptions, reader: LineReader? = nil, output: TextSink = StandardOutput()) {
    self.global = global
    self.output = output
    let palette = Palette.forStream(STDOUT_FILENO)
    chat = ChatText(palette: palette, width: { Terminal.width() })
    if let reader {
      self.reader = reader
      echo = false
    } else if EditLineReader.isTerminal(), let editor = try? EditLineReader() {
      self.reader = editor
      echo = false
    } else {
      self.reader = PlainLineReader(echoPrompt: true)
      echo = true
    }
    self.reader.completer = { [unowned self] text in completions(for: text) }
  }

  private var promptText: String {
    chat.palette.paint("home ›", .boldGreen) + " "
  }

  func run() {
    let open = global.sessionStore.summaries().sessions.filter { $0.status != .completed }
    say("Hello. I guide 1-on-1s, ride-alongs and interviews, and keep a record of each.")
    var hint = "Try: start one-on-one with Dana. Type help for the commands."
    if let latest = open.first {
      hint +=
        " \(open.count) session\(open.count == 1 ? " is" : "s are") paused; resume continues the \(latest.dialogTitle)\(latest.with.map { " with \($0)" } ?? "")."
    }
    say(hint, .dim)
    if let due = dueSummary() { say(due) }
    var interrupted = false
    while true {
      switch reader.read(prompt: promptText) {
      case .line(let line):
        interrupted = false
        if echo { output.write(Sanitizer.visible(line) + "\n") }
        if !handle(line) { return }
      case .endOfFile, .terminated:
        if echo { output.write("\n") }
        say("Bye.", .dim)
        return
      case .interrupted:
        // Ctrl-C on an empty line: the second one leaves.
        if interrupted {
          say("Bye.", .dim)
          return
        }
        interrupted = true
        say("(Ctrl-C again, quit or Ctrl-D leaves.)", .dim)
      }
    }
  }

  /// Handles one line; false when the home should close.
  private func handle(_ line: String) -> Bool {
    switch HomeCommand.parse(line) {
    case .empty: break
    case .help: output.write(helpText())
    case .quit:
      say("Bye.", .dim)
      return false
    case .missing(let message): fail(message)
    case .unknown(let word, let suggestion):
      fail(
        "unknown command '\(Sanitizer.inline(word, limit: 20))': \(suggestion.map { "did you mean \($0)? " } ?? "")help lists the commands"
      )
    case .dialogs: output.write(dialogList())
    case .sessions(let filter): output.write(sessionList(filter))
    case .show(let session):
      attempt {
        let store = global.sessionStore
        let record = try store.read(try store.resolve(session))
        output.write(
          RecordText.render(
            FoldedRecord(record), script: global.catalog.script(for: record.header, checking: false),
            previous: record.header.previous, width: Terminal.width(), palette: chat.palette))
      }
    case .due: output.write(dueMenu() ?? chat.speak("Nothing is due today."))
    case .startDue:
      output.write(
        dueMenu() ?? chat.speak("Start which dialog? e.g. start one-on-one with Dana (dialogs lists them)."))
    case .start(var dialog, var with, let by):
      attempt {
        // `start 2`: the second of what is due.
        if let n = Int(dialog), with == nil {
          let due = dueNow()
          guard (1...max(1, due.count)).contains(n), n <= due.count else {
            throw Failure(
              due.isEmpty
                ? "nothing is due: start DIALOG with NAME starts a session"
                : (due.count == 1 ? "start 1" : "start 1 to \(due.count)")
                  + " starts one of what is due (due lists them)",
              code: ExitStatus.usage)
          }
          dialog = due[n - 1].ritual.dialog
          with = due[n - 1].person
        }
        var launcher = SessionLauncher(global: global, jsonl: false)
        launcher.ask = { [unowned self] question in
          guard case .line(let answer) = reader.readAside(prompt: question) else { return nil }
          if echo { output.write(Sanitizer.visible(answer) + "\n") }
          return answer
        }
        let script = try launcher.loadScript(dialog)
        if with == nil, script.needsParticipant {
          guard let name = askName(for: script) else {
            say("Not started.", .dim)
            return
          }
          with = name
        }
        try launcher.start(dialog: dialog, with: with, by: by)
      }
    case .resume(let session):
      attempt {
        let launcher = SessionLauncher(global: global, jsonl: false)
        try launcher.resume(session: session ?? launcher.latestOpenSession())
      }
    }
    return true
  }

  /// The rituals due today or before, most overdue first; none when the team file has errors
  /// (coach team says where).
  private func dueNow() -> [(person: String, ritual: DueList.Ritual)] {
    guard let context = try? TeamContext(global, quiet: true) else { return [] }
    return context.dueList(today: Clock.today()).dueNow
  }

  /// `Due today: Weekly 1-on-1 with Dana (since Mon 30 Nov), Ride-along debrief with Sam (12
  /// days over).`
  private func dueSummary() -> String? {
    let due = dueNow()
    guard !due.isEmpty else { return nil }
    let shown = due.prefix(3).map { item -> String in
      let over = item.ritual.overdueDays
      let when: String
      if item.ritual.last == nil {
        when = "never held"
      } else if over == 0 {
        when = "today"
      } else if over < 7, let day = item.ritual.due {
        when = "since \(day.friendly.dropLast(5))"
      } else {
        when = "\(over) days over"
      }
      return "\(item.ritual.title) with \(Sanitizer.inline(item.person, limit: 40)) (\(when))"
    }
    let more = due.count > 3 ? ", and \(due.count - 3) more" : ""
    return "Due today: \(shown.joined(separator: ", "))\(more). Type start to choose one."
  }

  /// What is due, numbered for `start NUMBER`; nil when nothing is.
  private func dueMenu() -> String? {
    let due = dueNow()
    guard !due.isEmpty else { return nil }
    var table = TextTable([
      .init(alignment: .right), .init(minimum: 10, flexible: true), .init(minimum: 10, flexible: true),
    ])
    for (i, item) in due.enumerated() {
      let over = item.ritual.overdueDays
      let state =
        item.ritual.last == nil
        ? "never held" : over == 0 ? "due today" : "\(over) day\(over == 1 ? "" : "s") over"
      table.rows.append([
        "\(i + 1)", "\(item.ritual.title) with \(Sanitizer.inline(item.person, limit: 40))", state,
      ])
    }
    var out = chat.speak("Due today (start NUMBER starts one):")
    out += chat.table(table).map { ChatText.indent + $0 + "\n" }.joined()
    return out
  }

  /// Asks who the session is with; a line that reads as a home command is not taken for a
  /// name. Nil when the person gives up (an empty line, Ctrl-C, Ctrl-D).
  private func askName(for script: Script) -> String? {
    while true {
      guard case .line(let name) = reader.readAside(prompt: "Who is the \(script.title) with? ") else {
        return nil
      }
      if echo { output.write(Sanitizer.visible(name) + "\n") }
      let trimmed = name.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { return nil }
      if HomeCommand.looksLikeCommand(trimmed) {
        fail(
          "'\(Sanitizer.inline(trimmed, limit: 40))' is a command, not a name: type the person's name, or Enter to go back"
        )
        continue
      }
      return trimmed
    }
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
    let table = TextTable(
      [.init(), .init(minimum: 12, flexible: true)], rows: HomeCommand.all.map { [$0.usage, $0.summary] },
      indent: "  ")
    var out = chat.speak("Commands:")
    out += chat.table(table).map { ChatText.indent + $0 + "\n" }.joined()
    out += chat.block([
      "Tab completes commands, dialog names, session ids and names after 'with'. In a session, /help lists its commands."
    ])
    return out
  }

  private func dialogList() -> String {
    let catalog = global.catalog
    var table = TextTable([.init(), .init(minimum: 12, flexible: true)])
    for entry in catalog.entries() {
      table.rows.append([entry.id, catalog.load(entry).script?.title ?? "(has errors: lint shows them)"])
    }
    return chat.table(table).enumerated().map {
      ($0.offset == 0 ? chat.palette.paint(ChatText.coachLabel, .boldBlue) : ChatText.indent) + $0.element
        + "\n"
    }.joined()
  }

  private func sessionList(_ filter: String?) -> String {
    let (all, problems) = global.sessionStore.summaries()
    let needle = filter?.lowercased()
    let shown = all.filter { s in
      guard let needle else { return true }
      return s.dialogID.contains(needle) || (s.with?.lowercased().contains(needle) ?? false)
        || s.status.rawValue == needle || s.id.hasPrefix(needle)
    }
    var out = ""
    if shown.isEmpty {
      out = chat.speak(all.isEmpty ? "No sessions yet." : "No session matches.")
    } else {
      let lines = Sessions.table(shown, width: Terminal.width().map { $0 - ChatText.indent.count })
        .split(separator: "\n")
      out = lines.enumerated().map {
        ($0.offset == 0 ? chat.palette.paint(ChatText.coachLabel, .boldBlue) : ChatText.indent) + $0.element
          + "\n"
      }.joined()
    }
    for problem in problems { out += chat.speak("! " + problem, .red) }
    return out
  }

  // MARK: - Completion

  func completions(for text: String) -> [String] {
    let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    if words.count <= 1 {
      let typed = text.lowercased().hasPrefix("/") ? String(text.dropFirst()) : text.lowercased()
      return HomeCommand.all.filter { $0.name.hasPrefix(typed) }.map {
        $0.name + ($0.usage.contains(" ") ? " " : "")
      }
    }
    let command = words[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    let word = words.last ?? ""
    let previous = words.count >= 2 ? words[words.count - 2].lowercased() : ""
    switch (command, words.count) {
    case ("start", 2), ("new", 2):
      return global.catalog.entries().map(\.id).filter { $0.hasPrefix(word) }.map { $0 + " " }
    case ("start", 3), ("new", 3):
      return ["with ", "by "].filter { $0.hasPrefix(word.lowercased()) }
    case ("start", _) where previous == "with" || previous == "by",
      ("new", _) where previous == "with" || previous == "by":
      return SessionIndex(store: global.sessionStore).people().filter {
        $0.lowercased().hasPrefix(word.lowercased())
      }
      .map { $0 + " " }
    case ("resume", 2), ("continue", 2):
      // Only the ids typed so far are looked at: a Tab does not read every record's status.
      let store = global.sessionStore
      return Self.described(
        store.sessionIDs().filter { $0.hasPrefix(word) }.prefix(50)
          .filter { (try? store.status(of: $0)) != .completed }, store: store)
    case ("show", 2):
      let store = global.sessionStore
      return Self.described(Array(store.sessionIDs().filter { $0.hasPrefix(word) }.prefix(200)), store: store)
    default:
      return []
    }
  }

  /// Session ids with what they are (`one-on-one with Dana, 2026-12-01`) after a tab, for the
  /// completion list.
  static func described(_ ids: some Sequence<String>, store: SessionStore) -> [String] {
    let entries = Dictionary(SessionIndex(store: store).entries().map { ($0.id, $0) }) { a, _ in a }
    return ids.map { id in
      guard let entry = entries[id] else { return id + " " }
      let day = Clock.iso8601(entry.startedAt).prefix(10)
      return id + " \t" + entry.dialogID + (entry.with.map { " with " + $0 } ?? "") + ", " + day
    }
  }

  // MARK: - Output

  private func say(_ text: String, _ style: Style = .plain) {
    output.write(chat.speak(text, style))
  }

  /// An error, with the commands it suggests named as the home names them (`sessions`, not
  /// `coach sessions`).
  private func fail(_ message: String) {
    var message = message
    for command in ["sessions", "show", "resume", "dialogs", "lint", "start"] {
      message = message.replacingOccurrences(of: "coach \(command)", with: command)
    }
    say("! " + message, .red)
  }
}
