/// A problem the type checker found, at a character offset in the expression text.
public struct ExpressionIssue: Equatable, Sendable {
  public var code: DiagnosticCode
  public var message: String
  public var offset: Int
  public var hint: String?
}

/// Type-checks expressions against the answers a script defines (DESIGN 4.1).
public struct TypeChecker {
  /// Step ids and computed values, with their types.
  public var variables: [String: VariableInfo]
  /// The steps answered on every path to the place the expression is evaluated; a name outside
  /// it is reported as possibly unset. `nil` turns that check off.
  public var definitelySet: Set<String>?
  /// The steps each computed value reads (through other values too): a computed value is set
  /// when they are.
  public var dependencies: [String: Set<String>] = [:]
  /// The settings the script declares (`settings.<id>`), with their types.
  public var settings: [String: VariableInfo] = [:]
  /// The other dialogs `last.<dialog>.<id>` may read; nil leaves those references unchecked.
  public var dialogs: DialogDirectory?
  /// Built-in names, always set.
  public static let builtins: [String: VariableInfo] = [
    "with": VariableInfo(type: .string), "by": VariableInfo(type: .string),
    "today": VariableInfo(type: .date),
  ]

  public init(
    variables: [String: VariableInfo], definitelySet: Set<String>? = nil,
    dependencies: [String: Set<String>] = [:], settings: [String: VariableInfo] = [:],
    dialogs: DialogDirectory? = nil
  ) {
    self.variables = variables
    self.definitelySet = definitelySet
    self.dependencies = dependencies
    self.settings = settings
    self.dialogs = dialogs
  }

  /// Checks `expression` and returns its type with every problem found.
  public func check(_ expression: Expression) -> (type: ValueType, issues: [ExpressionIssue]) {
    var issues: [ExpressionIssue] = []
    let type = infer(expression, &issues)
    return (type, issues)
  }

  /// Checks that `expression` is a condition (a yes/no value).
  public func checkCondition(_ expression: Expression) -> [ExpressionIssue] {
    var (type, issues) = check(expression)
    if !ValueType.bool.accepts(type) {
      issues.append(
        ExpressionIssue(
          code: .typeMismatch, message: "a condition must be yes/no, but this is \(type)",
          offset: expression.start, hint: hintForCondition(type, expression)))
    }
    return issues
  }

  private func hintForCondition(_ type: ValueType, _ e: Expression) -> String? {
    switch type {
    case .string, .list: return "test it with 'not empty(...)' or compare it with '=='"
    case .number: return "compare it, e.g. '... >= 50'"
    default: return nil
    }
  }

  private func lookup(_ variable: Variable, at offset: Int, _ issues: inout [ExpressionIssue])
    -> VariableInfo
  {
    func unknown(_ message: String, _ candidates: [String], prefix: String) -> VariableInfo {
      issues.append(
        ExpressionIssue(
          code: .unknownVariable, message: message, offset: offset,
          hint: Suggestion.closest(to: variable.name, in: candidates).map { "did you mean '\(prefix)\($0)'?" }
        ))
      return VariableInfo(type: .any)
    }
    switch variable.source {
    case .settings:
      guard let info = settings[variable.name] else {
        return unknown(
          "unknown setting '\(variable.name)'"
            + (settings.isEmpty ? ": the script declares none under 'settings'" : ""),
          Array(settings.keys), prefix: "settings.")
      }
      return info
    case .last(let dialog):
      guard let dialogs else { return VariableInfo(type: .any) }
      guard let outline = dialogs.outline(dialog) else {
        issues.append(
          ExpressionIssue(
            code: .unknownDialog, message: "unknown dialog '\(dialog)' in 'last.\(dialog).\(variable.name)'",
            offset: offset,
            hint: Suggestion.closest(to: dialog, in: dialogs.ids).map {
              "did you mean 'last.\($0).\(variable.name)'?"
            }
              ?? "the dialogs are \(dialogs.ids.joined(separator: ", "))"))
        return VariableInfo(type: .any)
      }
      guard let kind = outline.kinds[variable.name] else {
        return unknown(
          "the \(dialog) dialog has no step '\(variable.name)'", outline.stepIDs, prefix: "last.\(dialog).")
      }
      return VariableInfo(type: kind.valueType, choices: kind.choices?.map(\.value))
    case .previous:
      guard let info = variables[variable.name] else {
        return unknown("unknown variable '\(variable)'", Array(variables.keys), prefix: "previous.")
      }
      return info
    case .session:
      if let builtin = Self.builtins[variable.name] { return builtin }
      guard let info = variables[variable.name] else {
        return unknown(
          "unknown variable '\(variable)'", Array(variables.keys) + Array(Self.builtins.keys), prefix: "")
      }
      if let set = definitelySet {
        let needed = dependencies[variable.name] ?? [variable.name]
        if let missing = needed.sorted().first(where: { !set.contains($0) }) {
          issues.append(
            ExpressionIssue(
              code: .possiblyUnset,
              message: missing == variable.name
                ? "'\(variable.name)' may not be answered when this is evaluated"
                : "'\(variable.name)' reads '\(missing)', which may not be answered when this is evaluated",
              offset: offset,
              hint: "it is asked later, or only on some paths; an unanswered value is null"))
        }
      }
      return info
    }
  }

