import Foundation

/// The first line of a session record (DESIGN 5).
public struct SessionHeader: Equatable, Sendable {
  public static let format = "coach-session"
  public static let version = 1

  public var id: String
  public var dialogID: String
  public var dialogVersion: Int
  public var dialogTitle: String
  public var dialogSHA256: String
  /// `builtin:one-on-one` or the script's path.
  public var dialogOrigin: String
  public var with: String?
  public var by: String?
  public var startedAt: Date
  public var coachVersion: String
  public var terminal: (columns: Int, rows: Int)?
  /// The session `previous.<id>` read, and its answers as they were when this one started, so
  /// that resuming and replaying see exactly what the session saw.
  public var previousSession: String?
  public var previous: [String: Value] = [:]
  /// The answers of the session before that one (for trends), and the open action items carried
  /// in from earlier sessions with the person.
  public var earlier: [String: Value] = [:]
  public var carried: [ActionItem] = []
  /// What a conversation needs of this header to go on exactly as the session started.
  public var context: SessionContext {
    SessionContext(with: with, by: by, previous: previous, earlier: earlier, openActions: carried)
  }

  /// The time zone dates were read in (`friday`, `+7d`), so that a replay reads them the same.
  public var timeZone: String? = TimeZone.current.identifier

  public init(
    id: String, script: Script, with: String?, by: String?, startedAt: Date, coachVersion: String,
    terminal: (columns: Int, rows: Int)?, previousSession: String? = nil, previous: [String: Value] = [:]
  ) {
    self.id = id
    self.dialogID = script.id
    self.dialogVersion = script.version
    self.dialogTitle = script.title
    self.dialogSHA256 = script.sha256
    self.dialogOrigin = script.origin
    self.with = with
    self.by = by
    self.startedAt = startedAt
    self.coachVersion = coachVersion
    self.terminal = terminal
    self.previousSession = previousSession
    self.previous = previous
  }

  public static func == (a: SessionHeader, b: SessionHeader) -> Bool {
    JSON.encode(a.json) == JSON.encode(b.json)
  }

  public var json: Value {
    [
      "format": .string(Self.format), "version": .number(Double(Self.version)), "id": .string(id),
      "dialog": [
        "id": .string(dialogID), "version": .number(Double(dialogVersion)),
        "title": .string(dialogTitle), "sha256": .string(dialogSHA256),
        "origin": .string(dialogOrigin),
      ],
      "participants": ["with": .optional(with), "by": .optional(by)],
      "started_at": .string(Clock.iso8601(startedAt)), "coach_version": .string(coachVersion),
      "previous": [
        "session": .optional(previousSession), "answers": .object(previous), "earlier": .object(earlier),
      ],
      "carried": .array(carried.map(\.json)),
      "time_zone": .optional(timeZone),
      "terminal": terminal.map { ["columns": .number(Double($0.columns)), "rows": .number(Double($0.rows))] }
        ?? .null,
    ]
  }

  /// Reads a header; the message says what is wrong when it is not one.
  public init(json: Value) throws(RecordProblem) {
    guard json["format"].string == Self.format else {
      throw RecordProblem("not a coach session record (no \"format\":\"coach-session\" header)")
    }
    guard let version = json["version"].number, Int(version) == Self.version else {
      throw RecordProblem(
        "record format version \(json["version"].number.map { JSON.formatNumber($0) } ?? "?") is not supported; this coach reads version \(Self.version)"
      )
    }
    guard let id = json["id"].string, let dialog = json["dialog"]["id"].string,
      let startedAt = json["started_at"].string.flatMap(Clock.parseISO8601)
    else { throw RecordProblem("the header lacks its id, dialog or start time") }
    self.id = id
    self.dialogID = dialog
    self.dialogVersion = Int(json["dialog"]["version"].number ?? 1)
    self.dialogTitle = json["dialog"]["title"].string ?? dialog
    self.dialogSHA256 = json["dialog"]["sha256"].string ?? ""
    self.dialogOrigin = json["dialog"]["origin"].string ?? ""
    self.with = json["participants"]["with"].string
    self.by = json["participants"]["by"].string
    self.startedAt = startedAt
    self.coachVersion = json["coach_version"].string ?? ""
    if let columns = json["terminal"]["columns"].number, let rows = json["terminal"]["rows"].number {
      self.terminal = (Int(columns), Int(rows))
    }
    self.previousSession = json["previous"]["session"].string
    self.previous = json["previous"]["answers"].object ?? [:]
    self.earlier = json["previous"]["earlier"].object ?? [:]
    self.carried = json["carried"].array?.compactMap(ActionItem.init(json:)) ?? []
    self.timeZone = json["time_zone"].string
  }
}

/// Why a record line could not be read.
public struct RecordProblem: Error, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
}
