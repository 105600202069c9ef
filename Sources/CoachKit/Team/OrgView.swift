import Foundation

/// The org below this login, as of the last `coach sync`: each person below it in the reporting
/// tree (however deep) who holds sessions or keeps a team file, with their due list, built from
/// what the team store let this login pull (``TeamMirror``). Row-level security decided what
/// was pulled, so the view holds nothing the login may not see; it needs no network. What
/// `coach due --team` and `coach report --team` add to the manager's own list.
public struct OrgView: Sendable {
  /// A person below, and what is due in their team.
  public struct Manager: Sendable {
    public var login: String
    public var name: String
    /// Whom they report to, as named in the tree (nil at its top).
    public var reportsTo: String?
    /// 1 for someone who reports to this login, 2 for their reports, and so on.
    public var depth: Int
    /// Their team file as pulled (empty when they keep none, or when it has errors).
    public var team: Team
    /// Their due list: their team (or, without a team file, the people they met), from their
    /// sessions.
    public var list: DueList

    /// Whether they hold no sessions and keep no team (a rep, say): the views leave them out.
    public var isEmpty: Bool { list.people.isEmpty }
  }

  /// The login the mirror was pulled as, and its name in the tree.
  public var login: String
  public var name: String?
  public var pulledAt: Date
  /// Everyone below, in the tree's order: each person before the people who report to them,
  /// siblings by name.
  public var managers: [Manager]
  /// What could not be read (a pulled record, a team file with errors).
  public var problems: [String]
  /// The names the lists were built with (the pulled area has no renames: each spelling is its
  /// own person); what `only(_:book:)` on a list of theirs takes.
  public let book: PeopleBook

  /// How deep the tree is walked: deeper than any org, shallow enough that a loop written into
  /// the tree cannot run away.
  static let depthLimit = 64

  /// The view of `mirror` as of `today`, or nil before its first pull. `dialogs` are the
  /// dialogs coach has, by id. With `countingCommitments` (a report, which shows how many are
  /// open and overdue), the commitments of a warm cache are read as their due dates alone: the
  /// lists' commitments then have no id and no text.
  public init?(
    mirror: TeamMirror, dialogs: [String: DueList.Dialog], today: CalendarDay,
    countingCommitments: Bool = false
  ) {
    // The pull the cache may hold whole, named before anything is read: a pull meanwhile only
    // makes the cache look stale.
    let pull = mirror.sessionsToken()
    guard var index = mirror.index(withSessions: false) else { return nil }
    login = index.login
    pulledAt = index.pulledAt
    book = PeopleBook(store: mirror.records)
    problems = []
    managers = []
    var names: [String: String] = [:]
    var children: [String: [TeamMirror.Person]] = [:]
    for person in index.people {
      names[person.login] = person.name
      if let manager = person.reportsTo, manager != person.login {
        children[manager, default: []].append(person)
      }
    }
    name = names[index.login]
    let below = Self.tree(below: index.login, children: children)

    let metrics = dialogs.compactMapValues(\.metrics)
    var digest = OrgDigest(mirror: mirror, metrics: metrics, countingFor: countingCommitments ? pull : nil)
    // Each owner's pairs: the person's name key → the facts of their sessions.
    var pairs: [String: [String: OrgDigest.Line]]
    if let pull, digest.token == pull {
      pairs = digest.byOwner
    } else {
      index = mirror.index() ?? index
      pairs = Self.work(
        index: index, owners: Set(below.map(\.person.login)), mirror: mirror, metrics: metrics,
        digest: &digest, problems: &problems)
      // A pull whose pairs were all worked out is read from the cache alone until the next.
      digest.seal(problems.isEmpty ? index.token : nil)
      digest.save()
    }

    let dialogIDs = Set(dialogs.keys)
    for (person, depth) in below {
      var facts: [String: PersonFacts] = [:]
      var everyone: [String] = []
      for (key, line) in pairs[person.login] ?? [:] {
        facts[key] = line.facts
        everyone.append(line.name)
      }
      var team = Team()
      if let text = mirror.teamFile(of: person.login) {
        let (parsed, _) = TeamFile.parse(
          text, file: mirror.root + "/files/" + person.login + ".yaml", dialogs: dialogIDs)
        if let parsed {
          team = parsed
        } else {
          problems.append(
            "the team file of \(Sanitizer.inline(person.name, limit: 60)) (\(person.login)) has errors: their list shows the people they met instead"
          )
        }
      }
      everyone.sort { PeopleBook.key($0) < PeopleBook.key($1) }
      var list = DueList(
        team: team, facts: facts, everyone: everyone, book: book, dialogs: dialogs, today: today,
        me: person.name)
      // Their own entry in their team file, with nothing of theirs to keep, is not news.
      let own = PeopleBook.key(person.name)
      list.people.removeAll { PeopleBook.key($0.name) == own && $0.rituals.isEmpty && $0.commitments.isEmpty }
      managers.append(
        Manager(
          login: person.login, name: person.name, reportsTo: person.reportsTo.map { names[$0] ?? $0 },
          depth: depth, team: team, list: list))
    }
  }

