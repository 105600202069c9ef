import Foundation

/// What the store knows of one person across sessions: earlier answers and action items.
public struct PersonHistory: Sendable {
  /// Their sessions, oldest first.
  public var records: [SessionRecord]

  /// Reads every session with `person` (names compared without case), finding them through the
  /// store's index. Their prompts are not read: only answers, actions and statuses matter here.
  public init(store: SessionStore, person: String) {
    records = SessionIndex(store: store).entries(with: person).compactMap {
      try? store.read($0.id, skippingPrompts: true)
    }
    .sorted { ($0.header.startedAt, $0.header.id) < ($1.header.startedAt, $1.header.id) }
  }

  /// The completed sessions of `dialog`, newest first, other than `excluding`.
  public func completed(dialog: String, excluding: String? = nil) -> [SessionRecord] {
    records.reversed().filter {
      $0.header.dialogID == dialog && $0.header.id != excluding && $0.log.status == .completed
    }
  }

  /// Every action item agreed with the person, with the decisions later sessions took on it
  /// (done, dropped, moved): ids are `<session>:<item>`, origins name the session.
  public var actionItems: [ActionItem] {
    var items: [ActionItem] = []
    var index: [String: Int] = [:]
    for record in records {
      let log = record.log
      // Decisions on items carried into this session.
      for (_, answer) in log.answers {
        for decision in answer.array ?? [] {
          guard let id = decision["id"].string, let i = index[id], decision["status"].string != nil else {
            continue
          }
          items[i].status = decision["status"].string ?? items[i].status
          if let due = decision["due"].string { items[i].due = due }
        }
      }
      let day = Clock.iso8601(record.header.startedAt).prefix(10)
      for var item in log.allActions {
        item.id = record.header.id + ":" + item.id
        item.origin = "\(record.header.dialogTitle), \(day)"
        index[item.id] = items.count
        items.append(item)
      }
    }
    return items
  }

  /// The items still open.
  public var openActionItems: [ActionItem] { actionItems.filter { $0.status == "open" } }
}
