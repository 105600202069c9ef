import Foundation

/// What is due, person by person: each ritual's last session and when the next is due (the
/// date agreed in the last session wins over the cadence), how far over and how many in a row
/// were missed; open and overdue commitments; flags raised two meetings running. People are in
/// the order they need the manager: the most overdue first.
public struct DueList: Sendable {
  /// A dialog, as the due list needs it: its title and how often it is held.
  public struct Dialog: Sendable {
    public var title: String
    public var cadence: Script.Cadence?
    /// The steps it tracks as trends (`trend:`), for the team report.
    public var metrics: Set<String>

    public init(title: String, cadence: Script.Cadence?, metrics: Set<String> = []) {
      self.title = title
      self.cadence = cadence
      self.metrics = metrics
    }

    public init(_ script: Script) {
      self.init(
        title: script.title, cadence: script.cadence,
        metrics: Set(script.steps.filter { $0.trend != nil }.map(\.id)))
    }
  }

  /// One ritual of one person.
  public struct Ritual: Sendable {
    public var dialog: String
    public var title: String
    public var days: Int
    /// True when the team file sets the cadence.
    public var fromTeamFile: Bool
    /// Sessions held of it.
    public var held: Int
    /// The last one: its id and day.
    public var lastID: String?
    public var last: CalendarDay?
    /// The date agreed in the last session for the next (its `next_meeting` answer), when it is
    /// after that session.
    public var agreed: CalendarDay?
    /// When the next is due: the agreed date, else the last one's day plus the cadence, else
    /// (never held) the day the person joined, else today. Nil past the calendar's end.
    public var due: CalendarDay?
    /// Days past `due` (0 when not over).
    public var overdueDays: Int
    /// How many meetings in a row were missed: each cadence period past `due` is one more.
    public var missed: Int
  }

  /// A commitment still open, with the day it was agreed.
  public struct Commitment: Sendable {
    public var item: ActionItem
    public var agreedOn: CalendarDay
    /// The item's due date, read once.
    public var due: CalendarDay?
    public var isOverdue: Bool
  }

  /// A flag raised in the last two sessions of a dialog.
  public struct RepeatedFlag: Sendable, Equatable {
    public var dialog: String
    public var id: String
    public var text: String
  }

  /// One person and what they need.
  public struct Person: Sendable {
    public var name: String
    /// Nil for someone met in sessions but not in the team file.
    public var role: Team.Role?
    public var reportsTo: String?
    public var sessions: Int
    public var rituals: [Ritual]
    /// Open commitments, oldest first.
    public var commitments: [Commitment]
    public var repeatedFlags: [RepeatedFlag]
    /// What their sessions add up to, for reports built on the list.
    public var facts: PersonFacts

    public var inTeam: Bool { role != nil }
    public var overdueCommitments: [Commitment] { commitments.filter(\.isOverdue) }

    /// The first day something of theirs is due: a ritual, or an open commitment with a date.
    public var firstDue: CalendarDay? {
      (rituals.compactMap(\.due) + commitments.compactMap(\.due)).min()
    }
  }

  public var today: CalendarDay
  /// The people of the team (or, without a team file, everyone met), most urgent first.
  public var people: [Person]
  /// Whether the store has a team; without one, everyone met in sessions is listed.
  public var hasTeam: Bool

  /// The answers that give the date agreed for the next session.
  public static let agreedDateSteps = ["next_meeting", "next_review"]

  /// Builds the list for the team of `store` (or, when it is empty, the people met in its
  /// sessions), as of `today`. `dialogs` are the dialogs coach has, by id. What each person's
  /// sessions add up to comes from ``TeamDigest``'s cache while it holds.
  public init(
    store: SessionStore, team: Team, dialogs: [String: Dialog], today: CalendarDay, book: PeopleBook? = nil,
    me: String? = nil
  ) {
    let book = book ?? PeopleBook(store: store)
    let (facts, everyone) = TeamDigest.facts(
      store: store, names: team.members.map(\.name), book: book, metrics: dialogs.compactMapValues(\.metrics))
    self.init(
      team: team, facts: facts, everyone: everyone, book: book, dialogs: dialogs, today: today, me: me)
  }

