/// What a step asks for, with its options (DESIGN 3, "Answer kinds").
public enum AnswerKind: Equatable, Sendable {
  case text
  case yesNo
  /// A whole number from `min` to `max`, with labels for some points.
  case scale(min: Int, max: Int, anchors: [Int: String])
  case number(NumberOptions)
  case percent(min: Double, max: Double)
  case money(min: Double?, max: Double?, currency: String)
  /// A date; the bounds are date forms (`today`, `+90d`, `2026-01-01`) read when asked.
  case date(earliest: String?, latest: String?)
  case choice([Choice])
  case multiChoice([Choice], min: Int?, max: Int?)
  /// Items, one a line, until an empty line.
  case list(min: Int?, max: Int?)
  /// A score against written anchors, then the evidence for it.
  case rating(anchors: [Int: String], competency: String?, evidence: Bool)
  /// An agreed action, `TEXT [@owner] [due:DATE]`, which becomes an action item; `owner` is the
  /// owner when none is typed.
  case action(owner: Template?, requireDue: Bool)
  /// Goes over the person's open action items from earlier sessions, one at a time: each is
  /// marked done, moved to a new date, dropped, or left open. Passed over when there are none.
  case actionReview

  /// The kinds' names, as scripts and `--jsonl` prompts spell them.
  public enum Name: String, Sendable, CaseIterable {
    case text
    case yesNo = "yes-no"
    case scale, number, percent, money, date, choice
    case multiChoice = "multi-choice"
    case list, rating, action
    case actionReview = "action-review"
  }

  /// The kind's name.
  public var name: Name {
    switch self {
    case .text: .text
    case .yesNo: .yesNo
    case .scale: .scale
    case .number: .number
    case .percent: .percent
    case .money: .money
    case .date: .date
    case .choice: .choice
    case .multiChoice: .multiChoice
    case .list: .list
    case .rating: .rating
    case .action: .action
    case .actionReview: .actionReview
    }
  }

  /// Every kind name, in the order the documentation gives them.
  public static let names = Name.allCases.map(\.rawValue)

  /// The type an answer of this kind has in expressions.
  public var valueType: ValueType {
    switch self {
    case .text, .choice, .action: .string
    case .yesNo: .bool
    case .scale, .number, .percent, .money, .rating: .number
    case .date: .date
    case .multiChoice, .list, .actionReview: .list
    }
  }

  /// The choices, for choice kinds.
  public var choices: [Choice]? {
    switch self {
    case .choice(let c), .multiChoice(let c, _, _): c
    default: nil
    }
  }
}

/// Options of a number answer.
public struct NumberOptions: Equatable, Sendable {
  public var min: Double?
  public var max: Double?
  /// Shown after the value, e.g. `calls`.
  public var unit: String?
  public var integer: Bool

  public init(min: Double? = nil, max: Double? = nil, unit: String? = nil, integer: Bool = false) {
    self.min = min
    self.max = max
    self.unit = unit
    self.integer = integer
  }
}

/// One option of a choice.
public struct Choice: Equatable, Sendable {
  /// What the record keeps, e.g. `new-markets`.
  public var value: String
  /// What people read, e.g. `New markets`.
  public var label: String

  public init(value: String, label: String) {
    self.value = value
    self.label = label
  }
}