  /// The pairs of `owners` from `index`: each owner's sessions grouped by the name key of the
  /// person they were with, each group's facts from the cache while its sessions are unchanged,
  /// else from its records (kept in the cache). Records that cannot be read go to `problems`.
  static func work(
    index: TeamMirror.Index, owners: Set<String>, mirror: TeamMirror, metrics: [String: Set<String>],
    digest: inout OrgDigest, problems: inout [String]
  ) -> [String: [String: OrgDigest.Line]] {
    var groups: [String: [String: [String]]] = [:]
    var spelled: [String: String] = [:]
    for (id, entry) in index.sessions where owners.contains(entry.owner) {
      var with = entry.with
      if with == nil {
        // Pulled by an earlier coach: the record's header says.
        with = (try? mirror.records.read(id, skippingPrompts: true))?.header.with
      }
      guard let with, !with.isEmpty else { continue }
      let key = PeopleBook.key(with)
      groups[entry.owner, default: [:]][key, default: []].append(id)
      spelled[key] = spelled[key] ?? with
    }
    var pairs: [String: [String: OrgDigest.Line]] = [:]
    var live: Set<OrgDigest.Pair> = []
    for (owner, people) in groups {
      for (key, ids) in people {
        let pair = OrgDigest.Pair(owner: owner, key: key)
        live.insert(pair)
        let signature = OrgDigest.signature(of: ids.map { ($0, index.sessions[$0]?.revision ?? 0) })
        if let cached = digest.line(pair, signature: signature) {
          pairs[owner, default: [:]][key] = cached
          continue
        }
        var records: [SessionRecord] = []
        for id in ids {
          do {
            records.append(try mirror.records.read(id, skippingPrompts: true))
          } catch {
            problems.append(error.description)
          }
        }
        let history = PersonHistory(records: records)
        let name = history.sessions.last?.entry.with ?? spelled[key] ?? key
        let line = OrgDigest.Line(
          name: name, signature: signature, facts: PersonFacts(history, metrics: metrics))
        // A pair with a record that could not be read is worked out again next time.
        if records.count == ids.count { digest.keep(line, for: pair) }
        pairs[owner, default: [:]][key] = line
      }
    }
    digest.keepOnly(live)
    return pairs
  }

  /// The people below `login`, depth first, each before their reports, siblings by name; a
  /// person met twice (a loop in the tree) is walked once.
  static func tree(below login: String, children: [String: [TeamMirror.Person]]) -> [(
    person: TeamMirror.Person, depth: Int
  )] {
    var order: [(person: TeamMirror.Person, depth: Int)] = []
    var seen: Set<String> = [login]
    func sorted(_ people: [TeamMirror.Person]) -> [TeamMirror.Person] {
      people.sorted { (PeopleBook.key($0.name), $0.login) > (PeopleBook.key($1.name), $1.login) }
    }
    var stack = sorted(children[login] ?? []).map { ($0, 1) }
    while let (person, depth) = stack.popLast() {
      guard seen.insert(person.login).inserted else { continue }
      order.append((person, depth))
      if depth < depthLimit {
        stack += sorted(children[person.login] ?? []).map { ($0, depth + 1) }
      }
    }
    return order
  }

  /// The view with each person's list changed by `transform` (`within`, `only`).
  public func mapLists(_ transform: (DueList) -> DueList) -> OrgView {
    var view = self
    for i in view.managers.indices { view.managers[i].list = transform(view.managers[i].list) }
    return view
  }

  /// Only the part of the tree at and below `name` (a name, any case or accent, or a login);
  /// nil when nobody below is called so.
  public func only(_ name: String) -> OrgView? {
    let key = PeopleBook.key(name)
    guard let start = managers.firstIndex(where: { PeopleBook.key($0.name) == key || $0.login == name })
    else {
      return nil
    }
    var view = self
    let depth = managers[start].depth
    var end = start + 1
    while end < managers.count && managers[end].depth > depth { end += 1 }
    view.managers = Array(managers[start..<end])
    return view
  }
}
