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
  public var flags: [FlagRule] { didSet { indexFlags() } }
  /// Where the script came from, for headers and messages (`builtin:one-on-one` or a path).
  public var origin: String
  /// The sha256 of the script's text, hex.
  public var sha256: String
  /// Whom the session is about: the person it is held with (the default), or the person who
  /// runs it (`about: self`: `--with` is not needed, and the session is filed under `--by`).
  public var about: Subject = .person
  /// How often the dialog is meant to be held with a person (`cadence: 7d`); nil when the
  /// script does not say.
  public var cadence: Cadence?
  /// Values computed from the answers (`values:`), readable like answers.
  public var values: [ComputedValue] = []
  /// The settings the script reads (`settings.<id>`), with the defaults used when the launcher
  /// supplies none.
  public var settings: [Setting] = []
  /// The other dialogs the script reads with `last.<dialog>.<id>`, as they were when it loaded.
  public var external: [String: DialogOutline] = [:]
  /// Where the other dialogs are found when they were not read at load (a shipped script
  /// loaded to run: ``DialogCatalog/loadToRun(_:)``): each is read when a value of it is first
  /// shown.
  public var dialogs: DialogDirectory?

  private var stepIndex: [String: Int] = [:]
  private var sectionIndex: [String: Int] = [:]
  private var valueIndex: [String: Int] = [:]
  /// For each flag, in order, the steps its condition reads (through computed values): after
  /// an answer, only the flags that read it are tested again. Worked out once, when the flags
  /// or values are set (after each answer it took a third of a replay's time).
  private var flagSteps: [Set<String>] = []

  /// Whom a session is about.
  public enum Subject: String, Sendable {
    case person
    case `self`
  }

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
    indexFlags()
  }

  /// The position of step `id` in the script, from 0.
  public func index(of id: String) -> Int? { stepIndex[id] }

  /// The step with `id`.
  public func step(_ id: String) -> Step? { stepIndex[id].map { steps[$0] } }

  /// The section with `id`.
  public func section(_ id: String) -> Section? { sectionIndex[id].map { sections[$0] } }

  /// The computed value with `id`.
  public func value(_ id: String) -> ComputedValue? { valueIndex[id].map { values[$0] } }

  /// The setting with `id`.
  public func setting(_ id: String) -> Setting? { settings.first { $0.id == id } }

  /// Adds the script-wide parts read after the steps: computed values and settings.
  mutating func add(values: [ComputedValue], settings: [Setting]) {
    self.values = values
    self.settings = settings
    valueIndex = [:]
    for (i, value) in values.enumerated() where valueIndex[value.id] == nil { valueIndex[value.id] = i }
    indexFlags()
  }

  private mutating func indexFlags() {
    flagSteps = flags.map { stepsRead(by: $0.condition.variables) }
  }

  /// The steps `variables` read, through computed values (builtins and other dialogs left out).
  func stepsRead(by variables: [Variable]) -> Set<String> {
    Set(
      variables.filter { $0.isSession && TypeChecker.builtins[$0.name] == nil }
        .flatMap { dependencies(of: $0.name) })
  }

  /// Whether flag number `index` is to be tested again after an answer to `step` changed:
  /// it reads that step, or no step at all.
  func flag(_ index: Int, reads step: String) -> Bool {
    let steps = flagSteps[index]
    return steps.isEmpty || steps.contains(step)
  }

  /// The steps `name` reads when it is a computed value (through other values too); `[name]`
  /// when it is a step. Bounded: a value is followed once.
  public func dependencies(of name: String) -> Set<String> {
    guard value(name) != nil else { return [name] }
    var steps: Set<String> = []
    var seen: Set<String> = [name]
    var stack = [name]
    while let next = stack.popLast() {
      for variable in value(next)?.expression.variables ?? [] where variable.isSession {
        if value(variable.name) != nil {
          if seen.insert(variable.name).inserted { stack.append(variable.name) }
        } else if TypeChecker.builtins[variable.name] == nil {
          steps.insert(variable.name)
        }
      }
    }
    return steps
  }

  /// The outline of dialog `id`, which a `last.` reference reads.
  public func outline(of id: String) -> DialogOutline? {
    external[id] ?? dialogs?.outline(id)
  }

  /// The dialogs read with `last.<dialog>.<id>`.
  public var referencedDialogs: Set<String> {
    Set(allVariables.compactMap(\.dialog))
  }

  /// Every variable any text, condition or computed value reads.
  var allVariables: [Variable] {
    steps.flatMap(\.variables) + flags.flatMap { $0.condition.variables + $0.text.variables }
      + (intro?.variables ?? []) + (outro?.variables ?? []) + values.flatMap(\.expression.variables)
  }

  /// Whether a session needs to be told whom it is with (`--with`): it names them, and it is not
  /// about the person who runs it.
  public var needsParticipant: Bool { about == .person && readsParticipant }

  /// Whether any text or condition names the person the session is with (`with`).
  public var readsParticipant: Bool {
    allVariables.contains { $0.isSession && $0.name == "with" }
  }

  /// Whether the script looks back at earlier sessions beyond `previous.<id>`: trends over two
  /// meetings, `recent(x)`, or a review of open action items.
  public var readsHistory: Bool {
    reviewsActions || steps.contains { $0.trend != nil } || readsRecent
  }

  /// Whether an expression calls `recent(x)` on an answer of this dialog, which reads the
  /// sessions before the previous one.
  var readsRecent: Bool { recentVariables.contains(where: \.isSession) }

  /// The other dialogs whose earlier sessions `recent(last.<dialog>.<id>)` reads, beyond the last.
  public var recentDialogs: Set<String> { Set(recentVariables.compactMap(\.dialog)) }

  /// The variables `recent(…)` is called on, anywhere in the script.
  var recentVariables: [Variable] {
    var expressions: [Expression] = values.map(\.expression)
    var templates: [Template] = [intro, outro].compactMap { $0 }
    for step in steps {
      templates += [step.ask, step.tip, step.after, step.evidenceAsk].compactMap { $0 }
      expressions += [step.when, step.target].compactMap { $0 } + step.next.compactMap(\.condition)
    }
    for flag in flags {
      expressions.append(flag.condition)
      templates.append(flag.text)
    }
    expressions += templates.flatMap(\.expressions)
    return expressions.flatMap { $0.arguments(of: "recent") }.compactMap {
      if case .variable(let v, _) = $0 { return v }
      return nil
    }
  }

  /// Whether a step goes over the person's open action items.
  public var reviewsActions: Bool {
    steps.contains { if case .actionReview = $0.kind { true } else { false } }
  }

  /// Whether any text, condition or computed value reads `previous.<id>`.
  public var readsPrevious: Bool {
    allVariables.contains { $0.previous }
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
  /// For a metric: what it is aimed at (an expression, e.g. a business plan's target), said
  /// beside the answer when it is known.
  public var target: Expression?

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
    result += target?.variables ?? []
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

/// A value computed from the answers (`values:` in a script): `total_hours`, `field_share`. It
/// reads like an answer in expressions and texts, `previous.<id>` computes it from the last
/// session's answers, and it is never recorded (it is always computed again).
public struct ComputedValue: Sendable {
  public var id: String
  public var expression: Expression
  /// A short name for it in texts and summaries.
  public var label: String?
  /// How it is shown when piped: as a percentage, an amount or a number with a unit; nil for
  /// the value as it is.
  public var display: AnswerKind?

  public init(id: String, expression: Expression, label: String? = nil, display: AnswerKind? = nil) {
    self.id = id
    self.expression = expression
    self.label = label
    self.display = display
  }
}

/// A setting a script reads (`settings.<id>`): supplied from outside the script by whoever
/// starts the session (the team file, a configuration), else the script's default.
public struct Setting: Sendable {
  public var id: String
  public var defaultValue: Value
  public var label: String?

  public init(id: String, defaultValue: Value, label: String? = nil) {
    self.id = id
    self.defaultValue = defaultValue
    self.label = label
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
