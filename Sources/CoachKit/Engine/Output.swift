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
  /// `/help`: what the question takes and the commands.
  case help(HelpCard)
  /// `/where`: the agenda, the time per section, where the meeting stands.
  case agenda(Agenda)

  /// How a `say` should look.
  public enum Tone: String, Sendable {
    case normal, tip, flag, warning, info
  }
}

/// A question as the driver shows it: the step, what it accepts, and where the meeting stands.
public struct Prompt: Equatable, Sendable {
  /// A labelled point of a scale or rating.
  public struct Anchor: Equatable, Sendable {
    public var score: Int
    public var label: String

    public init(score: Int, label: String) {
      self.score = score
      self.label = label
    }
  }

  /// The step id: the key of the answer in the folded record.
  public var id: String
  /// The answer kind; `text` for a rating's evidence.
  public var kind: AnswerKind.Name
  /// The question, with piped values filled in.
  public var text: String
  /// For ratings: `score` then `evidence`; for lists: `item`; for an action review: `review`.
  public var part: PromptPart?
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
  public var anchors: [Anchor] = []
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
  /// The section's tip, said briefly when the section starts (and by `/tip` after the step's).
  public var sectionTip: String?

  /// Whether the section has run over its budget.
  public var isOverBudget: Bool { budget.map { elapsed > $0 } ?? false }
}
