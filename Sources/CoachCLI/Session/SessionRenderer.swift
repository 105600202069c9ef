import CoachKit
import LineEditing

/// Shows what the engine says: chat-style text for people, JSON Lines for programs.
protocol SessionRenderer: AnyObject {
  /// Shows outputs, in order.
  func show(_ outputs: [Output])
  /// What the line reader shows before input.
  var inputPrompt: LinePrompt { get }
  /// Called with each line read, before it is handled.
  func didRead(_ line: String)
}
