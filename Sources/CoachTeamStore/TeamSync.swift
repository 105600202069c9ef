#if TeamStore
  import CoachKit
  import Crypto
  import Foundation
  import PostgresNIO

  /// `coach sync`: pushes this store's sessions in their shared form (and its team file), then
  /// pulls what the login may see into the store's read-only `team/` area (``TeamMirror``).
  ///
  /// Idempotent and resumable. Sessions go in batches, each batch one transaction: a kill at
  /// any moment loses at most the batch under way, which the next sync sends again. Events are
  /// keyed by (session, sequence), stored in runs (one row for the events one push appended to
  /// a session, keyed by its first sequence number); before appending, the team store's count and SHA-256 of what
  /// it holds are checked against the record, so a record that changed otherwise than by
  /// growing is sent anew. The local state (``SyncState``) is written after each commit and is
  /// only a shortcut: it never claims more than the team store holds. A session id the team
  /// store already has from another machine or login is refused, and reported.
  public struct TeamSync: Sendable {
    public let database: TeamDatabase
    public let store: SessionStore
    /// Sessions a transaction.
    public var batchSize: Int

    public init(database: TeamDatabase, store: SessionStore, batchSize: Int = 250) {
      self.database = database
      self.store = store
      self.batchSize = max(1, batchSize)
    }

    /// A session the team store would not take.
    public struct Refusal: Equatable, Sendable {
      public var id: String
      public var reason: String
    }

    /// What a sync did.
    public struct Report: Equatable, Sendable {
      /// Sessions sent (new or grown), and the events they added.
      public var pushedSessions = 0
      public var pushedEvents = 0
      /// Sessions sent anew whole (their record changed otherwise than by growing).
      public var resent = 0
      /// Sessions removed from the team store (deleted here).
      public var removed = 0
      public var teamFilePushed = false
      public var teamFileRemoved = false
      public var refused: [Refusal] = []
      /// Records here that could not be read (left for a later sync).
      public var unreadable: [String] = []
      /// Sessions visible in the team store, pulled now (new or changed), and removed from
      /// the read-only area (no longer visible).
      public var visible = 0
      public var pulled = 0
      public var unpulled = 0
      /// Visible sessions left out of the pull: their id is a session of this store's.
      public var shadowed: [String] = []
      public var people = 0
      public var teamFiles = 0
    }

    // MARK: - The run

    /// Syncs: push, then pull.
    public func run(pull: Bool = true) async throws(TeamStoreError) -> Report {
      guard let lock = try local({ () throws(StoreError) in try SyncState.lock(store) }) else {
        throw .busy(store: store.root)
      }
      defer { withExtendedLifetime(lock) {} }
      let machine = try local { () throws(StoreError) in try SyncState.machineID(store) }
      let storeID = try await checkSchema()
      var state = SyncState.load(store)
      if state.storeID != storeID || state.login != database.login {
        state = SyncState()
        state.storeID = storeID
        state.login = database.login
      }
      state.database = database.url.redacted
      var report = Report()
      do {
        // The store's records as they are now: what push sends, and the ids pull leaves out.
        let stamps = SyncState.stamps(store)
        try await push(machine: machine, stamps: stamps, state: &state, report: &report)
        if pull {
          try await self.pull(machine: machine, localIDs: Set(stamps.keys), state: &state, report: &report)
        }
      } catch {
        state.lastResult = error.description
        state.save(store)
        throw error
      }
      state.lastSync = Date()
      state.lastResult = report.refused.isEmpty ? "ok" : "\(report.refused.count) refused"
      state.save(store)
      return report
    }

    /// The team store's id, after checking that its schema is the one this coach knows.
    func checkSchema() async throws(TeamStoreError) -> String {
      let rows = try await database.rows("SELECT key, value FROM coach.info")
      var info: [String: String] = [:]
      for row in rows {
        if let (key, value) = try? row.decode((String, String).self) { info[key] = value }
      }
      guard let storeID = info["store_id"] else {
        throw .notAllowed(
          login: database.login,
          reason:
            "is not a member of the team store at \(database.url.redacted): ask its administrator to run coach org add-user"
        )
      }
      let version = Int(info["schema_version"] ?? "") ?? 0
      if version > Migration.latest {
        throw .noSchema(
          url: database.url.redacted,
          reason: "has a team store of schema version \(version), newer than this coach knows: upgrade coach")
      }
      if version < Migration.latest {
        throw .noSchema(
          url: database.url.redacted,
          reason:
            "has a team store of schema version \(version), older than this coach's (\(Migration.latest)): its administrator runs coach org init to upgrade it"
        )
      }
      return storeID
    }

    // MARK: - Push

    func push(
      machine: String, stamps: [String: String], state: inout SyncState, report: inout Report
    ) async throws(TeamStoreError) {
      // The shortcut holds only while the team store has what the state says it has.
      let counted = try await database.rows(
        "SELECT count(*) FROM coach.sessions WHERE owner = session_user::text AND machine = \(machine)")
      let remoteCount = (try? counted.first?.decode(Int.self)) ?? 0
      if remoteCount != state.sessions.count { state.sessions = [:] }
      let candidates = stamps.keys.filter { state.sessions[$0]?.stamp != stamps[$0] }.sorted()
      let batches = stride(from: 0, to: candidates.count, by: batchSize).map {
        Array(candidates[$0..<min($0 + batchSize, candidates.count)])
      }
      // Each batch is read (and its summaries encoded) while the one before is with the server:
      // the laptop's work and the server's overlap.
      let store = store
      func prepare(_ index: Int) -> Task<Prepared, Never>? {
        guard index < batches.count else { return nil }
        let ids = batches[index]
        return Task.detached { Prepared.read(ids, in: store, stamps: stamps) }
      }
      var next = prepare(0)
      var index = 0
      while let task = next {
        let batch = await task.value
        index += 1
        next = prepare(index)
        report.unreadable += batch.unreadable
        guard !batch.records.isEmpty else { continue }
        let outcome = try await pushBatch(batch.records, summaries: batch.summaries, machine: machine)
        for (id, events) in outcome.held {
          if let stamp = batch.stamps[id] {
            state.sessions[id] = SyncState.Pushed(stamp: stamp, events: events)
          }
        }
        report.pushedSessions += outcome.grown
        report.pushedEvents += outcome.events
        report.resent += outcome.resent
        report.refused += outcome.refused
        state.save(store)
      }
      // Sessions deleted here (coach delete, coach forget) leave the team store too; only when
      // the sessions folder is there to say so.
      let gone = state.sessions.keys.filter { stamps[$0] == nil }.sorted()
      var isFolder: ObjCBool = false
      if !gone.isEmpty, FileManager.default.fileExists(atPath: store.sessionsFolder, isDirectory: &isFolder),
        isFolder.boolValue
      {
        let rows = try await database.rows(
          """
          DELETE FROM coach.sessions
          WHERE owner = session_user::text AND machine = \(machine) AND id = ANY(\(gone))
          RETURNING id
          """)
        report.removed = rows.count
        for id in gone { state.sessions[id] = nil }
        state.save(store)
      }
      try await pushTeamFile(state: &state, report: &report)
    }

    /// A batch of records read in their shared form, with their summaries as JSON and the
    /// stamps they were read at.
    struct Prepared: Sendable {
      var records: [SharedRecord] = []
      var summaries: [String: String] = [:]
      var stamps: [String: String] = [:]
      var unreadable: [String] = []

      static func read(_ ids: [String], in store: SessionStore, stamps: [String: String]) -> Prepared {
        var batch = Prepared()
        for id in ids {
          do {
            let record = try SharedRecord.read(id, in: store)
            batch.records.append(record)
            batch.summaries[id] = JSON.encode(record.summary)
            batch.stamps[id] = stamps[id]
          } catch {
            batch.unreadable.append(error.description)
          }
        }
        return batch
      }
    }

    struct BatchOutcome {
      /// Session → events the team store holds of it now.
      var held: [String: Int] = [:]
      var grown = 0
      var events = 0
      var resent = 0
      var refused: [Refusal] = []
    }

    /// Pushes one batch of sessions in one transaction.
    func pushBatch(
      _ records: [SharedRecord], summaries: [String: String] = [:], machine: String
    ) async throws(TeamStoreError) -> BatchOutcome {
      let ids = records.map(\.id)
      return try await database.transaction { () throws(TeamStoreError) -> BatchOutcome in
        // The commit need not wait for the server's disk: a commit lost in a crash is found by
        // the next sync (the state is checked against the team store) and sent again.
        try await database.run("SET LOCAL synchronous_commit = off")
        // What the team store holds of these ids: the login's own rows and the visible rows of
        // others. (Nothing else writes the login's rows from this machine meanwhile: a sync holds
        // the store's lock, and a sync from another machine writes only its own.)
        var held: [String: (mine: Bool, machine: String, count: Int, sha: String)] = [:]
        for row in try await database.rows(
          """
          SELECT id, owner = session_user::text, machine, event_count, events_sha256 FROM coach.sessions
          WHERE id = ANY(\(ids))
          """)
        {
          if let (id, mine, otherMachine, count, sha) = try? row.decode(
            (String, Bool, String, Int, String).self)
          {
            held[id] = (mine, otherMachine, count, sha)
          }
        }
        var outcome = BatchOutcome()
        var fresh: [SharedRecord] = []
        var reset: [String] = []
        var runs = EventRuns()
        var changed = SessionColumns()
        for record in records {
          guard let remote = held[record.id] else {
            fresh.append(record)
            continue
          }
          guard remote.mine else {
            outcome.refused.append(Self.fromAnotherLogin(record.id))
            continue
          }
          guard remote.machine == machine else {
            outcome.refused.append(fromAnotherMachine(record.id))
            continue
          }
          let total = record.eventLines.count
          var first = remote.count
          var hasher = Crypto.SHA256()
          for line in record.eventLines.prefix(min(remote.count, total)) {
            hasher.update(data: Array(line.utf8))
            hasher.update(data: [UInt8(ascii: "\n")])
          }
          // Unchanged: nothing to write. Grown: the new events. Changed otherwise: anew, whole.
          if remote.count > total || Self.hex(hasher) != remote.sha {
            reset.append(record.id)
            outcome.resent += 1
            first = 0
            hasher = Crypto.SHA256()
          }
          outcome.held[record.id] = total
          if first == total && !reset.contains(record.id) { continue }
          runs.append(record, from: first, hasher: &hasher)
          outcome.grown += 1
          outcome.events += total - first
          changed.append(record, machine: machine, sha: Self.hex(hasher), summary: summaries[record.id])
        }
        // New ids: whole rows, in id order (two syncs racing for the same ids wait for each other
        // rather than deadlock). An id that another login holds, unseen, or that another machine
        // took since, is left alone: it is not among the rows inserted. The conflict has no
        // target: a row inserted concurrently can be met first on the (id, owner) key, which an
        // `ON CONFLICT (id)` does not cover (it failed with "duplicate key value violates unique
        // constraint sessions_id_owner_key" for two machines racing).
        if !fresh.isEmpty {
          var columns = SessionColumns()
          var hashers: [String: Crypto.SHA256] = [:]
          var freshRuns = EventRuns()
          for record in fresh.sorted(by: { $0.id < $1.id }) {
            var hasher = Crypto.SHA256()
            freshRuns.append(record, from: 0, hasher: &hasher)
            hashers[record.id] = hasher
            columns.append(record, machine: machine, sha: Self.hex(hasher), summary: summaries[record.id])
          }
          let c = columns
          let inserted = try await database.rows(
            """
            INSERT INTO coach.sessions (id, machine, dialog_id, dialog_version, with_name, with_key, by_name,
              status, started_at, ended_at, updated_at, header, summary, open_actions, event_count, events_sha256)
            SELECT u.id, u.machine, u.dialog_id, u.dialog_version, NULLIF(u.with_name, ''), NULLIF(u.with_key, ''),
              NULLIF(u.by_name, ''), u.status, u.started_at, NULLIF(u.ended_at, '')::timestamptz, u.updated_at,
              u.header, u.summary::jsonb, u.open_actions, u.event_count, u.sha
            FROM unnest(\(c.ids)::text[], \(c.machines)::text[], \(c.dialogIDs)::text[], \(c.dialogVersions)::int8[],
              \(c.withNames)::text[], \(c.withKeys)::text[], \(c.byNames)::text[], \(c.statuses)::text[],
              \(c.startedAt)::timestamptz[], \(c.endedAt)::text[], \(c.updatedAt)::timestamptz[],
              \(c.headers)::text[], \(c.summaries)::text[], \(c.openActions)::int8[], \(c.eventCounts)::int8[],
              \(c.shas)::text[])
              AS u (id, machine, dialog_id, dialog_version, with_name, with_key, by_name, status, started_at,
                ended_at, updated_at, header, summary, open_actions, event_count, sha)
            ORDER BY u.id
            ON CONFLICT DO NOTHING
            RETURNING id
            """)
          var taken: Set<String> = []
          for row in inserted {
            if let id = try? row.decode(String.self) { taken.insert(id) }
          }
          let lost = fresh.map(\.id).filter { !taken.contains($0) }
          if !lost.isEmpty {
            // Taken meanwhile: by another machine of this login's (visible as its own), else
            // by someone else.
            let rows = try await database.rows(
              "SELECT id FROM coach.sessions WHERE id = ANY(\(lost)) AND owner = session_user::text")
            let own = Set(rows.compactMap { try? $0.decode(String.self) })
            for id in lost {
              outcome.refused.append(own.contains(id) ? fromAnotherMachine(id) : Self.fromAnotherLogin(id))
            }
          }
          for record in fresh where taken.contains(record.id) {
            outcome.held[record.id] = record.eventLines.count
            outcome.grown += 1
            outcome.events += record.eventLines.count
          }
          runs.append(contentsOf: freshRuns, keeping: taken)
        }
        if !reset.isEmpty {
          try await database.run("DELETE FROM coach.events WHERE session_id = ANY(\(reset))")
        }
        if !runs.ids.isEmpty {
          try await database.run(
            """
            INSERT INTO coach.events (session_id, seq, count, body)
            SELECT * FROM unnest(\(runs.ids)::text[], \(runs.seqs)::int8[], \(runs.counts)::int8[],
              \(runs.bodies)::text[])
            """)
        }
        if !changed.ids.isEmpty {
          let c = changed
          try await database.run(
            """
            UPDATE coach.sessions s SET machine = u.machine, dialog_id = u.dialog_id,
              dialog_version = u.dialog_version, with_name = NULLIF(u.with_name, ''),
              with_key = NULLIF(u.with_key, ''), by_name = NULLIF(u.by_name, ''), status = u.status,
              started_at = u.started_at, ended_at = NULLIF(u.ended_at, '')::timestamptz,
              updated_at = u.updated_at, header = u.header, summary = u.summary::jsonb,
              open_actions = u.open_actions, event_count = u.event_count, events_sha256 = u.sha
            FROM unnest(\(c.ids)::text[], \(c.machines)::text[], \(c.dialogIDs)::text[], \(c.dialogVersions)::int8[],
              \(c.withNames)::text[], \(c.withKeys)::text[], \(c.byNames)::text[], \(c.statuses)::text[],
              \(c.startedAt)::timestamptz[], \(c.endedAt)::text[], \(c.updatedAt)::timestamptz[],
              \(c.headers)::text[], \(c.summaries)::text[], \(c.openActions)::int8[], \(c.eventCounts)::int8[],
              \(c.shas)::text[])
              AS u (id, machine, dialog_id, dialog_version, with_name, with_key, by_name, status, started_at,
                ended_at, updated_at, header, summary, open_actions, event_count, sha)
            WHERE s.id = u.id AND s.owner = session_user::text
            """)
        }
        return outcome
      }
    }

    static func fromAnotherLogin(_ id: String) -> Refusal {
      Refusal(
        id: id,
        reason:
          "the team store already has a session \(id) from another login: the same id cannot come from two places (was this record copied from someone else's store?); it was not sent"
      )
    }

    func fromAnotherMachine(_ id: String) -> Refusal {
      Refusal(
        id: id,
        reason:
          "the team store already has session \(id) from another machine of \(database.login)'s: the same id cannot come from two machines (was this store copied?); it was not sent"
      )
    }

    static func hex(_ hasher: Crypto.SHA256) -> String {
      hasher.finalize().map { byte in
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
      }.joined()
    }

    /// The team file (`<store>/team.yaml`), as text, when it changed; removed from the team
    /// store when it was removed here.
    func pushTeamFile(state: inout SyncState, report: inout Report) async throws(TeamStoreError) {
      let bytes = SyncState.teamFile(store)
      let sha = bytes.map { SHA256.hex(of: $0) }
      guard sha != state.teamFile else { return }
      if let bytes, let sha {
        let text = String(decoding: bytes, as: UTF8.self)
        try await database.run(
          """
          INSERT INTO coach.team_files (body, sha256) VALUES (\(text), \(sha))
          ON CONFLICT (owner) DO UPDATE SET body = EXCLUDED.body, sha256 = EXCLUDED.sha256
          WHERE team_files.sha256 <> EXCLUDED.sha256
          """)
        report.teamFilePushed = true
      } else {
        try await database.run("DELETE FROM coach.team_files WHERE owner = session_user::text")
        report.teamFileRemoved = true
      }
      state.teamFile = sha
      state.save(store)
    }

    // MARK: - Pull

    func pull(
      machine: String, localIDs: Set<String>, state: inout SyncState, report: inout Report
    ) async throws(TeamStoreError) {
      let mirror = TeamMirror(store: store)
      try local { () throws(StoreError) in try mirror.prepare() }
      let previous = mirror.index()
      let known = previous?.storeID == state.storeID && previous?.login == database.login ? previous : nil
      let onDisk = Set(mirror.recordIDs())
      var index = TeamMirror.Index(storeID: state.storeID ?? "", login: database.login, pulledAt: Date())
      try await database.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
        () throws(TeamStoreError) in
        let listed = try await database.rows(
          """
          SELECT id, owner, machine, revision, with_name FROM coach.sessions
          WHERE NOT (owner = session_user::text AND machine = \(machine))
          """)
        var wanted: [String] = []
        for row in listed {
          guard
            let (id, owner, otherMachine, revision, with) = try? row.decode(
              (String, String, String, Int64, String?).self)
          else { continue }
          if localIDs.contains(id) {
            report.shadowed.append(id)
            continue
          }
          index.sessions[id] = TeamMirror.Entry(
            owner: owner, machine: otherMachine, revision: revision, with: with)
          if known?.sessions[id]?.revision != revision || !onDisk.contains(id) { wanted.append(id) }
        }
        report.visible = index.sessions.count
        wanted.sort()
        var start = 0
        while start < wanted.count {
          let ids = Array(wanted[start..<min(start + batchSize, wanted.count)])
          start += ids.count
          var files: [String: String] = [:]
          for row in try await database.rows("SELECT id, header FROM coach.sessions WHERE id = ANY(\(ids))") {
            if let (id, header) = try? row.decode((String, String).self) { files[id] = header + "\n" }
          }
          let events = try await database.rows(
            "SELECT session_id, body FROM coach.events WHERE session_id = ANY(\(ids)) ORDER BY session_id, seq"
          )
          for row in events {
            if let (id, body) = try? row.decode((String, String).self) { files[id]? += body }
          }
          for (id, text) in files {
            try local { () throws(StoreError) in try mirror.write(id, bytes: Array(text.utf8)) }
          }
          report.pulled += files.count
        }
        let people = try await database.rows(
          "SELECT login, name, reports_to FROM coach.people ORDER BY login")
        for row in people {
          if let (login, name, manager) = try? row.decode((String, String, String?).self) {
            index.people.append(TeamMirror.Person(login: login, name: name, reportsTo: manager))
          }
        }
        report.people = index.people.count
        let files = try await database.rows(
          "SELECT owner, body, revision FROM coach.team_files WHERE owner <> session_user::text")
        var pulledFiles: Set<String> = []
        for row in files {
          guard let (owner, body, revision) = try? row.decode((String, String, Int64).self) else { continue }
          pulledFiles.insert(owner)
          index.teamFiles[owner] = revision
          if known?.teamFiles[owner] != revision || mirror.teamFile(of: owner) == nil {
            try local { () throws(StoreError) in try mirror.writeTeamFile(of: owner, Array(body.utf8)) }
          }
        }
        for login in mirror.teamFileLogins() where !pulledFiles.contains(login) {
          try local { () throws(StoreError) in try mirror.writeTeamFile(of: login, nil) }
        }
        report.teamFiles = pulledFiles.count
      }
      for id in onDisk where index.sessions[id] == nil {
        mirror.remove(id)
        report.unpulled += 1
      }
      try local { () throws(StoreError) in try mirror.save(index) }
      state.lastPull = index.pulledAt
    }

    // MARK: - Columns

    /// Runs of events as the columns of one INSERT: one a session, its events from `first`.
    struct EventRuns {
      var ids: [String] = []
      var seqs: [Int] = []
      var counts: [Int] = []
      var bodies: [String] = []

      /// The events of `record` from `first` (0-based) on, hashed into `hasher` as they go.
      mutating func append(_ record: SharedRecord, from first: Int, hasher: inout Crypto.SHA256) {
        let lines = record.eventLines
        guard first < lines.count else { return }
        var body = ""
        body.reserveCapacity(lines[first...].reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines[first...] {
          body += line
          body += "\n"
        }
        hasher.update(data: Array(body.utf8))
        ids.append(record.id)
        seqs.append(first + 1)
        counts.append(lines.count - first)
        bodies.append(body)
      }

      /// The runs of `other` whose session is in `keeping`.
      mutating func append(contentsOf other: EventRuns, keeping: Set<String>) {
        for n in other.ids.indices where keeping.contains(other.ids[n]) {
          ids.append(other.ids[n])
          seqs.append(other.seqs[n])
          counts.append(other.counts[n])
          bodies.append(other.bodies[n])
        }
      }
    }

    /// Sessions as the columns of one INSERT or UPDATE.
    struct SessionColumns {
      var ids: [String] = []
      var machines: [String] = []
      var dialogIDs: [String] = []
      var dialogVersions: [Int] = []
      var withNames: [String] = []
      var withKeys: [String] = []
      var byNames: [String] = []
      var statuses: [String] = []
      var startedAt: [Date] = []
      var endedAt: [String] = []
      var updatedAt: [Date] = []
      var headers: [String] = []
      var summaries: [String] = []
      var openActions: [Int] = []
      var eventCounts: [Int] = []
      var shas: [String] = []

      /// One session's columns; `summary` is its summary as JSON when it was encoded already.
      mutating func append(_ record: SharedRecord, machine: String, sha: String, summary: String? = nil) {
        let folded = record.folded
        ids.append(record.id)
        machines.append(machine)
        dialogIDs.append(folded.dialog.id)
        dialogVersions.append(folded.dialog.version)
        withNames.append(folded.participants.with ?? "")
        withKeys.append(folded.participants.with.map(PeopleBook.key) ?? "")
        byNames.append(folded.participants.by ?? "")
        statuses.append(folded.status.rawValue)
        startedAt.append(folded.startedAt)
        endedAt.append(folded.endedAt.map(Clock.iso8601) ?? "")
        updatedAt.append(folded.updatedAt)
        headers.append(record.headerLine)
        summaries.append(summary ?? JSON.encode(record.summary))
        openActions.append(record.openActionCount)
        eventCounts.append(record.eventLines.count)
        shas.append(sha)
      }
    }

    func local<T>(_ body: () throws(StoreError) -> T) throws(TeamStoreError) -> T {
      do {
        return try body()
      } catch {
        throw .local(error)
      }
    }
  }
#endif
