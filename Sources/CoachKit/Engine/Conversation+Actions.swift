import Foundation

/// Agreed actions, the review of open ones carried in from earlier sessions, and metric trends.
extension Conversation {
  /// The question about one carried action item.
  func reviewQuestion(_ item: ActionItem) -> String {
    var text = "Open action"
    if let origin = item.origin { text += " from the \(origin)" }
    text += ": “\(item.text)”"
    var details: [String] = []
    if let owner = item.owner { details.append("owner \(owner)") }
    if let due = item.due.flatMap(CalendarDay.init(iso:)) {
      let days = due.ordinal - today.ordinal
      let when =
        days < 0
        ? "\(-days) day\(days == -1 ? "" : "s") overdue"
        : days == 0 ? "today" : "in \(days) day\(days == 1 ? "" : "s")"
      details.append("due \(due.friendly), \(when)")
    }
    if !details.isEmpty { text += " (" + details.joined(separator: "; ") + ")" }
    let position = "\(log.reviews.count + 1) of \(context.openActions.count)"
    return text + ". Done, dropped, or a new date? [\(position)]"
  }

  /// A decision on the carried item being reviewed; after the last one, the step's answer.
  func answerReview(_ step: Step, _ text: String, raw: String, _ reply: inout Reply) {
    guard let item = reviewedItem else {
      // Every item was decided but the answer was not recorded (a record cut between them):
      // the decisions are the answer.
      accept(step, raw: raw, value: .array(log.reviews.map(\.record)), &reply)
      return
    }
    switch parser.parseReview(text) {
    case .failure(let error):
      refuse(step, raw: raw, error.message, &reply)
    case .success(let decision):
      var updated = item
      updated.status = decision.status
      if let due = decision.due { updated.due = due.description }
      emit(
        Event(at: clock.now(), .partial(.init(id: step.id, raw: raw, part: .review, value: updated.record))),
        &reply)
      let said =
        switch decision.status {
        case .done: "Marked done."
        case .dropped: "Dropped."
        case .open:
          decision.due.map { day in
            day == item.dueDay ? "Still due \(day.friendly) (unchanged)." : "Moved to \(day.friendly)."
          } ?? "Left open."
        }
      reply.outputs.append(.say(said, tone: .info))
      if log.reviews.count == context.openActions.count {
        accept(step, raw: raw, value: .array(log.reviews.map(\.record)), &reply)
      }
    }
  }

  /// An action step: the action, its owner (the step's default when none is typed), its date.
  func answerAction(
    _ step: Step, _ text: String, raw: String, owner: Template?, requireDue: Bool, _ reply: inout Reply
  ) {
    switch parser.parseAction(text, owner: owner.map(render), requireDue: requireDue) {
    case .failure(let error): refuse(step, raw: raw, error.message, &reply)
    case .success(let value): accept(step, raw: raw, value: value, &reply)
    }
  }

  // MARK: trends

  /// `Close rate: 35% (last time 30%, +5 pts)`, or `(no earlier value)`; with the run of the
  /// last four values when more than two are known, and the target when the step has one.
  func trendText(_ step: Step, _ value: Value) -> String {
    let value = Self.reading(value)
    let now = display(value, kind: step.kind)
    var details: [String] = []
    if step.trend != nil {
      if let current = value.metric, let previous = context.previous[step.id], let last = previous.metric {
        let change = current == last ? "no change" : Self.displayChange(current - last, kind: step.kind)
        details.append("last time \(display(Self.reading(previous), kind: step.kind)), \(change)")
        let run = recent(Variable(name: step.id))
        if run.count > 2 {
          details.append(
            "the last \(run.count): " + run.map { display($0, kind: step.kind) }.joined(separator: " → "))
        }
      } else {
        details.append("no earlier value to compare")
      }
    }
    if let expression = step.target, let target = Evaluator.evaluate(expression, in: self).number {
      details.append("target \(display(.number(target), kind: step.kind))")
    }
    return "\(step.displayName): \(now)"
      + (details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")") + "."
  }

  /// Whether the metric moved the wrong way at each of the last two meetings.
  func worsenedTwice(_ step: Step) -> Bool {
    guard let trend = step.trend, let now = answers[step.id]?.metric,
      let last = context.previous[step.id]?.metric, let before = context.earlier[step.id]?.metric
    else { return false }
    return trend == .higher ? now < last && last < before : now > last && last > before
  }

  func worsenedTwiceText(_ step: Step) -> String {
    // A rating reads as its score here, without its anchor and evidence.
    let values = [context.earlier[step.id], context.previous[step.id], answers[step.id]].compactMap { $0 }
      .map { display(Self.reading($0), kind: step.kind) }
    let verb = step.trend == .lower ? "rose" : "fell"
    return "\(step.displayName) \(verb) two meetings running: \(values.joined(separator: " → "))."
  }
}
