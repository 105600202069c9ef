#if TeamStore
  import CoachKit
  import CoachTeamStore
  import CoachTestSupport
  import Foundation
  import PostgresNIO
  import Testing

  /// The throwaway PostgreSQL cluster `scripts/test` starts (`scripts/pg-cluster`), named by
  /// `COACH_TEST_PG`: its superuser's URL over a Unix socket. Without it, these tests are skipped
  /// (and `scripts/test` always sets it).
  enum Cluster {
    static let superURL: String? = ProcessInfo.processInfo.environment["COACH_TEST_PG"].flatMap {
      $0.isEmpty ? nil : $0
    }
    static var available: Bool { superURL != nil }
    static let reason: Comment = "needs a PostgreSQL cluster in COACH_TEST_PG (scripts/test starts one)"

    static var url: DatabaseURL { try! DatabaseURL(superURL!) }

    /// The cluster's folder (the socket's parent), where `server.crt` is.
    static var folder: String { String(url.host!.dropLast("/socket".count)) }

    static func tag() -> String {
      String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))
    }
  }

  /// One org's team store for a test: a new database owned by a new administrator (CREATEROLE,
  /// not a superuser), logins with passwords in a `.pgpass` of the test's own, and the built
  /// `coach` to run against it.
  final class TestOrg: @unchecked Sendable {
    let tag: String
    let database: String
    let admin: String
    let home = TemporaryFolder("coach-org-home")
    private(set) var passwords: [String: String] = [:]

    init() async throws {
      tag = Cluster.tag()
      database = "org_" + tag
      admin = "adm_" + tag
      try FileManager.default.createDirectory(atPath: home.path, withIntermediateDirectories: true)
      let password = "admin-" + tag + "-pw"
      let root = try await TeamDatabase.connect(Cluster.url, environment: [:])
      try await root.run(
        PostgresQuery(unsafeSQL: "CREATE ROLE \(admin) LOGIN CREATEROLE PASSWORD '\(password)'"))
      try await root.run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(database) OWNER \(admin)"))
      await root.close()
      remember(admin, password)
    }

    /// The URL of `login` (no password in it: that is in the `.pgpass`).
    func url(_ login: String) -> String {
      "postgresql://\(login)@/\(database)?host=\(Cluster.url.host!)&port=\(Cluster.url.port)"
    }

    /// The login of a person of this org.
    func login(_ name: String) -> String { name.lowercased() + "_" + tag }

    func remember(_ login: String, _ password: String) {
      passwords[login] = password
      let host = Cluster.url.host!
      let lines = passwords.sorted { $0.key < $1.key }.map {
        "\(host):\(Cluster.url.port):\(database):\($0.key):\($0.value)"
      }
      let path = home.path + "/.pgpass"
      FileManager.default.createFile(
        atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
        attributes: [.posixPermissions: 0o600])
    }

    /// Runs the built `coach` with `arguments`, as `login` (COACH_DATABASE_URL), in `store`.
    @discardableResult
    func coach(
      _ arguments: [String], login: String? = nil, store: String? = nil, environment: [String: String] = [:]
    )
      throws -> (stdout: String, stderr: String, status: Int32)
    {
      var env = ["HOME": home.path]
      if let login { env["COACH_DATABASE_URL"] = url(login) }
      env.merge(environment) { _, new in new }
      return try CoachProcess.run(arguments + (store.map { ["--store", $0] } ?? []), environment: env)
    }

    /// `coach org init`, as the administrator.
    func initialize() throws {
      let result = try coach(["org", "init", "--database", url(admin)])
      #expect(result.status == 0, "org init: \(result.stderr)")
    }

    /// `coach org add-user`, as the administrator, with a password of the test's.
    @discardableResult
    func add(_ name: String, reportsTo: String? = nil) throws -> String {
      let login = login(name)
      let password = "pw-" + login
      var arguments = ["org", "add-user", name, "--login", login, "--password", password]
      if let reportsTo { arguments += ["--reports-to", reportsTo] }
      let result = try coach(arguments, login: admin)
      #expect(result.status == 0, "add-user \(name): \(result.stderr)")
      remember(login, password)
      return login
    }

    /// A connection as `login`, with its password.
    func connect(_ login: String) async throws -> TeamDatabase {
      try await TeamDatabase.connect(
        DatabaseURL(url(login)), password: passwords[login], environment: ["HOME": home.path])
    }

    /// A connection as the cluster's superuser, to this database (which row-level security does
    /// not bind: the tests' inspector).
    func superuser() async throws -> TeamDatabase {
      var url = Cluster.url
      url.database = database
      return try await TeamDatabase.connect(url, environment: [:])
    }

    /// Every row of the team store's tables, as text, sorted; without the columns each write
    /// sets anew (`revision`, `pushed_at`) unless `everything`.
    func rows(everything: Bool = false) async throws -> [String] {
      let db = try await superuser()
      defer { Task { await db.close() } }
      var lines: [String] = []
      let sessionColumns =
        everything
        ? "s::text"
        : "(s.id, s.owner, s.machine, s.dialog_id, s.dialog_version, s.with_name, s.with_key, s.by_name, s.status, s.started_at, s.ended_at, s.updated_at, s.header, s.summary, s.open_actions, s.event_count, s.events_sha256)::text"
      for (table, select) in [
        ("sessions", "SELECT 'sessions ' || \(sessionColumns) FROM coach.sessions s"),
        ("events", "SELECT 'events ' || e::text FROM coach.events e"),
        ("team_files", "SELECT 'team_files ' || (t.owner, t.body, t.sha256)::text FROM coach.team_files t"),
        (
          "people",
          "SELECT 'people ' || (p.login, p.name, p.name_key, p.reports_to)::text FROM coach.people p"
        ),
      ] {
        _ = table
        for row in try await db.rows(PostgresQuery(unsafeSQL: select)) {
          lines.append(try row.decode(String.self))
        }
      }
      return lines.sorted()
    }

    /// How many rows of `table` (sessions, events, team_files) belong to `owner`.
    func count(_ table: String, owner: String) async throws -> Int {
      let db = try await superuser()
      defer { Task { await db.close() } }
      let rows = try await db.rows(
        PostgresQuery(unsafeSQL: "SELECT count(*) FROM coach.\(table) WHERE owner = '\(owner)'"))
      return try rows.first!.decode(Int.self)
    }
  }

  /// Stores full of real sessions: one recorded through the built binary, then copied with new
  /// ids, people and dates, as `bench/generate.py` does.
  enum SessionFixtures {
    /// A secret no shared form may ever hold: each private note of the fixtures carries it.
    static let secret = "SECRET-PRIVATE-NOTE"

    /// Records a 1-on-1 with `with` by `by` in `store` through `--jsonl`, with a private note at
    /// each of several prompts (`/private SECRET-… n`) and a public one; returns the record's path.
    static func record(
      _ dialog: String = "one-on-one", with: String, by: String, store: String, privateNotes: Int = 3
    ) throws -> String {
      let coach = try CoachProcess(["start", dialog, "--with", with, "--by", by, "--jsonl", "--store", store])
      var notes = 0
      // Each slash command is answered by the same prompt again: the lines still to send at it,
      // its answer last.
      var queue: [String] = []
      let end = try coach.drive { prompt in
        if queue.isEmpty && notes < privateNotes && prompt["part"].string == nil {
          queue = [
            "/private \(secret) \(notes): \(with) is thinking of leaving",
            "/note Public note \(notes) about \(with)",
            SampleAnswers.answer(to: prompt),
          ]
          notes += 1
        }
        return queue.isEmpty ? SampleAnswers.answer(to: prompt) : queue.removeFirst()
      }
      return try #require(end?["path"].string)
    }

    /// Copies the record at `path` into `store` `count` times, each with a new id, `with` taken
    /// in turn from `people`, started a day earlier each; returns the new ids.
    @discardableResult
    static func copy(_ path: String, into store: String, count: Int, people: [String]) throws -> [String] {
      try FileManager.default.createDirectory(
        atPath: store + "/sessions", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
      )
      let text = try String(contentsOfFile: path, encoding: .utf8)
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if lines.last == "" { lines.removeLast() }
      var header = try JSON.decode(lines[0]).object!
      var ids: [String] = []
      for n in 0..<count {
        let id = SessionStore.newID()
        header["id"] = .string(id)
        var participants = header["participants"]?.object ?? [:]
        participants["with"] = .string(people[n % people.count])
        header["participants"] = .object(participants)
        if let started = header["started_at"]?.string.flatMap(Clock.parseISO8601) {
          header["started_at"] = .string(Clock.iso8601(started.addingTimeInterval(Double(-n) * 86_400)))
        }
        let body = ([JSON.encode(.object(header))] + lines.dropFirst()).joined(separator: "\n") + "\n"
        let file = store + "/sessions/" + id + ".jsonl"
        FileManager.default.createFile(
          atPath: file, contents: Data(body.utf8), attributes: [.posixPermissions: 0o600])
        ids.append(id)
      }
      return ids
    }

    /// A store with `count` sessions run by `by` with `people`, full of private notes.
    static func store(count: Int, by: String, people: [String]) throws -> TemporaryFolder {
      let store = TemporaryFolder("coach-team-store")
      let seed = TemporaryFolder("coach-team-seed")
      let path = try record(with: people[0], by: by, store: seed.path)
      try copy(path, into: store.path, count: count, people: people)
      return store
    }
  }
#endif
