import CoachCLI
import CoachKit
import CoachTeamStore
import Foundation

/// Carries out `coach sync` and `coach org` in the `coach-team` program, over CoachTeamStore.
public struct TeamRunner: TeamCommandRunner {
  public init() {}

  public func run(_ request: TeamRequest, context: TeamStoreContext) -> Int32 {
    #if TeamStore
      let result = ResultBox()
      let done = DispatchSemaphore(value: 0)
      Task {
        result.code = await self.perform(request, context: context)
        done.signal()
      }
      done.wait()
      return result.code
    #else
      context.standardError(
        "coach: this coach was built without the team store (the TeamStore trait): build it with the default traits\n"
      )
      return ExitStatus.unavailable
    #endif
  }

  final class ResultBox: @unchecked Sendable {
    var code: Int32 = 0
  }

  /// The exit status of a team store error (README, exit codes).
  public static func code(for error: TeamStoreError) -> Int32 {
    switch error {
    case .notConfigured: ExitStatus.notConfigured
    case .badURL, .invalid: ExitStatus.usage
    case .unreachable, .noSchema: ExitStatus.unavailable
    case .loginRefused, .notAllowed: ExitStatus.noPermission
    case .busy: ExitStatus.locked
    case .server: ExitStatus.ioError
    case .local(let error): ExitStatus.code(for: error)
    }
  }

  /// The database a command names: `--database`, else `COACH_DATABASE_URL`, else the config
  /// file's.
  static func databaseURL(_ option: String?, context: TeamStoreContext) throws(TeamStoreError) -> DatabaseURL
  {
    let given = [option, context.environment["COACH_DATABASE_URL"], context.configDatabaseURL]
      .compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    guard let given else { throw .notConfigured }
    return try DatabaseURL(given)
  }

  #if TeamStore
    func perform(_ request: TeamRequest, context: TeamStoreContext) async -> Int32 {
      do {
        switch request {
        case .sync(let database, let status, let json):
          if status { return try syncStatus(database, json: json, context: context) }
          return try await sync(database, context: context)
        case .initialize(let database):
          return try await initialize(database, context: context)
        case .addUser(let name, let login, let reportsTo, let password, let database):
          return try await addUser(
            name: name, login: login, reportsTo: reportsTo, password: password, database: database,
            context: context)
        }
      } catch {
        context.standardError("coach: \(error.description)\n")
        return Self.code(for: error)
      }
    }

    func connect(_ url: DatabaseURL, context: TeamStoreContext) async throws(TeamStoreError) -> TeamDatabase {
      try await TeamDatabase.connect(
        url, password: context.configPassword, environment: context.environment,
        warning: { context.standardError("coach: warning: \($0)\n") })
    }

    // MARK: - sync

    func sync(_ option: String?, context: TeamStoreContext) async throws(TeamStoreError) -> Int32 {
      let url = try Self.databaseURL(option, context: context)
      let store = context.store
      let existed = FileManager.default.fileExists(atPath: store.root)
      let database: TeamDatabase
      do {
        database = try await connect(url, context: context)
      } catch {
        if existed {
          var state = SyncState.load(store)
          state.lastResult = error.description
          state.save(store)
        }
        throw error
      }
      // A new laptop (a leader who runs no sessions of their own, say) syncs to pull the org:
      // its store is made once the team store answers, so that a wrong URL leaves nothing.
      if !existed {
        do {
          try store.prepare()
        } catch {
          await database.close()
          throw .local(error)
        }
      }
      let batch = Int(context.environment["COACH_SYNC_BATCH"] ?? "") ?? 250
      let report: TeamSync.Report
      do {
        report = try await TeamSync(database: database, store: store, batchSize: batch).run()
      } catch {
        await database.close()
        throw error
      }
      await database.close()
      context.pulled()
      context.standardOutput(Self.describe(report, url: url, login: database.login))
      return report.refused.isEmpty ? 0 : ExitStatus.problems
    }

