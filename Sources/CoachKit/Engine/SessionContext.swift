/// What a session knows beyond its script: who takes part, and what earlier sessions left.
public struct SessionContext: Sendable {
  /// The person the meeting is with (`{with}`), and who runs it (`{by}`).
  public var with: String?
  public var by: String?
  /// The answers of the last completed session of the same dialog with the same person
  /// (`previous.<id>`).
  public var previous: [String: Value]
  /// The answers of the session before that one, for trends over two meetings.
  public var earlier: [String: Value]
  /// The answers of the sessions before `earlier`, newest first (at most two): with the others,
  /// the last four sessions, for `recent(x)`.
  public var older: [[String: Value]]
  /// Open action items for this person from earlier sessions of any dialog.
  public var openActions: [ActionItem]
  /// The answers of the person's last completed session of each other dialog the script reads
  /// (`last.<dialog>.<id>`), by dialog id.
  public var last: [String: [String: Value]]
  /// The answers of the sessions of those dialogs before the last one, newest first (at most
  /// three), for `recent(last.<dialog>.<id>)`.
  public var lastEarlier: [String: [[String: Value]]]
  /// Settings supplied from outside the script (`settings.<id>`), by id; a setting not given
  /// here is the script's default.
  public var settings: [String: Value]

  public init(
    with: String? = nil, by: String? = nil, previous: [String: Value] = [:],
    earlier: [String: Value] = [:], openActions: [ActionItem] = [], older: [[String: Value]] = [],
    last: [String: [String: Value]] = [:], settings: [String: Value] = [:],
    lastEarlier: [String: [[String: Value]]] = [:]
  ) {
    self.with = with
    self.by = by
    self.previous = previous
    self.earlier = earlier
    self.older = older
    self.openActions = openActions
    self.last = last
    self.lastEarlier = lastEarlier
    self.settings = settings
  }

  /// The answers of the sessions before this one, newest first: previous, earlier, then older.
  var history: [[String: Value]] { [previous, earlier] + older }
}
