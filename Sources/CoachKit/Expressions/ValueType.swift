/// The static type of an expression or answer.
public enum ValueType: String, Equatable, Sendable, CustomStringConvertible {
  case bool, number, string, date, list
  /// `null`, or a value whose type cannot be known: compatible with everything.
  case any

  public var description: String {
    switch self {
    case .bool: "yes/no"
    case .number: "number"
    case .string: "text"
    case .date: "date"
    case .list: "list"
    case .any: "any value"
    }
  }

  func accepts(_ other: ValueType) -> Bool {
    self == other || self == .any || other == .any
  }
}

/// What the type checker knows about a name.
public struct VariableInfo: Equatable, Sendable {
  public var type: ValueType
  /// The allowed values, for choice and multi-choice answers.
  public var choices: [String]?

  public init(type: ValueType, choices: [String]? = nil) {
    self.type = type
    self.choices = choices
  }
}
