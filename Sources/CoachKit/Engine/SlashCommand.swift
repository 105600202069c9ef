/// A command as help lists it: its name, how it is typed, what it does.
public struct CommandInfo: Equatable, Sendable {
  public var name: String
  public var usage: String
  public var summary: String

  public init(_ name: String, usage: String, summary: String) {
    self.name = name
    self.usage = usage
    self.summary = summary
  }

  /// The command `word` names in `commands`: its name, or the start of one name only (`/h`,
  /// `/act`), compared without case.
  public static func match(_ word: String, in commands: [CommandInfo]) -> Match {
    let word = word.lowercased()
    if let exact = commands.first(where: { $0.name == word }) { return .one(exact) }
    let starting = commands.filter { $0.name.hasPrefix(word) }
    switch starting.count {
    case 1: return .one(starting[0])
    case 0: return .none(suggestion: Suggestion.closest(to: word, in: commands.map(\.name)))
    default: return .ambiguous(starting.map(\.name))
    }
  }

  /// What a typed command word names.
  public enum Match: Equatable, Sendable {
    case one(CommandInfo)
    case ambiguous([String])
    case none(suggestion: String?)
  }
}

/// The slash commands of a session (DESIGN 3).
public enum SlashCommand: String, CaseIterable, Sendable {
  case help, back, skip, note, `private`, action, `where`, tip, pause, quit

  public var info: CommandInfo {
    switch self {
    case .help: CommandInfo("help", usage: "/help", summary: "what you can type here")
    case .back: CommandInfo("back", usage: "/back", summary: "go back and revise the previous answer")
    case .skip: CommandInfo("skip", usage: "/skip", summary: "leave out an optional question")
    case .note: CommandInfo("note", usage: "/note TEXT", summary: "add a note to the record")
    case .private:
      CommandInfo(
        "private", usage: "/private TEXT", summary: "add a private note (left out of --shared exports)")
    case .action:
      CommandInfo("action", usage: "/action TEXT [@owner] [due:DATE]", summary: "record an agreed action")
    case .where: CommandInfo("where", usage: "/where", summary: "the agenda, progress and time per section")
    case .tip: CommandInfo("tip", usage: "/tip", summary: "coaching guidance for this question")
    case .pause: CommandInfo("pause", usage: "/pause", summary: "save and leave; coach resume continues")
    case .quit: CommandInfo("quit", usage: "/quit", summary: "save and leave (same as /pause)")
    }
  }

  /// Every command's help line, in order.
  public static let all = allCases.map(\.info)
}

/// What `/help` shows: what the question takes, and the commands.
public struct HelpCard: Equatable, Sendable {
  /// What the current question accepts, in words.
  public var accepts: String
  public var isOptional: Bool
  public var commands: [CommandInfo]
}

/// What `/where` shows: the agenda with the time spent in each section, and where the meeting
/// stands.
public struct Agenda: Equatable, Sendable {
  public struct Section: Equatable, Sendable {
    /// Where the meeting is in relation to the section.
    public enum State: Sendable {
      case done, current, ahead
    }

    public var title: String
    public var state: State
    /// Seconds spent, and the budget.
    public var spent: Int
    public var budget: Int?

    public var overBy: Int? { budget.flatMap { spent > $0 ? spent - $0 : nil } }
  }

  public var sections: [Section]
  /// The step being asked (as the prompt counts it) and the steps in all.
  public var step: Int
  public var steps: Int
  public var answered: Int
  /// Seconds in the whole session, and the dialog's budget.
  public var elapsed: Int
  public var timebox: Int?
  public var actions: Int
  public var flags: [String]
}

extension SlashCommand {
  /// Whether `line` is a `/private` note (however the command is shortened): such a line is
  /// never kept anywhere but its record, not even in the line editor's memory.
  public static func isPrivateNote(_ line: String) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return false }
    // Any start of the word, `/p` included (it could mean either command): better kept out.
    let word = String(trimmed.dropFirst().prefix { !$0.isWhitespace }).lowercased()
    return !word.isEmpty && "private".hasPrefix(word)
  }
}
