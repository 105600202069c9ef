/// The header line: `{"format":"coach-session","version":1,"id",…}` (docs/record-format.md).
extension SessionHeader: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "the header")
    guard f.value("format") == .string(Self.format) else {
      throw RecordProblem("not a coach session record (no \"format\":\"coach-session\" header)")
    }
    guard let version = try? f.optionalNumber("version"), version == Double(Self.version) else {
      let shown = (try? f.optionalNumber("version")).flatMap { $0 }.map(JSON.formatNumber) ?? "?"
      throw RecordProblem(
        "record format version \(shown) is not supported; this coach reads version \(Self.version)")
    }
    let dialog = try RecordFields(f.value("dialog"), "the header's dialog")
    let participants = try RecordFields(
      f.value("participants") == .null ? [:] : f.value("participants"), "the header's participants")
    let previous = try RecordFields(
      f.value("previous") == .null ? [:] : f.value("previous"), "the header's previous")
    guard let id = try? f.string("id"), let dialogID = try? dialog.string("id"),
      let startedAt = try? f.date("started_at")
    else { throw RecordProblem("the header lacks its id, dialog or start time") }
    self.id = id
    self.dialogID = dialogID
    self.dialogVersion = try dialog.optionalInteger("version") ?? 1
    self.dialogTitle = try dialog.optionalString("title") ?? dialogID
    self.dialogSHA256 = try dialog.optionalString("sha256") ?? ""
    self.dialogOrigin = try dialog.optionalString("origin") ?? ""
    self.with = try participants.optionalString("with")
    self.by = try participants.optionalString("by")
    self.startedAt = startedAt
    self.coachVersion = try f.optionalString("coach_version") ?? ""
    if f.value("terminal") != .null {
      let terminal = try RecordFields(f.value("terminal"), "the header's terminal")
      if let columns = try terminal.optionalInteger("columns"),
        let rows = try terminal.optionalInteger("rows")
      {
        self.terminal = TerminalSize(columns: columns, rows: rows)
      }
    }
    self.previousSession = try previous.optionalString("session")
    self.previous = try previous.objectMembers("answers")
    self.earlier = try previous.objectMembers("earlier")
    if case .array(let sessions) = previous.value("older") {
      self.older = sessions.compactMap { if case .object(let o) = $0 { o } else { nil } }
    }
    if case .object(let dialogs) = previous.value("last") {
      for (dialog, value) in dialogs {
        let session = try RecordFields(value, "the header's last \(dialog)")
        guard let id = try session.optionalString("session") else { continue }
        var earlier: [[String: Value]] = []
        if case .array(let sessions) = session.value("earlier") {
          earlier = sessions.compactMap { if case .object(let o) = $0 { o } else { nil } }
        }
        self.last[dialog] = LastSession(
          session: id, answers: try session.objectMembers("answers"), earlier: earlier)
      }
    }
    if case .object(let settings) = f.value("settings") { self.settings = settings }
    self.carried = try f.decodeArray("carried", ActionItem.self)
    self.timeZone = try f.optionalString("time_zone")
  }

  /// The header's `previous`: the sessions before this one that it read. The members added
  /// after the first version (`older`, `last`) are written only when they hold something, so
  /// that headers without them read as they always did.
  private var previousRecord: [String: Value] {
    var o: [String: Value] = [
      "session": .optional(previousSession), "answers": .object(previous), "earlier": .object(earlier),
    ]
    if !older.isEmpty { o["older"] = .array(older.map(Value.object)) }
    if !last.isEmpty {
      o["last"] = .object(
        last.mapValues { session in
          var o: [String: Value] = ["session": .string(session.session), "answers": .object(session.answers)]
          if !session.earlier.isEmpty { o["earlier"] = .array(session.earlier.map(Value.object)) }
          return .object(o)
        })
    }
    return o
  }

  public var record: Value {
    var o: [String: Value] = [
      "format": .string(Self.format), "version": .number(Double(Self.version)), "id": .string(id),
      "dialog": [
        "id": .string(dialogID), "version": .number(Double(dialogVersion)),
        "title": .string(dialogTitle), "sha256": .string(dialogSHA256),
        "origin": .string(dialogOrigin),
      ],
      "participants": ["with": .optional(with), "by": .optional(by)],
      "started_at": .string(Clock.iso8601(startedAt)), "coach_version": .string(coachVersion),
      "previous": .object(previousRecord),
      "carried": .array(carried.map(\.record)),
      "time_zone": .optional(timeZone),
      "terminal": terminal.map { ["columns": .number(Double($0.columns)), "rows": .number(Double($0.rows))] }
        ?? .null,
    ]
    if !settings.isEmpty { o["settings"] = .object(settings) }
    return .object(o)
  }
}
