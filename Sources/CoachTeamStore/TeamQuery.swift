#if TeamStore
  import CoachKit
  import Foundation
  import PostgresNIO

  /// The org's views, read from the team store as the connected login: only what row-level
  /// security lets it see (its own sessions, those held with it, and those run by anyone below
  /// it in the tree), online. `coach due --team` and `coach report --team` give the same
  /// answers as of the last sync, offline, from what it pulled (``OrgView`` over ``TeamMirror``).
  public struct TeamQuery: Sendable {
    public let database: TeamDatabase

    public init(_ database: TeamDatabase) {
      self.database = database
    }

    /// The people the login sees: itself and everyone below it, with whom each reports to.
    public func people() async throws(TeamStoreError) -> [TeamMirror.Person] {
      let rows = try await database.rows("SELECT login, name, reports_to FROM coach.people ORDER BY login")
      return rows.compactMap { row in
        guard let (login, name, manager) = try? row.decode((String, String, String?).self) else { return nil }
        return TeamMirror.Person(login: login, name: name, reportsTo: manager)
      }
    }

    /// One visible session: whose it is, and its folded shared record (without transcript).
    public struct Session: Equatable, Sendable {
      public var owner: String
      public var machine: String
      public var revision: Int64
      public var record: FoldedRecord
    }

    /// The visible sessions, newest first: of one person (`with`, by name, any case or accent),
    /// of one dialog, run by one login, started on or after `since`; at most `limit`.
    public func sessions(
      with: String? = nil, dialog: String? = nil, owner: String? = nil, since: Date? = nil, limit: Int? = nil
    ) async throws(TeamStoreError) -> [Session] {
      let key = with.map(PeopleBook.key)
      let rows = try await database.rows(
        """
        SELECT owner, machine, revision, summary::text FROM coach.sessions
        WHERE (\(key)::text IS NULL OR with_key = \(key)::text)
          AND (\(dialog)::text IS NULL OR dialog_id = \(dialog)::text)
          AND (\(owner)::text IS NULL OR owner = \(owner)::text)
          AND (\(since)::timestamptz IS NULL OR started_at >= \(since)::timestamptz)
        ORDER BY started_at DESC, id DESC
        LIMIT \(limit)
        """)
      var sessions: [Session] = []
      for row in rows {
        guard let (owner, machine, revision, summary) = try? row.decode((String, String, Int64, String).self),
          let value = try? JSON.decode(summary)
        else { continue }
        var object = value.object ?? [:]
        object["transcript"] = .array([])
        guard let record = try? FoldedRecord(record: .object(object)) else { continue }
        sessions.append(Session(owner: owner, machine: machine, revision: revision, record: record))
      }
      return sessions
    }

    /// For each login, person and dialog the login sees sessions of: how many, the last, and
    /// what the last one left (its status, answers and open action items); the rows of a team
    /// report. `openActions` counts the open items of the person's last session of the dialog.
    public struct Ritual: Equatable, Sendable {
      public var owner: String
      public var with: String?
      public var dialog: String
      public var sessions: Int
      public var first: Date
      public var last: Date
      public var lastSession: String
      public var lastStatus: String
      public var openActions: Int
      /// The last session's answers, by step id.
      public var answers: [String: Value]
    }

    /// The team report's rows, by owner, person and dialog. Read in the order of the index
    /// `sessions_rituals` (migration 2); only the last session of each row is then read whole.
    public func rituals() async throws(TeamStoreError) -> [Ritual] {
      let rows = try await database.rows(
        """
        SELECT g.owner, l.with_name, g.dialog_id, g.n, g.first, g.last, g.id, l.status, l.open_actions, l.answers
        FROM (
          SELECT DISTINCT ON (owner, with_key, dialog_id)
            owner, with_key, dialog_id, count(*) OVER w AS n, min(started_at) OVER w AS first,
            max(started_at) OVER w AS last, id
          FROM coach.sessions
          WINDOW w AS (PARTITION BY owner, with_key, dialog_id ORDER BY started_at DESC, id DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
          ORDER BY owner, with_key, dialog_id, started_at DESC, id DESC
        ) g, LATERAL (
          SELECT s.with_name, s.status, s.open_actions, coalesce((s.summary -> 'answers')::text, '{}') AS answers
          FROM coach.sessions s WHERE s.id = g.id LIMIT 1
        ) l
        ORDER BY g.owner, g.with_key, g.dialog_id
        """)
      var rituals: [Ritual] = []
      rituals.reserveCapacity(rows.count)
      for row in rows {
        guard
          let (owner, with, dialog, count, first, last, id, status, open, answers) = try? row.decode(
            (String, String?, String, Int, Date, Date, String, String, Int, String).self)
        else { continue }
        rituals.append(
          Ritual(
            owner: owner, with: with, dialog: dialog, sessions: count, first: first, last: last,
            lastSession: id,
            lastStatus: status, openActions: open, answers: (try? JSON.decode(answers))?.object ?? [:]))
      }
      return rituals
    }
  }
#endif
