import Foundation

/// A session record in its shared form: what may leave the laptop (`coach sync` sends nothing
/// else). Private notes (`/private`) are not among its events, its folded record is the
/// `--shared` one, and what a dialog marks private would be left out here too: this is the one
/// place that decides (``isShared(_:)``).
public struct SharedRecord: Sendable {
  public var header: SessionHeader
  /// The header's line as JSON (the record's first line).
  public var headerLine: String
  /// The shared events, in the record's order.
  public var events: [Event]
  /// Each shared event's line as JSON, without its newline.
  public var eventLines: [String]
  /// The folded record in its shared form (``FoldedRecord/init(_:shared:)``).
  public var folded: FoldedRecord

  public var id: String { header.id }

  public init(_ record: SessionRecord) {
    self.init(record, lines: nil)
  }

  /// `record` in its shared form; with `lines` (the record's header line and one line an event,
  /// as the file has them), each shared event's line as it is there rather than encoded anew.
  init(_ record: SessionRecord, lines: [String]?) {
    header = record.header
    let lines = lines?.count == record.events.count + 1 ? lines : nil
    headerLine = lines?[0] ?? JSON.encode(record.header.record)
    events = []
    eventLines = []
    events.reserveCapacity(record.events.count)
    eventLines.reserveCapacity(record.events.count)
    for (n, event) in record.events.enumerated() where Self.isShared(event) {
      events.append(event)
      eventLines.append(lines?[n + 1] ?? JSON.encode(event.record))
    }
    folded = FoldedRecord(record, shared: true)
  }

  /// Reads session `id` of `store` in its shared form (what `coach sync` sends), keeping the
  /// lines of the file as they are when each is one of the record's events (else, as when a last
  /// line was cut off, encoding them anew).
  public static func read(_ id: String, in store: SessionStore) throws(StoreError) -> SharedRecord {
    let path = try store.path(of: id)
    let bytes = try StoreFile.readRecord(path, id: id, repairing: true)
    let record = try SessionRecord.parse(bytes, path: path)
    guard record.header.id == id else {
      throw StoreError.corrupt(
        path: path, line: 1,
        message: "the header names session \(Sanitizer.inline(record.header.id, limit: 40)), not \(id)")
    }
    var lines: [String] = []
    lines.reserveCapacity(record.events.count + 1)
    for line in JSON.lines(bytes) where !line.isEmpty {
      lines.append(String(decoding: line, as: UTF8.self))
    }
    if lines.count == record.events.count + 2 { lines.removeLast() }  // a last line cut off
    return SharedRecord(record, lines: lines)
  }

  /// Whether an event may leave the laptop: every event but a private note.
  public static func isShared(_ event: Event) -> Bool {
    if case .note(let note) = event.body, note.isPrivate { return false }
    return true
  }

  /// The folded shared record without its transcript (the events carry the exchange): what the
  /// team store keeps as a session's summary.
  public var summary: Value {
    var folded = self.folded
    folded.transcript = []
    guard case .object(var object) = folded.record else { return folded.record }
    object["transcript"] = nil
    return .object(object)
  }

  /// The action items still open.
  public var openActionCount: Int {
    folded.actionItems.filter { $0.status == .open }.count
  }

  /// The first `count` event lines, each with its newline: what the team store fingerprints
  /// (SHA-256) of what it holds, to check that a record only grew since.
  public func eventBytes(ofFirst count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    for line in eventLines.prefix(count) {
      bytes += line.utf8
      bytes.append(UInt8(ascii: "\n"))
    }
    return bytes
  }

  /// The record as a file: the header line, then each shared event's line.
  public var fileBytes: [UInt8] {
    var text = headerLine + "\n"
    for line in eventLines { text += line + "\n" }
    return Array(text.utf8)
  }
}
