/// Where a session is, as its record says at its end: its status, the time spent in it
/// (pauses left out) and, when it has not completed, the step it stopped at. Kept in the index
/// with the record's stamp, so that listing sessions reads no record that has not changed.
public struct SessionState: Equatable, Sendable {
  public var status: SessionStatus
  /// Whole seconds spent in the session, pauses left out; nil when not read yet.
  public var seconds: Int?
  /// The step a session that has not completed stopped at.
  public var step: String?

  public init(status: SessionStatus, seconds: Int? = nil, step: String? = nil) {
    self.status = status
    self.seconds = seconds
    self.step = step
  }

  /// The state of `record`.
  public init(_ record: SessionRecord) {
    let log = record.log
    self.init(
      status: log.status, seconds: Int(clamping: Int64(log.totalSeconds.rounded())),
      step: log.status == .completed ? nil : log.currentStepID)
  }
}
