import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// The org's views over a mirror written as `coach sync` writes one: a tree of a leader, two
/// managers and a rep, and sessions recorded with the shipped dialogs.
@Suite struct OrgViewTests {
  let fixtures = ReviewFixtures()
  let leader: SessionStore
  let mirror: TeamMirror
  let dialogs: [String: DueList.Dialog]
  /// Fri 4 Dec 2026: the fixtures' sessions are in the week before.
  let today = CalendarDay(year: 2026, month: 12, day: 4)!

  init() throws {
    leader = SessionStore(root: fixtures.folder + "/leader")
    mirror = TeamMirror(store: leader)
    var dialogs: [String: DueList.Dialog] = [:]
    for id in ["one-on-one", "ride-along"] { dialogs[id] = DueList.Dialog(try fixtures.script(id)) }
    self.dialogs = dialogs
  }

  /// Copies the fixtures' sessions into the mirror as pulled ones, owned as `owners` says.
  func pull(_ owners: [String: String], people: [TeamMirror.Person], revision: Int64 = 1) throws {
    try mirror.prepare()
    var index = TeamMirror.Index(storeID: "store", login: "cora", pulledAt: Date(), people: people)
    for (id, owner) in owners {
      let bytes = try #require(FileManager.default.contents(atPath: try fixtures.store.path(of: id)))
      try mirror.write(id, bytes: Array(bytes))
      let with = try fixtures.store.read(id).header.with
      index.sessions[id] = TeamMirror.Entry(
        owner: owner, machine: "m-\(owner)", revision: revision, with: with)
    }
    try mirror.save(index)
  }

  static let people = [
    TeamMirror.Person(login: "cora", name: "Cora Chen", reportsTo: nil),
    TeamMirror.Person(login: "leo", name: "Leo Park", reportsTo: "cora"),
    TeamMirror.Person(login: "ana", name: "Ana Diaz", reportsTo: "cora"),
    TeamMirror.Person(login: "mia", name: "Mia Ruiz", reportsTo: "leo"),
  ]

  @Test func eachPersonBelowHasTheirTeamsDueListInTheTreesOrder() throws {
    let dana = try fixtures.record(
      "one-on-one", with: "Dana Reyes", day: 1,
      lines: ["course_of_action": ["Send the pricing sheet @Dana due:2026-12-01"]])
    let sam = try fixtures.record("ride-along", with: "Sam Lee", day: 2)
    try pull([dana: "leo", sam: "mia"], people: Self.people)
    try mirror.writeTeamFile(
      of: "leo",
      Array(
        "version: 1\npeople:\n  - name: Dana Reyes\n    role: rep\n    cadence:\n      one-on-one: 7d\n".utf8)
    )

    let org = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(org.login == "cora" && org.name == "Cora Chen")
    // Depth first, siblings by name: Ana, then Leo and the people below him.
    #expect(org.managers.map(\.login) == ["ana", "leo", "mia"])
    #expect(org.managers.map(\.depth) == [1, 1, 2])
    #expect(org.managers.map(\.reportsTo) == ["Cora Chen", "Cora Chen", "Leo Park"])
    #expect(org.managers[0].isEmpty)

    let leo = org.managers[1]
    #expect(leo.list.hasTeam)
    let person = try #require(leo.list.people.first)
    #expect(person.name == "Dana Reyes" && person.role == .rep)
    let ritual = try #require(person.rituals.first { $0.dialog == "one-on-one" })
    #expect(ritual.held == 1 && ritual.days == 7)
    #expect(person.commitments.map(\.item.text).contains("Send the pricing sheet"))
    #expect(person.overdueCommitments.count == 1)

    let mia = org.managers[2]
    #expect(!mia.list.hasTeam)
    #expect(mia.list.people.map(\.name) == ["Sam Lee"])
    #expect(mia.list.people[0].rituals.map(\.dialog) == ["ride-along"])
    #expect(org.problems.isEmpty)
  }

