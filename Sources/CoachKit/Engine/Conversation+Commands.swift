import Foundation

extension Conversation {
  func handleCommand(_ line: String, raw: String, _ reply: inout Reply) {
    guard let step = currentStep else { return }
    let body = line.dropFirst()
    let word = String(body.prefix { !$0.isWhitespace })
    let argument = body.dropFirst(word.count).trimmed
    func command() {
      emit(Event(at: clock.now(), .command(.init(raw: raw))), &reply)
    }
    // A refused command is recorded too: nothing typed is lost.
    let slash: SlashCommand
    switch CommandInfo.match(word, in: SlashCommand.all) {
    case .one(let info):
      slash = SlashCommand(rawValue: info.name)!
    case .ambiguous(let names):
      command()
      reply.outputs.append(
        .error(
          step: step.id,
          message:
            "/\(Sanitizer.inline(word, limit: 30)) could be \(names.map { "/" + $0 }.joined(separator: " or ")): type more of it"
        ))
      return
    case .none(let suggestion):
      command()
      reply.outputs.append(
        .error(
          step: step.id,
          message:
            "unknown command /\(Sanitizer.inline(word, limit: 30)): \(suggestion.map { "did you mean /\($0)? " } ?? "")/help lists the commands; start a line with // to answer with a slash"
        ))
      return
    }
    let name = slash.rawValue
    switch slash {
    case .help:
      command()
      reply.outputs.append(.help(helpCard(for: step)))
    case .where:
      command()
      reply.outputs.append(.agenda(agenda()))
    case .tip:
      command()
      // The step's tip, then the section's: what holds for the whole part of the meeting.
      let section = step.sectionID.flatMap { script.section($0) }
      if let tip = step.tip { reply.outputs.append(.say(render(tip), tone: .tip)) }
      if let section, let tip = section.tip {
        reply.outputs.append(.say(step.tip == nil ? tip : "\(section.title): \(tip)", tone: .tip))
      }
      if step.tip == nil, section?.tip == nil {
        reply.outputs.append(.say("There is no tip for this question.", tone: .info))
      }
    case .back:
      back(step, raw: raw, &reply)
    case .skip:
      if !items.isEmpty || pendingScore != nil || !log.reviews.isEmpty || log.pendingValue != nil {
        refuse(
          step, raw: raw,
          "part of this answer is in already: press Enter on an empty line to keep it, or /back to take it back",
          &reply)
      } else if step.required {
        refuse(
          step, raw: raw,
          "this question cannot be skipped: answer it (\(AnswerParser.accepted(by: step.kind))), or /note why not",
          &reply)
      } else {
        if producesOutputs {
          reply.outputs.append(.say("Skipped: \(Sentence.end(skippedName(step)))", tone: .info))
        }
        skip(step, raw: raw, &reply)
      }
    case .note, .private:
      guard !argument.isEmpty else {
        command()
        reply.outputs.append(
          .error(step: step.id, message: "write the note after /\(name), e.g. /\(name) sounded unsure"))
        return
      }
      emit(
        Event(
          at: clock.now(), .note(.init(text: argument, isPrivate: name == "private", step: step.id, raw: raw))
        ),
        &reply)
      reply.outputs.append(.say(name == "private" ? "Private note kept." : "Note kept.", tone: .info))
    case .action:
      if !action(argument, step: step, raw: raw, &reply) { command() }
    case .pause, .quit:
      emit(Event(at: clock.now(), .pause(.init(raw: raw, reason: name))), &reply)
      reply.outputs.append(.end(.paused))
    }
  }

  /// How a skipped step is named: its label, or the start of its question.
  func skippedName(_ step: Step) -> String {
    if let label = step.label { return label }
    let question = render(step.ask)
    return question.count <= 60 ? question : String(question.prefix(57)) + "…"
  }

  func skip(_ step: Step, raw: String, _ reply: inout Reply) {
    emit(Event(at: clock.now(), .skip(.init(id: step.id, raw: raw))), &reply)
    advance(from: step, &reply)
  }

  private func back(_ step: Step, raw: String, _ reply: inout Reply) {
    if pendingScore != nil || !items.isEmpty || !log.reviews.isEmpty || log.pendingValue != nil {
      let undo: PromptPart =
        log.pendingValue != nil ? .confirm : pendingScore != nil ? .score : !items.isEmpty ? .item : .review
      emit(Event(at: clock.now(), .back(.init(raw: raw, from: step.id, to: step.id, undo: undo))), &reply)
      let said =
        switch undo {
        case .score, .evidence: "Score taken back."
        case .item: "Last item taken back."
        case .review: "Last decision taken back."
        case .confirm: "Figure taken back."
        }
      reply.outputs.append(.say(said, tone: .info))
      return
    }
    guard let last = path.last, let target = script.step(last.id) else {
      reply.outputs.append(
        .error(step: step.id, message: "there is nothing to go back to: this is the first question"))
      return
    }
    let was = last.value.map { display($0, kind: target.kind) }
    emit(
      Event(
        at: clock.now(), .back(.init(raw: raw, from: step.id, to: last.id, dropped: [last.id], was: was))),
      &reply)
    updateFlags(&reply)
  }

