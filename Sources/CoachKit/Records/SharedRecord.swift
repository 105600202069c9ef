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
    header = record.header
    headerLine = JSON.encode(record.header.record)
    events = record.events.filter(Self.isShared)
    eventLines = events.map { JSON.encode($0.record) }
    folded = FoldedRecord(record, shared: true)
  }

  /// Whether an event may leave the laptop: every event but a private note.
  public static func isShared(_ event: Event) -> Bool {
    if case .note(let note) = event.body, note.isPrivate { return false }
    return true
  }

  /// The folded shared record without its transcript (the events carry the exchange): what the
  /// team store keeps as a session's summary.
  public var summary: Value {
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
