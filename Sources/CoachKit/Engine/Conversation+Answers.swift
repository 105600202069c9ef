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
      if text.trimmed.isEmpty, !step.required {
        // An empty line passes over an optional question.
        skip(step, raw: raw, &reply)
        return
      }
      switch parser.parse(text, as: step.kind) {
      case .success(let value): accept(step, raw: raw, value: value, &reply)
      case .failure(let error): refuse(step, raw: raw, error.message, &reply)
      }
    }
  }

  func accept(_ step: Step, raw: String, value: Value, _ reply: inout Reply) {
    emit(Event(at: clock.now(), .answer(.init(id: step.id, raw: raw, value: value))), &reply)
    if case .date = step.kind, let day = value.string.flatMap(CalendarDay.init(iso:)),
      CalendarDay(iso: raw.trimmedSpaces) == nil
    {
      reply.outputs.append(.say("Noted: \(day.friendly).", tone: .info))
    }
    advance(from: step, &reply)
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
      refuse(
        step, raw: raw,
        "the list takes at most \(max) items (it has \(items.count)): press Enter on an empty line to finish",
        &reply)
      return
    }
    emit(
      Event(
        at: clock.now(),
        .partial(.init(id: step.id, raw: raw, part: .item, value: .array(lines.map(Value.string))))),
      &reply)
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
