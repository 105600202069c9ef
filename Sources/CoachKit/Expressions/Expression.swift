/// A parsed expression (DESIGN 4.1): small, typed and free of side effects.
///
/// Offsets are in characters from the start of the expression text, so diagnostics can point
/// inside a YAML scalar.
public indirect enum Expression: Equatable, Sendable {
  case literal(Value, at: Int)
  /// An answer (`close_rate`), a participant (`with`, `by`), `today`, or `previous.<id>`.
  case variable(Variable, at: Int)
  case unary(UnaryOperator, Expression, at: Int)
  case binary(BinaryOperator, Expression, Expression, at: Int)
  case call(String, [Expression], at: Int)
  case list([Expression], at: Int)

  /// Where this expression stands in its source text: the operator of a binary operation, else
  /// its first character.
  public var offset: Int {
    switch self {
    case .literal(_, let at), .variable(_, let at), .unary(_, _, let at), .binary(_, _, _, let at),
      .call(_, _, let at), .list(_, let at):
      return at
    }
  }

  /// Where the text of this expression begins (for a binary operation, its left operand's start).
  public var start: Int {
    if case .binary(_, let left, _, _) = self { return left.start }
    return offset
  }

  /// Every variable the expression reads.
  public var variables: [Variable] {
    switch self {
    case .literal: return []
    case .variable(let v, _): return [v]
    case .unary(_, let e, _): return e.variables
    case .binary(_, let l, let r, _): return l.variables + r.variables
    case .call(_, let args, _), .list(let args, _): return args.flatMap(\.variables)
    }
  }
}

/// A name an expression reads.
public struct Variable: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The step id or built-in name.
  public var name: String
  /// Whether it reads the answer from the previous session (`previous.<id>`).
  public var previous: Bool

  public init(name: String, previous: Bool = false) {
    self.name = name
    self.previous = previous
  }

  public var description: String { previous ? "previous.\(name)" : name }
}

public enum UnaryOperator: String, Sendable {
  case not
  case negate = "-"
}

public enum BinaryOperator: String, Sendable {
  case and, or
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case `in`
  case contains
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
}
