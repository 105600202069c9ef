import Foundation

/// A dialog script, loaded and checked: the questions, their order and branches, sections with
/// time budgets, tips and flags (DESIGN 4).
public struct Script: Sendable {
  /// The dialog id, e.g. `one-on-one`.
  public var id: String
  public var title: String
  public var version: Int
  /// One or two sentences on what the dialog is for.
  public var summary: String?
  /// The whole meeting's time budget, in seconds.
  public var timebox: Int?
  /// Said when the session starts, and at its end.
  public var intro: Template?
  public var outro: Template?
  public var sections: [Section]
  public var steps: [Step]
  public var flags: [FlagRule]
  /// Where the script came from, for headers and messages (`builtin:one-on-one` or a path).
  public var origin: String
  /// The sha256 of the script's text, hex.
  public var sha256: String

  /// How often the dialog is meant to be held with a person (`cadence: 7d`); nil when the
  /// script does not say.
  public var cadence: Cadence?

  private var stepIndex: [String: Int] = [:]
  private var sectionIndex: [String: Int] = [:]

  /// How often a dialog is held.
  public enum Cadence: Equatable, Sendable, CustomStringConvertible {
    /// Every so many days.
    case every(days: Int)
    /// Not on a rhythm (an interview).
    case none

    /// The most days a cadence may have: ten years.
    public static let maxDays = 3660

    /// The number of days, when there is a rhythm.
    public var days: Int? {
      if case .every(let days) = self { return days }
      return nil
    }

    public var description: String {
      switch self {
      case .every(let days): days % 7 == 0 ? "\(days / 7)w" : "\(days)d"
      case .none: "none"
      }
    }

    /// `7d`, `2w`, `14 days`, `1 week` or `none` (any case); nil for anything else, or more
    /// than ``maxDays``.
    public init?(_ text: String) {
      let word = text.lowercased().filter { $0 != " " }
      if word == "none" {
        self = .none
        return
      }
      let digits = word.prefix { $0.isASCII && $0.isNumber }
      let unit = word.dropFirst(digits.count)
      let factor = ["d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7][String(unit)]
      guard !digits.isEmpty, digits.count <= 4, let n = Int(digits), let factor, n > 0,
        n * factor <= Self.maxDays
      else { return nil }
      self = .every(days: n * factor)
    }
  }

  public init(
    id: String, title: String, version: Int, summary: String?, timebox: Int?, intro: Template?,
    outro: Template?, sections: [Section], steps: [Step], flags: [FlagRule], origin: String,
    sha256: String
  ) {
    self.id = id
    self.title = title
    self.version = version
    self.summary = summary
    self.timebox = timebox
    self.intro = intro
    self.outro = outro
    self.sections = sections
    self.steps = steps
    self.flags = flags
    self.origin = origin
    self.sha256 = sha256
    for (i, step) in steps.enumerated() where stepIndex[step.id] == nil { stepIndex[step.id] = i }
    for (i, section) in sections.enumerated() where sectionIndex[section.id] == nil {
      sectionIndex[section.id] = i
    }
  }

  /// The position of step `id` in the script, from 0.
  public func index(of id: String) -> Int? { stepIndex[id] }

  /// The step with `id`.
  public func step(_ id: String) -> Step? { stepIndex[id].map { steps[$0] } }

  /// The section with `id`.
  public func section(_ id: String) -> Section? { sectionIndex[id].map { sections[$0] } }

  /// Whether any text or condition names the person the session is with (`with`).
  public var readsParticipant: Bool {
    let all =
      steps.flatMap(\.variables) + flags.flatMap { $0.condition.variables + $0.text.variables }
      + (intro?.variables ?? []) + (outro?.variables ?? [])
    return all.contains { !$0.previous && $0.name == "with" }
  }

  /// Whether the script looks back at earlier sessions beyond `previous.<id>`: trends over two
  /// meetings, or a review of open action items.
  public var readsHistory: Bool {
    reviewsActions || steps.contains { $0.trend != nil }
  }

  /// Whether a step goes over the person's open action items.
  public var reviewsActions: Bool {
    steps.contains { if case .actionReview = $0.kind { true } else { false } }
  }

  /// Whether any text or condition reads `previous.<id>`.
  public var readsPrevious: Bool {
    steps.contains { $0.variables.contains { $0.previous } }
      || flags.contains { ($0.condition.variables + $0.text.variables).contains { $0.previous } }
  }
}

/// A part of the meeting with its own time budget.
public struct Section: Equatable, Sendable {
  public var id: String
  public var title: String
  /// Seconds.
  public var timebox: Int?
  public var tip: String?

  public init(id: String, title: String, timebox: Int? = nil, tip: String? = nil) {
    self.id = id
    self.title = title
    self.timebox = timebox
    self.tip = tip
  }
}

/// One question.
public struct Step: Sendable {
  /// Stable id: the key of the answer in records, replay and expressions.
  public var id: String
  public var sectionID: String?
  public var ask: Template
  public var kind: AnswerKind
  public var tip: Template?
  /// Whether `/skip` is refused.
  public var required: Bool
  /// Asked only when this holds; otherwise passed over (flow goes on with the next step in the file).
  public var when: Expression?
  /// Tried in order after the answer; the first whose condition holds decides. When none does,
  /// the next step in the file follows (or the end, after the last).
  public var next: [Branch]
  /// Said right after the step is answered (e.g. a comparison with last time).
  public var after: Template?
  /// For a rating: the question that asks for the evidence, when not the standard one.
  public var evidenceAsk: Template?
  /// A short name for the answer in summaries, reports and comparisons (`Close rate`).
  public var label: String?
  /// For a metric: compare it with the last session (said after the answer), and flag it when it
  /// moves the wrong way two meetings running.
  public var trend: Trend?

  /// Which way a metric should go.
  public enum Trend: String, Sendable {
    case higher, lower
  }

  /// The label, or the id made readable (`close_rate` → `Close rate`).
  public var displayName: String {
    label ?? (id.prefix(1).uppercased() + id.dropFirst().replacingOccurrences(of: "_", with: " "))
  }

  public init(
    id: String, sectionID: String? = nil, ask: Template, kind: AnswerKind, tip: Template? = nil,
    required: Bool = true, when: Expression? = nil, next: [Branch] = [], after: Template? = nil
  ) {
    self.id = id
    self.sectionID = sectionID
    self.ask = ask
    self.kind = kind
    self.tip = tip
    self.required = required
    self.when = when
    self.next = next
    self.after = after
  }

  /// Every variable read by the step's texts and conditions.
  public var variables: [Variable] {
    var result = ask.variables + (tip?.variables ?? []) + (after?.variables ?? [])
    result += evidenceAsk?.variables ?? []
    if case .action(let owner?, _) = kind { result += owner.variables }
    result += when?.variables ?? []
    for branch in next { result += branch.condition?.variables ?? [] }
    return result
  }
}

/// Where the flow goes next.
public struct Branch: Equatable, Sendable {
  public enum Target: Equatable, Sendable {
    case step(String)
    case end
  }

  public var condition: Expression?
  public var target: Target

  public init(condition: Expression? = nil, target: Target) {
    self.condition = condition
    self.target = target
  }
}

/// A computed flag: raised while its condition holds (e.g. growth from one or two accounts).
public struct FlagRule: Sendable {
  public var id: String
  public var condition: Expression
  public var text: Template

  public init(id: String, condition: Expression, text: Template) {
    self.id = id
    self.condition = condition
    self.text = text
  }
}
