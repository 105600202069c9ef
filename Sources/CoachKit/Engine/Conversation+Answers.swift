import Foundation

extension Conversation {
  var parser: AnswerParser { AnswerParser(today: today) }

  func handleAnswer(_ text: String, raw: String, _ reply: inout Reply) {
    guard let step = currentStep else { return }
    switch step.kind {
    case .list(let lo, let hi):
      answerList(step, text, raw: raw, min: lo, max: hi, &reply)
    case .actionReview:
      answerReview(step, text, raw: raw, &reply)
    case .action(let owner, let requireDue):
      if text.trimmed.isEmpty, !step.required {
        skip(step, raw: raw, &reply)
        return
      }
      answerAction(step, text, raw: raw, owner: owner, requireDue: requireDue, &reply)
    case .rating(let anchors, let competency, let evidence):
      answerRating(step, text, raw: raw, anchors: anchors, competency: competency, evidence: evidence, &reply)
    default:
      if let pending = log.pendingValue {
        answerConfirm(step, text, raw: raw, pending: pending, &reply)
        return
      }
      if text.trimmed.isEmpty, !step.required {
        // An empty line passes over an optional question.
        skip(step, raw: raw, &reply)
        return
      }
      switch parser.parse(text, as: step.kind) {
      case .success(let value): acceptChecked(step, raw: raw, value: value, &reply)
      case .failure(let error): refuse(step, raw: raw, error.message, &reply)
      }
    }
  }

  /// What an optional rating takes for a skill that did not show: it is left out, not rated.
  static let notObserved: Set<String> = [
    "not observed", "n a", "na", "not seen", "did not see", "didn t see", "not applicable",
    "did not come up", "didn t come up", "not rated", "no chance to see",
  ]

  func accept(_ step: Step, raw: String, value: Value, _ reply: inout Reply) {
    emit(Event(at: clock.now(), .answer(.init(id: step.id, raw: raw, value: value))), &reply)
    if producesOutputs, let echo = echo(step, raw: raw, value: value) {
      reply.outputs.append(.say(echo, tone: .info))
    }
    advance(from: step, &reply)
  }

  /// What coach says back after an answer whose meaning the line typed does not show: the day
  /// a date form names, the choice a number or a few words picked, an action's owner and date.
  func echo(_ step: Step, raw: String, value: Value) -> String? {
    let typed = raw.trimmedSpaces.lowercased()
    switch step.kind {
    case .date:
      guard let day = value.string.flatMap(CalendarDay.init(iso:)), CalendarDay(iso: typed) == nil else {
        return nil
      }
      return "Noted: \(day.friendly)."
    case .choice(let choices):
      guard let choice = choices.first(where: { $0.value == value.string }),
        typed != choice.label.lowercased(), typed != choice.value.lowercased()
      else { return nil }
      return "Noted: \(choice.label)."
    case .multiChoice(let choices, _, _):
      let labels = (value.array ?? []).compactMap { v in choices.first { $0.value == v.string }?.label }
      guard !labels.isEmpty, typed != labels.joined(separator: ", ").lowercased() else { return nil }
      return "Noted: \(labels.joined(separator: ", "))."
    case .action:
      guard let action = value.agreedAction else { return nil }
      var said = "Action: \(action.text)"
      if let owner = action.owner { said += " (owner \(owner))" }
      if let due = action.due.flatMap(CalendarDay.init(iso:)) { said += ", due \(due.friendly)" }
      return said + "."
    default:
      return nil
    }
  }

  func refuse(_ step: Step, raw: String, _ message: String, _ reply: inout Reply) {
    var message = message
    if failures >= 2 {
      message +=
        step.required
        ? ". Stuck? /help shows what is accepted; /note records why it cannot be answered"
        : ". Stuck? /skip moves on"
    }
    emit(Event(at: clock.now(), .invalid(.init(id: step.id, raw: raw, message: message))), &reply)
    reply.outputs.append(.error(step: step.id, message: message))
  }

  private func answerList(
    _ step: Step, _ text: String, raw: String, min: Int?, max: Int?, _ reply: inout Reply
  ) {
    let lines = text.split(whereSeparator: \.isNewline).map {
      $0.trimmedSpaces
    }.filter { !$0.isEmpty }
    if lines.isEmpty {
      let needed = min ?? (step.required ? 1 : 0)
      if items.count < needed {
        let message =
          items.isEmpty
          ? (step.required
            ? "the list needs at least \(needed) item\(needed == 1 ? "" : "s"): type one, then Enter"
            : "the list is empty: type an item, or /skip")
          : "the list needs at least \(needed) items (it has \(items.count))"
        refuse(step, raw: raw, message, &reply)
        return
      }
      if items.isEmpty {
        emit(Event(at: clock.now(), .skip(.init(id: step.id, raw: raw))), &reply)
        advance(from: step, &reply)
        return
      }
      accept(step, raw: raw, value: .array(items.map(Value.string)), &reply)
      return
    }
    if let max, items.count + lines.count > max {
      let room = max - items.count
      refuse(
        step, raw: raw,
        "the list takes at most \(max) item\(max == 1 ? "" : "s"); that was \(lines.count), and there is room for \(room) more",
        &reply)
      return
    }
    emit(
      Event(
        at: clock.now(),
        .partial(.init(id: step.id, raw: raw, part: .item, value: .array(lines.map(Value.string))))),
      &reply)
    if let max, items.count == max {
      // A full list is finished: there is nothing more it could take.
      if producesOutputs {
        reply.outputs.append(.say("That is the most this list takes (\(max)): it is complete.", tone: .info))
      }
      accept(step, raw: raw, value: .array(items.map(Value.string)), &reply)
    }
  }

  private func answerRating(
    _ step: Step, _ text: String, raw: String, anchors: [Int: String], competency: String?,
    evidence: Bool, _ reply: inout Reply
  ) {
    let (lo, hi) = AnswerParser.bounds(of: anchors)
    func value(_ score: Int, evidence: String?) -> Value {
      Rating(
        score: Double(score), min: Double(lo), max: Double(hi), anchor: anchors[score],
        competency: competency ?? step.id, evidence: evidence
      ).record
    }
    if let score = pendingScore {
      let evidenceText = text.trimmed
      if evidenceText.isEmpty {
        refuse(
          step, raw: raw,
          "a rating needs its evidence: say what was seen or heard that supports \(score)", &reply)
        return
      }
      accept(step, raw: raw, value: value(score, evidence: evidenceText), &reply)
      return
    }
    if text.trimmed.isEmpty, !step.required {
      skip(step, raw: raw, &reply)
      return
    }
    if !step.required, Self.notObserved.contains(AnswerParser.words(text.lowercased()).joined(separator: " "))
    {
      // What was not seen is not rated.
      if producesOutputs { reply.outputs.append(.say("Not observed: not rated.", tone: .info)) }
      skip(step, raw: raw, &reply)
      return
    }
    switch parser.parse(text, as: step.kind) {
    case .failure(let error):
      refuse(step, raw: raw, error.message, &reply)
    case .success(let parsed):
      let score = parsed.number.flatMap { Int(exactly: $0) } ?? lo
      if evidence {
        emit(
          Event(at: clock.now(), .partial(.init(id: step.id, raw: raw, part: .score, value: parsed))), &reply)
      } else {
        accept(step, raw: raw, value: value(score, evidence: nil), &reply)
      }
    }
  }
}
