#if TeamStore
  import CoachKit
  import CoachTeamStore
  import CoachTestSupport
  import Foundation
  import PostgresNIO
  import Testing

  /// Row-level security, enforced by the database: every login of a small org (CEO → leader →
  /// two managers → a rep each) connects as itself and tries to read, write and delete every
  /// other's rows; a role with no grant, and a member outside the tree, see nothing.
  @Suite(.serialized, .enabled(if: Cluster.available, Cluster.reason))
  struct TeamVisibilityTests {
    /// The org: name → manager.
    static let tree: [(String, String?)] = [
      ("Cora", nil), ("Leo", "Cora"), ("Mia", "Leo"), ("Max", "Leo"), ("Rita", "Mia"), ("Rob", "Max"),
    ]
    /// Whom each runs their sessions with (one each): the person below, or up for the reps.
    static let heldWith: [String: String] = [
      "Cora": "Leo", "Leo": "Mia", "Mia": "Rita", "Max": "Rob", "Rita": "Customer Ann", "Rob": "Mia",
    ]

    /// Whether `reader` may read the sessions `owner` ran: their own, anyone's below them, and
    /// those held with them.
    static func mayRead(_ reader: String, _ owner: String) -> Bool {
      if reader == owner || heldWith[owner] == reader { return true }
      var manager = tree.first { $0.0 == owner }?.1
      while let above = manager {
        if above == reader { return true }
        manager = tree.first { $0.0 == above }?.1
      }
      return false
    }

    @Test func everyRoleSeesOnlyWhatIsTheirsAndWritesOnlyItsOwnRows() async throws {
      let org = try await TestOrg()
      try org.initialize()
      var logins: [String: String] = [:]
      var sessions: [String: [String]] = [:]
      for (name, manager) in Self.tree {
        logins[name] = try org.add(name, reportsTo: manager)
      }
      let seed = TemporaryFolder("coach-rls-seed")
      let path = try SessionFixtures.record(with: "Someone", by: "Anyone", store: seed.path)
      for (name, _) in Self.tree {
        let store = TemporaryFolder("coach-rls-" + name)
        sessions[name] = try SessionFixtures.copy(
          path, into: store.path, count: 2, people: [Self.heldWith[name]!])
        FileManager.default.createFile(
          atPath: store.path + "/team.yaml", contents: Data("owner: \(name)\n".utf8),
          attributes: [.posixPermissions: 0o600])
        let result = try org.coach(["sync"], login: logins[name]!, store: store.path)
        #expect(result.status == 0, "\(name): \(result.stderr)")
      }
      let before = try await org.rows(everything: true)

      for (reader, _) in Self.tree {
        let db = try await org.connect(logins[reader]!)
        for (owner, _) in Self.tree {
          let ownerLogin = logins[owner]!
          let ids = sessions[owner]!
          let expected = Self.mayRead(reader, owner)
          let seen = try await db.rows("SELECT id FROM coach.sessions WHERE owner = \(ownerLogin)")
          #expect(seen.count == (expected ? 2 : 0), "\(reader) reading \(owner)'s sessions")
          let events = try await db.rows("SELECT count(*) FROM coach.events WHERE session_id = ANY(\(ids))")
          #expect((try events.first!.decode(Int.self) > 0) == expected, "\(reader) reading \(owner)'s events")
          let files = try await db.rows("SELECT body FROM coach.team_files WHERE owner = \(ownerLogin)")
          let filesExpected = reader == owner || Self.isBelow(owner, reader)
          #expect(files.count == (filesExpected ? 1 : 0), "\(reader) reading \(owner)'s team file")
          guard reader != owner else { continue }
          // Writing or deleting another's rows: nothing changes (rows out of reach), or the
          // server refuses (a row that would be theirs).
          let updated = try await db.rows(
            "UPDATE coach.sessions SET status = 'completed' WHERE owner = \(ownerLogin) RETURNING id")
          #expect(updated.isEmpty, "\(reader) updating \(owner)'s sessions")
          let updatedEvents = try await db.rows(
            "UPDATE coach.events SET body = 'x' WHERE session_id = ANY(\(ids)) RETURNING seq")
          #expect(updatedEvents.isEmpty, "\(reader) updating \(owner)'s events")
          let deleted = try await db.rows(
            "DELETE FROM coach.sessions WHERE owner = \(ownerLogin) RETURNING id")
          #expect(deleted.isEmpty, "\(reader) deleting \(owner)'s sessions")
          let deletedEvents = try await db.rows(
            "DELETE FROM coach.events WHERE session_id = ANY(\(ids)) RETURNING seq")
          #expect(deletedEvents.isEmpty, "\(reader) deleting \(owner)'s events")
          let deletedFiles = try await db.rows(
            "DELETE FROM coach.team_files WHERE owner = \(ownerLogin) RETURNING owner")
          #expect(deletedFiles.isEmpty, "\(reader) deleting \(owner)'s team file")
          await #expect(throws: TeamStoreError.self, "\(reader) inserting a session as \(owner)") {
            try await db.run(
              """
              INSERT INTO coach.sessions (id, owner, machine, dialog_id, dialog_version, status, started_at,
                updated_at, header, summary, open_actions, event_count, events_sha256)
              VALUES ('forged', \(ownerLogin), 'm', 'x', 1, 'completed', now(), now(), '', '{}', 0, 0, '')
              """)
          }
          await #expect(throws: TeamStoreError.self, "\(reader) adding an event to \(owner)'s session") {
            try await db.run(
              """
              INSERT INTO coach.events (session_id, seq, count, owner, body)
              VALUES (\(ids[0]), 999, 1, \(ownerLogin), '{}\n')
              """)
          }
          await #expect(throws: TeamStoreError.self, "\(reader) taking \(owner)'s event as theirs") {
            try await db.run(
              """
              INSERT INTO coach.events (session_id, seq, count, body)
              VALUES (\(ids[0]), 999, 1, '{}\n')
              """)
          }
        }
        // The tree itself is the administrator's: a member changes none of it.
        await #expect(throws: TeamStoreError.self, "\(reader) moving someone in the tree") {
          try await db.run("UPDATE coach.people SET reports_to = NULL")
        }
        let people = try await db.rows("SELECT login FROM coach.people")
        #expect(
          Set(people.map { try! $0.decode(String.self) })
            == Set(Self.tree.map(\.0).filter { $0 == reader || Self.isBelow($0, reader) }.map { logins[$0]! }),
          "\(reader) reading the tree")
        await db.close()
      }
      #expect(try await org.rows(everything: true) == before, "a member changed another's rows")

      // A role with no grant cannot even look; a member outside the tree sees nothing.
      let root = try await org.superuser()
      let nobody = "nobody_" + org.tag
      let outsider = "outsider_" + org.tag
      try await root.run(PostgresQuery(unsafeSQL: "CREATE ROLE \(nobody) LOGIN PASSWORD 'nobody-pw'"))
      try await root.run(
        PostgresQuery(unsafeSQL: "CREATE ROLE \(outsider) LOGIN PASSWORD 'outsider-pw' IN ROLE coach_member"))
      await root.close()
      org.remember(nobody, "nobody-pw")
      org.remember(outsider, "outsider-pw")
      let none = try await org.connect(nobody)
      for table in ["sessions", "events", "team_files", "people", "info", "migrations"] {
        await #expect(throws: TeamStoreError.self, "a role with no grant reading \(table)") {
          try await none.run(PostgresQuery(unsafeSQL: "SELECT * FROM coach.\(table)"))
        }
      }
      await none.close()
      let out = try await org.connect(outsider)
      for table in ["sessions", "events", "team_files", "people"] {
        let rows = try await out.rows(PostgresQuery(unsafeSQL: "SELECT * FROM coach.\(table)"))
        #expect(rows.isEmpty, "a member outside the tree reading \(table)")
      }
      await #expect(throws: TeamStoreError.self) {
        try await out.run("SELECT * FROM coach.migrations")
      }
      await out.close()
    }

    /// Whether `person` is below `manager` in the tree.
    static func isBelow(_ person: String, _ manager: String) -> Bool {
      var above = tree.first { $0.0 == person }?.1
      while let next = above {
        if next == manager { return true }
        above = tree.first { $0.0 == next }?.1
      }
      return false
    }

    /// Leo, with Mia and Max reporting to him: Mia's 4 sessions with Rita and Ron and Max's 3
    /// with Rob, synced (Max's team file names Rob, when `maxTeam`).
    func smallOrg(maxTeam: Bool = false) async throws -> (
      org: TestOrg, leo: String, mia: String, max: String, miaStore: TemporaryFolder,
      maxStore: TemporaryFolder
    ) {
      let org = try await TestOrg()
      try org.initialize()
      let leo = try org.add("Leo")
      let mia = try org.add("Mia", reportsTo: "Leo")
      let max = try org.add("Max", reportsTo: "Leo")
      let miaStore = try SessionFixtures.store(count: 4, by: "Mia", people: ["Rita", "Ron"])
      let maxStore = try SessionFixtures.store(count: 3, by: "Max", people: ["Rob"])
      if maxTeam {
        #expect(try org.coach(["team", "add", "Rob", "--role", "rep"], store: maxStore.path).status == 0)
      }
      #expect(try org.coach(["sync"], login: mia, store: miaStore.path).status == 0)
      #expect(try org.coach(["sync"], login: max, store: maxStore.path).status == 0)
      return (org, leo, mia, max, miaStore, maxStore)
    }

    @Test func theQueryAPIAnswersWithinTheLoginsVisibility() async throws {
      let (org, leo, mia, max, _, _) = try await smallOrg()

      let asLeo = try await org.connect(leo)
      let rituals = try await TeamQuery(asLeo).rituals()
      #expect(rituals.map(\.sessions).reduce(0, +) == 7)
      #expect(Set(rituals.map(\.owner)) == [mia, max])
      let rita = try #require(rituals.first { $0.with == "Rita" })
      #expect(rita.sessions == 2)
      #expect(!rita.answers.isEmpty)
      let withRob = try await TeamQuery(asLeo).sessions(with: "rob")
      #expect(withRob.count == 3)
      #expect(withRob.allSatisfy { $0.owner == max && $0.record.notes.allSatisfy { !$0.isPrivate } })
      #expect(try await TeamQuery(asLeo).people().count == 3)
      await asLeo.close()

      let asMax = try await org.connect(max)
      #expect(try await TeamQuery(asMax).rituals().allSatisfy { $0.owner == max })
      #expect(try await TeamQuery(asMax).sessions(owner: mia).isEmpty)
      await asMax.close()
    }

    @Test func dueAndReportWithTeamShowTheOrgAsTheLeaderPulledIt() async throws {
      let (org, leo, mia, max, miaStore, maxStore) = try await smallOrg(maxTeam: true)
      let leoStore = TemporaryFolder("coach-team-leader")
      let pulled = try org.coach(["sync"], login: leo, store: leoStore.path)
      #expect(pulled.status == 0, "\(pulled.stderr)")
      // The sync worked out the views once: the first one after it reads a warm cache.
      #expect(FileManager.default.fileExists(atPath: leoStore.path + "/team/org.cache"))

      // Offline: the views read what was pulled.
      let due = try org.coach(["due", "--team", "--json"], store: leoStore.path)
      #expect(due.status == 0, "\(due.stderr)")
      let people = try #require(try JSON.decode(due.stdout)["org"]["people"].array)
      #expect(people.compactMap { $0["login"].string } == [max, mia])
      func names(_ login: String) -> [String] {
        let person = people.first { $0["login"].string == login }
        return (person?["due"]["people"].array ?? []).compactMap { $0["name"].string }
      }
      #expect(names(max) == ["Rob"])
      #expect(names(mia) == ["Rita", "Ron"])
      #expect(people.first { $0["login"].string == max }?["due"]["has_team"] == true)
      let report = try org.coach(["report", "--team"], store: leoStore.path)
      #expect(report.status == 0, "\(report.stderr)")
      #expect(report.stdout.contains("Max's team (\(max), reports to Leo)"))
      #expect(report.stdout.contains("Mia's team (\(mia), reports to Leo)"))
      #expect(!report.stdout.contains(SessionFixtures.secret) && !due.stdout.contains(SessionFixtures.secret))

      // A new session of Max's, synced by both, shows in Leo's view (its pair's facts anew).
      let seed = TemporaryFolder("coach-team-seed")
      let path = try SessionFixtures.record(with: "Rob", by: "Max", store: seed.path, privateNotes: 1)
      try SessionFixtures.copy(path, into: maxStore.path, count: 1, people: ["Rob"])
      #expect(try org.coach(["sync"], login: max, store: maxStore.path).status == 0)
      #expect(try org.coach(["sync"], login: leo, store: leoStore.path).status == 0)
      let after = try org.coach(["due", "--team", "--json"], store: leoStore.path)
      let rob = try JSON.decode(after.stdout)["org"]["people"].array?.first { $0["login"].string == max }
      #expect(rob?["due"]["people"].array?.first?["sessions"] == 4)

      // Mia sees no one below her.
      #expect(try org.coach(["sync"], login: mia, store: miaStore.path).status == 0)
      let own = try org.coach(["due", "--team"], store: miaStore.path)
      #expect(own.stdout.contains("No one reports to you in the team store"))
    }
  }
#endif
