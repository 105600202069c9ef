/// An agreed action: what, who, by when, and how it stands.
public struct ActionItem: Equatable, Sendable {
  /// How an action item stands.
  public enum Status: String, Sendable, CaseIterable {
    case open, done, dropped
  }

  /// `a1`, `a2` … for `/action` items, the step id for answers of action steps; across
  /// sessions, `<session>:<id>`.
  public var id: String
  public var text: String
  public var owner: String?
  /// `YYYY-MM-DD`.
  public var due: String?
  public var status: Status
  /// The step it was agreed at.
  public var step: String?
  /// Where it was agreed, for items carried from an earlier session: `Ride-along debrief,
  /// 2026-11-16`.
  public var origin: String?

  public init(
    id: String, text: String, owner: String? = nil, due: String? = nil, status: Status = .open,
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

  /// The due date, when it is one.
  public var dueDay: CalendarDay? { due.flatMap(CalendarDay.init(iso:)) }
}
