import Foundation

/// The values an expression can read.
public protocol EvaluationContext {
  /// The value of an answer, participant or `previous.<id>`; `null` when unset.
  func value(of variable: Variable) -> Value
  /// Today's date, for `today` and `days_until`.
  var today: CalendarDay { get }
}

/// Evaluates type-checked expressions. Unset values are `null`: a comparison with `null` is
/// false, `empty(null)` is true, arithmetic with `null` is `null`, and `and`/`or` read `null` as
/// false. Evaluation never fails.
public enum Evaluator {
  public static func evaluate(_ e: Expression, in context: some EvaluationContext) -> Value {
    switch e {
    case .literal(let v, _):
      return v
    case .variable(let v, _):
      if !v.previous && v.name == "today" { return .string(context.today.description) }
      return context.value(of: v)
    case .list(let elements, _):
      return .array(elements.map { evaluate($0, in: context) })
    case .unary(.not, let operand, _):
      return .bool(!truth(evaluate(operand, in: context)))
    case .unary(.negate, let operand, _):
      guard let n = evaluate(operand, in: context).number else { return .null }
      return .number(-n)
    case .binary(let op, let l, let r, _):
      return binary(op, l, r, context)
    case .call(let name, let args, _):
      return call(name, args.map { evaluate($0, in: context) }, context)
    }
  }

  /// Whether a condition holds: only `true` counts.
  public static func test(_ e: Expression, in context: some EvaluationContext) -> Bool {
    truth(evaluate(e, in: context))
  }

  static func truth(_ v: Value) -> Bool { v == .bool(true) }

  private static func binary(
    _ op: BinaryOperator, _ l: Expression, _ r: Expression, _ context: some EvaluationContext
  ) -> Value {
    switch op {
    case .and:
      return .bool(truth(evaluate(l, in: context)) && truth(evaluate(r, in: context)))
    case .or:
      return .bool(truth(evaluate(l, in: context)) || truth(evaluate(r, in: context)))
    default: break
    }
    let a = evaluate(l, in: context)
    let b = evaluate(r, in: context)
    switch op {
    case .equal:
      if a.isNull || b.isNull { return .bool(a.isNull && b.isNull) }
      return .bool(equal(a, b))
    case .notEqual:
      if a.isNull || b.isNull { return .bool(a.isNull != b.isNull) }
      return .bool(!equal(a, b))
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      guard let order = compare(a, b) else { return .bool(false) }
      switch op {
      case .less: return .bool(order < 0)
      case .lessOrEqual: return .bool(order <= 0)
      case .greater: return .bool(order > 0)
      default: return .bool(order >= 0)
      }
    case .in:
      guard let list = b.array, !a.isNull else { return .bool(false) }
      return .bool(list.contains { equal($0, a) })
    case .contains:
      if let list = a.array { return .bool(!b.isNull && list.contains { equal($0, b) }) }
      if let s = a.string, let needle = b.string ?? b.number.map(JSON.formatNumber) {
        return .bool(s.lowercased().contains(needle.lowercased()))
      }
      return .bool(false)
    case .add, .subtract, .multiply, .divide, .remainder:
      return arithmetic(op, a, b)
    case .and, .or:
      return .null
    }
  }

  private static func equal(_ a: Value, _ b: Value) -> Bool {
    if let x = a.string, let y = b.string { return x.lowercased() == y.lowercased() }
    return a == b
  }

  private static func compare(_ a: Value, _ b: Value) -> Int? {
    if let x = a.number, let y = b.number { return x < y ? -1 : x > y ? 1 : 0 }
    if let x = a.string.flatMap(CalendarDay.init(iso:)),
      let y = b.string.flatMap(CalendarDay.init(iso:))
    {
      return x < y ? -1 : x > y ? 1 : 0
    }
    return nil
  }

  private static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
    if let day = a.string.flatMap(CalendarDay.init(iso:)) {
      if let n = b.number, n.isFinite {
        let days = Int(n.rounded()) * (op == .subtract ? -1 : 1)
        return .string(day.adding(days: days).description)
      }
      if op == .subtract, let other = b.string.flatMap(CalendarDay.init(iso:)) {
        return .number(Double(day.ordinal - other.ordinal))
      }
      return .null
    }
    if op == .add, let n = a.number, n.isFinite, let day = b.string.flatMap(CalendarDay.init(iso:)) {
      return .string(day.adding(days: Int(n.rounded())).description)
    }
    guard let x = a.number, let y = b.number else { return .null }
    switch op {
    case .add: return .number(x + y)
    case .subtract: return .number(x - y)
    case .multiply: return .number(x * y)
    case .divide: return y == 0 ? .null : .number(x / y)
    default: return y == 0 ? .null : .number(x.truncatingRemainder(dividingBy: y))
    }
  }

  private static func call(_ name: String, _ args: [Value], _ context: some EvaluationContext)
    -> Value
  {
    let first = args.first ?? .null
    switch name {
    case "count":
      return .number(Double(first.array?.count ?? 0))
    case "len":
      if let s = first.string { return .number(Double(s.count)) }
      return .number(Double(first.array?.count ?? 0))
    case "days_until":
      guard let day = first.string.flatMap(CalendarDay.init(iso:)) else { return .null }
      return .number(Double(day.ordinal - context.today.ordinal))
    case "empty":
      switch first {
      case .null: return .bool(true)
      case .string(let s): return .bool(s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
      case .array(let a): return .bool(a.isEmpty)
      default: return .bool(false)
      }
    case "has_number":
      guard let s = first.string else { return .bool(false) }
      return .bool(s.contains { $0.isNumber })
    case "words":
      guard let s = first.string else { return .number(0) }
      return .number(Double(s.split(whereSeparator: { $0.isWhitespace }).count))
    case "abs":
      return first.number.map { .number(Swift.abs($0)) } ?? .null
    case "round":
      return first.number.map { .number($0.rounded()) } ?? .null
    case "min", "max":
      guard let x = first.number, let y = args.dropFirst().first?.number else { return .null }
      return .number(name == "min" ? Swift.min(x, y) : Swift.max(x, y))
    default:
      return .null
    }
  }
}
