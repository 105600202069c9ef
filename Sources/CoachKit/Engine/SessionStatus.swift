/// Where a session stands.
public enum SessionStatus: String, Sendable, Equatable, CaseIterable {
  case completed
  case paused
  case inProgress = "in-progress"
}
