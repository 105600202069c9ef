import Foundation

/// One line's worth of a session, for lists.
public struct SessionSummary: Equatable, Sendable {
  public var id: String
  public var dialogID: String
  public var dialogTitle: String
  public var with: String?
  public var by: String?
  public var status: SessionStatus
  public var startedAt: Date
  public var answered: Int

  public var json: Value {
    [
      "id": .string(id), "dialog": .string(dialogID), "title": .string(dialogTitle),
      "with": .optional(with), "by": .optional(by), "status": .string(status.rawValue),
      "started_at": .string(Clock.iso8601(startedAt)), "answers": .number(Double(answered)),
    ]
  }
}

extension SessionStore {
  /// Every readable session, newest first, and a message for each record that could not be
  /// read (a damaged record never hides the others).
  public func summaries() -> (sessions: [SessionSummary], problems: [String]) {
    var sessions: [SessionSummary] = []
    var problems: [String] = []
    for id in sessionIDs() {
      do {
        let record = try read(id)
        let log = record.log
        let header = record.header
        sessions.append(
          SessionSummary(
            id: id, dialogID: header.dialogID, dialogTitle: header.dialogTitle, with: header.with,
            by: header.by, status: log.status, startedAt: header.startedAt, answered: log.answers.count))
      } catch {
        problems.append("\(error)")
      }
    }
    sessions.sort { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    return (sessions, problems)
  }
}
