import Foundation

/// A session record read back: its header, its events, and warnings about what was tolerated
/// (a torn last line, left by a process killed while writing).
public struct SessionRecord: Sendable {
  public var path: String
  public var header: SessionHeader
  public var events: [Event]
  public var warnings: [String]

  /// Reads and checks the record at `path`; a corrupt or foreign file is an error naming the
  /// file and line.
  public static func read(path: String, skippingPrompts: Bool = false) throws(StoreError) -> SessionRecord {
    guard let data = FileManager.default.contents(atPath: path) else {
      if !FileManager.default.fileExists(atPath: path) {
        throw StoreError.unknownSession(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
      }
      throw StoreError.io(path: path, message: "cannot read the record (check its permissions)")
    }
    return try parse(data, path: path, skippingPrompts: skippingPrompts)
  }

  /// Parses the bytes of a record.
  /// With `skippingPrompts`, prompt events are left out unread (for what only needs answers,
  /// actions and statuses: their `type` key sorts last, so the end of the line tells).
  public static func parse(_ data: Data, path: String, skippingPrompts: Bool = false) throws(StoreError)
    -> SessionRecord
  {
    let bytes = [UInt8](data)
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw StoreError.corrupt(path: path, line: 1, message: "the file is not UTF-8 text: not a coach record")
    }
    var lines = JSON.lines(bytes)
    let endsWithNewline = bytes.last == UInt8(ascii: "\n")
    if endsWithNewline { lines.removeLast() }
    guard let first = lines.first, !first.isEmpty else {
      throw StoreError.corrupt(path: path, line: 1, message: "the record is empty")
    }
    let header: SessionHeader
    do {
      header = try SessionHeader(json: try JSON.decode(bytes: first))
    } catch let problem as RecordProblem {
      throw StoreError.corrupt(path: path, line: 1, message: problem.message)
    } catch {
      throw StoreError.corrupt(path: path, line: 1, message: "not a coach session record (\(error))")
    }
    var events: [Event] = []
    var warnings: [String] = []
    events.reserveCapacity(lines.count)
    let promptTail = Array("\"type\":\"prompt\"}".utf8)
    for (i, line) in lines.enumerated().dropFirst() {
      if skippingPrompts, line.count > promptTail.count,
        line.suffix(promptTail.count).elementsEqual(promptTail)
      {
        continue
      }
      let isLast = i == lines.count - 1
      let parsed = try? JSON.decode(bytes: line)
      if let parsed, let event = Event(json: parsed) {
        events.append(event)
        continue
      }
      if isLast && !endsWithNewline {
        warnings.append(
          "\(path):\(i + 1): the last line is incomplete (the session was cut off while writing it) and was left out"
        )
        break
      }
      if line.isEmpty { continue }
      let reason = parsed == nil ? "the line is not valid JSON" : "the line is not a coach event"
      throw StoreError.corrupt(
        path: path, line: i + 1, message: "\(reason); the record is damaged (fix or remove that line)")
    }
    return SessionRecord(path: path, header: header, events: events, warnings: warnings)
  }

  /// What the events add up to.
  public var log: SessionLog {
    var log = SessionLog()
    for event in events { log.apply(event) }
    return log
  }
}