  /// Records the action of `/action ARGUMENT`; false when it is refused (the reply says why).
  private func action(_ argument: String, step: Step, raw: String, _ reply: inout Reply) -> Bool {
    switch ActionCommand.parse(argument, today: today) {
    case .failure(let error):
      reply.outputs.append(.error(step: step.id, message: error.message))
      return false
    case .success(let parsed):
      let item = ActionItem(
        id: "a\(log.actions.count + 1)", text: parsed.text, owner: parsed.owner,
        due: parsed.due?.description, step: step.id)
      emit(Event(at: clock.now(), .action(.init(item: item, raw: raw))), &reply)
      var said = "Action: \(item.text)"
      if let owner = item.owner { said += " (owner \(owner))" }
      if let due = parsed.due { said += ", due \(due.friendly)" }
      reply.outputs.append(.say(said + ".", tone: .info))
      return true
    }
  }

  func helpCard(for step: Step) -> HelpCard {
    HelpCard(
      accepts: currentPart == .evidence ? "the evidence, as text" : AnswerParser.accepted(by: step.kind),
      isOptional: !step.required, commands: SlashCommand.all)
  }

  func agenda() -> Agenda {
    let currentSection = currentStep?.sectionID
    let answeredSections = Set(path.compactMap { script.step($0.id)?.sectionID })
    let at = self.currentIndex ?? script.steps.count
    var sections: [Agenda.Section] = []
    for section in script.sections {
      let state: Agenda.Section.State =
        section.id == currentSection ? .current : answeredSections.contains(section.id) ? .done : .ahead
      // A section passed over whole (no open commitments to review) is left out.
      let first = script.steps.firstIndex { $0.sectionID == section.id }
      if state == .ahead, let first, first < at,
        !script.steps[at...].contains(where: { $0.sectionID == section.id })
      {
        continue
      }
      sections.append(
        Agenda.Section(
          title: section.title, state: state, spent: Int(seconds(inSection: section.id)),
          budget: section.timebox))
    }
    let position = position(of: at)
    return Agenda(
      sections: sections, step: position.step, steps: position.steps, answered: path.count,
      elapsed: Int(log.totalSeconds), timebox: script.timebox, actions: log.actions.count,
      flags: log.flags.map(\.text))
  }
}

/// The parts of `/action TEXT [@owner] [due:DATE]`.
public struct ActionCommand: Equatable, Sendable {
  public var text: String
  public var owner: String?
  public var due: CalendarDay?

  /// Parses the text after `/action`. The date may be any date form, several words included
  /// (`due:next friday`, `due:in 2 weeks`).
  public static func parse(_ argument: String, today: CalendarDay) -> Result<ActionCommand, AnswerError> {
    var words = argument.split(whereSeparator: \.isWhitespace).map(String.init)
    var owner: String?
    var due: CalendarDay?
    var i = 0
    var kept: [String] = []
    while i < words.count {
      let word = words[i]
      if word.hasPrefix("@"), word.count > 1, owner == nil {
        owner = String(word.dropFirst())
        i += 1
      } else if word.lowercased().hasPrefix("due:") {
        words[i] = String(word.dropFirst(4))
        if words[i].isEmpty { words.remove(at: i) }
        var found: (CalendarDay, Int)?
        for length in stride(from: min(3, words.count - i), through: 1, by: -1) {
          let candidate = words[i..<(i + length)].joined(separator: " ")
          if let day = DateForm.resolve(candidate, today: today) {
            found = (day, length)
            break
          }
        }
        guard let (day, length) = found else {
          let shown = i < words.count ? words[i] : ""
          return .failure(
            AnswerError(
              "due:\(Sanitizer.inline(shown, limit: 30)) is not a date: write e.g. due:friday, due:+7d or due:2026-12-01"
            ))
        }
        due = day
        i += length
      } else {
        kept.append(word)
        i += 1
      }
    }
    let text = kept.joined(separator: " ")
    guard !text.isEmpty else {
      return .failure(AnswerError("say what the action is: /action Send the pricing deck @dana due:friday"))
    }
    return .success(ActionCommand(text: text, owner: owner, due: due))
  }
}
