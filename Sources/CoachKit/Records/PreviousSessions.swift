import Foundation

extension SessionStore {
  /// The answers of the last completed session of `dialog` with `person` (names compared
  /// without case), other than `excluding`.
  public func previousAnswers(dialog: String, with person: String?, excluding: String? = nil)
    -> [String: Value]
  {
    previousSession(dialog: dialog, with: person, excluding: excluding)?.answers ?? [:]
  }

  /// The last completed session of `dialog` with `person`: its id and answers.
  public func previousSession(dialog: String, with person: String?, excluding: String? = nil)
    -> (id: String, answers: [String: Value])?
  {
    guard let person else { return nil }
    var best: (startedAt: Date, id: String, answers: [String: Value])?
    for id in sessionIDs() where id != excluding {
      guard let record = try? read(id), record.header.dialogID == dialog,
        record.header.with?.lowercased() == person.lowercased()
      else { continue }
      let log = record.log
      guard log.status == .completed else { continue }
      if best == nil || record.header.startedAt > best!.startedAt {
        best = (record.header.startedAt, id, log.answers)
      }
    }
    return best.map { ($0.id, $0.answers) }
  }
}
