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
  /// Open action items for this person from earlier sessions of any dialog.
  public var openActions: [ActionItem]

  public init(
    with: String? = nil, by: String? = nil, previous: [String: Value] = [:],
    earlier: [String: Value] = [:], openActions: [ActionItem] = []
  ) {
    self.with = with
    self.by = by
    self.previous = previous
    self.earlier = earlier
    self.openActions = openActions
  }
}
