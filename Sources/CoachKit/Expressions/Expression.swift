/// A parsed expression (DESIGN 4.1): small, typed and free of side effects.
///
/// Offsets are in characters from the start of the expression text, so diagnostics can point
/// inside a YAML scalar.
public indirect enum Expression: Equatable, Sendable {
  case literal(Value, at: Int)
  /// An answer (`close_rate`), a computed value, a participant (`with`, `by`), `today`,
  /// `previous.<id>`, `last.<dialog>.<id>` or `settings.<id>`.
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

  /// The first argument of every call of function `name` in the expression.
  public func arguments(of name: String) -> [Expression] {
    switch self {
    case .literal, .variable: return []
    case .unary(_, let e, _): return e.arguments(of: name)
    case .binary(_, let l, let r, _): return l.arguments(of: name) + r.arguments(of: name)
    case .call(let called, let args, _):
      return (called == name ? Array(args.prefix(1)) : []) + args.flatMap { $0.arguments(of: name) }
    case .list(let args, _): return args.flatMap { $0.arguments(of: name) }
    }
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
  /// Where a name is read from.
  public enum Source: Equatable, Hashable, Sendable {
    /// This session: a step's answer, a computed value, or a built-in name (`with`, `today`).
    case session
    /// The last completed session of the same dialog with the same person (`previous.<id>`).
    case previous
    /// The person's last completed session of another dialog (`last.<dialog>.<id>`).
    case last(dialog: String)
    /// A setting the launcher supplies, or the script's default for it (`settings.<id>`).
    case settings
  }

  /// The step id, computed value, setting or built-in name.
  public var name: String
  public var source: Source

  public init(name: String, previous: Bool = false) {
    self.name = name
    self.source = previous ? .previous : .session
  }

  public init(name: String, source: Source) {
    self.name = name
    self.source = source
  }

  /// Whether it reads the answer from the previous session (`previous.<id>`).
  public var previous: Bool { source == .previous }

  /// Whether it reads something this session answers or computes (or a built-in name).
  public var isSession: Bool { source == .session }

  /// The dialog of a `last.<dialog>.<id>` reference.
  public var dialog: String? {
    if case .last(let dialog) = source { return dialog }
    return nil
  }

  public var description: String {
    switch source {
    case .session: name
    case .previous: "previous.\(name)"
    case .last(let dialog): "last.\(dialog).\(name)"
    case .settings: "settings.\(name)"
    }
  }
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
