import Foundation

extension Conversation {
  /// `template` with its piped values filled in.
  func render(_ template: Template) -> String {
    template.render(in: self) { expression, value in
      // In running text an unknown value (a first session's `previous.x`) reads as words.
      if value.isNull { return "none on record" }
      switch expression {
      case .variable(let variable, _):
        if let kind = displayKind(of: variable) { return display(value, kind: kind) }
      case .binary(.subtract, .variable(let variable, _), _, _):
        // A change (`close_rate - previous.close_rate`) shows its sign, in the answer's unit.
        if let kind = displayKind(of: variable), let n = value.number {
          return Self.displayChange(n, kind: kind)
        }
      case .call("recent", let args, _):
        guard args.count == 1, case .variable(let variable, _) = args[0] else { break }
        // The run of values over the last sessions: `35% → 31% → 28%`.
        let kind = displayKind(of: variable)
        let run = (value.array ?? []).map { display($0, kind: kind) }
        return run.isEmpty ? "none on record" : run.joined(separator: " → ")
      case .call(let name, let args, _) where name == "sum" || name == "avg":
        // The total or average of a run of answers, in the answers' unit.
        guard case .call("recent", let inner, _)? = args.first,
          case .variable(let variable, _)? = inner.first,
          let kind = displayKind(of: variable)
        else { break }
        return display(value, kind: kind)
      case .call("default", let args, _):
        if case .variable(let variable, _)? = args.first, let kind = displayKind(of: variable) {
          return display(value, kind: kind)
        }
      default: break
      }
      return Self.display(value)
    }
  }

  /// How a variable's value is shown: as the answer of its step (of this dialog or the one a
  /// `last.` reference reads), or as its computed value says; nil for a plain value.
  func displayKind(of variable: Variable) -> AnswerKind? {
    if let dialog = variable.dialog { return script.outline(of: dialog)?.kinds[variable.name] }
    if variable.source == .settings { return nil }
    if let step = script.step(variable.name) { return step.kind }
    return script.value(variable.name)?.display
  }

  /// A difference between two answers of `kind`: `+3 pts`, `-$4,000`, `+12 calls`, `0`.
  static func displayChange(_ n: Double, kind: AnswerKind) -> String {
    let sign = n > 0 ? "+" : n < 0 ? "-" : ""
    let magnitude = abs(n)
    switch kind {
    case .percent: return sign + formatNumber(magnitude) + " pts"
    case .money: return sign + display(.number(magnitude), kind: kind)
    case .number(let options):
      return sign + formatNumber(magnitude, grouped: true)
        + (options.unit.map { " " + AnswerParser.unit($0, for: magnitude) } ?? "")
    default: return sign + formatNumber(magnitude)
    }
  }

  /// An answer as people read it: `45%`, `$12,500`, `yes`, `New markets`.
  public func display(_ value: Value, kind: AnswerKind?) -> String {
    Self.display(value, kind: kind)
  }

  /// An answer as people read it, formatted for its kind when known.
  public static func display(_ value: Value, kind: AnswerKind? = nil) -> String {
    switch (value, kind) {
    case (.null, _): return "—"
    case (.bool(let b), _): return b ? "yes" : "no"
    case (.number(let n), .percent?): return formatNumber(n) + "%"
    case (.number(let n), .money(_, _, let currency)?):
      let amount = formatNumber(n, grouped: true, decimals: n == n.rounded() ? 0 : 2)
      if let symbol = AnswerParser.currencySymbol(currency) {
        return n < 0 ? "-\(symbol)\(amount.dropFirst())" : "\(symbol)\(amount)"
      }
      return "\(amount) \(currency)"
    case (.number(let n), .number(let options)?):
      return formatNumber(n, grouped: true) + (options.unit.map { " " + AnswerParser.unit($0, for: n) } ?? "")
    case (.number(let n), .scale(_, let hi, let anchors)?):
      return "\(formatNumber(n))/\(hi)" + (Int(exactly: n).flatMap { anchors[$0] }.map { " (\($0))" } ?? "")
    case (.number(let n), .rating(let anchors, _, _)?):
      return "\(formatNumber(n))/\(AnswerParser.bounds(of: anchors).1)"
    case (.number(let n), _): return formatNumber(n)
    case (.string(let s), .date?):
      return CalendarDay(iso: s)?.friendly ?? s
    case (.string(let s), .choice(let choices)?):
      return choices.first { $0.value == s }?.label ?? s
    case (.string(let s), _): return s
    case (.array(let a), .multiChoice(let choices, _, _)?):
      return a.compactMap(\.string).map { v in choices.first { $0.value == v }?.label ?? v }
        .joined(separator: ", ")
    case (.array(let a), _): return a.map { display($0) }.joined(separator: "; ")
    case (.object, _):
      if let action = value.agreedAction {
        var details: [String] = []
        if let owner = action.owner { details.append("owner \(owner)") }
        if let due = action.due.flatMap(CalendarDay.init(iso:)) { details.append("due \(due.friendly)") }
        return action.text + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
      }
      if let rating = value.rating {
        var s = "\(formatNumber(rating.score))/\(formatNumber(rating.max))"
        if let anchor = rating.anchor { s += " (\(anchor))" }
        if let evidence = rating.evidence { s += ": \(evidence)" }
        return s
      }
      if let item = try? ActionItem(record: value) {
        return "\(item.text): \(item.status.rawValue)\(item.due.map { ", due \($0)" } ?? "")"
      }
      return JSON.encode(value)
    }
  }

  /// `1234.5` → `1234.5`; grouped: `1,234.5`. At most `decimals` decimals, trailing zeros cut.
  static func formatNumber(_ n: Double, grouped: Bool = false, decimals: Int = 2) -> String {
    guard n.isFinite else { return "—" }
    // Past what a Double holds exactly as a whole number: in exponent form.
    if abs(n) >= 1e15 { return String(format: "%.4g", n) }
    let scale = pow(10, Double(decimals))
    let rounded = (n * scale).rounded() / scale
    var text =
      rounded == rounded.rounded() ? String(Int64(rounded)) : String(format: "%.\(decimals)f", rounded)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    guard grouped else { return text }
    let negative = text.hasPrefix("-")
    let body = negative ? String(text.dropFirst()) : text
    let parts = body.split(separator: ".", maxSplits: 1)
    var whole = String(parts[0])
    var groupedWhole = ""
    while whole.count > 3 {
      groupedWhole = "," + whole.suffix(3) + groupedWhole
      whole = String(whole.dropLast(3))
    }
    groupedWhole = whole + groupedWhole
    return (negative ? "-" : "") + groupedWhole + (parts.count > 1 ? "." + parts[1] : "")
  }
}
