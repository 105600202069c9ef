import Foundation

/// The values an expression can read.
public protocol EvaluationContext {
  /// The value of an answer, participant or `previous.<id>`; `null` when unset.
  func value(of variable: Variable) -> Value
  /// Today's date, for `today` and `days_until`.
  var today: CalendarDay { get }
  /// The values of an answer or computed value over the last sessions with the person, the
  /// oldest first and this session's last (`recent(x)`); those not known are left out.
  func recent(_ variable: Variable) -> [Value]
  /// Whether a setting is the script's default, none having been supplied (`is_default(x)`).
  func isDefault(_ variable: Variable) -> Bool
}

extension EvaluationContext {
  public func recent(_ variable: Variable) -> [Value] {
    let value = value(of: variable)
    return value.isNull ? [] : [value]
  }

  public func isDefault(_ variable: Variable) -> Bool { true }
}

/// Evaluates type-checked expressions. Evaluation never fails.
///
/// An answer not given is `null`, which stands for "unknown": comparisons, arithmetic and
/// functions of it are `null` too, `not null` is `null`, and `and`/`or` follow three-valued
/// logic (`null and false` is false, `null or true` is true). A condition holds only when it is
/// `true`, so nothing fires on a fact not yet known. `x == null` and `empty(x)` test for it.
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
      guard case .bool(let b) = evaluate(operand, in: context) else { return .null }
      return .bool(!b)
    case .unary(.negate, let operand, _):
      guard let n = evaluate(operand, in: context).number else { return .null }
      return .number(-n)
    case .binary(let op, let l, let r, _):
      return binary(op, l, r, context)
    case .call("recent", let args, _):
      guard args.count == 1, case .variable(let v, _) = args[0] else { return .null }
      return .array(context.recent(v))
    case .call("is_default", let args, _):
      guard args.count == 1, case .variable(let v, _) = args[0] else { return .null }
      return .bool(context.isDefault(v))
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
    case .and, .or:
      let a = evaluate(l, in: context).bool
      let b = evaluate(r, in: context).bool
      let decisive = op == .or
      if a == decisive || b == decisive { return .bool(decisive) }
      if let a, let b { return .bool(op == .and ? a && b : a || b) }
      return .null
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
      guard let order = compare(a, b) else { return .null }
      switch op {
      case .less: return .bool(order < 0)
      case .lessOrEqual: return .bool(order <= 0)
      case .greater: return .bool(order > 0)
      default: return .bool(order >= 0)
      }
    case .in:
      guard let list = b.array, !a.isNull else { return .null }
      return .bool(list.contains { equal($0, a) })
    case .contains:
      if a.isNull || b.isNull { return .null }
      if let list = a.array { return .bool(list.contains { equal($0, b) }) }
      if let s = a.string, let needle = b.string ?? b.number.map(JSON.formatNumber) {
        return .bool(s.lowercased().contains(needle.lowercased()))
      }
      return .null
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
      if let n = b.number, abs(n) <= 4_000_000 {
        let days = Int(n.rounded()) * (op == .subtract ? -1 : 1)
        return day.adding(days: days).map { .string($0.description) } ?? .null
      }
      if op == .subtract, let other = b.string.flatMap(CalendarDay.init(iso:)) {
        return .number(Double(day.ordinal - other.ordinal))
      }
      return .null
    }
    if op == .add, let n = a.number, abs(n) <= 4_000_000, let day = b.string.flatMap(CalendarDay.init(iso:)) {
      return day.adding(days: Int(n.rounded())).map { .string($0.description) } ?? .null
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
    if name == "if" {
      guard args.count == 3 else { return .null }
      return first == .bool(true) ? args[1] : first == .bool(false) ? args[2] : .null
    }
    if name == "default" {
      guard args.count == 2 else { return .null }
      return first.isNull ? args[1] : first
    }
    // Of an unknown value, only `empty` knows something.
    if name != "empty", args.contains(where: \.isNull) { return .null }
    switch name {
    case "count":
      return first.array.map { .number(Double($0.count)) } ?? .null
    case "len":
      if let s = first.string { return .number(Double(s.count)) }
      return .number(Double(first.array?.count ?? 0))
    case "days_until":
      guard let day = first.string.flatMap(CalendarDay.init(iso:)) else { return .null }
      return .number(Double(day.ordinal - context.today.ordinal))
    case "empty":
      switch first {
      case .null: return .bool(true)
      case .string(let s): return .bool(s.trimmed.isEmpty)
      case .array(let a): return .bool(a.isEmpty)
      default: return .bool(false)
      }
    case "has_number":
      guard let s = first.string else { return .null }
      return .bool(s.contains { $0.isNumber })
    case "words":
      guard let s = first.string else { return .null }
      return .number(Double(s.split(whereSeparator: { $0.isWhitespace }).count))
    case "abs":
      return first.number.map { .number(Swift.abs($0)) } ?? .null
    case "round":
      return first.number.map { .number($0.rounded()) } ?? .null
    case "signed":
      guard let n = first.number else { return .null }
      let text = Conversation.formatNumber(n, grouped: true)
      return .string(n > 0 ? "+" + text : text)
    case "sum", "avg":
      // The numbers of a list (other items are passed over); the average of none is not known.
      let numbers = (first.array ?? []).compactMap(\.number)
      let total = numbers.reduce(0, +)
      if name == "sum" { return .number(total) }
      return numbers.isEmpty ? .null : .number(total / Double(numbers.count))
    case "min", "max":
      guard let x = first.number, let y = args.dropFirst().first?.number else { return .null }
      return .number(name == "min" ? Swift.min(x, y) : Swift.max(x, y))
    default:
      return .null
    }
  }
}
