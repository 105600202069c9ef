/// What the engine asks its driver to show, in order.
public enum Output: Equatable, Sendable {
  /// coach says something.
  case say(String, tone: Tone = .normal)
  /// A question, waiting for a line.
  case prompt(Prompt)
  /// The line was not accepted; the prompt that follows says what to do.
  case error(step: String?, message: String)
  /// The session is over (or paused) and its record is complete.
  case end(SessionStatus)

  /// How a `say` should look.
  public enum Tone: String, Sendable {
    case normal, tip, flag, warning, info
  }
}

/// Where a session stands.
public enum SessionStatus: String, Sendable, Equatable {
  case completed
  case paused
  case inProgress = "in-progress"
}

/// A question as the driver shows it: the step, what it accepts, and where the meeting stands.
public struct Prompt: Equatable, Sendable {
  /// The step id: the key of the answer in the folded record.
  public var id: String
  /// The answer kind's name; `text` for a rating's evidence.
  public var kind: String
  /// The question, with piped values filled in.
  public var text: String
  /// For ratings: `score` then `evidence`; for lists: `item`.
  public var part: String?
  public var sectionID: String?
  public var sectionTitle: String?
  /// Position of the step in the script (1-based) and the number of steps.
  public var step: Int
  public var steps: Int
  public var required: Bool
  public var choices: [Choice] = []
  public var min: Double?
  public var max: Double?
  public var unit: String?
  /// Labelled points of a scale or rating.
  public var anchors: [(score: Int, label: String)] = []
  /// List items given so far.
  public var items: [String] = []
  /// What the step accepts, in a few words.
  public var accepts: String
  /// Seconds spent in this section, and its budget.
  public var elapsed: Int
  public var budget: Int?
  /// Seconds spent in the whole session, and the dialog's budget.
  public var totalElapsed: Int
  public var timebox: Int?
  /// The answer given before `/back` reopened this step.
  public var previousAnswer: String?
  /// The answer to this step in the last session of the dialog with the person, as recorded and
  /// as shown.
  public var lastTime: Value?
  public var lastTimeShown: String?
  /// Whether `/tip` has something to say here.
  public var hasTip: Bool

  public static func == (a: Prompt, b: Prompt) -> Bool {
    a.id == b.id && a.kind == b.kind && a.text == b.text && a.part == b.part
      && a.sectionID == b.sectionID && a.step == b.step && a.steps == b.steps
      && a.required == b.required && a.choices == b.choices && a.min == b.min && a.max == b.max
      && a.unit == b.unit && a.anchors.map(\.score) == b.anchors.map(\.score)
      && a.anchors.map(\.label) == b.anchors.map(\.label) && a.items == b.items
      && a.accepts == b.accepts && a.elapsed == b.elapsed && a.budget == b.budget
      && a.totalElapsed == b.totalElapsed && a.previousAnswer == b.previousAnswer
      && a.lastTime == b.lastTime
  }

  /// Whether the section has run over its budget.
  public var isOverBudget: Bool { budget.map { elapsed > $0 } ?? false }
}
