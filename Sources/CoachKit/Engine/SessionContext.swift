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

/// An agreed action: what, who, by when.
public struct ActionItem: Equatable, Sendable {
  public var id: String
  public var text: String
  public var owner: String?
  /// `YYYY-MM-DD`.
  public var due: String?
  /// `open`, `done`, `dropped`.
  public var status: String
  /// The step it was agreed at.
  public var step: String?
  /// Where it was agreed, for items carried from an earlier session: `Ride-along debrief,
  /// 2026-11-16`.
  public var origin: String?

  public init(
    id: String, text: String, owner: String? = nil, due: String? = nil, status: String = "open",
    step: String? = nil, origin: String? = nil
  ) {
    self.id = id
    self.text = text
    self.owner = owner
    self.due = due
    self.status = status
    self.step = step
    self.origin = origin
  }

  public var json: Value {
    var object: [String: Value] = [
      "id": .string(id), "text": .string(text), "owner": .optional(owner), "due": .optional(due),
      "status": .string(status), "step": .optional(step),
    ]
    if let origin { object["origin"] = .string(origin) }
    return .object(object)
  }

  public init?(json: Value) {
    guard let id = json["id"].string, let text = json["text"].string else { return nil }
    self.init(
      id: id, text: text, owner: json["owner"].string, due: json["due"].string,
      status: json["status"].string ?? "open", step: json["step"].string, origin: json["origin"].string)
  }
}
