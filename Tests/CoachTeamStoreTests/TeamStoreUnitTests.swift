#if TeamStore
  import CoachKit
  import CoachTeamStore
  import CoachTestSupport
  import Foundation
  import Testing

  /// The team store's parts that need no server: URLs, the password file, migrations, the shared
  /// form of a record.
  struct TeamStoreUnitTests {
    @Test func aURLIsReadAsLibpqReadsIt() throws {
      let url = try DatabaseURL(
        "postgresql://dana:s%3Acret@db.example.com:6543/org?sslmode=verify-full&sslrootcert=/etc/ca.pem")
      #expect(url.user == "dana")
      #expect(url.password == "s:cret")
      #expect(url.host == "db.example.com")
      #expect(url.port == 6543)
      #expect(url.database == "org")
      #expect(url.sslMode == .verifyFull)
      #expect(url.sslRootCertificate == "/etc/ca.pem")
      #expect(url.socketPath == nil)
      #expect(!url.redacted.contains("cret"))
      #expect(
        url.redacted
          == "postgresql://dana@db.example.com:6543/org?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem")

      let socket = try DatabaseURL("postgres://max@/org?host=/tmp/pg/socket&port=5433")
      #expect(socket.socketPath == "/tmp/pg/socket/.s.PGSQL.5433")
      #expect(socket.sslMode == .prefer)
      let encoded = try DatabaseURL("postgresql://max@%2Frun%2Fpostgresql/org")
      #expect(encoded.socketFolder == "/run/postgresql")
      let bare = try DatabaseURL("postgresql:///org")
      #expect(bare.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
      #expect(bare.login(environment: ["PGUSER": "lee"]) == "lee")
    }

    @Test(arguments: [
      ("mysql://x@y/z", "scheme"), ("db.example.com/org", "postgresql://"),
      ("postgresql://h:99999/d", "port"), ("postgresql://h/d?sslmode=maybe", "sslmode"),
      ("postgresql://a,b/d", "one host"),
    ])
    func aBadURLSaysWhatIsWrong(text: String, word: String) {
      #expect(throws: TeamStoreError.self) { try DatabaseURL(text) }
      do {
        _ = try DatabaseURL(text)
      } catch {
        #expect(error.description.contains(word), "\(error)")
      }
    }

    @Test func thePasswordFileMatchesAsLibpqDoes() throws {
      let file = PasswordFile(
        path: "/x",
        text: """
          # a comment
          db.example.com:5432:org:dana:first\\:pw
          *:*:*:max:wild
          localhost:5433:org:lee:local
          /tmp/pg/socket:5433:org:sam:socket

          """)
      #expect(
        file.password(for: try DatabaseURL("postgresql://dana@db.example.com/org"), login: "dana")
          == "first:pw")
      #expect(file.password(for: try DatabaseURL("postgresql://max@anywhere:1/x"), login: "max") == "wild")
      #expect(file.password(for: try DatabaseURL("postgresql://dana@other/org"), login: "dana") == nil)
      #expect(
        file.password(
          for: try DatabaseURL("postgresql://lee@/org?host=/var/run/postgresql&port=5433"), login: "lee")
          == "local")
      #expect(
        file.password(
          for: try DatabaseURL("postgresql://sam@/org?host=/tmp/pg/socket&port=5433"), login: "sam")
          == "socket")
    }

    @Test func aPasswordFileOthersCanReadIsNotRead() throws {
      let folder = TemporaryFolder("coach-pgpass")
      try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
      let path = folder.path + "/pgpass"
      FileManager.default.createFile(
        atPath: path, contents: Data("*:*:*:*:pw\n".utf8), attributes: [.posixPermissions: 0o644])
      var warnings: [String] = []
      #expect(PasswordFile.load(environment: ["PGPASSFILE": path], warning: { warnings.append($0) }) == nil)
      #expect(warnings.first?.contains("chmod 600") == true)
      try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
      #expect(PasswordFile.load(environment: ["PGPASSFILE": path])?.entries.count == 1)
    }

    @Test func migrationsSplitIntoStatementsOutsideQuotesAndBodies() {
      let sql = """
        -- a comment; with a semicolon
        CREATE TABLE a (x text DEFAULT 'a;b');
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
        CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 2; END $body$;
        /* block; comment */ SELECT "semi;colon" FROM a;
        ;
        """
      #expect(
        Migration.split(sql) == [
          "CREATE TABLE a (x text DEFAULT 'a;b')",
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
          "CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 2; END $body$",
          "SELECT \"semi;colon\" FROM a",
        ])
    }

    @Test func theShippedMigrationsAreNumberedFromOne() {
      #expect(!Migration.all.isEmpty)
      #expect(Migration.all.map(\.version) == Array(1...Migration.all.count))
      #expect(Migration.all[0].statements.count > 20)
    }

    @Test func theSharedFormHasNoPrivateNote() throws {
      let store = TemporaryFolder("coach-shared")
      let path = try SessionFixtures.record(with: "Dana", by: "Max", store: store.path)
      let record = try SessionRecord.read(path: path)
      let shared = SharedRecord(record)
      #expect(record.events.contains { if case .note(let n) = $0.body { n.isPrivate } else { false } })
      let text = String(decoding: shared.fileBytes, as: UTF8.self) + JSON.encode(shared.summary)
      #expect(!text.contains(SessionFixtures.secret))
      #expect(text.contains("Public note 0 about Dana"))
      let privateNotes = record.events.filter {
        if case .note(let n) = $0.body { n.isPrivate } else { false }
      }
      #expect(privateNotes.count == 3)
      #expect(shared.events.count == record.events.count - privateNotes.count)
      #expect(shared.summary["transcript"] == .null)
    }
  }
#endif
