import Foundation

/// The sanity check of a figure far from last time's: `12.5m` for a forecast that was $180,000
/// is asked about ("that is 69× last time: is $12,500,000 right?") before it is taken. It never
/// refuses a true value: `y` keeps it, and another figure replaces it.
extension Conversation {
  /// How many times larger (or smaller) than last time a figure must be to be asked about.
  public static let jumpFactor = 10.0

  /// Whether `value`, for `step`, is so far from last time's that it is asked about; and how
  /// far, in words (`69× last time ($180,000)`).
  func jump(_ step: Step, _ value: Value) -> String? {
    switch step.kind {
    case .number, .percent, .money: break
    default: return nil
    }
    guard let now = value.number, let before = context.previous[step.id]?.number, now > 0, before > 0
    else { return nil }
    let ratio = now / before
    let shown = display(.number(before), kind: step.kind)
    if ratio >= Self.jumpFactor {
      return "\(Self.formatNumber(ratio.rounded(), grouped: true))× last time (\(shown))"
    }
    if ratio <= 1 / Self.jumpFactor {
      return "1/\(Self.formatNumber((1 / ratio).rounded(), grouped: true)) of last time (\(shown))"
    }
    return nil
  }

  /// Takes a parsed figure: asks about it first when it is far from last time's.
  func acceptChecked(_ step: Step, raw: String, value: Value, _ reply: inout Reply) {
    guard let far = jump(step, value) else {
      accept(step, raw: raw, value: value, &reply)
      return
    }
    emit(Event(at: clock.now(), .partial(.init(id: step.id, raw: raw, part: .confirm, value: value))), &reply)
    reply.outputs.append(
      .say(
        "That is \(far). Is \(display(value, kind: step.kind)) right? y keeps it; or type the figure again.",
        tone: .warning))
  }

  /// The line after a figure was asked about: yes keeps it, no asks for it again, another
  /// figure is taken in its place (and checked in turn).
  func answerConfirm(_ step: Step, _ text: String, raw: String, pending: Value, _ reply: inout Reply) {
    switch parser.parseYesNo(text.trimmed) {
    case .success(.bool(true)):
      accept(step, raw: raw, value: pending, &reply)
      return
    case .success(.bool(false)):
      emit(
        Event(at: clock.now(), .back(.init(raw: raw, from: step.id, to: step.id, undo: .confirm))), &reply)
      reply.outputs.append(.say("Type the figure again.", tone: .info))
      return
    default: break
    }
    switch parser.parse(text, as: step.kind) {
    case .success(let value):
      // Another figure stands in for the one asked about (it is checked in turn).
      acceptChecked(step, raw: raw, value: value, &reply)
    case .failure:
      refuse(
        step, raw: raw,
        "y keeps \(display(pending, kind: step.kind)), n takes it back; or type the figure again (\(AnswerParser.accepted(by: step.kind)))",
        &reply)
    }
  }

  /// The question about a figure far from last time's.
  func confirmQuestion(_ step: Step, _ pending: Value) -> String {
    let far = jump(step, pending).map { " That is \($0)." } ?? ""
    return "\(step.displayName): is \(display(pending, kind: step.kind)) right?\(far)"
  }
}
