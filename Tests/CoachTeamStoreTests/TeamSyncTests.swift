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

  /// `coach org` and `coach sync` through the built binary, against the real server.
  @Suite(.serialized, .enabled(if: Cluster.available, Cluster.reason))
  struct TeamSyncTests {
    @Test func orgInitRunsTheMigrationsOnceAndAddUserMakesALoginThatWorks() async throws {
      let org = try await TestOrg()
      let first = try org.coach(["org", "init", "--database", org.url(org.admin)])
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.stdout.contains("schema version \(Migration.latest)"))
      let again = try org.coach(["org", "init", "--database", org.url(org.admin)])
      #expect(again.status == 0)
      #expect(again.stdout.contains("up to date"))

      // A generated password, printed once with what to hand the person.
      let added = try org.coach(
        ["org", "add-user", "Dana Reyes", "--login", org.login("dana")], login: org.admin)
      #expect(added.status == 0, "\(added.stderr)")
      let password = try #require(
        added.stdout.split(separator: "\n").first { $0.contains("password  ") }?.split(separator: " ").last)
      #expect(
        added.stdout.contains("database  postgresql://\(org.login("dana"))@/\(org.database)"),
        "\(added.stdout)")
      org.remember(org.login("dana"), String(password))
      let dana = try await org.connect(org.login("dana"))
      let rows = try await dana.rows("SELECT login, name FROM coach.people")
      #expect(rows.count == 1)
      await dana.close()

      // The server keeps a SCRAM verifier, never the password.
      let root = try await org.superuser()
      let stored = try await root.rows(
        "SELECT rolpassword FROM pg_authid WHERE rolname = \(org.login("dana"))")
      let verifier = try stored.first!.decode(String.self)
      #expect(verifier.hasPrefix("SCRAM-SHA-256$4096:"))
      #expect(!verifier.contains(String(password)))
      await root.close()

      // The tree's rules.
      let unknown = try org.coach(
        ["org", "add-user", "Sam", "--login", org.login("sam"), "--reports-to", "Dana Reyez"],
        login: org.admin)
      #expect(unknown.status == 64)
      #expect(unknown.stderr.contains("did you mean 'Dana Reyes'?"), "\(unknown.stderr)")
      try org.add("Sam", reportsTo: "dana reyes")
      let loop = try org.coach(
        ["org", "add-user", "Dana Reyes", "--login", org.login("dana"), "--reports-to", "Sam"],
        login: org.admin)
      #expect(loop.status == 64)
      #expect(loop.stderr.contains("below them"), "\(loop.stderr)")
      let badLogin = try org.coach(["org", "add-user", "Lee", "--login", "Robert'); DROP"], login: org.admin)
      #expect(badLogin.status == 64)
    }

    @Test func aFailingMigrationLeavesTheDatabaseAsItWas() async throws {
      let org = try await TestOrg()
      let admin = try await org.connect(org.admin)
      let broken = Migration(
        version: Migration.latest + 1, name: "broken", sql: "CREATE TABLE coach.extra (x int); SELECT nope();"
      )
      await #expect(throws: TeamStoreError.self) {
        _ = try await TeamAdmin(admin).initialize(migrations: Migration.all + [broken])
      }
      let schema = try await admin.rows("SELECT count(*) FROM pg_namespace WHERE nspname = 'coach'")
      #expect(try schema.first!.decode(Int.self) == 0)
      await admin.close()
    }

    @Test func aSyncPushesTheStoreAndARerunIsANoOp() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      try org.add("Dana", reportsTo: "Max")
      let store = try SessionFixtures.store(count: 12, by: "Max", people: ["Dana", "Sam"])
      let first = try org.coach(["sync"], login: max, store: store.path)
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.stdout.contains("Pushed 12 sessions"), "\(first.stdout)")
      #expect(try await org.count("sessions", owner: max) == 12)
      let before = try await org.rows(everything: true)

      let again = try org.coach(["sync"], login: max, store: store.path)
      #expect(again.status == 0)
      #expect(again.stdout.contains("Pushed nothing"), "\(again.stdout)")
      // Not a row touched: revisions and push times included.
      #expect(try await org.rows(everything: true) == before)

      // Everything the state says it pushed, --status confirms, offline.
      let status = try org.coach(["sync", "--status"], store: store.path)
      #expect(status.status == 0)
      #expect(status.stdout.contains("Waiting: nothing"), "\(status.stdout)")
    }

    @Test func aSessionThatGrowsSendsOnlyItsNewEventsAndADeletedOneLeaves() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let store = try SessionFixtures.store(count: 3, by: "Max", people: ["Dana"])
      // A paused session, synced, then finished.
      let coach = try CoachProcess([
        "start", "one-on-one", "--with", "Lee", "--by", "Max", "--jsonl", "--store", store.path,
      ])
      var answered = 0
      let end = try coach.drive { prompt in
        guard answered < 4 else { return "/pause" }
        answered += 1
        return SampleAnswers.answer(to: prompt)
      }
      let id = end?["session"].string ?? ""
      _ = coach.wait()
      #expect(try org.coach(["sync"], login: max, store: store.path).status == 0)
      let paused = try await org.count("events", owner: max)

      let status = try org.coach(["sync", "--status"], store: store.path)
      #expect(status.stdout.contains("Waiting: nothing"))
      let resume = try CoachProcess(["resume", id, "--jsonl", "--store", store.path])
      try resume.drive { SampleAnswers.answer(to: $0) }
      _ = resume.wait()
      let waiting = try org.coach(["sync", "--status"], store: store.path)
      #expect(waiting.stdout.contains("1 session with new events"), "\(waiting.stdout)")
      let grown = try org.coach(["sync"], login: max, store: store.path)
      #expect(grown.stdout.contains("Pushed 1 session"), "\(grown.stdout)")
      #expect(try await org.count("events", owner: max) > paused)

      // The same rows as a clean sync of the final store into a new org.
      let clean = try await TestOrg()
      try clean.initialize()
      let cleanMax = try clean.add("Max")
      let copy = TemporaryFolder("coach-team-copy")
      try FileManager.default.copyItem(atPath: store.path, toPath: copy.path)
      try? FileManager.default.removeItem(atPath: copy.path + "/sync")
      #expect(try clean.coach(["sync"], login: cleanMax, store: copy.path).status == 0)
      #expect(try await Self.normalized(org) == Self.normalized(clean))

      // coach delete removes it from the team store at the next sync.
      #expect(try org.coach(["delete", id, "--yes"], store: store.path).status == 0)
      let after = try org.coach(["sync"], login: max, store: store.path)
      #expect(after.stdout.contains("removed 1 session deleted here"), "\(after.stdout)")
      #expect(try await org.count("sessions", owner: max) == 3)
    }

    /// An org's rows with its logins and machines made neutral, to compare two orgs (each
    /// session's events as one text: a session synced as it grew has a run of events a push).
    static func normalized(_ org: TestOrg) async throws -> [String] {
      let db = try await org.superuser()
      defer { Task { await db.close() } }
      var lines: [String] = []
      for row in try await db.rows(
        """
        SELECT (s.id, s.dialog_id, s.with_name, s.status, s.started_at, s.ended_at, s.header, s.summary,
          s.open_actions, s.event_count, s.events_sha256)::text FROM coach.sessions s
        UNION ALL SELECT (e.session_id, string_agg(e.body, '' ORDER BY e.seq), sum(e.count))::text
          FROM coach.events e GROUP BY e.session_id
        """)
      {
        lines.append(try row.decode(String.self))
      }
      return lines.sorted()
    }

    @Test func offlineEverythingWorksAndSyncSaysWhy() async throws {
      let store = try SessionFixtures.store(count: 2, by: "Max", people: ["Dana"])
      let home = TemporaryFolder("coach-offline-home")
      // A port nothing listens on.
      let offline = try CoachProcess.run(
        ["sync", "--store", store.path],
        environment: [
          "HOME": home.path, "COACH_DATABASE_URL": "postgresql://max@127.0.0.1:1/org?sslmode=disable",
        ])
      #expect(offline.status == 69, "\(offline.stderr)")
      #expect(offline.stderr.contains("cannot reach the team store at postgresql://max@127.0.0.1:1/org"))
      #expect(offline.stderr.contains("sync again"))
      let status = try CoachProcess.run(
        ["sync", "--status", "--store", store.path], environment: ["HOME": home.path])
      #expect(status.status == 0)
      #expect(status.stdout.contains("Waiting: 2 new sessions"), "\(status.stdout)")
      #expect(status.stdout.contains("Last sync: never (last try: cannot reach"), "\(status.stdout)")
      #expect(try CoachProcess.run(["sessions", "--store", store.path]).status == 0)

      let none = try CoachProcess.run(["sync", "--store", store.path], environment: ["HOME": home.path])
      #expect(none.status == 78)
      #expect(none.stderr.contains("no team store is configured"))
      let bad = try CoachProcess.run(["sync", "--database", "mysql://x", "--store", store.path])
      #expect(bad.status == 64)
    }

    @Test func theDatabaseIsTheOptionElseTheEnvironmentElseTheConfigFile() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let ann = try org.add("Ann")
      let store = try SessionFixtures.store(count: 2, by: "Max", people: ["Dana"])
      let config = org.home.path + "/config.yaml"
      FileManager.default.createFile(
        atPath: config, contents: Data("database: \(org.url(max))\n".utf8),
        attributes: [.posixPermissions: 0o600])
      // The config file's, when nothing else names one.
      let fromConfig = try org.coach(["sync"], store: store.path, environment: ["COACH_CONFIG": config])
      #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
      #expect(fromConfig.stdout.contains("as \(max)"), "\(fromConfig.stdout)")
      #expect(try await org.count("sessions", owner: max) == 2)
      // COACH_DATABASE_URL wins over it, and --database over both.
      let other = try SessionFixtures.store(count: 1, by: "Ann", people: ["Lee"])
      let fromEnvironment = try org.coach(
        ["sync"], login: ann, store: other.path, environment: ["COACH_CONFIG": config])
      #expect(fromEnvironment.stdout.contains("as \(ann)"), "\(fromEnvironment.stdout)")
      let third = try SessionFixtures.store(count: 1, by: "Ann", people: ["Lee"])
      let fromOption = try org.coach(
        ["sync", "--database", org.url(ann)], login: max, store: third.path,
        environment: ["COACH_CONFIG": config])
      #expect(fromOption.stdout.contains("as \(ann)"), "\(fromOption.stdout)")
      #expect(try await org.count("sessions", owner: ann) == 2)
      #expect(try await org.count("sessions", owner: max) == 2)
    }

    @Test func aWrongPasswordOrANonMemberIsRefused() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let store = try SessionFixtures.store(count: 1, by: "Max", people: ["Dana"])
      let wrong = try org.coach(
        [
          "sync", "--database",
          "postgresql://\(max):nope@/\(org.database)?host=\(Cluster.url.host!)&port=\(Cluster.url.port)",
        ],
        store: store.path)
      #expect(wrong.status == 77, "\(wrong.stderr)")
      #expect(wrong.stderr.contains("refused the login"), "\(wrong.stderr)")
      #expect(!wrong.stderr.contains("nope"))

      let root = try await org.superuser()
      let stranger = "stranger_" + org.tag
      try await root.run(PostgresQuery(unsafeSQL: "CREATE ROLE \(stranger) LOGIN PASSWORD 'stranger-pw'"))
      await root.close()
      org.remember(stranger, "stranger-pw")
      let refused = try org.coach(["sync"], login: stranger, store: store.path)
      #expect(refused.status == 77, "\(refused.stderr)")
      #expect(refused.stderr.contains("may not"), "\(refused.stderr)")
    }

    @Test func aSessionIDFromTwoMachinesOrLoginsIsRefused() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let ann = try org.add("Ann")
      let store = try SessionFixtures.store(count: 3, by: "Max", people: ["Dana"])
      #expect(try org.coach(["sync"], login: max, store: store.path).status == 0)
      let id = try #require(SessionStore(root: store.path).sessionIDs().first)

      // Another login's store with a copy of one of Max's records, and one of its own.
      let other = try SessionFixtures.store(count: 1, by: "Ann", people: ["Lee"])
      try FileManager.default.copyItem(
        atPath: store.path + "/sessions/\(id).jsonl", toPath: other.path + "/sessions/\(id).jsonl")
      let clash = try org.coach(["sync"], login: ann, store: other.path)
      #expect(clash.status == 1, "\(clash.stderr)")
      #expect(clash.stdout.contains("already has a session \(id) from another login"), "\(clash.stdout)")
      #expect(try await org.count("sessions", owner: ann) == 1)

      // The same login on another machine (a copy of the store, without its sync folder).
      let copy = TemporaryFolder("coach-team-machine")
      try FileManager.default.copyItem(atPath: store.path, toPath: copy.path)
      try FileManager.default.removeItem(atPath: copy.path + "/sync")
      let twice = try org.coach(["sync"], login: max, store: copy.path)
      #expect(twice.status == 1)
      #expect(twice.stdout.contains("from another machine"), "\(twice.stdout)")
      #expect(try await org.count("sessions", owner: max) == 3)
    }

    @Test func theTeamFileIsPushedAndPulledByThoseAbove() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let leader = try org.add("Lea")
      let max = try org.add("Max", reportsTo: "Lea")
      let store = try SessionFixtures.store(count: 2, by: "Max", people: ["Dana"])
      let yaml = "people:\n  - {name: Dana, role: rep, reports_to: Max}\n"
      FileManager.default.createFile(
        atPath: store.path + "/team.yaml", contents: Data(yaml.utf8), attributes: [.posixPermissions: 0o600])
      let pushed = try org.coach(["sync"], login: max, store: store.path)
      #expect(pushed.stdout.contains("the team file"), "\(pushed.stdout)")

      let leaderStore = TemporaryFolder("coach-team-leader")
      try FileManager.default.createDirectory(atPath: leaderStore.path, withIntermediateDirectories: true)
      let pulled = try org.coach(["sync"], login: leader, store: leaderStore.path)
      #expect(pulled.status == 0, "\(pulled.stderr)")
      #expect(pulled.stdout.contains("Pulled 2 of the 2 sessions"), "\(pulled.stdout)")
      let mirror = TeamMirror(store: SessionStore(root: leaderStore.path))
      #expect(mirror.teamFile(of: max) == yaml)
      #expect(mirror.index()?.people.map(\.login).sorted() == [leader, max].sorted())
      #expect(mirror.sessions().sessions.allSatisfy { $0.owner == max })
      // Pulled sessions are not the leader's own: nothing lists or resumes them.
      let own = try org.coach(["sessions", "--json"], store: leaderStore.path)
      #expect(own.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(own.stdout)")
      let id = try #require(mirror.recordIDs().first)
      #expect(try org.coach(["resume", id], store: leaderStore.path).status == 66)

      // Gone from Max's store, gone from the team store and from the leader's copy.
      try FileManager.default.removeItem(atPath: store.path + "/team.yaml")
      #expect(try org.coach(["sync"], login: max, store: store.path).stdout.contains("removed the team file"))
      #expect(try org.coach(["delete", id, "--yes"], store: store.path).status == 0)
      #expect(try org.coach(["sync"], login: max, store: store.path).status == 0)
      let again = try org.coach(["sync"], login: leader, store: leaderStore.path)
      #expect(again.stdout.contains("1 no longer visible"), "\(again.stdout)")
      #expect(mirror.teamFile(of: max) == nil)
      #expect(mirror.recordIDs().count == 1)
    }
  }
#endif
