import Foundation

extension SessionStore {
  /// The answers of the last completed session of `dialog` with `person` (names compared
  /// without case), other than `excluding`.
  public func previousAnswers(dialog: String, with person: String?, excluding: String? = nil) -> [String:
    Value]
  {
    guard let person else { return [:] }
    var best: (Date, [String: Value])?
    for id in sessionIDs() where id != excluding {
      guard let record = try? read(id), record.header.dialogID == dialog,
        record.header.with?.lowercased() == person.lowercased()
      else { continue }
      let log = record.log
      guard log.status == .completed else { continue }
      if best == nil || record.header.startedAt > best!.0 { best = (record.header.startedAt, log.answers) }
    }
    return best?.1 ?? [:]
  }
}