  @Test func theFactsAreCachedUntilASessionsRevisionChanges() throws {
    let dana = try fixtures.record("one-on-one", with: "Dana Reyes", day: 1)
    try pull([dana: "leo"], people: Self.people)
    let first = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(first.managers.first { $0.login == "leo" }?.list.people.count == 1)
    #expect(FileManager.default.fileExists(atPath: mirror.root + "/org.cache"))

    // The record goes, the index does not: the cached facts still hold.
    mirror.remove(dana)
    let cached = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(cached.managers.first { $0.login == "leo" }?.list.people.map(\.name) == ["Dana Reyes"])
    #expect(cached.problems.isEmpty)

    // A new revision is worked out again from the records: the missing one is reported.
    var index = try #require(mirror.index())
    index.sessions[dana]?.revision = 2
    try mirror.save(index)
    let again = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(again.problems.count == 1)
  }

  @Test func aPullWhosePairsWereAllWorkedOutIsReadFromTheCacheAlone() throws {
    let dana = try fixtures.record("one-on-one", with: "Dana Reyes", day: 1)
    let sam = try fixtures.record("ride-along", with: "Sam Lee", day: 2)
    try pull([dana: "leo", sam: "mia"], people: Self.people)
    let pull = try #require(mirror.sessionsToken())
    _ = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))

    // The sessions' lines emptied under the same token: the view does not read them.
    let path = mirror.root + "/pulled"
    let kept = try #require(FileManager.default.contents(atPath: path))
    try Data("coach-pulled 1 \(pull)\n".utf8).write(to: URL(fileURLWithPath: path))
    let cached = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(cached.managers.flatMap { $0.list.people.map(\.name) } == ["Dana Reyes", "Sam Lee"])

    // A new pull (a new token) is worked out again: Sam's session is gone from it.
    try kept.write(to: URL(fileURLWithPath: path))
    var index = try #require(mirror.index())
    #expect(index.sessions.count == 2 && index.token == pull)
    index.sessions[sam] = nil
    try mirror.save(index)
    #expect(mirror.sessionsToken() != pull)
    let again = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(again.managers.flatMap { $0.list.people.map(\.name) } == ["Dana Reyes"])
  }

  @Test func aReportCountsTheCommitmentsOfAWarmCacheWithoutTheirText() throws {
    let dana = try fixtures.record(
      "one-on-one", with: "Dana Reyes", day: 1,
      lines: ["course_of_action": ["Send the pricing sheet @Dana due:2026-12-01"]])
    try pull([dana: "leo"], people: Self.people)
    func person(_ org: OrgView?) throws -> DueList.Person {
      try #require(org?.managers.first { $0.login == "leo" }?.list.people.first)
    }
    // Cold: worked out from the records, the text is there even when counting.
    let cold = try person(OrgView(mirror: mirror, dialogs: dialogs, today: today, countingCommitments: true))
    #expect(cold.commitments.map(\.item.text).contains("Send the pricing sheet"))
    // Warm: counted from the due dates alone, with the same numbers.
    let full = try person(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    let counted = try person(
      OrgView(mirror: mirror, dialogs: dialogs, today: today, countingCommitments: true))
    #expect(full.commitments.count == 1 && full.overdueCommitments.count == 1)
    #expect(counted.commitments.count == 1 && counted.overdueCommitments.count == 1)
    #expect(counted.commitments.allSatisfy { $0.item.text.isEmpty })
    #expect(full.commitments.map(\.item.text) == ["Send the pricing sheet"])
  }

  @Test func aCountingReadStopsAtTheFactsAndADamagedCacheIsWorkedOutAgain() throws {
    let dana = try fixtures.record(
      "one-on-one", with: "Dana Reyes", day: 1,
      lines: ["course_of_action": ["Send the pricing sheet @Dana due:2026-12-01"]])
    try pull([dana: "leo"], people: Self.people)
    _ = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    // The commitments part cut off: a report, which stops before it, still counts them.
    let path = mirror.root + "/org.cache"
    var bytes = try #require(FileManager.default.contents(atPath: path))
    let header = try JSON.decode(bytes.prefix { $0 != UInt8(ascii: "\n") })
    let end =
      bytes.prefix { $0 != UInt8(ascii: "\n") }.count + 1 + Int(try #require(header["facts_bytes"].number))
    bytes = bytes.prefix(end)
    try bytes.write(to: URL(fileURLWithPath: path))
    func leo(_ org: OrgView?) -> DueList.Person? {
      org?.managers.first { $0.login == "leo" }?.list.people.first
    }
    let counted = leo(OrgView(mirror: mirror, dialogs: dialogs, today: today, countingCommitments: true))
    #expect(counted?.commitments.count == 1 && counted?.overdueCommitments.count == 1)
    // The due list, which reads them, finds the pair damaged and works it out from the record.
    let full = leo(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(full?.commitments.map(\.item.text) == ["Send the pricing sheet"])
  }

  @Test func aPullWithAnUnreadableRecordIsWorkedOutAgainAtEachView() throws {
    let dana = try fixtures.record("one-on-one", with: "Dana Reyes", day: 1)
    try pull([dana: "leo"], people: Self.people)
    try Data("not a record\n".utf8).write(to: URL(fileURLWithPath: try mirror.records.path(of: dana)))
    for _ in 0..<2 {
      let org = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
      #expect(org.problems.count == 1)
    }
  }

  @Test func aMirrorOfTheFirstLayoutIsStillRead() throws {
    let dana = try fixtures.record("one-on-one", with: "Dana Reyes", day: 1)
    try pull([dana: "leo"], people: Self.people)
    // As an earlier coach wrote it: the sessions inside pulled.json, no `pulled` lines.
    try FileManager.default.removeItem(atPath: mirror.root + "/pulled")
    let old: Value = [
      "version": 1, "store_id": "store", "login": "cora", "pulled_at": "2026-12-03T10:00:00Z",
      "sessions": [dana: ["owner": "leo", "machine": "m-leo", "revision": 1]],
      "people": .array(
        Self.people.map {
          ["login": .string($0.login), "name": .string($0.name), "reports_to": .optional($0.reportsTo)]
        }),
      "team_files": [:],
    ]
    try Data(JSON.encode(old).utf8).write(to: URL(fileURLWithPath: mirror.root + "/pulled.json"))
    #expect(mirror.index()?.sessions[dana]?.owner == "leo")
    #expect(mirror.sessionsToken() == nil)
    let org = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(org.managers.flatMap { $0.list.people.map(\.name) } == ["Dana Reyes"])
  }

  @Test func aLoopInTheTreeIsWalkedOnceAndNobodyOutsideItIsShown() throws {
    let dana = try fixtures.record("one-on-one", with: "Dana Reyes", day: 1)
    let outsider = try fixtures.record("one-on-one", with: "Olga Ng", day: 1)
    // leo and mia report to each other below cora; zed's sessions are pulled (held with cora)
    // but zed is not below her.
    let people = [
      TeamMirror.Person(login: "cora", name: "Cora Chen", reportsTo: nil),
      TeamMirror.Person(login: "leo", name: "Leo Park", reportsTo: "mia"),
      TeamMirror.Person(login: "mia", name: "Mia Ruiz", reportsTo: "leo"),
      TeamMirror.Person(login: "max", name: "Max Roe", reportsTo: "cora"),
      TeamMirror.Person(login: "leo2", name: "Leo Two", reportsTo: "max"),
    ]
    try pull([dana: "leo2", outsider: "zed"], people: people)
    let org = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(org.managers.map(\.login) == ["max", "leo2"])
    #expect(org.managers.flatMap { $0.list.people.map(\.name) } == ["Dana Reyes"])
  }

  @Test func onlyKeepsOnePersonsPartOfTheTree() throws {
    try pull([:], people: Self.people)
    let org = try #require(OrgView(mirror: mirror, dialogs: dialogs, today: today))
    #expect(org.only("leo park")?.managers.map(\.login) == ["leo", "mia"])
    #expect(org.only("mia")?.managers.map(\.login) == ["mia"])
    #expect(org.only("Nobody") == nil)
  }

  @Test func beforeTheFirstPullThereIsNoView() {
    #expect(OrgView(mirror: mirror, dialogs: dialogs, today: today) == nil)
  }
}
