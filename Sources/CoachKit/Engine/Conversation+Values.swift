import Foundation

/// What expressions read in a session: this session's answers and computed values, the
/// participants, the sessions before (`previous.<id>`, `recent(x)`), the person's last session of
/// another dialog (`last.<dialog>.<id>`) and the settings (`settings.<id>`).
extension Conversation: EvaluationContext {
  public func value(of variable: Variable) -> Value {
    switch variable.source {
    case .session:
      if variable.name == "with" { return .optional(context.with) }
      if variable.name == "by" { return .optional(context.by) }
      if let computed = script.value(variable.name) {
        if let known = computedValues[variable.name] { return known }
        let value = Evaluator.evaluate(computed.expression, in: self)
        computedValues[variable.name] = value
        return value
      }
      return Self.reading(path.last(where: { $0.id == variable.name })?.value ?? .null)
    case .previous:
      return PastSession(conversation: self, back: 1).value(of: Variable(name: variable.name))
    case .last(let dialog):
      return Self.reading(context.last[dialog]?[variable.name] ?? .null)
    case .settings:
      return setting(variable.name)
    }
  }

  public func recent(_ variable: Variable) -> [Value] {
    if let dialog = variable.dialog {
      // The person's last four sessions of that dialog, the oldest first.
      let sessions = (context.last[dialog].map { [$0] } ?? []) + (context.lastEarlier[dialog] ?? []).prefix(3)
      return sessions.reversed().compactMap { answers in
        let value = Self.reading(answers[variable.name] ?? .null)
        return value.isNull ? Value?.none : value
      }
    }
    guard variable.isSession else { return [] }
    // The four last sessions: three before this one, and this one.
    return (0...3).reversed().compactMap { back -> Value? in
      let value =
        back == 0 ? value(of: variable) : PastSession(conversation: self, back: back).value(of: variable)
      // (`Value` takes `nil` as `.null`: spell out the optional's none.)
      return value.isNull ? Value?.none : value
    }
  }

  public func isDefault(_ variable: Variable) -> Bool {
    guard variable.source == .settings, let setting = script.setting(variable.name) else { return true }
    return supplied(setting) == nil
  }

  /// A setting: the value supplied for it when it has the default's type, else the default.
  func setting(_ id: String) -> Value {
    guard let setting = script.setting(id) else { return .null }
    return supplied(setting) ?? setting.defaultValue
  }

  private func supplied(_ setting: Setting) -> Value? {
    guard let given = context.settings[setting.id] else { return nil }
    switch (given, setting.defaultValue) {
    case (.number(let n), .number) where n.isFinite: return given
    case (.bool, .bool), (.string, .string): return given
    default: return nil
    }
  }

  /// How an answer reads in expressions: a rating as its score, an action as its text.
  static func reading(_ raw: Value) -> Value {
    guard case .object = raw else { return raw }
    if let action = raw.agreedAction { return .string(action.text) }
    return raw.rating.map { .number($0.score) } ?? .null
  }
}

/// A session before this one, as expressions read it: its answers, and the computed values
/// worked out from them; `previous.<id>` there reads the session before it.
struct PastSession: EvaluationContext {
  let conversation: Conversation
  /// How many sessions back: 1 is `previous`.
  let back: Int

  var today: CalendarDay { conversation.today }

  func value(of variable: Variable) -> Value {
    let history = conversation.context.history
    // Past the sessions known there is nothing: this also bounds a value that reads its own
    // previous value.
    guard back <= history.count || !variable.isSession || TypeChecker.builtins[variable.name] != nil else {
      return .null
    }
    switch variable.source {
    case .session:
      if let computed = conversation.script.value(variable.name) {
        return Evaluator.evaluate(computed.expression, in: self)
      }
      if TypeChecker.builtins[variable.name] != nil { return conversation.value(of: variable) }
      return Conversation.reading(history[back - 1][variable.name] ?? .null)
    case .previous:
      guard back < history.count else { return .null }
      return PastSession(conversation: conversation, back: back + 1).value(of: Variable(name: variable.name))
    case .last, .settings:
      return conversation.value(of: variable)
    }
  }
}
