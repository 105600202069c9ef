#if TeamStore
  import CoachKit
  import Foundation
  import PostgresNIO

  /// Setting up an org's team store, as a database owner with CREATEROLE: `coach org init`
  /// (the schema, by migrations) and `coach org add-user` (a person's login and their place in
  /// the reporting tree).
  public struct TeamAdmin: Sendable {
    public let database: TeamDatabase

    public init(_ database: TeamDatabase) {
      self.database = database
    }

    /// What `init` did.
    public struct InitResult: Equatable, Sendable {
      /// The versions run now, in order (none when the schema was current).
      public var applied: [Int]
      /// The schema's version after.
      public var version: Int
      public var storeID: String
    }

    /// Makes the roles `coach_owner` (owns the schema) and `coach_member` (every person's login
    /// is one) when missing, the schema `coach`, and runs the migrations the database lacks, in
    /// order, all in one transaction: a failure leaves the database as it was.
    public func initialize(migrations: [Migration] = Migration.all) async throws(TeamStoreError) -> InitResult
    {
      try await database.transaction { () throws(TeamStoreError) -> InitResult in
        // One init at a time per database; roles are the cluster's, so two inits of two
        // databases may race to make them, which the block below tolerates.
        try await database.run("SELECT pg_advisory_xact_lock(hashtext('coach org init'))")
        try await database.run(
          """
          DO $roles$
          BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coach_owner') THEN
              BEGIN
                CREATE ROLE coach_owner NOLOGIN;
              EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
              END;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coach_member') THEN
              BEGIN
                CREATE ROLE coach_member NOLOGIN;
              EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
              END;
            END IF;
          END
          $roles$
          """)
        try await database.run("GRANT coach_owner TO CURRENT_USER")
        try await database.run("CREATE SCHEMA IF NOT EXISTS coach AUTHORIZATION coach_owner")
        try await database.run("REVOKE ALL ON SCHEMA coach FROM PUBLIC")
        try await database.run("SET LOCAL ROLE coach_owner")
        try await database.run(
          """
          CREATE TABLE IF NOT EXISTS coach.migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            sha256 text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          )
          """)
        var applied: Set<Int> = []
        for row in try await database.rows("SELECT version FROM coach.migrations") {
          if let version = try? row.decode(Int.self) { applied.insert(version) }
        }
        if let newest = applied.max(), newest > (migrations.last?.version ?? 0) {
          throw TeamStoreError.noSchema(
            url: database.url.redacted,
            reason:
              "has a team store of schema version \(newest), newer than this coach knows (\(migrations.last?.version ?? 0)): upgrade coach"
          )
        }
        var ran: [Int] = []
        for migration in migrations where !applied.contains(migration.version) {
          for statement in migration.statements {
            do {
              try await database.run(PostgresQuery(unsafeSQL: statement))
            } catch {
              throw TeamStoreError.server(
                "migration \(migration.version) (\(migration.name)) failed: \((error as? TeamStoreError)?.serverMessage ?? "\(error)")"
              )
            }
          }
          let sha = SHA256.hex(of: Array(migration.sql.utf8))
          try await database.run(
            "INSERT INTO coach.migrations (version, name, sha256) VALUES (\(migration.version), \(migration.name), \(sha))"
          )
          ran.append(migration.version)
        }
        let version = max(applied.max() ?? 0, ran.max() ?? 0)
        try await database.run(
          """
          INSERT INTO coach.info (key, value) VALUES ('schema_version', \(String(version)))
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
          """)
        let rows = try await database.rows("SELECT value FROM coach.info WHERE key = 'store_id'")
        let storeID = (try? rows.first?.decode(String.self)) ?? ""
        try await database.run("RESET ROLE")
        return InitResult(applied: ran, version: version, storeID: storeID)
      }
    }

    /// A person of the org, as `add-user` placed them.
    public struct Person: Equatable, Sendable {
      public var login: String
      public var name: String
      public var reportsTo: String?
      /// Whether their login role was made now (else it existed and was made a member).
      public var roleCreated: Bool
      /// Whether the person was already in the tree (and was placed anew).
      public var wasKnown: Bool
    }

    /// Whether `login` can name a person's role: lower-case letters, digits, `_`, `.` and `-`,
    /// starting with a letter or `_`, at most 63 characters, and not `coach_…` nor `pg_…`.
    public static func isValidLogin(_ login: String) -> Bool {
      guard let first = login.unicodeScalars.first, login.utf8.count <= 63 else { return false }
      guard ("a"..."z").contains(first) || first == "_" else { return false }
      guard !login.hasPrefix("pg_"), !login.hasPrefix("coach_") else { return false }
      return login.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "-"
      }
    }

    /// Makes `login`'s role (or updates it: a new password when one is given, membership),
    /// and places the person named `name` under `reportsTo` (a name or a login of someone
    /// already in the tree; none for the top). `verifier` is the password's SCRAM-SHA-256
    /// verifier (``SCRAMVerifier``), nil to leave an existing role's password as it is.
    public func addUser(name: String, login: String, reportsTo: String?, verifier: String?)
      async throws(TeamStoreError) -> Person
    {
      guard Self.isValidLogin(login) else {
        throw .invalid(
          "'\(Sanitizer.inline(login, limit: 40))' cannot be a login: use lower-case letters, digits, '_', '.' and '-', starting with a letter (not coach_ or pg_)"
        )
      }
      let shown = name.trimmingCharacters(in: .whitespaces)
      let key = PeopleBook.key(shown)
      guard !key.isEmpty else { throw .invalid("the person's name is empty") }
      return try await database.transaction { () throws(TeamStoreError) -> Person in
        try await database.run("SELECT pg_advisory_xact_lock(hashtext('coach org people'))")
        var manager: String?
        if let reportsTo {
          let rows = try await database.rows(
            """
            SELECT login FROM coach.people WHERE login = \(reportsTo) OR name_key = \(PeopleBook.key(reportsTo))
            ORDER BY login = \(reportsTo) DESC LIMIT 1
            """)
          guard let found = try? rows.first?.decode(String.self) else {
            let everyone = try await database.rows("SELECT name FROM coach.people ORDER BY name")
            let names = everyone.compactMap { try? $0.decode(String.self) }
            var message = "no one called '\(Sanitizer.inline(reportsTo, limit: 40))' is in the org"
            if let close = Suggestion.closest(to: reportsTo, in: names) {
              message += " (did you mean '\(Sanitizer.inline(close, limit: 40))'?)"
            } else if names.isEmpty {
              message += ": add the person at the top first, without --reports-to"
            }
            throw TeamStoreError.invalid(message)
          }
          manager = found
          // Nobody may end up reporting to themselves, however far up.
          let above = try await database.rows(
            """
            WITH RECURSIVE up (login, reports_to) AS (
              SELECT login, reports_to FROM coach.people WHERE login = \(found)
              UNION
              SELECT p.login, p.reports_to FROM coach.people p JOIN up ON p.login = up.reports_to
            )
            SELECT login FROM up
            """)
          if above.contains(where: { (try? $0.decode(String.self)) == login }) {
            throw TeamStoreError.invalid(
              "\(Sanitizer.inline(shown, limit: 40)) cannot report to \(Sanitizer.inline(reportsTo, limit: 40)), who is below them in the tree"
            )
          }
        }
        let clash = try await database.rows(
          "SELECT login FROM coach.people WHERE name_key = \(key) AND login <> \(login)")
        if let other = try? clash.first?.decode(String.self) {
          throw TeamStoreError.invalid(
            "\(Sanitizer.inline(shown, limit: 40)) is already in the org, as the login '\(other)': one person, one login"
          )
        }
        let created = try await database.rows("SELECT coach.make_login(\(login), \(verifier))")
        let roleCreated = (try? created.first?.decode(Bool.self)) ?? false
        let known = try await database.rows("SELECT 1 FROM coach.people WHERE login = \(login)")
        try await database.run(
          """
          INSERT INTO coach.people (login, name, name_key, reports_to) VALUES (\(login), \(shown), \(key), \(manager))
          ON CONFLICT (login) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key,
            reports_to = EXCLUDED.reports_to
          """)
        return Person(
          login: login, name: shown, reportsTo: manager, roleCreated: roleCreated, wasKnown: !known.isEmpty)
      }
    }
  }

  extension TeamStoreError {
    /// The server's own words, for a migration that failed.
    var serverMessage: String {
      switch self {
      case .server(let message): message
      default: description
      }
    }
  }
#endif