  private func infer(_ e: Expression, _ issues: inout [ExpressionIssue]) -> ValueType {
    switch e {
    case .literal(let value, _):
      switch value {
      case .bool: return .bool
      case .number: return .number
      case .string: return .string
      default: return .any
      }
    case .variable(let v, let at):
      return lookup(v, at: at, &issues).type
    case .list(let elements, _):
      for element in elements {
        let t = infer(element, &issues)
        if !ValueType.string.accepts(t) && !ValueType.number.accepts(t) {
          issues.append(
            mismatch("list elements must be text or numbers, not \(t)", element.start))
        }
      }
      return .list
    case .unary(.not, let operand, _):
      let t = infer(operand, &issues)
      if !ValueType.bool.accepts(t) {
        issues.append(mismatch("'not' needs yes/no, but this is \(t)", operand.start))
      }
      return .bool
    case .unary(.negate, let operand, _):
      let t = infer(operand, &issues)
      if !ValueType.number.accepts(t) {
        issues.append(mismatch("'-' needs a number, but this is \(t)", operand.start))
      }
      return .number
    case .binary(let op, let l, let r, let at):
      return inferBinary(op, l, r, at, &issues)
    case .call(let name, let args, let at):
      return inferCall(name, args, at, &issues)
    }
  }

  private func mismatch(_ message: String, _ offset: Int, hint: String? = nil) -> ExpressionIssue {
    ExpressionIssue(code: .typeMismatch, message: message, offset: offset, hint: hint)
  }

  private func inferBinary(
    _ op: BinaryOperator, _ l: Expression, _ r: Expression, _ at: Int,
    _ issues: inout [ExpressionIssue]
  ) -> ValueType {
    let lt = infer(l, &issues)
    let rt = infer(r, &issues)
    switch op {
    case .and, .or:
      for (t, e) in [(lt, l), (rt, r)] where !ValueType.bool.accepts(t) {
        issues.append(mismatch("'\(op.rawValue)' needs yes/no on both sides, but this is \(t)", e.start))
      }
      return .bool
    case .equal, .notEqual:
      if !lt.accepts(rt) {
        issues.append(mismatch("cannot compare \(lt) with \(rt)", at))
      }
      checkChoiceLiteral(l, r, &issues)
      checkChoiceLiteral(r, l, &issues)
      return .bool
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      let ordered: Set<ValueType> = [.number, .date, .any]
      if !ordered.contains(lt) || !ordered.contains(rt) || !lt.accepts(rt) {
        issues.append(
          mismatch(
            "'\(op.rawValue)' compares two numbers or two dates, not \(lt) and \(rt)", at))
      }
      return .bool
    case .in:
      if !ValueType.list.accepts(rt) {
        issues.append(mismatch("'in' needs a list on its right, but this is \(rt)", r.start))
      }
      if case .list(let elements, _) = r {
        for element in elements { checkChoiceLiteral(l, element, &issues) }
      }
      return .bool
    case .contains:
      if rt == .list || rt == .bool || rt == .date {
        issues.append(mismatch("'contains' looks for text or a number, not \(rt)", r.start))
      }
      if lt != .list && lt != .string && lt != .any {
        issues.append(
          mismatch("'contains' looks inside a list or text, not \(lt)", l.start))
      }
      checkChoiceLiteral(l, r, &issues)
      return .bool
    case .add, .subtract:
      if lt == .date || rt == .date {
        if op == .subtract, lt == .date, rt == .date { return .number }
        if lt == .date, ValueType.number.accepts(rt) { return .date }
        if op == .add, rt == .date, ValueType.number.accepts(lt) { return .date }
        issues.append(mismatch("a date can only be moved by a number of days", at))
        return .any
      }
      fallthrough
    case .multiply, .divide, .remainder:
      for (t, e) in [(lt, l), (rt, r)] where !ValueType.number.accepts(t) {
        issues.append(
          mismatch("'\(op.rawValue)' needs numbers, but this is \(t)", e.start))
      }
      return .number
    }
  }

  /// Reports a string literal compared with a choice answer that is not one of its values.
  private func checkChoiceLiteral(
    _ side: Expression, _ other: Expression, _ issues: inout [ExpressionIssue]
  ) {
    guard case .variable(let v, _) = side,
      let choices = choices(of: v),
      case .literal(.string(let literal), let at) = other
    else { return }
    if !choices.contains(literal) {
      issues.append(
        ExpressionIssue(
          code: .notAChoice,
          message: "'\(literal)' is not a choice of '\(v.name)'", offset: at,
          hint: Suggestion.closest(to: literal, in: choices).map { "did you mean '\($0)'?" }
            ?? "its choices are \(choices.joined(separator: ", "))"))
    }
  }

