import Foundation

/// What the store knows of one person across sessions: earlier answers and action items.
public struct PersonHistory: Sendable {
  /// One earlier session: what its header says, how it stands, what it settled.
  public struct Past: Sendable {
    public var entry: SessionIndex.Entry
    public var status: SessionStatus
    public var answers: [String: Value]
    public var actions: [ActionItem]
    /// The answers as typed.
    public var lines: [String]
    /// The flags raised when it ended.
    public var flags: [SessionLog.RaisedFlag]

    init(entry: SessionIndex.Entry, outcome: SessionOutcome) {
      self.entry = entry
      status = outcome.status
      answers = outcome.answers
      actions = outcome.actions
      lines = outcome.lines
      flags = outcome.flags
    }
  }

  /// Their sessions, oldest first.
  public var sessions: [Past] = []

  /// The sessions with `person` (names compared without case), found through the store's index.
  /// What a session's record adds up to comes from the index while the record is as it was
  /// cached from; otherwise the record is read (without its prompts), and what it adds up to is
  /// cached for next time.
  public init(store: SessionStore, person: String, book: PeopleBook? = nil) {
    let index = SessionIndex(store: store)
    var entries: [SessionIndex.Entry] = []
    var outcomes: [String: SessionOutcome] = [:]
    // Every name of the person: spellings renamed or merged into them count as theirs.
    for key in (book ?? PeopleBook(store: store)).keys(of: person) {
      let found = index.sessions(withKey: key)
      entries += found.entries
      outcomes.merge(found.outcomes) { a, _ in a }
    }
    var learned: [(String, SessionOutcome)] = []
    for entry in entries {
      guard let path = try? store.path(of: entry.id), let stamp = CacheFiles.fileStamp(path) else { continue }
      if let outcome = outcomes[entry.id], outcome.stamp == stamp {
        sessions.append(Past(entry: entry, outcome: outcome))
        continue
      }
      guard let record = try? store.read(entry.id, skippingPrompts: true) else { continue }
      let outcome = SessionOutcome(id: entry.id, stamp: stamp, record: record)
      sessions.append(Past(entry: entry, outcome: outcome))
      learned.append((entry.with ?? person, outcome))
    }
    for group in Dictionary(grouping: learned, by: { SessionIndex.key($0.0) }).values {
      index.remember(group.map(\.1), person: group[0].0)
    }
    sessions.sort { ($0.entry.startedAt, $0.entry.id) < ($1.entry.startedAt, $1.entry.id) }
  }

  /// The sessions of `records`, all with one person, read as they are: the pulled records of
  /// the org (``OrgView``), which no index keeps.
  public init(records: [SessionRecord]) {
    sessions = records.map { record in
      Past(
        entry: SessionIndex.Entry(record.header),
        outcome: SessionOutcome(id: record.header.id, stamp: "", record: record))
    }
    sessions.sort { ($0.entry.startedAt, $0.entry.id) < ($1.entry.startedAt, $1.entry.id) }
  }

  /// The completed sessions of `dialog`, newest first, other than `excluding`.
  public func completed(dialog: String, excluding: String? = nil) -> [Past] {
    sessions.reversed().filter {
      $0.entry.dialogID == dialog && $0.entry.id != excluding && $0.status == .completed
    }
  }

  /// Every action item agreed with the person, with the decisions later sessions took on it
  /// (done, dropped, moved): ids are `<session>:<item>`, origins name the session.
  public var actionItems: [ActionItem] {
    var items: [ActionItem] = []
    var index: [String: Int] = [:]
    for session in sessions {
      // Decisions on items carried into this session.
      for (_, answer) in session.answers {
        for decision in answer.reviewDecisions ?? [] {
          guard let i = index[decision.id] else { continue }
          items[i].status = decision.status
          if let due = decision.due { items[i].due = due }
        }
      }
      let day = Clock.iso8601(session.entry.startedAt).prefix(10)
      for var item in session.actions {
        item.id = session.entry.id + ":" + item.id
        item.origin = "\(session.entry.dialogTitle), \(day)"
        index[item.id] = items.count
        items.append(item)
      }
    }
    return items
  }

  /// The items still open.
  public var openActionItems: [ActionItem] { actionItems.filter { $0.status == .open } }
}
