import Foundation

/// The first line of a session record (DESIGN 5).
public struct SessionHeader: Equatable, Sendable {
  public static let format = "coach-session"
  public static let version = 1

  public var id: String
  public var dialogID: String
  public var dialogVersion: Int
  public var dialogTitle: String
  public var dialogSHA256: String
  /// `builtin:one-on-one` or the script's path.
  public var dialogOrigin: String
  public var with: String?
  public var by: String?
  public var startedAt: Date
  public var coachVersion: String
  public var terminal: TerminalSize?
  /// The session `previous.<id>` read, and its answers as they were when this one started, so
  /// that resuming and replaying see exactly what the session saw.
  public var previousSession: String?
  public var previous: [String: Value] = [:]
  /// The answers of the session before that one (for trends), and the open action items carried
  /// in from earlier sessions with the person.
  public var earlier: [String: Value] = [:]
  public var carried: [ActionItem] = []
  /// The answers of the two sessions before `earlier`, newest first (for `recent(x)`).
  public var older: [[String: Value]] = []
  /// The person's last completed session of each other dialog the script reads
  /// (`last.<dialog>.<id>`): its id and answers, by dialog id.
  public var last: [String: LastSession] = [:]
  /// The settings supplied when the session started (`settings.<id>`).
  public var settings: [String: Value] = [:]

  /// One other dialog's last session, as a session read it.
  public struct LastSession: Equatable, Sendable {
    public var session: String
    public var answers: [String: Value]
    /// The answers of the sessions of that dialog before it, newest first, when the script
    /// reads them (`recent(last.<dialog>.<id>)`).
    public var earlier: [[String: Value]]

    public init(session: String, answers: [String: Value], earlier: [[String: Value]] = []) {
      self.session = session
      self.answers = answers
      self.earlier = earlier
    }
  }

  /// What a conversation needs of this header to go on exactly as the session started.
  public var context: SessionContext {
    SessionContext(
      with: with, by: by, previous: previous, earlier: earlier, openActions: carried, older: older,
      last: last.mapValues(\.answers), settings: settings,
      lastEarlier: last.mapValues(\.earlier).filter { !$0.value.isEmpty })
  }

  /// The time zone dates were read in (`friday`, `+7d`), so that a replay reads them the same.
  public var timeZone: String? = TimeZone.current.identifier

  public init(
    id: String, script: Script, with: String?, by: String?, startedAt: Date, coachVersion: String,
    terminal: TerminalSize?, previousSession: String? = nil, previous: [String: Value] = [:]
  ) {
    self.id = id
    self.dialogID = script.id
    self.dialogVersion = script.version
    self.dialogTitle = script.title
    self.dialogSHA256 = script.sha256
    self.dialogOrigin = script.origin
    self.with = with
    self.by = by
    self.startedAt = startedAt
    self.coachVersion = coachVersion
    self.terminal = terminal
    self.previousSession = previousSession
    self.previous = previous
  }
}

/// The size of the terminal a session started on.
public struct TerminalSize: Equatable, Sendable {
  public var columns: Int
  public var rows: Int

  public init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
  }
}
