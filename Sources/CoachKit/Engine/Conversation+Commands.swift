import Foundation

extension Conversation {
  /// The slash commands, with what `/help` says of them.
  public static let commands: [(name: String, usage: String, summary: String)] = [
    ("help", "/help", "what you can type here"),
    ("back", "/back", "go back and revise the previous answer"),
    ("skip", "/skip", "leave out an optional question"),
    ("note", "/note TEXT", "add a note to the record"),
    ("private", "/private TEXT", "add a private note (left out of --shared exports)"),
    ("action", "/action TEXT [@owner] [due:DATE]", "record an agreed action"),
    ("where", "/where", "the agenda, progress and time per section"),
    ("tip", "/tip", "coaching guidance for this question"),
    ("pause", "/pause", "save and leave; coach resume continues"),
    ("quit", "/quit", "save and leave (same as /pause)"),
  ]

  func handleCommand(_ line: String, raw: String, _ reply: inout Reply) {
    guard let step = currentStep else { return }
    let body = line.dropFirst()
    let name = String(body.prefix { !$0.isWhitespace }).lowercased()
    let argument = body.dropFirst(name.count).trimmed
    func command() {
      emit(Event(at: clock.now(), .command(.init(raw: raw))), &reply)
    }
    switch name {
    case "help":
      command()
      reply.outputs.append(.say(helpText(for: step), tone: .info))
    case "where":
      command()
      reply.outputs.append(.say(whereText(), tone: .info))
    case "tip":
      command()
      let section = step.sectionID.flatMap { script.section($0) }
      if let tip = step.tip {
        reply.outputs.append(.say(render(tip), tone: .tip))
      } else if let tip = section?.tip {
        reply.outputs.append(.say(tip, tone: .tip))
      } else {
        reply.outputs.append(.say("There is no tip for this question.", tone: .info))
      }
    case "back":
      back(step, raw: raw, &reply)
    case "skip":
      if !items.isEmpty || pendingScore != nil || !log.reviews.isEmpty {
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
        skip(step, raw: raw, &reply)
      }
    case "note", "private":
      guard !argument.isEmpty else {
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
    case "action":
      action(argument, step: step, raw: raw, &reply)
    case "pause", "quit":
      emit(Event(at: clock.now(), .pause(.init(raw: raw, reason: name))), &reply)
      reply.outputs.append(.end(.paused))
    default:
      let names = Self.commands.map(\.name)
      let suggestion = Suggestion.closest(to: name, in: names).map { "did you mean /\($0)? " } ?? ""
      reply.outputs.append(
        .error(
          step: step.id,
          message:
            "unknown command /\(Sanitizer.inline(name, limit: 30)): \(suggestion)/help lists the commands; start a line with // to answer with a slash"
        ))
    }
  }

  func skip(_ step: Step, raw: String, _ reply: inout Reply) {
    emit(Event(at: clock.now(), .skip(.init(id: step.id, raw: raw))), &reply)
    advance(from: step, &reply)
  }

  private func back(_ step: Step, raw: String, _ reply: inout Reply) {
    if pendingScore != nil || !items.isEmpty || !log.reviews.isEmpty {
      let undo: PromptPart = pendingScore != nil ? .score : !items.isEmpty ? .item : .review
      emit(Event(at: clock.now(), .back(.init(raw: raw, from: step.id, to: step.id, undo: undo))), &reply)
      let said =
        switch undo {
        case .score, .evidence: "Score taken back."
        case .item: "Last item taken back."
        case .review: "Last decision taken back."
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

  private func action(_ argument: String, step: Step, raw: String, _ reply: inout Reply) {
    switch ActionCommand.parse(argument, today: today) {
    case .failure(let error):
      reply.outputs.append(.error(step: step.id, message: error.message))
    case .success(let parsed):
      let item = ActionItem(
        id: "a\(log.actions.count + 1)", text: parsed.text, owner: parsed.owner,
        due: parsed.due?.description, step: step.id)
      emit(Event(at: clock.now(), .action(.init(item: item, raw: raw))), &reply)
      var said = "Action: \(item.text)"
      if let owner = item.owner { said += " (owner \(owner))" }
      if let due = parsed.due { said += ", due \(due.friendly)" }
      reply.outputs.append(.say(said + ".", tone: .info))
    }
  }

  func helpText(for step: Step) -> String {
    var lines = [
      "Type your answer and press Enter. This question takes \(currentPart == .evidence ? "the evidence, as text" : AnswerParser.accepted(by: step.kind))."
    ]
    if !step.required { lines.append("It is optional: an empty line or /skip leaves it out.") }
    lines.append("Commands:")
    let width = Self.commands.map(\.usage.count).max() ?? 0
    for command in Self.commands {
      lines.append(
        "  " + command.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary)
    }
    lines.append("Start a line with // to answer with a leading slash.")
    return lines.joined(separator: "\n")
  }

  func whereText() -> String {
    var lines: [String] = []
    let currentSection = currentStep?.sectionID
    let answeredSections = Set(path.compactMap { script.step($0.id)?.sectionID })
    for section in script.sections {
      let spent = Int(seconds(inSection: section.id))
      let mark = section.id == currentSection ? ">" : answeredSections.contains(section.id) ? "*" : " "
      var line = "\(mark) \(section.title)"
      let time =
        Clock.format(seconds: spent) + (section.timebox.map { " / \(Clock.format(seconds: $0))" } ?? "")
      line = line.padding(toLength: max(line.count, 36), withPad: " ", startingAt: 0) + "  " + time
      if let budget = section.timebox, spent > budget {
        line += "  over by \(Clock.format(seconds: spent - budget))"
      }
      lines.append(line)
    }
    let n = (currentIndex ?? script.steps.count - 1) + 1
    var summary =
      "Step \(n) of \(script.steps.count); \(path.count) answered; \(Clock.format(seconds: Int(log.totalSeconds)))"
    if let timebox = script.timebox { summary += " of \(Clock.format(seconds: timebox))" }
    lines.append(summary + " so far.")
    if !log.actions.isEmpty {
      lines.append("\(log.actions.count) action item\(log.actions.count == 1 ? "" : "s") recorded.")
    }
    if !log.flags.isEmpty { lines.append("Flags: " + log.flags.map(\.text).joined(separator: "; ")) }
    return lines.joined(separator: "\n")
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