  /// The choices of a variable that names a choice answer.
  private func choices(of v: Variable) -> [String]? {
    switch v.source {
    case .session, .previous: return variables[v.name]?.choices
    case .last(let dialog): return dialogs?.outline(dialog)?.kinds[v.name]?.choices?.map(\.value)
    case .settings: return nil
    }
  }

  /// The functions expressions may call, with their argument and result types.
  public static let functions: [String: (arguments: [Set<ValueType>], result: ValueType)] = [
    "count": ([[.list]], .number),
    "len": ([[.string, .list]], .number),
    "days_until": ([[.date]], .number),
    "empty": ([[.bool, .number, .string, .date, .list]], .bool),
    "has_number": ([[.string]], .bool),
    "words": ([[.string]], .number),
    "abs": ([[.number]], .number),
    "round": ([[.number]], .number),
    "sum": ([[.list]], .number),
    "avg": ([[.list]], .number),
    "min": ([[.number], [.number]], .number),
    "max": ([[.number], [.number]], .number),
    "signed": ([[.number]], .string),
    "is_default": ([[.bool, .number, .string, .date, .list]], .bool),
    "recent": ([[.bool, .number, .string, .date, .list]], .list),
  ]

  /// Functions whose first argument may well be unanswered: they say something of it anyway.
  static let askAboutUnset: Set<String> = ["empty", "default", "recent", "is_default"]

  private func inferCall(
    _ name: String, _ args: [Expression], _ at: Int, _ issues: inout [ExpressionIssue]
  ) -> ValueType {
    // `empty(x)` is how a script asks whether x was answered: no "possibly unset" warning there.
    var checker = self
    if Self.askAboutUnset.contains(name) { checker.definitelySet = nil }
    let types = args.map { checker.infer($0, &issues) }
    if name == "default" {
      guard args.count == 2 else {
        issues.append(
          ExpressionIssue(
            code: .unknownFunction, message: "'default' takes 2 arguments, not \(args.count)", offset: at,
            hint: "write default(value, value when it is not known)"))
        return .any
      }
      if !types[0].accepts(types[1]) {
        issues.append(
          mismatch("the two values of 'default' differ: \(types[0]) and \(types[1])", args[1].start))
      }
      return types[0] == .any ? types[1] : types[0]
    }
    if name == "is_default" || name == "recent", let first = args.first {
      let wanted =
        name == "is_default"
        ? "a setting (settings.<id>)" : "an answer or a computed value of this dialog, or last.<dialog>.<id>"
      var fits = false
      if case .variable(let v, _) = first {
        fits =
          name == "is_default"
          ? v.source == .settings : (v.isSession && Self.builtins[v.name] == nil) || v.dialog != nil
      }
      if !fits {
        issues.append(mismatch("'\(name)' takes \(wanted)", first.start))
      }
    }
    if name == "if" {
      guard args.count == 3 else {
        issues.append(
          ExpressionIssue(
            code: .unknownFunction, message: "'if' takes 3 arguments, not \(args.count)", offset: at,
            hint: "write if(condition, value when true, value when false)"))
        return .any
      }
      if !ValueType.bool.accepts(types[0]) {
        issues.append(
          mismatch("the condition of 'if' must be yes/no, but this is \(types[0])", args[0].offset))
      }
      if !types[1].accepts(types[2]) {
        issues.append(mismatch("the two values of 'if' differ: \(types[1]) and \(types[2])", args[2].offset))
      }
      return types[1] == .any ? types[2] : types[1]
    }
    guard let signature = Self.functions[name] else {
      issues.append(
        ExpressionIssue(
          code: .unknownFunction, message: "unknown function '\(name)'", offset: at,
          hint: Suggestion.closest(to: name, in: Array(Self.functions.keys) + ["if", "default"]).map {
            "did you mean '\($0)'?"
          }
            ?? "the functions are \((Array(Self.functions.keys) + ["default", "if"]).sorted().joined(separator: ", "))"
        ))
      return .any
    }
    guard args.count == signature.arguments.count else {
      issues.append(
        ExpressionIssue(
          code: .unknownFunction,
          message:
            "'\(name)' takes \(signature.arguments.count) argument\(signature.arguments.count == 1 ? "" : "s"), not \(args.count)",
          offset: at, hint: nil))
      return signature.result
    }
    for (i, allowed) in signature.arguments.enumerated()
    where types[i] != .any && !allowed.contains(types[i]) {
      issues.append(
        mismatch(
          "'\(name)' takes \(allowed.map(\.description).sorted().joined(separator: " or ")), not \(types[i])",
          args[i].start))
    }
    return signature.result
  }
}
