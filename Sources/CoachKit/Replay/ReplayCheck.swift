import Foundation

/// Re-drives the current dialog script with the inputs a session recorded, and says whether the
/// same path and values result, or exactly where they diverge (DESIGN 5, `replay --check`).
public enum ReplayCheck {
  /// What a check found.
  public struct Result: Equatable, Sendable {
    public var sessionID: String
    /// The first difference, in words; nil when path and values are the same.
    public var divergence: String?
    /// Whether the script's sha256 differs from the one the session ran.
    public var scriptChanged: Bool
    /// Inputs re-driven.
    public var inputs: Int

    public var isSame: Bool { divergence == nil }
  }

  /// Checks `record` against `script`.
  public static func check(_ record: SessionRecord, against script: Script) -> Result {
    let header = record.header
    let box = ClockBox(header.startedAt)
    let conversation = Conversation(
      script: script,
      context: header.context,
      clock: Clock(now: { box.now }),
      timeZone: header.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
    conversation.producesOutputs = false
    var result = Result(
      sessionID: header.id, divergence: nil, scriptChanged: header.dialogSHA256 != script.sha256,
      inputs: 0)
    let events = record.events
    var produced = conversation.start().events
    var index = 0
    // Walks the recorded events; each input-bearing event is re-driven, and what it produces is
    // compared with what was recorded after it.
    func compare(_ new: [Event], from start: Int) -> String? {
      var i = start
      for event in new {
        guard i < events.count else {
          return "the script now goes on after the end of the record (\(describe(event)))"
        }
        if let difference = differ(recorded: events[i], now: event) { return difference }
        i += 1
      }
      index = i
      return nil
    }
    if let difference = compare(produced, from: 0) {
      result.divergence = "at the start: \(difference)"
      return result
    }
    while index < events.count {
      let event = events[index]
      box.now = event.at
      switch event.kind {
      case .resume:
        produced = conversation.resume().events
      case .pause where event["raw"].isNull:
        produced = conversation.interrupt(reason: event["reason"].string ?? "end of input").events
      default:
        guard let raw = event["raw"].string else {
          result.divergence = "the record has \(describe(event)) where the script did not produce it"
          return result
        }
        result.inputs += 1
        produced = conversation.handle(raw).events
        if produced.isEmpty {
          result.divergence =
            "input '\(Sanitizer.inline(raw, limit: 40))' changes nothing now, but was recorded as \(describe(event))"
          return result
        }
      }
      if let difference = compare(produced, from: index) {
        result.divergence = difference
        return result
      }
    }
    return result
  }

  /// How `now` differs from `recorded`, in words; nil when they mean the same.
  static func differ(recorded: Event, now: Event) -> String? {
    let step = recorded["id"].string ?? now["id"].string ?? recorded["from"].string ?? "?"
    if recorded.kind != now.kind {
      switch (recorded.kind, now.kind) {
      case (.answer, .invalid), (.partial, .invalid):
        return
          "at \(step): '\(Sanitizer.inline(recorded["raw"].string ?? "", limit: 40))' was accepted then; now it is refused (\(now["message"].string ?? ""))"
      case (.invalid, .answer), (.invalid, .partial):
        return
          "at \(step): '\(Sanitizer.inline(recorded["raw"].string ?? "", limit: 40))' was refused then; now it is accepted"
      case (.prompt, .end):
        return
          "after \(step == "?" ? "the last answer" : step), the record goes on to '\(recorded["id"].string ?? "?")' but the script now ends"
      case (.end, .prompt):
        return "the record ends there, but the script now asks '\(now["id"].string ?? "?")'"
      case (_, .flag):
        return
          "the script now \(now["raised"] == true ? "raises" : "clears") flag '\(now["id"].string ?? "?")' (\(now["text"].string ?? "")) where the record has \(describe(recorded))"
      case (.flag, _):
        return
          "the record \(recorded["raised"] == true ? "raised" : "cleared") flag '\(recorded["id"].string ?? "?")' there; the script now does not (it gives \(describe(now)))"
      default:
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    }
    switch recorded.kind {
    case .prompt:
      if recorded["id"] != now["id"] {
        return
          "the record asks '\(recorded["id"].string ?? "?")' next; the script now asks '\(now["id"].string ?? "?")'"
      }
      if recorded["part"] != now["part"] {
        return
          "at \(step): the record asks for the \(recorded["part"].string ?? "answer"); the script now asks for the \(now["part"].string ?? "answer")"
      }
    case .answer, .partial:
      if recorded["id"] != now["id"] {
        return
          "the record answers '\(recorded["id"].string ?? "?")'; the script now takes it as '\(now["id"].string ?? "?")'"
      }
      if recorded["value"] != now["value"] {
        return
          "at \(step): '\(Sanitizer.inline(recorded["raw"].string ?? "", limit: 40))' was \(JSON.encode(recorded["value"])) then; now it is \(JSON.encode(now["value"]))"
      }
    case .flag:
      if recorded["id"] != now["id"] || recorded["raised"] != now["raised"] {
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    case .end:
      if recorded["status"] != now["status"] {
        return
          "the record ends \(recorded["status"].string ?? "?"); now it ends \(now["status"].string ?? "?")"
      }
    case .back:
      if recorded["to"] != now["to"] || recorded["undo"] != now["undo"] {
        return
          "/back went to '\(recorded["to"].string ?? "?")' then; now it goes to '\(now["to"].string ?? "?")'"
      }
    case .skip, .invalid:
      if recorded["id"] != now["id"] {
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    default:
      break
    }
    return nil
  }

  static func describe(_ event: Event) -> String {
    switch event.kind {
    case .prompt: return "the question '\(event["id"].string ?? "?")'"
    case .answer: return "an answer to '\(event["id"].string ?? "?")'"
    case .flag: return "flag '\(event["id"].string ?? "?")' \(event["raised"] == true ? "raised" : "cleared")"
    case .end: return "the end (\(event["status"].string ?? "?"))"
    default: return "a \(event.kind.rawValue) event"
    }
  }
}

/// The time a re-driven conversation sees: that of the event being replayed.
final class ClockBox: @unchecked Sendable {
  var now: Date
  init(_ now: Date) { self.now = now }
}