    static func describe(_ report: TeamSync.Report, url: DatabaseURL, login: String) -> String {
      var text = "Synced with \(url.redacted) as \(login).\n"
      var pushed: [String] = []
      if report.pushedSessions > 0 {
        pushed.append(
          "\(count(report.pushedSessions, "session")) (\(count(report.pushedEvents, "event"))\(report.resent > 0 ? ", \(report.resent) sent anew" : ""))"
        )
      }
      if report.removed > 0 { pushed.append("removed \(count(report.removed, "session")) deleted here") }
      if report.teamFilePushed { pushed.append("the team file") }
      if report.teamFileRemoved { pushed.append("removed the team file") }
      text +=
        pushed.isEmpty
        ? "Pushed nothing: the team store had everything.\n"
        : "Pushed " + pushed.joined(separator: "; ") + ".\n"
      var pulled = "Pulled \(report.pulled) of the \(count(report.visible, "session")) you may see"
      if report.unpulled > 0 { pulled += " (\(report.unpulled) no longer visible, removed)" }
      pulled += "; \(count(report.people, "person", "people")) in your part of the org"
      if report.teamFiles > 0 { pulled += ", \(count(report.teamFiles, "team file"))" }
      text += pulled + ".\n"
      for problem in report.unreadable {
        text += "Not sent (cannot be read; fix it, then sync again): \(problem)\n"
      }
      if !report.shadowed.isEmpty {
        text +=
          "Not pulled, as this store has sessions with the same ids: \(report.shadowed.joined(separator: ", "))\n"
      }
      if !report.refused.isEmpty {
        text += "Refused \(count(report.refused.count, "session")):\n"
        for refusal in report.refused { text += "  \(refusal.reason)\n" }
      }
      return text
    }

    static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String {
      "\(n) " + (n == 1 ? one : many ?? one + "s")
    }

    // MARK: - sync --status

    func syncStatus(_ option: String?, json: Bool, context: TeamStoreContext) throws(TeamStoreError) -> Int32
    {
      let store = context.store
      let state = SyncState.load(store)
      let configured = try? Self.databaseURL(option, context: context)
      let stamps = SyncState.stamps(store)
      let teamFile = SyncState.teamFile(store).map { SHA256.hex(of: $0) }
      let waiting = state.waiting(stamps: stamps, teamFile: teamFile)
      let mirror = TeamMirror(store: store).index()
      if json {
        let value: Value = [
          "database": .optional(configured?.redacted ?? state.database),
          "login": .optional(state.login),
          "last_sync": .optional(state.lastSync.map(Clock.iso8601)),
          "last_result": .optional(state.lastResult),
          "waiting": [
            "new": .array(waiting.new.map(Value.string)),
            "changed": .array(waiting.changed.map(Value.string)),
            "removed": .array(waiting.removed.map(Value.string)), "team_file": .bool(waiting.teamFile),
          ],
          "pulled": [
            "sessions": .number(Double(mirror?.sessions.count ?? 0)),
            "people": .number(Double(mirror?.people.count ?? 0)),
            "at": .optional(mirror.map { Clock.iso8601($0.pulledAt) }),
          ],
        ]
        context.standardOutput(JSON.encodePretty(value) + "\n")
        return 0
      }
      var text = ""
      if let database = configured?.redacted ?? state.database {
        text += "Team store: \(database)\(state.login.map { " (as \($0))" } ?? "")\n"
      } else {
        text += "Team store: none configured (--database, COACH_DATABASE_URL or the config file)\n"
      }
      if let last = state.lastSync {
        text +=
          "Last sync: \(Clock.iso8601(last))\(state.lastResult.map { $0 == "ok" ? "" : " (\($0))" } ?? "")\n"
        if let result = state.lastResult, result != "ok", state.lastSync != nil {
          _ = result
        }
      } else {
        text += "Last sync: never\(state.lastResult.map { " (last try: \($0))" } ?? "")\n"
      }
      if waiting.isEmpty {
        text += "Waiting: nothing; the team store has every session of this store.\n"
      } else {
        var parts: [String] = []
        if !waiting.new.isEmpty { parts.append("\(Self.count(waiting.new.count, "new session"))") }
        if !waiting.changed.isEmpty {
          parts.append("\(Self.count(waiting.changed.count, "session")) with new events")
        }
        if !waiting.removed.isEmpty {
          parts.append("\(Self.count(waiting.removed.count, "session")) deleted here, to remove")
        }
        if waiting.teamFile { parts.append(teamFile == nil ? "the team file's removal" : "the team file") }
        text += "Waiting: " + parts.joined(separator: ", ") + ".\n"
        let ids = waiting.new + waiting.changed
        if !ids.isEmpty {
          text += "  " + ids.prefix(10).joined(separator: " ") + (ids.count > 10 ? " …" : "") + "\n"
        }
      }
      if let mirror {
        text +=
          "Pulled: \(Self.count(mirror.sessions.count, "session")) of \(Self.count(mirror.people.count, "person", "people")), as of \(Clock.iso8601(mirror.pulledAt)) (in \(TeamMirror(store: store).root))\n"
      }
      context.standardOutput(text)
      return 0
    }

