import Foundation

/// What a completed session settled: its answers and its action items. A completed record is
/// never written again, so these are kept in its person's index file, and starting a session
/// with the person does not read all their earlier records. `stamp` is the record's size and
/// modification time when it was cached: the outcome holds only while the record still has it.
public struct SessionOutcome: Equatable, Sendable {
  public var id: String
  public var stamp: String
  public var answers: [String: Value]
  public var actions: [ActionItem]

  public init(id: String, stamp: String, answers: [String: Value], actions: [ActionItem]) {
    self.id = id
    self.stamp = stamp
    self.answers = answers
    self.actions = actions
  }

  public init(id: String, stamp: String, log: SessionLog) {
    self.init(id: id, stamp: stamp, answers: log.answers, actions: log.allActions)
  }

  /// A line of a person's index file. It starts with the id and the stamp (the other keys
  /// follow in order), so that it can be told from the entry lines, and kept, without being
  /// decoded.
  var line: String {
    Self.linePrefix(id: id, stamp: stamp)
      + JSON.encode([
        "status": .string(SessionStatus.completed.rawValue), "answers": .object(answers),
        "actions": .array(actions.map(\.json)),
      ]).dropFirst()
  }

  /// `{"id":"…","stamp":"…",`: how the lines about completed sessions start.
  static func linePrefix(id: String, stamp: String) -> String {
    "{\"id\":" + JSON.encode(.string(id)) + ",\"stamp\":" + JSON.encode(.string(stamp)) + ","
  }

  /// The session id of a line about a completed session, read from its start.
  static func id(inLine line: ArraySlice<UInt8>) -> String? {
    let start = Array("{\"id\":\"".utf8)
    guard line.starts(with: start) else { return nil }
    let rest = line.dropFirst(start.count)
    guard let end = rest.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
    return String(decoding: rest[..<end], as: UTF8.self)
  }

  init?(json: Value) {
    guard let id = json["id"].string, let stamp = json["stamp"].string,
      json["status"].string == SessionStatus.completed.rawValue, let answers = json["answers"].object,
      let actions = json["actions"].array
    else { return nil }
    self.init(id: id, stamp: stamp, answers: answers, actions: actions.compactMap(ActionItem.init(json:)))
  }
}
