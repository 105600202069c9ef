import Foundation

/// What a session's record adds up to, for the sessions that come after it: its status, its
/// answers and its action items. These are kept in the person's index file, so that starting a
/// session with the person does not read all their earlier records. `stamp` is the record's size
/// and modification time when it was cached: the outcome holds only while the record still has
/// it (a completed record is never written again; a paused one changes when resumed).
public struct SessionOutcome: Equatable, Sendable {
  public var id: String
  public var stamp: String
  public var status: SessionStatus
  public var answers: [String: Value]
  public var actions: [ActionItem]

  public init(
    id: String, stamp: String, status: SessionStatus, answers: [String: Value], actions: [ActionItem]
  ) {
    self.id = id
    self.stamp = stamp
    self.status = status
    self.answers = answers
    self.actions = actions
  }

  public init(id: String, stamp: String, log: SessionLog) {
    self.init(id: id, stamp: stamp, status: log.status, answers: log.answers, actions: log.allActions)
  }

  /// A line of a person's index file. It starts with the id and the stamp (the other keys
  /// follow in order), so that it can be told from the entry lines, and kept, without being
  /// decoded.
  var line: String {
    Self.linePrefix(id: id, stamp: stamp)
      + JSON.encode([
        "status": .string(status.rawValue), "answers": .object(answers),
        "actions": .array(actions.map(\.json)),
      ]).dropFirst()
  }

  /// `{"id":"…","stamp":"…",`: how the lines about a session's outcome or status start.
  static func linePrefix(id: String, stamp: String) -> String {
    "{\"id\":" + JSON.encode(.string(id)) + ",\"stamp\":" + JSON.encode(.string(stamp)) + ","
  }

  /// The session id of a line about a session's outcome or status, read from its start.
  static func id(inLine line: ArraySlice<UInt8>) -> String? {
    let start = Array("{\"id\":\"".utf8)
    guard line.starts(with: start) else { return nil }
    let rest = line.dropFirst(start.count)
    guard let end = rest.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
    return String(decoding: rest[..<end], as: UTF8.self)
  }

  /// The id, stamp and status of a status line, `{"id":"…","stamp":"…","status":"…"}`, read
  /// without decoding it (ids and stamps hold no quotes); nil for any other line.
  static func status(inLine line: ArraySlice<UInt8>) -> (id: String, stamp: String, status: SessionStatus)? {
    guard line.count < 256, line.last == UInt8(ascii: "}") else { return nil }
    let parts = line.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false)
    guard parts.count == 13, parts[0].elementsEqual("{".utf8), parts[1].elementsEqual("id".utf8),
      parts[5].elementsEqual("stamp".utf8), parts[9].elementsEqual("status".utf8),
      let status = SessionStatus(rawValue: String(decoding: parts[11], as: UTF8.self))
    else { return nil }
    return (String(decoding: parts[3], as: UTF8.self), String(decoding: parts[7], as: UTF8.self), status)
  }

  init?(json: Value) {
    guard let id = json["id"].string, let stamp = json["stamp"].string,
      let status = json["status"].string.flatMap(SessionStatus.init(rawValue:)),
      let answers = json["answers"].object, let actions = json["actions"].array
    else { return nil }
    self.init(
      id: id, stamp: stamp, status: status, answers: answers,
      actions: actions.compactMap(ActionItem.init(json:)))
  }
}
