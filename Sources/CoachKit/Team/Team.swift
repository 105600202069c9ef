import Foundation

/// The manager's team: who is in it, in what role, whom each reports to, and the rituals each
/// is due for. It lives in `<store>/team.yaml` (docs/team-file.md), written by `coach team` and
/// by hand; ``TeamFile`` reads and writes it.
public struct Team: Equatable, Sendable {
  /// What a person is in the sales org.
  public enum Role: String, CaseIterable, Sendable {
    case rep, manager, leader, ceo, candidate

    /// The dialogs a person in this role is held, each at the dialog's own cadence, unless
    /// their entry says otherwise. Dialogs this coach does not have are left out.
    public var rituals: [String] {
      switch self {
      case .rep: ["one-on-one", "ride-along", "rep-review", "business-plan"]
      case .manager: ["one-on-one"]
      case .leader: ["leader-one-on-one", "ceo-alignment"]
      case .ceo, .candidate: []
      }
    }
  }

  /// How often one dialog is held with a person, as their entry says.
  public struct Cadence: Equatable, Sendable {
    public var dialog: String
    public var every: Script.Cadence

    public init(dialog: String, every: Script.Cadence) {
      self.dialog = dialog
      self.every = every
    }
  }

  /// One person of the team.
  public struct Member: Equatable, Sendable {
    public var name: String
    public var role: Role
    /// The person they report to, as written (a name of the team).
    public var reportsTo: String?
    /// When they joined the team: a ritual never held is due from then.
    public var since: CalendarDay?
    /// Cadences that override the dialog's own and the role's rituals (`none` turns one off),
    /// in the order written.
    public var cadences: [Cadence]

    public init(
      name: String, role: Role, reportsTo: String? = nil, since: CalendarDay? = nil, cadences: [Cadence] = []
    ) {
      self.name = name
      self.role = role
      self.reportsTo = reportsTo
      self.since = since
      self.cadences = cadences
    }

    /// The name as compared (``PeopleBook/key(_:)``).
    public var key: String { PeopleBook.key(name) }

    /// Sets how often `dialog` is held with them (replacing what was there).
    public mutating func set(_ dialog: String, every: Script.Cadence) {
      if let i = cadences.firstIndex(where: { $0.dialog == dialog }) {
        cadences[i].every = every
      } else {
        cadences.append(Cadence(dialog: dialog, every: every))
      }
    }
  }

  /// A ritual in effect for a person: a dialog and how often, and where that came from.
  public struct Ritual: Equatable, Sendable {
    public var dialog: String
    public var days: Int
    /// True when the team file sets the cadence; false when it is the dialog's own.
    public var fromTeamFile: Bool
  }

  /// A problem with the team as a whole, at the member it concerns.
  public struct Problem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
      case duplicate, unknownManager, reportsToSelf, cycle
    }
    public var member: Int
    public var kind: Kind
    public var description: String
  }

  /// The file's version of the schema.
  public static let version = 1
  /// The most people a team may have (a file is read whole; an org is far smaller).
  public static let maxMembers = 10_000

  public var members: [Member]

  public init(members: [Member] = []) {
    self.members = members
  }

  /// The position of the person called `name` (any spelling), if they are in the team.
  public func index(of name: String) -> Int? {
    let key = PeopleBook.key(name)
    return members.firstIndex { $0.key == key }
  }

  /// How often, in words: `every week`, `every 2 weeks`, `every 30 days`.
  public static func every(_ days: Int) -> String {
    switch days {
    case 1: "every day"
    case 7: "every week"
    case let d where d % 7 == 0 && d <= 28: "every \(d / 7) weeks"
    default: "every \(days) days"
    }
  }

  /// The person called `name` (any spelling), if they are in the team.
  public func member(_ name: String) -> Member? { index(of: name).map { members[$0] } }

  /// The person `name` means: called so, or else the one person whose name it is a short form
  /// or a typo of (`Max` for Max Power, ``PeopleBook/isNear(_:_:)``).
  public func find(_ name: String) -> Int? {
    PeopleBook.position(of: name, in: members.map(\.name))
  }

  /// Everyone who reports to `name`, directly or further down, nearest first. Each person is
  /// visited once, so a loop in a hand-edited file cannot make it run forever.
  public func reports(of name: String) -> [Member] {
    var found: [Member] = []
    var seen: Set<String> = [PeopleBook.key(name)]
    var queue = [PeopleBook.key(name)]
    while !queue.isEmpty {
      let manager = queue.removeFirst()
      for member in members
      where member.reportsTo.map(PeopleBook.key) == manager && !seen.contains(member.key) {
        seen.insert(member.key)
        found.append(member)
        queue.append(member.key)
      }
    }
    return found
  }

  /// What is wrong with the team as a whole: a person listed twice, a manager who is not in the
  /// team, someone reporting to themselves, a reporting line that loops.
  public func problems() -> [Problem] {
    var problems: [Problem] = []
    var first: [String: Int] = [:]
    for (i, member) in members.enumerated() {
      if let earlier = first[member.key] {
        problems.append(
          Problem(
            member: i, kind: .duplicate,
            description:
              "\(Sanitizer.inline(member.name, limit: 60)) is in the team twice (also entry \(earlier + 1))"))
      } else {
        first[member.key] = i
      }
    }
    for (i, member) in members.enumerated() {
      guard let manager = member.reportsTo else { continue }
      let key = PeopleBook.key(manager)
      if key == member.key {
        problems.append(
          Problem(
            member: i, kind: .reportsToSelf,
            description: "\(Sanitizer.inline(member.name, limit: 60)) cannot report to themselves"))
      } else if first[key] == nil {
        problems.append(
          Problem(
            member: i, kind: .unknownManager,
            description:
              "\(Sanitizer.inline(member.name, limit: 60)) reports to \(Sanitizer.inline(manager, limit: 60)), who is not in the team"
          ))
      }
    }
    // A loop: following reports_to from a member comes back to them. Each walk is at most as
    // long as the team.
    var looped: Set<String> = []
    for (i, member) in members.enumerated() where first[member.key] == i && !looped.contains(member.key) {
      var path: [String] = [member.key]
      var next = member.reportsTo.map(PeopleBook.key)
      while let key = next, let at = first[key], path.count <= members.count {
        if key == member.key {
          looped.formUnion(path)
          let names = path.compactMap { first[$0].map { members[$0].name } } + [member.name]
          problems.append(
            Problem(
              member: i, kind: .cycle,
              description:
                "the reporting line loops: \(names.map { Sanitizer.inline($0, limit: 40) }.joined(separator: " → "))"
            ))
          break
        }
        if path.contains(key) { break }  // a loop that does not pass through this member
        path.append(key)
        next = members[at].reportsTo.map(PeopleBook.key)
      }
    }
    return problems.sorted { $0.member < $1.member }
  }

  /// The rituals in effect for `member`: their role's dialogs at each dialog's own cadence, with
  /// the cadences of their entry over them; only dialogs in `cadences` (the dialogs this coach
  /// has, with their scripts' cadences) that are held on a rhythm.
  public func rituals(of member: Member, cadences: [String: Script.Cadence]) -> [Ritual] {
    var rituals: [Ritual] = []
    for dialog in member.role.rituals where !member.cadences.contains(where: { $0.dialog == dialog }) {
      if let days = cadences[dialog]?.days {
        rituals.append(Ritual(dialog: dialog, days: days, fromTeamFile: false))
      }
    }
    for cadence in member.cadences {
      if let days = cadence.every.days {
        rituals.append(Ritual(dialog: cadence.dialog, days: days, fromTeamFile: true))
      }
    }
    return rituals
  }
}
