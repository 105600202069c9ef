#if TeamStore
  import CoachKit
  import CoachTeamStore
  import CoachTestSupport
  import Foundation
  import PostgresNIO
  import Testing

  /// TLS as the URL's `sslmode` says, credentials kept out of records and logs, and SQL only
  /// with bound parameters: each checked against the real server (its `pg_stat_ssl` view, its
  /// own log with every statement logged).
  @Suite(.serialized, .enabled(if: Cluster.available, Cluster.reason))
  struct TeamSecurityTests {
    /// The URL of `login` over TCP to `host` (the cluster listens on 127.0.0.1; its certificate
    /// is for `localhost`), with `parameters`.
    static func tcpURL(_ org: TestOrg, _ login: String, host: String, _ parameters: String) -> String {
      "postgresql://\(login)@\(host):\(Cluster.url.port)/\(org.database)?\(parameters)"
    }

    /// Whether the server sees this connection as TLS.
    static func isEncrypted(_ db: TeamDatabase) async throws -> Bool {
      let rows = try await db.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
      return try rows.first!.decode(Bool.self)
    }

    @Test func tlsFollowsTheURLsSSLMode() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let max = try org.add("Max")
      let password = org.passwords[max]!
      let certificate = Cluster.folder + "/server.crt"
      try #require(
        FileManager.default.fileExists(atPath: certificate), "the cluster has no TLS (openssl missing?)")

      // (host, parameters, encrypted: nil when the connection must be refused)
      let cases: [(String, String, Bool?)] = [
        ("127.0.0.1", "sslmode=disable", false),
        ("127.0.0.1", "sslmode=allow", true),
        ("127.0.0.1", "sslmode=prefer", true),
        ("127.0.0.1", "", true),  // prefer, the default
        ("127.0.0.1", "sslmode=require", true),
        // A self-signed certificate is no authority's: refused unless it is the root named.
        ("127.0.0.1", "sslmode=verify-ca", nil),
        ("127.0.0.1", "sslmode=verify-ca&sslrootcert=\(certificate)", true),
        ("localhost", "sslmode=verify-full&sslrootcert=\(certificate)", true),
        // Signed by the root named, but for another host than the one connected to.
        ("127.0.0.1", "sslmode=verify-full&sslrootcert=\(certificate)", nil),
      ]
      for (host, parameters, encrypted) in cases {
        let url = try DatabaseURL(Self.tcpURL(org, max, host: host, parameters))
        if let encrypted {
          let db = try await TeamDatabase.connect(url, password: password, environment: [:])
          #expect(try await Self.isEncrypted(db) == encrypted, "\(host) \(parameters)")
          await db.close()
        } else {
          await #expect(throws: TeamStoreError.self, "\(host) \(parameters) must be refused") {
            let db = try await TeamDatabase.connect(url, password: password, environment: [:])
            await db.close()
          }
        }
      }

      // And through coach sync: a verified connection syncs, a failed check says why.
      let store = try SessionFixtures.store(count: 2, by: "Max", people: ["Dana"])
      let good = try org.coach(
        [
          "sync", "--database",
          Self.tcpURL(org, max, host: "localhost", "sslmode=verify-full&sslrootcert=\(certificate)"),
        ],
        store: store.path, environment: ["PGPASSWORD": password])
      #expect(good.status == 0, "\(good.stderr)")
      #expect(good.stdout.contains("Pushed 2 sessions"), "\(good.stdout)")
      let bad = try org.coach(
        [
          "sync", "--database",
          Self.tcpURL(org, max, host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(certificate)"),
        ],
        store: store.path, environment: ["PGPASSWORD": password])
      #expect(bad.status == 69, "\(bad.stderr)")
      #expect(bad.stderr.contains("TLS"), "\(bad.stderr)")
      #expect(bad.stderr.contains("nothing was lost"), "\(bad.stderr)")
    }

    /// The server's log entries written since `offset` (a line with the log's prefix and the
    /// lines that continue it, which PostgreSQL starts with a tab).
    static func logEntries(since offset: UInt64) throws -> [String] {
      let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: Cluster.folder + "/server.log"))
      defer { try? handle.close() }
      try handle.seek(toOffset: offset)
      let text = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
      var entries: [String] = []
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("\t"), !entries.isEmpty {
          entries[entries.count - 1] += "\n" + line
        } else if !line.isEmpty {
          entries.append(String(line))
        }
      }
      return entries
    }

    static func logSize() throws -> UInt64 {
      let attributes = try FileManager.default.attributesOfItem(atPath: Cluster.folder + "/server.log")
      return (attributes[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// Every file under `folder`, as text.
    static func contents(of folder: String) -> String {
      let paths = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
      return paths.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.joined(
        separator: "\n")
    }

    @Test func credentialsAreNeverInRecordsLogsOrTheServersLog() async throws {
      let org = try await TestOrg()
      try org.initialize()
      // Every statement of this database's sessions in the server's log, with its parameters.
      let root = try await org.superuser()
      try await root.run(PostgresQuery(unsafeSQL: "ALTER DATABASE \(org.database) SET log_statement = 'all'"))
      await root.close()
      let offset = try Self.logSize()

      let chosen = "Chosen-\(org.tag)-Secret"
      let max = org.login("Max")
      let added = try org.coach(
        ["org", "add-user", "Max", "--login", max, "--password", chosen], login: org.admin)
      #expect(added.status == 0, "\(added.stderr)")
      org.remember(max, chosen)
      // A generated password, printed once to hand over.
      let dana = org.login("Dana")
      let generated = try org.coach(
        ["org", "add-user", "Dana", "--login", dana, "--reports-to", "Max"], login: org.admin)
      #expect(generated.status == 0, "\(generated.stderr)")
      let line = try #require(generated.stdout.split(separator: "\n").first { $0.contains("password  ") })
      let danaPassword = String(line.split(separator: " ").last!)
      #expect(danaPassword.filter { $0.isLetter || $0.isNumber }.count == 24)
      org.remember(dana, danaPassword)

      // Syncs with the password in the URL, in .pgpass, in PGPASSWORD, and a wrong one.
      let store = try SessionFixtures.store(count: 3, by: "Max", people: ["Dana"])
      let inURL =
        "postgresql://\(max):\(chosen)@/\(org.database)?host=\(Cluster.url.host!)&port=\(Cluster.url.port)"
      var outputs: [String] = []
      for (arguments, environment) in [
        (["sync", "--database", inURL], [String: String]()),
        (["sync", "--status", "--database", inURL], [:]),
        (["sync", "--status", "--json", "--database", inURL], [:]),
      ] {
        let result = try org.coach(arguments, store: store.path, environment: environment)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        outputs += [result.stdout, result.stderr]
      }
      let pgpass = try org.coach(["sync"], login: max, store: store.path)
      #expect(pgpass.status == 0, "\(pgpass.stderr)")
      outputs += [pgpass.stdout, pgpass.stderr]
      let danaStore = TemporaryFolder("coach-secret-dana")
      try FileManager.default.createDirectory(atPath: danaStore.path, withIntermediateDirectories: true)
      let environmentPassword = try org.coach(
        ["sync", "--database", org.url(dana)], store: danaStore.path,
        environment: ["PGPASSFILE": "/nonexistent", "PGPASSWORD": danaPassword])
      #expect(environmentPassword.status == 0, "\(environmentPassword.stderr)")
      #expect(environmentPassword.stdout.contains("Pulled 3"), "\(environmentPassword.stdout)")
      outputs += [environmentPassword.stdout, environmentPassword.stderr]
      let wrong = "Wrong-\(org.tag)-Guess"
      let refused = try org.coach(
        [
          "sync", "--database",
          "postgresql://\(max):\(wrong)@/\(org.database)?host=\(Cluster.url.host!)&port=\(Cluster.url.port)",
        ], store: store.path)
      #expect(refused.status == 77, "\(refused.stderr)")
      outputs += [refused.stdout, refused.stderr]

      let secrets = [chosen, danaPassword, wrong]
      let log = try Self.logEntries(since: offset).joined(separator: "\n")
      #expect(log.contains("coach.make_login"), "the server's log has not the statements (log_statement)")
      for secret in secrets {
        #expect(!log.contains(secret), "a password in the server's log")
        #expect(!outputs.joined().contains(secret), "a password in coach's output")
        #expect(!Self.contents(of: store.path).contains(secret), "a password in Max's store")
        #expect(!Self.contents(of: danaStore.path).contains(secret), "a password in Dana's store")
      }
      // Only a SCRAM verifier reaches the server, as a parameter.
      #expect(log.contains("SCRAM-SHA-256$4096:"))
      let dump = try TeamDurabilityTests.pgDump(org.database)
      for secret in secrets { #expect(!dump.contains(secret), "a password in the team store") }
    }

    @Test func everyValueReachesTheServerAsABoundParameter() async throws {
      let org = try await TestOrg()
      try org.initialize()
      let root = try await org.superuser()
      try await root.run(PostgresQuery(unsafeSQL: "ALTER DATABASE \(org.database) SET log_statement = 'all'"))
      await root.close()
      let offset = try Self.logSize()

      // Values that would break a statement they were pasted into, each with a marker.
      let marker = "Mk\(org.tag)"
      let leader = "O'Brien \(marker)a\"; DROP TABLE coach.people; --"
      let person = "Robert'); DELETE FROM coach.sessions; -- \(marker)b $$ \\"
      let leaderLogin = "obrien_" + org.tag
      let lead = try org.coach(
        ["org", "add-user", leader, "--login", leaderLogin, "--password", "pw-" + leaderLogin],
        login: org.admin)
      #expect(lead.status == 0, "\(lead.stderr)")
      org.remember(leaderLogin, "pw-" + leaderLogin)
      let max = org.login("Max")
      let added = try org.coach(
        ["org", "add-user", "Max", "--login", max, "--reports-to", leader, "--password", "pw-" + max],
        login: org.admin)
      #expect(added.status == 0, "\(added.stderr)")
      org.remember(max, "pw-" + max)
      let store = try SessionFixtures.store(count: 3, by: "Max \(marker)c'", people: [person])
      let synced = try org.coach(["sync"], login: max, store: store.path)
      #expect(synced.status == 0, "\(synced.stderr)")
      let pulled = TemporaryFolder("coach-bound-leader")
      try FileManager.default.createDirectory(atPath: pulled.path, withIntermediateDirectories: true)
      #expect(try org.coach(["sync"], login: leaderLogin, store: pulled.path).status == 0)

      // They arrived whole, and nothing was dropped or deleted.
      let asLeader = try await org.connect(leaderLogin)
      let held = try await TeamQuery(asLeader).sessions(with: person)
      #expect(held.count == 3)
      #expect(held.allSatisfy { $0.record.participants.with == person })
      #expect(try await TeamQuery(asLeader).people().map(\.name).sorted() == ["Max", leader].sorted())
      await asLeader.close()

      // In the server's log, a marker is only ever in a statement's parameters: never in the
      // text of a statement.
      let entries = try Self.logEntries(since: offset)
      let statements = entries.filter { $0.contains("LOG:  execute") || $0.contains("LOG:  statement:") }
      #expect(statements.count > 10, "the server's log has not the statements (log_statement)")
      #expect(entries.contains { $0.contains("DETAIL:  parameters:") && $0.contains(marker) })
      let pasted = statements.filter { $0.contains(marker) }
      #expect(pasted.isEmpty, "a value pasted into SQL: \(pasted.first.map { String($0.prefix(300)) } ?? "")")
    }

    /// The one place SQL is built from text is the migrations' runner (the migrations are the
    /// program's own files): no other source of the team store uses `unsafeSQL`.
    @Test func onlyTheMigrationsRunnerBuildsSQLFromText() throws {
      let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
      let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter {
        $0.hasSuffix(".swift")
      }
      #expect(files.count > 50)
      var found: [String] = []
      for file in files {
        let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("unsafeSQL") {
          found.append("\(file):\(n + 1)")
        }
      }
      #expect(found.count == 1 && found[0].hasPrefix("CoachTeamStore/TeamAdmin.swift:"), "\(found)")
    }
  }
#endif
