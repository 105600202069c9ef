import Foundation

extension Conversation {
  /// Where the dialog begins.
  func firstTarget() -> Branch.Target {
    script.steps.first.map { .step($0.id) } ?? .end
  }

  /// Where the flow goes after `step` is answered or skipped: the first branch whose condition
  /// holds, else the next step in the file, else the end.
  func successor(of step: Step) -> Branch.Target {
    for branch in step.next where branch.condition.map({ Evaluator.test($0, in: self) }) ?? true {
      return branch.target
    }
    return stepAfter(step)
  }

  func stepAfter(_ step: Step) -> Branch.Target {
    guard let index = script.index(of: step.id), index + 1 < script.steps.count else { return .end }
    return .step(script.steps[index + 1].id)
  }

  /// Goes to `target`, passing over steps whose `when` does not hold, and asks it (or ends).
  func moveTo(_ target: Branch.Target, _ reply: inout Reply) {
    var target = target
    while case .step(let id) = target, let step = script.step(id) {
      if let when = step.when, !Evaluator.test(when, in: self) {
        target = stepAfter(step)
        continue
      }
      if case .actionReview = step.kind, context.openActions.isEmpty {
        target = stepAfter(step)
        continue
      }
      emit(Event(at: clock.now(), .prompt(promptEvent(step, part: Self.firstPart(of: step.kind)))), &reply)
      return
    }
    finish(&reply)
  }

  /// After an answer or a skip: what to say, flags, then the next question.
  func advance(from step: Step, _ reply: inout Reply) {
    if producesOutputs, let after = step.after, answers[step.id] != nil {
      reply.outputs.append(.say(render(after)))
    }
    if producesOutputs, step.trend != nil || step.target != nil, let value = answers[step.id] {
      reply.outputs.append(.say(trendText(step, value), tone: .info))
    }
    updateFlags(&reply, changed: step.id)
    moveTo(successor(of: step), &reply)
  }

  func finish(_ reply: inout Reply) {
    if let outro = script.outro { reply.outputs.append(.say(render(outro))) }
    if producesOutputs, let agreed = agreedSummary() { reply.outputs.append(.say(agreed, tone: .info)) }
    emit(Event(at: clock.now(), .end(.init(status: .completed))), &reply)
    reply.outputs.append(.end(.completed))
  }

  /// Raises and clears flags whose conditions changed: the script's, and a metric that moved the
  /// wrong way two meetings running.
  ///
  /// With `changed` (the step just answered), only the rules that read it, or read nothing that
  /// a session can change, are evaluated again; after `/back`, all are.
  func updateFlags(_ reply: inout Reply, changed: String? = nil) {
    var rules: [(id: String, holds: Bool, text: () -> String)] = []
    for (i, rule) in script.flags.enumerated() where changed.map({ script.flag(i, reads: $0) }) ?? true {
      rules.append((rule.id, Evaluator.test(rule.condition, in: self), { self.render(rule.text) }))
    }
    for step in script.steps where step.trend != nil && (changed == nil || changed == step.id) {
      rules.append((step.id + "_trend", worsenedTwice(step), { self.worsenedTwiceText(step) }))
    }
    for rule in rules {
      let holds = rule.holds
      let raised = log.flags.contains { $0.id == rule.id }
      guard holds != raised else { continue }
      // A cleared flag is named as it was raised: its values may no longer be there.
      let text = holds ? rule.text() : log.flags.first { $0.id == rule.id }?.text ?? rule.text()
      emit(Event(at: clock.now(), .flag(.init(id: rule.id, text: text, raised: holds))), &reply)
      reply.outputs.append(.say(holds ? "Flag: \(text)" : "Flag cleared: \(text)", tone: .flag))
    }
  }

  /// The event that records asking `step` (its text only when outputs are produced).
  func promptEvent(_ step: Step, part: PromptPart?) -> Event.Prompt {
    Event.Prompt(id: step.id, text: producesOutputs ? render(step.ask) : "", kind: step.kind.name, part: part)
  }

  /// The part a step is first asked for: a rating's score, a list's first item.
  static func firstPart(of kind: AnswerKind) -> PromptPart? {
    switch kind {
    case .rating(_, _, let evidence): evidence ? .score : nil
    case .list: .item
    case .actionReview: .review
    default: nil
    }
  }

  /// The part of the current step being asked: a rating's score or evidence, a list's items.
  var currentPart: PromptPart? {
    guard let step = currentStep else { return nil }
    if log.pendingValue != nil { return .confirm }
    switch step.kind {
    case .rating(_, _, let evidence): return evidence ? (pendingScore == nil ? .score : .evidence) : nil
    case .list: return .item
    case .actionReview: return .review
    default: return nil
    }
  }