    // MARK: - org

    func initialize(_ option: String, context: TeamStoreContext) async throws(TeamStoreError) -> Int32 {
      let url = try DatabaseURL(option)
      let database = try await connect(url, context: context)
      let result: TeamAdmin.InitResult
      do {
        result = try await TeamAdmin(database).initialize()
      } catch {
        await database.close()
        throw error
      }
      await database.close()
      if result.applied.isEmpty {
        context.standardOutput(
          "The team store in \(url.redacted) is up to date (schema version \(result.version)).\n")
      } else {
        context.standardOutput(
          "The team store in \(url.redacted) is ready: schema version \(result.version) (ran \(result.applied.map(String.init).joined(separator: ", "))).\nAdd each person with: coach org add-user NAME --login LOGIN [--reports-to NAME]\n"
        )
      }
      return 0
    }

    func addUser(
      name: String, login: String, reportsTo: String?, password: String?, database option: String?,
      context: TeamStoreContext
    ) async throws(TeamStoreError) -> Int32 {
      let url = try Self.databaseURL(option, context: context)
      let database = try await connect(url, context: context)
      let secret = password ?? SCRAMVerifier.generatePassword()
      let person: TeamAdmin.Person
      do {
        person = try await TeamAdmin(database).addUser(
          name: name, login: login, reportsTo: reportsTo, verifier: SCRAMVerifier.make(password: secret))
      } catch {
        await database.close()
        throw error
      }
      await database.close()
      var theirs = url
      theirs.user = person.login
      theirs.password = nil
      var text = person.wasKnown ? "Updated " : "Added "
      text += "\(Sanitizer.inline(person.name, limit: 60)) (login \(person.login))"
      text += person.reportsTo.map { ", reporting to \($0)" } ?? ", at the top of the tree"
      text += person.roleCreated ? ".\n" : " (the role existed: it is now a member, with the new password).\n"
      text += "\nHand \(Sanitizer.inline(person.name, limit: 60)) this, once; it is not kept anywhere:\n"
      text += "  database  \(theirs.redacted)\n"
      text += "  login     \(person.login)\n"
      if password == nil {
        text += "  password  \(secret)\n"
      } else {
        text += "  password  (the one given with --password)\n"
      }
      let escape = { (field: String) in
        field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
      }
      text += "They keep the password in ~/.pgpass (mode 600), one line:\n"
      text +=
        "  \(escape(theirs.passwordFileHost)):\(theirs.port):\(escape(theirs.database ?? person.login)):\(person.login):PASSWORD\n"
      text += "and sync with: COACH_DATABASE_URL='\(theirs.redacted)' coach sync\n"
      context.standardOutput(text)
      return 0
    }
  #endif
}
