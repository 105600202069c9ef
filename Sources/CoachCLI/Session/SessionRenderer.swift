import CoachKit

/// Shows what the engine says: chat-style text for people, JSON Lines for programs.
protocol SessionRenderer: AnyObject {
  /// Shows outputs, in order.
  func show(_ outputs: [Output])
  /// The prompt string the line reader shows before input.
  var inputPrompt: String { get }
  /// Called with each line read, before it is handled.
  func didRead(_ line: String)
}
