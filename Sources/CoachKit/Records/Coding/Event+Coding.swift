import Foundation

/// Events as record lines: `{"at":…,"type":…, the payload's members}`. Keys are written sorted
/// (``JSON``), so `type` comes last on every line: ``RecordLine`` relies on it.
extension Event: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "an event")
    let type = try f.string("type")
    guard let kind = Kind(rawValue: type) else {
      throw RecordProblem("'\(Sanitizer.inline(type, limit: 30))' is not an event this coach knows")
    }
    at = try f.date("at")
    switch kind {
    case .prompt:
      body = .prompt(
        Prompt(
          id: try f.string("id"), text: try f.optionalString("text") ?? "",
          kind: try f.member("kind", AnswerKind.Name.self),
          part: try f.optionalMember("part", PromptPart.self)))
    case .answer:
      body = .answer(Answer(id: try f.string("id"), raw: try f.string("raw"), value: f.value("value")))
    case .partial:
      body = .partial(
        Partial(
          id: try f.string("id"), raw: try f.string("raw"), part: try f.member("part", PromptPart.self),
          value: f.value("value")))
    case .invalid:
      body = .invalid(
        Invalid(
          id: try f.string("id"), raw: try f.string("raw"), message: try f.optionalString("message") ?? ""))
    case .skip:
      body = .skip(Skip(id: try f.string("id"), raw: try f.string("raw")))
    case .back:
      body = .back(
        Back(
          raw: try f.string("raw"), from: try f.string("from"), to: try f.string("to"),
          dropped: try f.strings("dropped"), undo: try f.optionalMember("undo", PromptPart.self),
          was: try f.optionalString("was")))
    case .note:
      body = .note(
        Note(
          text: try f.string("text"), isPrivate: f.value("private") == .bool(true),
          step: try f.optionalString("step"), raw: try f.optionalString("raw") ?? ""))
    case .action:
      body = .action(
        Action(item: try f.decode("action", ActionItem.self), raw: try f.optionalString("raw") ?? ""))
    case .flag:
      body = .flag(
        Flag(id: try f.string("id"), text: try f.optionalString("text") ?? "", raised: try f.bool("raised")))
    case .command:
      body = .command(Command(raw: try f.string("raw")))
    case .pause:
      body = .pause(
        Pause(raw: try f.optionalString("raw"), reason: try f.optionalString("reason") ?? "pause"))
    case .resume:
      body = .resume
    case .end:
      body = .end(End(status: try f.optionalMember("status", SessionStatus.self) ?? .completed))
    }
  }

  public var record: Value {
    var o: [String: Value] = ["type": .string(kind.rawValue), "at": .string(Clock.iso8601(at))]
    switch body {
    case .prompt(let e):
      o["id"] = .string(e.id)
      o["text"] = .string(e.text)
      o["kind"] = .string(e.kind.rawValue)
      if let part = e.part { o["part"] = .string(part.rawValue) }
    case .answer(let e):
      o["id"] = .string(e.id)
      o["raw"] = .string(e.raw)
      o["value"] = e.value
    case .partial(let e):
      o["id"] = .string(e.id)
      o["raw"] = .string(e.raw)
      o["part"] = .string(e.part.rawValue)
      o["value"] = e.value
    case .invalid(let e):
      o["id"] = .string(e.id)
      o["raw"] = .string(e.raw)
      o["message"] = .string(e.message)
    case .skip(let e):
      o["id"] = .string(e.id)
      o["raw"] = .string(e.raw)
    case .back(let e):
      o["raw"] = .string(e.raw)
      o["from"] = .string(e.from)
      o["to"] = .string(e.to)
      if let undo = e.undo {
        o["undo"] = .string(undo.rawValue)
      } else {
        o["dropped"] = .array(e.dropped.map(Value.string))
      }
      if let was = e.was { o["was"] = .string(was) }
    case .note(let e):
      o["text"] = .string(e.text)
      o["private"] = .bool(e.isPrivate)
      o["step"] = .optional(e.step)
      o["raw"] = .string(e.raw)
    case .action(let e):
      o["action"] = e.item.record
      o["raw"] = .string(e.raw)
    case .flag(let e):
      o["id"] = .string(e.id)
      o["text"] = .string(e.text)
      o["raised"] = .bool(e.raised)
    case .command(let e):
      o["raw"] = .string(e.raw)
    case .pause(let e):
      if let raw = e.raw { o["raw"] = .string(raw) }
      o["reason"] = .string(e.reason)
    case .resume:
      break
    case .end(let e):
      o["status"] = .string(e.status.rawValue)
    }
    return .object(o)
  }
}
