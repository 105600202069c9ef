import Foundation

/// What a session's events add up to, without its script: the path of answers, notes, action
/// items, flags, status and time. The engine and the folded record both apply events through
/// ``apply(_:)``, so they always agree.
public struct SessionLog: Sendable {
  /// The answered (or skipped, `value` nil) steps on the current path, in order.
  public private(set) var path: [PathEntry] = []
  /// The step last asked.
  public private(set) var currentStepID: String?
  public private(set) var status: SessionStatus = .inProgress
  /// Whether the session has ended or paused: it takes no more input until resumed.
  public private(set) var isClosed = false
  public private(set) var notes: [Note] = []
  public private(set) var actions: [ActionItem] = []
  /// Raised flags, in the order they were raised.
  public private(set) var flags: [RaisedFlag] = []
  /// Items of a list being answered, and the score of a rating waiting for its evidence.
  public private(set) var items: [String] = []
  public private(set) var pendingScore: Int?
  /// A figure far from last time's, waiting to be confirmed.
  public private(set) var pendingValue: Value?
  /// Decisions on carried action items so far, while an action review is under way.
  public private(set) var reviews: [ActionItem] = []
  /// Invalid answers in a row at the current prompt.
  public private(set) var failures = 0
  /// What a step held before `/back` reopened it.
  public private(set) var reopened: [String: String] = [:]
  public private(set) var lastPromptKey: String?
  /// Seconds spent with each step current (pauses excluded), and in all.
  public private(set) var secondsByStep: [String: Double] = [:]
  public private(set) var totalSeconds: Double = 0
  public private(set) var firstEventAt: Date?
  public private(set) var lastEventAt: Date?
  /// When the session completed.
  public private(set) var endedAt: Date?
  private var isPaused = false

  /// One step on the path.
  public struct PathEntry: Equatable, Sendable {
    public var id: String
    /// The typed answer, or nil when the step was skipped.
    public var value: Value?
  }

  /// A note taken during the session.
  public struct Note: Equatable, Sendable {
    public var text: String
    public var isPrivate: Bool
    public var step: String?
    public var at: Date
  }

  /// A flag raised by a script's rule.
  public struct RaisedFlag: Equatable, Sendable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
      self.id = id
      self.text = text
    }
  }

  public init() {}

  /// Every action item of the session: those of `/action`, then those answered at action steps
  /// on the path (their id is the step's).
  public var allActions: [ActionItem] {
    actions
      + path.compactMap { entry in
        guard let action = entry.value?.agreedAction else { return nil }
        return ActionItem(
          id: entry.id, text: action.text, owner: action.owner, due: action.due, step: entry.id)
      }
  }

  /// The answers on the current path, by step id (skipped steps left out); kept up to date by
  /// ``apply(_:)``.
  public private(set) var answers: [String: Value] = [:]

  private mutating func recomputeAnswers() {
    answers = [:]
    for entry in path { if let value = entry.value { answers[entry.id] = value } }
  }

  /// The key that tells whether a prompt is new: step and part.
  public static func promptKey(id: String, part: PromptPart?) -> String { id + "#" + (part?.rawValue ?? "") }

  /// Applies one event.
  public mutating func apply(_ event: Event) {
    if firstEventAt == nil { firstEventAt = event.at }
    if let last = lastEventAt, !isPaused {
      let seconds = max(0, event.at.timeIntervalSince(last))
      totalSeconds += seconds
      secondsByStep[currentStepID ?? "", default: 0] += seconds
    }
    lastEventAt = event.at
    switch event.body {
    case .prompt(let e):
      currentStepID = e.id
      lastPromptKey = Self.promptKey(id: e.id, part: e.part)
    case .answer(let e):
      path.append(PathEntry(id: e.id, value: e.value))
      answers[e.id] = e.value
      reopened[e.id] = nil
      clearPartial()
    case .partial(let e):
      switch e.part {
      case .score: pendingScore = e.value.number.flatMap { Int(exactly: $0) }
      case .review: if let item = try? ActionItem(record: e.value) { reviews.append(item) }
      case .item, .evidence: items += e.value.array?.compactMap(\.string) ?? []
      case .confirm: pendingValue = e.value
      }
      failures = 0
    case .invalid:
      failures += 1
    case .skip(let e):
      path.append(PathEntry(id: e.id, value: nil))
      recomputeAnswers()
      clearPartial()
    case .back(let e):
      switch e.undo {
      case .item?: if !items.isEmpty { items.removeLast() }
      case .score?, .evidence?: pendingScore = nil
      case .review?: if !reviews.isEmpty { reviews.removeLast() }
      case .confirm?: pendingValue = nil
      case nil:
        let dropped = Set(e.dropped)
        path.removeAll { dropped.contains($0.id) }
        recomputeAnswers()
        clearPartial()
        currentStepID = e.to
        if let was = e.was { reopened[e.to] = was }
      }
      failures = 0
    case .note(let e):
      notes.append(Note(text: e.text, isPrivate: e.isPrivate, step: e.step, at: event.at))
    case .action(let e):
      actions.append(e.item)
    case .flag(let e):
      flags.removeAll { $0.id == e.id }
      if e.raised { flags.append(RaisedFlag(id: e.id, text: e.text)) }
    case .command:
      break
    case .pause:
      isPaused = true
      isClosed = true
      status = .paused
    case .resume:
      isPaused = false
      isClosed = false
      status = .inProgress
    case .end(let e):
      isClosed = true
      status = e.status
      if status == .completed {
        endedAt = event.at
        currentStepID = nil
      }
    }
  }

  /// Forgets the step last asked, so the engine works it out again.
  mutating func forgetCurrentStep() {
    currentStepID = nil
    lastPromptKey = nil
  }

  private mutating func clearPartial() {
    items = []
    pendingScore = nil
    pendingValue = nil
    reviews = []
    failures = 0
  }
}
