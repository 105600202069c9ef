/// A session being recorded: its header and the events so far, appended durably to its record.
/// When it is closed (paused or completed), the store's index learns what it came to: no
/// caller updates the index by hand.
public final class SessionRecording {
  public let header: SessionHeader
  public let store: SessionStore
  let writer: RecordWriter
  /// Every event of the record, those read when it was reopened included.
  public private(set) var events: [Event]

  init(store: SessionStore, header: SessionHeader, writer: RecordWriter, events: [Event]) {
    self.store = store
    self.header = header
    self.writer = writer
    self.events = events
  }

  /// The record's file.
  public var path: String { writer.path }

  /// Appends `events` and makes them durable before returning.
  public func append(_ events: [Event]) throws(StoreError) {
    guard !events.isEmpty else { return }
    try writer.append(events)
    self.events += events
  }

  /// The record as it stands.
  public var record: SessionRecord {
    SessionRecord(path: path, header: header, events: events, warnings: [], tail: .clean)
  }

  /// Keeps what the session has come to in the store's index (its status, answers, actions and
  /// the lines typed), with the stamp of the record as written.
  public func close() {
    guard let stamp = writer.stamp else { return }
    store.remember(header, record: record, stamp: stamp)
  }
}
