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
  /// The answers as they were typed (the lines a later session with the person recalls with Up
  /// and Ctrl-R), newest last.
  public var lines: [String]
  /// The flags raised when it ended, in the order raised (`coach due` looks for one raised two
  /// meetings running).
  public var flags: [SessionLog.RaisedFlag]

  public init(
    id: String, stamp: String, status: SessionStatus, answers: [String: Value], actions: [ActionItem],
    lines: [String] = [], flags: [SessionLog.RaisedFlag] = []
  ) {
    self.id = id
    self.stamp = stamp
    self.status = status
    self.answers = answers
    self.actions = actions
    self.lines = lines
    self.flags = flags
  }

  public init(id: String, stamp: String, record: SessionRecord) {
    let log = record.log
    self.init(
      id: id, stamp: stamp, status: log.status, answers: log.answers, actions: log.allActions,
      lines: record.answeredLines, flags: log.flags)
  }
}