  /// Builds the list from each person's facts (by name key) and everyone met.
  public init(
    team: Team, facts: [String: PersonFacts], everyone: [String], book: PeopleBook, dialogs: [String: Dialog],
    today: CalendarDay, me: String? = nil
  ) {
    self.today = today
    hasTeam = !team.members.isEmpty
    let cadences = dialogs.compactMapValues(\.cadence)
    var people: [Person] = []
    var listed: Set<String> = []
    for member in team.members {
      listed.formUnion(book.keys(of: member.name))
      listed.insert(member.key)
      // Your own role's rituals are held by your manager, not by you: only a cadence your entry
      // sets (a dialog about yourself) is yours to keep.
      let isMe = me.map { PeopleBook.key($0) == member.key } ?? false
      let rituals = team.rituals(of: member, cadences: cadences).filter { !isMe || $0.fromTeamFile }.map {
        (dialog: $0.dialog, days: $0.days, fromTeamFile: $0.fromTeamFile)
      }
      people.append(
        Self.person(
          member.name, role: member.role, reportsTo: member.reportsTo, since: member.since,
          facts: facts[member.key] ?? PersonFacts(), rituals: rituals, dialogs: dialogs, today: today))
    }
    // People met in sessions who are not in the team: their rituals are the dialogs they had,
    // at each dialog's cadence.
    for name in everyone where !listed.contains(PeopleBook.key(name)) {
      guard let facts = facts[PeopleBook.key(name)], facts.sessions > 0 else { continue }
      let rituals = facts.order.compactMap { dialog in
        cadences[dialog]?.days.map { (dialog: dialog, days: $0, fromTeamFile: false) }
      }
      people.append(
        Self.person(
          name, role: nil, reportsTo: nil, since: nil, facts: facts, rituals: rituals, dialogs: dialogs,
          today: today))
    }
    // Sorted by what each needs first, worked out once a person.
    self.people = people.map {
      (
        person: $0, first: $0.firstDue ?? CalendarDay.last, missed: $0.rituals.map(\.missed).max() ?? 0,
        key: PeopleBook.key($0.name)
      )
    }
    .sorted { a, b in
      if a.first != b.first { return a.first < b.first }
      if a.missed != b.missed { return a.missed > b.missed }
      return a.key < b.key
    }
    .map(\.person)
  }

  /// The person with what they need.
  static func person(
    _ name: String, role: Team.Role?, reportsTo: String?, since: CalendarDay?, facts: PersonFacts,
    rituals: [(dialog: String, days: Int, fromTeamFile: Bool)], dialogs: [String: Dialog], today: CalendarDay
  ) -> Person {
    var list: [Ritual] = []
    var repeated: [RepeatedFlag] = []
    for ritual in rituals {
      let held = facts.dialogs[ritual.dialog]
      let lastDay = held?.days.last
      let due: CalendarDay? =
        if let agreed = held?.agreed { agreed } else if let lastDay { lastDay.adding(days: ritual.days) } else
        {
          since ?? today
        }
      let overdue = due.map { max(0, today.ordinal - $0.ordinal) } ?? 0
      list.append(
        Ritual(
          dialog: ritual.dialog, title: dialogs[ritual.dialog]?.title ?? ritual.dialog, days: ritual.days,
          fromTeamFile: ritual.fromTeamFile, held: held?.days.count ?? 0, lastID: held?.lastID, last: lastDay,
          agreed: held?.agreed, due: due, overdueDays: overdue,
          missed: overdue > 0 ? 1 + (overdue - 1) / ritual.days : 0))
      for flag in held?.repeated ?? [] {
        repeated.append(RepeatedFlag(dialog: ritual.dialog, id: flag.id, text: flag.text))
      }
    }
    list.sort { ($0.due ?? CalendarDay.last, $0.title) < ($1.due ?? CalendarDay.last, $1.title) }
    let commitments = facts.open.map { open -> Commitment in
      let due = open.item.dueDay
      return Commitment(
        item: open.item, agreedOn: open.agreedOn, due: due, isOverdue: due.map { $0 < today } ?? false)
    }
    return Person(
      name: name, role: role, reportsTo: reportsTo, sessions: facts.sessions, rituals: list,
      commitments: commitments, repeatedFlags: repeated, facts: facts)
  }

