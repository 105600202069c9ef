/// A person's index line about what a record adds up to:
/// `{"id":…,"stamp":…,"status":…,"answers":…,"actions":…,"lines":…,"flags":…}`. It starts with the id and the stamp
/// (``RecordLine/indexLinePrefix(id:stamp:)``), the other keys follow in order, so that it can be
/// told from the entry lines, and kept, without being decoded.
extension SessionOutcome: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "an index line")
    self.init(
      id: try f.string("id"), stamp: try f.string("stamp"),
      status: try f.member("status", SessionStatus.self),
      answers: try f.objectMembers("answers"), actions: try f.decodeArray("actions", ActionItem.self),
      lines: try f.strings("lines"), flags: try f.decodeArray("flags", SessionLog.RaisedFlag.self))
  }

  public var record: Value {
    [
      "id": .string(id), "stamp": .string(stamp), "status": .string(status.rawValue),
      "answers": .object(answers), "actions": .array(actions.map(\.record)),
      "lines": .array(lines.map(Value.string)), "flags": .array(flags.map(\.record)),
    ]
  }

  /// The line as the person's index file keeps it.
  var line: String {
    RecordLine.indexLinePrefix(id: id, stamp: stamp)
      + JSON.encode([
        "status": .string(status.rawValue), "answers": .object(answers),
        "actions": .array(actions.map(\.record)), "lines": .array(lines.map(Value.string)),
        "flags": .array(flags.map(\.record)),
      ]).dropFirst()
  }
}

/// A raised flag, as an index line keeps it: `{"id":…,"text":…}`.
extension SessionLog.RaisedFlag: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "a flag")
    self.init(id: try f.string("id"), text: try f.string("text"))
  }

  public var record: Value { ["id": .string(id), "text": .string(text)] }
}

/// An index entry: `{"by","dialog","id","started_at","title","with"}`.
extension SessionIndex.Entry: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "an index entry")
    let dialog = try f.string("dialog")
    self.init(
      id: try f.string("id"), dialogID: dialog, dialogTitle: try f.optionalString("title") ?? dialog,
      with: try f.optionalString("with"), by: try f.optionalString("by"), startedAt: try f.date("started_at"))
  }

  public var record: Value {
    [
      "id": .string(id), "dialog": .string(dialogID), "title": .string(dialogTitle),
      "with": .optional(with), "by": .optional(by), "started_at": .string(Clock.iso8601(startedAt)),
    ]
  }
}