  /// Shows the current question, recording it when it is a new one.
  func showPrompt(_ reply: inout Reply) {
    guard let step = currentStep else { return }
    let part = currentPart
    if log.lastPromptKey != SessionLog.promptKey(id: step.id, part: part) {
      emit(Event(at: clock.now(), .prompt(promptEvent(step, part: part))), &reply)
    }
    guard producesOutputs else { return }
    let prompt = makePrompt(step, part: part)
    reply.outputs.append(.prompt(prompt))
  }

  /// The step at `index` as the meeting counts it (`step 1 of 18`): the steps before it that
  /// were passed over (an action review with nothing open, a branch not taken) are not counted.
  func position(of index: Int) -> (step: Int, steps: Int) {
    let asked = Set(path.map(\.id))
    let passedOver = script.steps.prefix(min(index, script.steps.count)).filter { !asked.contains($0.id) }
      .count
    return (min(index, script.steps.count - 1) + 1 - passedOver, script.steps.count - passedOver)
  }

  func makePrompt(_ step: Step, part: PromptPart?) -> Prompt {
    let index = script.index(of: step.id) ?? 0
    let position = position(of: index)
    let section = step.sectionID.flatMap { script.section($0) }
    var text = render(step.ask)
    var kind = step.kind.name
    var accepts = AnswerParser.accepted(by: step.kind)
    if case .rating = step.kind, !step.required { accepts += ", or not observed" }
    if part == .review, let item = reviewedItem {
      text = reviewQuestion(item)
    }
    if part == .confirm, let pending = log.pendingValue {
      text = confirmQuestion(step, pending)
      kind = .yesNo
      accepts = "y to keep it, n to take it back, or the figure again"
    }
    if part == .evidence, let score = pendingScore {
      let label = step.kind.anchors[score].map { " (\($0))" } ?? ""
      text =
        step.evidenceAsk.map(render)
        ?? "What did you see or hear that supports \(score)\(label)? Give the evidence."
      kind = .text
      accepts = "the evidence, as text"
    }
    var prompt = Prompt(
      id: step.id, kind: kind, text: text, part: part, sectionID: section?.id,
      sectionTitle: section?.title, step: position.step, steps: position.steps,
      required: step.required, accepts: accepts,
      elapsed: Int(seconds(inSection: step.sectionID)), budget: section?.timebox,
      totalElapsed: Int(log.totalSeconds), timebox: script.timebox,
      previousAnswer: log.reopened[step.id], hasTip: step.tip != nil || section?.tip != nil,
      sectionTip: section?.tip)
    if part != .evidence, part != .confirm {
      prompt.choices = step.kind.choices ?? []
      prompt.anchors = step.kind.anchors.sorted { $0.key < $1.key }.map {
        Prompt.Anchor(score: $0.key, label: $0.value)
      }
      switch step.kind {
      case .scale(let lo, let hi, _):
        (prompt.min, prompt.max) = (Double(lo), Double(hi))
      case .rating(let anchors, _, _):
        let (lo, hi) = AnswerParser.bounds(of: anchors)
        (prompt.min, prompt.max) = (Double(lo), Double(hi))
      case .number(let o):
        (prompt.min, prompt.max, prompt.unit) = (o.min, o.max, o.unit)
      case .percent(let lo, let hi):
        (prompt.min, prompt.max, prompt.unit) = (lo, hi, "%")
      case .money(let lo, let hi, let currency):
        (prompt.min, prompt.max, prompt.unit) = (lo ?? 0, hi, currency)
      case .multiChoice(_, let lo, let hi), .list(let lo, let hi):
        (prompt.min, prompt.max) = (lo.map(Double.init), hi.map(Double.init))
      default: break
      }
    }
    prompt.items = items
    if part != .evidence, part != .review, part != .confirm, let last = context.previous[step.id] {
      prompt.lastTime = last
      prompt.lastTimeShown = display(last, kind: step.kind)
    }
    return prompt
  }
}

extension AnswerKind {
  /// The labelled points of a scale or rating.
  public var anchors: [Int: String] {
    switch self {
    case .scale(_, _, let a), .rating(let a, _, _): a
    default: [:]
    }
  }
}

extension Conversation {
  /// The actions agreed in this session, one a line, as the session ends; nil when there are
  /// none. Decisions on carried items are not repeated: they were said as they were taken.
  func agreedSummary() -> String? {
    let actions = log.allActions
    guard !actions.isEmpty else { return nil }
    var lines = [
      "Agreed in this session"
        + (context.with == nil ? ":" : ", to come back at the next session until done:")
    ]
    for action in actions {
      var details: [String] = []
      if let owner = action.owner { details.append(owner) }
      if let due = action.dueDay { details.append("due \(due.friendly)") }
      lines.append(
        "  • " + action.text + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")"))
    }
    return lines.joined(separator: "\n")
  }
}