  // MARK: Narrowing

  /// Only what is due by `day` (overdue included): rituals and dated commitments; people with
  /// nothing left are left out.
  public func within(_ day: CalendarDay) -> DueList {
    var list = self
    list.people = people.compactMap { person in
      var person = person
      person.rituals = person.rituals.filter { ($0.due ?? CalendarDay.last) <= day }
      person.commitments = person.commitments.filter { ($0.due ?? CalendarDay.last) <= day }
      return person.rituals.isEmpty && person.commitments.isEmpty ? nil : person
    }
    return list
  }

  /// Only the person called `name` (any spelling), or else the one person whose name it is a
  /// short form or a typo of (`dana` for Dana Reyes).
  public func only(_ name: String, book: PeopleBook) -> DueList {
    let keys = book.keys(of: name).union([PeopleBook.key(name)])
    var list = self
    list.people = people.filter { keys.contains(PeopleBook.key($0.name)) }
    if list.people.isEmpty, let i = PeopleBook.position(of: name, in: people.map(\.name)) {
      list.people = [people[i]]
    }
    return list
  }

  /// The rituals due today or earlier, most overdue first, with their person.
  public var dueNow: [(person: String, ritual: Ritual)] {
    people.flatMap { person in
      person.rituals.filter { ($0.due ?? CalendarDay.last) <= today }.map { (person.name, $0) }
    }
    .sorted { ($0.ritual.due ?? today, $0.person) < ($1.ritual.due ?? today, $1.person) }
  }
}

// MARK: - JSON

extension DueList {
  /// The list for programs: `{"today", "has_team", "people": [{name, role, reports_to, in_team,
  /// sessions, rituals: […], commitments: {open, overdue, oldest, items}, repeated_flags}]}`.
  public var json: Value {
    func day(_ day: CalendarDay?) -> Value { .optional(day?.description) }
    func item(_ c: Commitment) -> Value {
      [
        "text": .string(c.item.text), "owner": .optional(c.item.owner), "due": .optional(c.item.due),
        "agreed_on": .string(c.agreedOn.description), "overdue": .bool(c.isOverdue),
        "origin": .optional(c.item.origin),
      ]
    }
    let people: [Value] = people.map { person in
      [
        "name": .string(person.name), "role": .optional(person.role?.rawValue),
        "reports_to": .optional(person.reportsTo), "in_team": .bool(person.inTeam),
        "sessions": .number(Double(person.sessions)),
        "rituals": .array(
          person.rituals.map {
            [
              "dialog": .string($0.dialog), "title": .string($0.title),
              "every_days": .number(Double($0.days)),
              "cadence_from": .string($0.fromTeamFile ? "team" : "dialog"), "held": .number(Double($0.held)),
              "last": day($0.last), "last_session": .optional($0.lastID), "agreed": day($0.agreed),
              "due": day($0.due), "overdue_days": .number(Double($0.overdueDays)),
              "missed": .number(Double($0.missed)),
            ]
          }),
        "commitments": [
          "open": .number(Double(person.commitments.count)),
          "overdue": .number(Double(person.overdueCommitments.count)),
          "oldest": person.commitments.first.map(item) ?? .null,
          "items": .array(person.commitments.map(item)),
        ],
        "repeated_flags": .array(
          person.repeatedFlags.map {
            ["dialog": .string($0.dialog), "id": .string($0.id), "text": .string($0.text)]
          }),
      ]
    }
    return ["today": .string(today.description), "has_team": .bool(hasTeam), "people": .array(people)]
  }
}
