#if TeamStore
  import CoachKit
  import CoachTeamStore
  import CoachTestSupport
  import Foundation
  import PostgresNIO
  import Testing

  #if canImport(Glibc)
    import Glibc
  #endif

  /// What must hold whatever happens during a sync: a kill -9 at any moment, twenty managers
  /// at once, and a dump of the whole database after syncing sessions full of private notes.
  @Suite(.serialized, .enabled(if: Cluster.available, Cluster.reason))
  struct TeamDurabilityTests {
    @Test func aKillAtAnyMomentThenASyncLeavesTheRowsOfACleanSync() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      try org.add("Dana", reportsTo: "Max")
      let store = try SessionFixtures.store(count: 120, by: "Max", people: ["Dana", "Sam", "Lee"])
      FileManager.default.createFile(
        atPath: store.path + "/team.yaml", contents: Data("people: []\n".utf8),
        attributes: [.posixPermissions: 0o600])
      // Small batches: many commits, so that kills land between and inside them.
      let environment = ["COACH_SYNC_BATCH": "7"]

      let started = Date()
      let clean = try org.coach(["sync"], login: max, store: store.path, environment: environment)
      let duration = Date().timeIntervalSince(started)
      #expect(clean.status == 0, "\(clean.stderr)")
      let expected = try await org.rows()
      #expect(expected.filter { $0.hasPrefix("sessions ") }.count == 120)

      var generator = SystemRandomNumberGenerator()
      var killedMidway = 0
      for round in 0..<8 {
        try await wipe(org, owner: max, store: store.path)
        // Up to two kills in a row before the sync that finishes.
        for _ in 0..<(round % 2 + 1) {
          let delay = Double.random(in: 0.02...(Swift.max(duration, 0.1)), using: &generator)
          let coach = try CoachProcess(
            ["sync", "--store", store.path],
            environment: ["HOME": org.home.path, "COACH_DATABASE_URL": org.url(max), "COACH_SYNC_BATCH": "7"])
          usleep(useconds_t(delay * 1_000_000))
          if coach.process.isRunning {
            kill(coach.process.processIdentifier, SIGKILL)
            killedMidway += 1
          }
          _ = coach.wait()
        }
        let after = try org.coach(["sync"], login: max, store: store.path, environment: environment)
        #expect(after.status == 0, "round \(round): \(after.stderr)")
        let rows = try await org.rows()
        #expect(
          rows == expected,
          "round \(round): \(rows.count) rows, \(expected.count) after a clean sync; first difference: \(Self.firstDifference(rows, expected))"
        )
        let rerun = try org.coach(["sync"], login: max, store: store.path, environment: environment)
        #expect(rerun.stdout.contains("Pushed nothing"), "round \(round): \(rerun.stdout)")
      }
      #expect(killedMidway > 0, "no kill landed during a sync (each took \(duration) s)")
    }

    /// The sessions whose runs of events do not follow each other from 1 to the session's
    /// `event_count` exactly (a gap, an overlap, a missing or extra event).
    static var gapsOrOverlaps: PostgresQuery {
      """
      SELECT s.id FROM coach.sessions s
      LEFT JOIN (
        SELECT session_id, seq, count, coalesce(lag(seq + count) OVER (PARTITION BY session_id ORDER BY seq), 1) AS expected
        FROM coach.events
      ) e ON e.session_id = s.id
      GROUP BY s.id, s.event_count
      HAVING coalesce(sum(e.count), 0) <> s.event_count OR bool_or(e.seq <> e.expected)
      """
    }

    static func firstDifference(_ a: [String], _ b: [String]) -> String {
      let extra = Set(a).subtracting(b).sorted().first.map { "extra " + String($0.prefix(200)) }
      let missing = Set(b).subtracting(a).sorted().first.map { "missing " + String($0.prefix(200)) }
      return [extra, missing].compactMap { $0 }.joined(separator: "; ")
    }

    /// Removes everything `owner` pushed, and the store's sync state and pulled copy.
    func wipe(_ org: TestOrg, owner: String, store: String) async throws {
      let root = try await org.superuser()
      try await root.run("DELETE FROM coach.sessions WHERE owner = \(owner)")
      try await root.run("DELETE FROM coach.team_files WHERE owner = \(owner)")
      await root.close()
      // The machine's id stays: it is the same laptop.
      try? FileManager.default.removeItem(atPath: store + "/sync/state.json")
      try? FileManager.default.removeItem(atPath: store + "/team")
    }

    @Test func twentyManagersSyncingAtOnceAllFinishWithNoRowLostOrDoubled() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let leader = try org.add("Lena")
      let seed = TemporaryFolder("coach-twenty-seed")
      let path = try SessionFixtures.record(with: "Rep", by: "Manager", store: seed.path)
      var stores: [(login: String, store: TemporaryFolder, ids: [String])] = []
      for n in 0..<20 {
        let login = try org.add("Manager\(n)", reportsTo: "Lena")
        let store = TemporaryFolder("coach-twenty-\(n)")
        let ids = try SessionFixtures.copy(
          path, into: store.path, count: 15, people: ["Rep \(n)a", "Rep \(n)b"])
        FileManager.default.createFile(
          atPath: store.path + "/team.yaml", contents: Data("manager: \(n)\n".utf8),
          attributes: [.posixPermissions: 0o600])
        stores.append((login, store, ids))
      }
      // All at once, twice over (the second round has nothing to push but pulls).
      for round in 0..<2 {
        let processes = try stores.map { entry in
          try CoachProcess(
            ["sync", "--store", entry.store.path],
            environment: [
              "HOME": org.home.path, "COACH_DATABASE_URL": org.url(entry.login), "COACH_SYNC_BATCH": "4",
            ])
        }
        for (n, process) in processes.enumerated() {
          let status = process.wait()
          #expect(status == 0, "round \(round), manager \(n): \(process.standardError)")
        }
      }
      let root = try await org.superuser()
      for entry in stores {
        let rows = try await root.rows(
          "SELECT id FROM coach.sessions WHERE owner = \(entry.login) ORDER BY id")
        #expect(rows.map { try! $0.decode(String.self) } == entry.ids.sorted(), "\(entry.login)'s sessions")
      }
      let events = try await root.rows(
        "SELECT sum(count)::int8, count(DISTINCT session_id) FROM coach.events")
      let (total, sessions) = try events.first!.decode((Int, Int).self)
      let perSession = try SharedRecord(SessionRecord.read(path: path)).eventLines.count
      #expect(total == 300 * perSession)
      #expect(sessions == 300)
      let gaps = try await root.rows(Self.gapsOrOverlaps)
      #expect(gaps.isEmpty, "sessions with a gap in their events")
      await root.close()
      // The leader sees all three hundred.
      let leaderStore = TemporaryFolder("coach-twenty-leader")
      try FileManager.default.createDirectory(atPath: leaderStore.path, withIntermediateDirectories: true)
      let pulled = try org.coach(["sync"], login: leader, store: leaderStore.path)
      #expect(pulled.stdout.contains("Pulled 300 of the 300 sessions"), "\(pulled.stdout)")
      #expect(TeamMirror(store: SessionStore(root: leaderStore.path)).teamFileLogins().count == 20)
    }

    @Test func twoMachinesRacingWithTheSameSessionIDsEachIDIsTakenOnceAndTheOtherRefused() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let store = try SessionFixtures.store(count: 40, by: "Max", people: ["Dana", "Sam"])
      // A second laptop with a copy of the same records (a copied store: its own machine id).
      let copy = TemporaryFolder("coach-race-copy")
      try FileManager.default.copyItem(atPath: store.path, toPath: copy.path)
      let ids = SessionStore(root: store.path).sessionIDs().sorted()
      let processes = try [store, copy].map { folder in
        try CoachProcess(
          ["sync", "--store", folder.path],
          environment: ["HOME": org.home.path, "COACH_DATABASE_URL": org.url(max), "COACH_SYNC_BATCH": "3"])
      }
      var refusedBy: [Set<String>] = []
      for process in processes {
        var output = ""
        while let line = try process.readLine(timeout: 120) { output += line + "\n" }
        let status = process.wait()
        let refused = Set(ids.filter { output.contains("session \($0) from another machine") })
        #expect(status == (refused.isEmpty ? 0 : 1), "\(process.standardError)")
        refusedBy.append(refused)
      }
      // Every id is refused to exactly one of the two, and held once, complete.
      #expect(refusedBy[0].intersection(refusedBy[1]).isEmpty)
      #expect(refusedBy[0].union(refusedBy[1]) == Set(ids), "\(refusedBy.map(\.count))")
      let root = try await org.superuser()
      let rows = try await root.rows("SELECT id, machine FROM coach.sessions ORDER BY id")
      #expect(rows.map { try! $0.decode((String, String).self).0 } == ids)
      #expect(
        Set(rows.map { try! $0.decode((String, String).self).1 }).count == (refusedBy.contains([]) ? 1 : 2))
      let gaps = try await root.rows(Self.gapsOrOverlaps)
      #expect(gaps.isEmpty, "sessions whose events are not all there")
      await root.close()
      // A rerun on each changes nothing and refuses the same ids again.
      let before = try await org.rows()
      for (n, folder) in [store, copy].enumerated() {
        let again = try org.coach(["sync"], login: max, store: folder.path)
        #expect(
          ids.filter { again.stdout.contains("session \($0) from another machine") }.count
            == refusedBy[n].count)
      }
      #expect(try await org.rows() == before)
    }

    @Test func aDumpOfTheWholeDatabaseHasNoPrivateNote() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let lea = try org.add("Lea")
      try org.add("Dana", reportsTo: "Max")
      var stores: [TemporaryFolder] = []
      for (login, by) in [(max, "Max"), (lea, "Lea")] {
        let store = TemporaryFolder("coach-dump")
        // Every dialog, each with private notes, then copies.
        for dialog in ["one-on-one", "ride-along", "hiring-interview", "ceo-alignment", "leader-self-check"] {
          let path = try SessionFixtures.record(
            dialog, with: "Dana", by: by, store: store.path, privateNotes: 6)
          try SessionFixtures.copy(path, into: store.path, count: 4, people: ["Dana", "Sam"])
        }
        let result = try org.coach(["sync"], login: login, store: store.path)
        #expect(result.status == 0, "\(result.stderr)")
        stores.append(store)
      }
      let dump = try Self.pgDump(org.database)
      #expect(dump.contains("Public note 0 about Dana"), "the dump is not of the synced sessions")
      #expect(dump.contains("COPY coach.events"))
      #expect(!dump.contains(SessionFixtures.secret), "a private note reached the team store")
      #expect(!dump.contains("is thinking of leaving"))
      for password in org.passwords.values { #expect(!dump.contains(password)) }
      // Nor the pulled copies of the others' sessions.
      let other = try org.coach(["sync"], login: max, store: stores[0].path)
      #expect(other.status == 0)
      let teamFolder = stores[0].path + "/team"
      let pulled = try FileManager.default.subpathsOfDirectory(atPath: teamFolder).compactMap {
        try? String(contentsOfFile: teamFolder + "/" + $0, encoding: .utf8)
      }.joined()
      #expect(!pulled.contains(SessionFixtures.secret))
    }

    /// The whole database, as pg_dump prints it (data and schema).
    static func pgDump(_ database: String) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin/pg_dump")
      process.arguments = [
        "-h", Cluster.url.host!, "-p", String(Cluster.url.port), "-U", "postgres", "--no-password", database,
      ]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      return String(decoding: data, as: UTF8.self)
    }
  }
#endif
