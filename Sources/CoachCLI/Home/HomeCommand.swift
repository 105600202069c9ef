import CoachKit

/// A line typed at the home, understood.
enum HomeCommand: Equatable {
  case help
  case dialogs
  case sessions(filter: String?)
  case start(dialog: String, with: String?)
  case resume(session: String?)
  case show(session: String)
  case quit
  case empty
  case unknown(word: String, suggestion: String?)
  case missing(String)

  /// The commands, with their usage and what `help` says of them.
  static let all: [(name: String, usage: String, summary: String)] = [
    ("start", "start DIALOG [with] NAME", "start a session, e.g. start one-on-one with Dana"),
    ("resume", "resume [SESSION]", "continue a paused session (the latest when none is named)"),
    ("sessions", "sessions [TEXT]", "list sessions, optionally those whose dialog or person matches"),
    ("show", "show SESSION", "print a session's record"),
    ("dialogs", "dialogs", "the dialogs available"),
    ("help", "help", "this list"),
    ("quit", "quit", "leave (Ctrl-D does the same)"),
  ]

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
      guard let dialog = words.first else {
        return .missing("start which dialog? e.g. start one-on-one with Dana")
      }
      var rest = Array(words.dropFirst())
      if rest.first?.lowercased() == "with" { rest.removeFirst() }
      return .start(dialog: dialog, with: rest.isEmpty ? nil : rest.joined(separator: " "))
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
