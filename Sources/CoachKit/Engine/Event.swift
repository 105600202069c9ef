import Foundation

/// One line of a session record after the header (DESIGN 5): what happened, when, in meaning
/// rather than terminal bytes. The engine produces events and is rebuilt from them on resume.
public struct Event: Equatable, Sendable {
  /// The kinds of event a record holds.
  public enum Kind: String, Sendable, CaseIterable {
    /// A question was put (`id`, `text`, `kind`, `part`).
    case prompt
    /// A step was answered (`id`, `raw`, `value`).
    case answer
    /// Part of a multi-line answer: a list item or a rating's score (`id`, `raw`, `value`, `part`).
    case partial
    /// An answer was refused (`id`, `raw`, `message`).
    case invalid
    /// An optional step was skipped (`id`, `raw`).
    case skip
    /// `/back` (`raw`, `from`, `to`, `dropped`; `undo` when it took back a list item or a score).
    case back
    /// `/note` or `/private` (`text`, `private`, `step`, `raw`).
    case note
    /// `/action` (`action`: the item, `raw`).
    case action
    /// A flag was raised or cleared (`id`, `text`, `raised`).
    case flag
    /// A command that changes nothing (`/help`, `/where`, `/tip`) or an unknown one (`raw`).
    case command
    /// The session was paused (`raw`, `reason`).
    case pause
    /// The session was resumed.
    case resume
    /// The session ended (`status`).
    case end
  }

  public var kind: Kind
  public var at: Date
  /// The event's members other than `type` and `at`.
  public var fields: [String: Value]

  public init(_ kind: Kind, at: Date, _ fields: [String: Value] = [:]) {
    self.kind = kind
    self.at = at
    self.fields = fields
  }

  public subscript(key: String) -> Value { fields[key] ?? .null }

  /// The event as a JSON object: `type`, `at` and the fields.
  public var json: Value {
    var object = fields
    object["type"] = .string(kind.rawValue)
    object["at"] = .string(Clock.iso8601(at))
    return .object(object)
  }

  /// Reads an event from a record line's JSON; nil when it is not one.
  public init?(json: Value) {
    guard let type = json["type"].string, let kind = Kind(rawValue: type),
      let at = json["at"].string.flatMap(Clock.parseISO8601), var fields = json.object
    else { return nil }
    fields["type"] = nil
    fields["at"] = nil
    self.init(kind, at: at, fields)
  }
}
