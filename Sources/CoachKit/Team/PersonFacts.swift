import Foundation

/// What the team's views (``DueList``, ``TeamReport``) read of one person's sessions, worked
/// out from their history and independent of the day: per dialog, when each session was held,
/// the last one's agreed next date and flags, the flags raised in the last two running, and the
/// numbers of the last sessions; and the commitments still open. Small enough to cache for the
/// whole team (``TeamDigest``), so that `coach due` does not read every session's answers.
public struct PersonFacts: Sendable {
  /// One dialog held with the person.
  public struct Dialog: Sendable {
    public var id: String
    /// The days sessions were held, oldest first.
    public var days: [CalendarDay]
    public var lastID: String
    /// The date agreed in the last session for the next (its `next_meeting` or `next_review`
    /// answer), when it is after that session.
    public var agreed: CalendarDay?
    /// The flags the last session raised.
    public var lastFlags: [SessionLog.RaisedFlag]
    /// The flags raised in both of the last two completed sessions.
    public var repeated: [SessionLog.RaisedFlag]
    /// The metrics of the last sessions (the steps the dialog tracks as trends: a number, or a
    /// rating's score), oldest first, by step.
    public var recent: [[String: Double]]
  }

  /// A commitment still open, with the day of the session that agreed it.
  public struct Open: Sendable {
    public var item: ActionItem
    public var agreedOn: CalendarDay
  }

  public var sessions: Int
  /// By dialog id.
  public var dialogs: [String: Dialog]
  /// Oldest first.
  public var open: [Open]
  /// The dialogs in the order they were first held.
  public var order: [String]

  /// How many sessions' numbers ``Dialog/recent`` keeps.
  public static let recentCount = 8

  public init(sessions: Int = 0, dialogs: [String: Dialog] = [:], open: [Open] = [], order: [String] = []) {
    self.sessions = sessions
    self.dialogs = dialogs
    self.open = open
    self.order = order
  }

  /// The facts of `history`; `metrics` are the steps each dialog tracks as trends.
  public init(_ history: PersonHistory, metrics: [String: Set<String>]) {
    self.init(sessions: history.sessions.count)
    var grouped: [String: [PersonHistory.Past]] = [:]
    for session in history.sessions {
      if grouped[session.entry.dialogID] == nil { order.append(session.entry.dialogID) }
      grouped[session.entry.dialogID, default: []].append(session)
    }
    for (id, sessions) in grouped {
      let last = sessions[sessions.count - 1]
      let lastDay = CalendarDay(last.entry.startedAt)
      let agreed = DueList.agreedDateSteps.lazy.compactMap {
        last.answers[$0]?.string.flatMap(CalendarDay.init(iso:))
      }
      .first { $0 > lastDay }
      let completed = sessions.filter { $0.status == .completed }.suffix(2)
      var repeated: [SessionLog.RaisedFlag] = []
      if completed.count == 2 {
        let before = Set(completed[completed.startIndex].flags.map(\.id))
        repeated = completed[completed.startIndex + 1].flags.filter { before.contains($0.id) }
      }
      dialogs[id] = Dialog(
        id: id, days: sessions.map { CalendarDay($0.entry.startedAt) }, lastID: last.entry.id, agreed: agreed,
        lastFlags: last.flags, repeated: repeated,
        recent: sessions.suffix(Self.recentCount).map { session in
          var numbers: [String: Double] = [:]
          for step in metrics[id] ?? [] {
            if let value = session.answers[step], let number = value.rating?.score ?? value.number {
              numbers[step] = number
            }
          }
          return numbers
        })
    }
    var days: [String: CalendarDay] = [:]
    for session in history.sessions { days[session.entry.id] = CalendarDay(session.entry.startedAt) }
    open = history.openActionItems.map { item in
      let session = item.id.split(separator: ":").first.map(String.init) ?? ""
      return Open(item: item, agreedOn: days[session] ?? CalendarDay(ordinal: 0))
    }
  }

}

// MARK: - Coding, for the cache

extension PersonFacts {
  var record: Value {
    func flags(_ list: [SessionLog.RaisedFlag]) -> Value { .array(list.map(\.record)) }
    return [
      "sessions": .number(Double(sessions)), "order": .array(order.map(Value.string)),
      "dialogs": .array(
        order.compactMap { dialogs[$0] }.map { d in
          [
            "id": .string(d.id), "days": .array(d.days.map { .number(Double($0.ordinal)) }),
            "last": .string(d.lastID), "agreed": .optional(d.agreed?.description),
            "flags": flags(d.lastFlags),
            "repeated": flags(d.repeated),
            "recent": .array(d.recent.map { .object($0.mapValues(Value.number)) }),
          ]
        }),
      "open": .array(open.map(\.record)),
    ]
  }

  init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "a person's facts")
    self.init(sessions: try f.optionalInteger("sessions") ?? 0, order: try f.strings("order"))
    for item in value["dialogs"].array ?? [] {
      let d = try RecordFields(item, "a dialog's facts")
      let id = try d.string("id")
      let days = (item["days"].array ?? []).compactMap { $0.number.map { CalendarDay(ordinal: Int($0)) } }
      dialogs[id] = Dialog(
        id: id, days: days, lastID: try d.string("last"),
        agreed: try d.optionalString("agreed").flatMap(CalendarDay.init(iso:)),
        lastFlags: try d.decodeArray("flags", SessionLog.RaisedFlag.self),
        repeated: try d.decodeArray("repeated", SessionLog.RaisedFlag.self),
        recent: (item["recent"].array ?? []).map { ($0.object ?? [:]).compactMapValues(\.number) })
    }
    let items = value["open"].array ?? []
    open.reserveCapacity(items.count)
    for item in items { open.append(try Open(record: item)) }
  }
}

extension PersonFacts.Open {
  /// A commitment known only by its due date (nil: none): what a view that counts the open
  /// commitments, and those overdue, reads of the cache. It has no id and no text.
  static func counted(due: String?) -> PersonFacts.Open {
    PersonFacts.Open(item: ActionItem(id: "", text: "", due: due), agreedOn: CalendarDay(ordinal: 0))
  }

  /// `[agreed_on, id, text, owner, due, status, step, origin]`, `null` for what is unknown: a
  /// row rather than an object, since a person can have a hundred open items and the cache is
  /// read whole by every `coach due` (objects took three times as long to read).
  var record: Value {
    [
      .number(Double(agreedOn.ordinal)), .string(item.id), .string(item.text), .optional(item.owner),
      .optional(item.due), .string(item.status.rawValue), .optional(item.step), .optional(item.origin),
    ]
  }

  init(record value: Value) throws(RecordProblem) {
    func optional(_ v: Value) throws(RecordProblem) -> String? {
      if case .null = v { return nil }
      guard let text = v.string else { throw RecordProblem("an open item's field is not text or null") }
      return text
    }
    guard let row = value.array, row.count == 8, let ordinal = row[0].number, abs(ordinal) < 4_000_000,
      let id = row[1].string, let text = row[2].string,
      let status = row[5].string.flatMap(ActionItem.Status.init(rawValue:))
    else {
      throw RecordProblem("an open item is not [agreed_on, id, text, owner, due, status, step, origin]")
    }
    self.init(
      item: ActionItem(
        id: id, text: text, owner: try optional(row[3]), due: try optional(row[4]), status: status,
        step: try optional(row[6]), origin: try optional(row[7])),
      agreedOn: CalendarDay(ordinal: Int(ordinal)))
  }
}
