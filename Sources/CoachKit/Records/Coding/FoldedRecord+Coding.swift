/// The folded record's JSON (docs/folded-record.schema.json).
extension FoldedRecord: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "the folded record")
    let dialog = try RecordFields(f.value("dialog"), "the folded record's dialog")
    let participants = try RecordFields(f.value("participants"), "the folded record's participants")
    var scores: [String: Rating] = [:]
    for (id, score) in try f.objectMembers("scores") { scores[id] = try Rating(record: score) }
    self.init(
      id: try f.string("id"),
      dialog: Dialog(
        id: try dialog.string("id"), version: try dialog.optionalInteger("version") ?? 1,
        sha256: try dialog.optionalString("sha256") ?? "", title: try dialog.optionalString("title") ?? ""),
      participants: Participants(
        with: try participants.optionalString("with"), by: try participants.optionalString("by")),
      status: try f.member("status", SessionStatus.self), startedAt: try f.date("started_at"),
      endedAt: try f.optionalDate("ended_at"), updatedAt: try f.date("updated_at"),
      answers: try f.objectMembers("answers"), path: try f.strings("path"), skipped: try f.strings("skipped"),
      notes: try f.decodeArray("notes", Note.self),
      actionItems: try f.decodeArray("action_items", ActionItem.self),
      flags: try f.decodeArray("flags", Flag.self), scores: scores,
      transcript: try f.decodeArray("transcript", TranscriptLine.self),
      coachVersion: try f.optionalString("coach_version") ?? "",
      elapsedSeconds: try f.optionalNumber("elapsed_seconds") ?? 0,
      currentStep: try f.optionalString("current_step"),
      warnings: try f.strings("warnings"))
  }

  public var record: Value {
    var object: [String: Value] = [
      "id": .string(id),
      "dialog": [
        "id": .string(dialog.id), "version": .number(Double(dialog.version)),
        "sha256": .string(dialog.sha256),
        "title": .string(dialog.title),
      ],
      "participants": ["with": .optional(participants.with), "by": .optional(participants.by)],
      "status": .string(status.rawValue),
      "started_at": .string(Clock.iso8601(startedAt)),
      "ended_at": .optional(endedAt),
      "updated_at": .string(Clock.iso8601(updatedAt)),
      "answers": .object(answers),
      "path": .array(path.map(Value.string)),
      "skipped": .array(skipped.map(Value.string)),
      "notes": .array(notes.map(\.record)),
      "action_items": .array(actionItems.map(\.record)),
      "flags": .array(flags.map(\.record)),
      "scores": .object(
        scores.reduce(into: [:]) { result, entry in
          guard case .object(var score) = entry.value.record else { return }
          score["step"] = .string(entry.key)
          result[entry.key] = .object(score)
        }),
      "transcript": .array(transcript.map(\.record)),
      "coach_version": .string(coachVersion),
      "elapsed_seconds": .number(elapsedSeconds),
    ]
    if let currentStep { object["current_step"] = .string(currentStep) }
    if !warnings.isEmpty { object["warnings"] = .array(warnings.map(Value.string)) }
    return .object(object)
  }
}

extension FoldedRecord.Note: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "a note")
    self.init(
      text: try f.string("text"), isPrivate: f.value("private") == .bool(true),
      step: try f.optionalString("step"),
      at: try f.date("at"))
  }

  public var record: Value {
    [
      "text": .string(text), "private": .bool(isPrivate), "step": .optional(step),
      "at": .string(Clock.iso8601(at)),
    ]
  }
}

extension FoldedRecord.Flag: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "a flag")
    self.init(id: try f.string("id"), text: try f.optionalString("text") ?? "")
  }

  public var record: Value { ["id": .string(id), "text": .string(text)] }
}

extension FoldedRecord.TranscriptLine: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "a transcript line")
    self.init(
      speaker: try f.member("speaker", Speaker.self), text: try f.string("text"), at: try f.date("at"),
      step: try f.optionalString("step"), event: try f.member("event", Event.Kind.self))
  }

  public var record: Value {
    [
      "speaker": .string(speaker.rawValue), "text": .string(text), "at": .string(Clock.iso8601(at)),
      "step": .optional(step), "event": .string(event.rawValue),
    ]
  }
}
