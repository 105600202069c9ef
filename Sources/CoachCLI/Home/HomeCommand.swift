import CoachKit

/// A line typed at the home, understood.
enum HomeCommand: Equatable {
  case help
  case dialogs
  case sessions(filter: String?)
  case start(dialog: String, with: String?, by: String?)
  /// `start` alone: what is due, to choose from.
  case startDue
  case due
  case resume(session: String?)
  case show(session: String)
  case quit
  case empty
  case unknown(word: String, suggestion: String?)
  case missing(String)

  /// The commands, with their usage and what `help` says of them.
  static let all: [CommandInfo] = [
    CommandInfo(
      "start", usage: "start DIALOG [with NAME] [by NAME]",
      summary: "start a session, e.g. start one-on-one with Dana by Max"),
    CommandInfo("due", usage: "due", summary: "what is due today, to start with start NUMBER"),
    CommandInfo(
      "resume", usage: "resume [SESSION]",
      summary: "continue a paused session (the latest when none is named)"),
    CommandInfo(
      "sessions", usage: "sessions [TEXT]",
      summary: "list sessions, optionally those whose dialog or person matches"),
    CommandInfo("show", usage: "show SESSION", summary: "print a session's record"),
    CommandInfo("dialogs", usage: "dialogs", summary: "the dialogs available"),
    CommandInfo("help", usage: "help", summary: "this list"),
    CommandInfo("quit", usage: "quit", summary: "leave (Ctrl-D does the same)"),
  ]

  /// Whether `line` reads as a home command rather than, say, a person's name.
  static func looksLikeCommand(_ line: String) -> Bool {
    switch parse(line) {
    case .unknown, .empty: return line.trimmingCharacters(in: .whitespaces).hasPrefix("/")
    default: return true
    }
  }

  /// Parses a line: a command word (a leading `/` is allowed) and its arguments.
  static func parse(_ line: String) -> HomeCommand {
    var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
    guard var first = words.first?.lowercased() else { return .empty }
    if first.hasPrefix("/") { first.removeFirst() }
    words.removeFirst()
    switch first {
    case "help", "?", "h": return .help
    case "dialogs": return .dialogs
    case "sessions", "ls", "list":
      return .sessions(filter: words.isEmpty ? nil : words.joined(separator: " "))
    case "start", "new":
      guard let dialog = words.first else { return .startDue }
      // start DIALOG [with] NAME [by NAME]: the last `by` names who runs it.
      var rest = Array(words.dropFirst())
      var by: String?
      if let at = rest.lastIndex(where: { $0.lowercased() == "by" }), at + 1 < rest.count {
        by = rest[(at + 1)...].joined(separator: " ")
        rest.removeSubrange(at...)
      }
      if rest.first?.lowercased() == "with" { rest.removeFirst() }
      return .start(dialog: dialog, with: rest.isEmpty ? nil : rest.joined(separator: " "), by: by)
    case "due": return .due
    case "resume", "continue": return .resume(session: words.first)
    case "show":
      guard let session = words.first else { return .missing("show which session? 'sessions' lists them") }
      return .show(session: session)
    case "quit", "exit", "q", "bye": return .quit
    default:
      return .unknown(word: first, suggestion: Suggestion.closest(to: first, in: all.map(\.name)))
    }
  }
}
