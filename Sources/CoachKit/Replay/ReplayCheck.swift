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
    /// The script's version when the session ran, and now.
    public var recordedVersion: Int = 1
    public var scriptVersion: Int = 1

    public var isSame: Bool { divergence == nil }
    /// Whether the session ran an earlier version of the script (its `version` has been raised
    /// since, saying the questions changed): a divergence is then what the new version meant.
    public var ranEarlierVersion: Bool { recordedVersion < scriptVersion }
    /// Whether the result is a regression: a divergence the script's version does not explain.
    public var isFailure: Bool { divergence != nil && !ranEarlierVersion }
  }

  /// Checks `record` against `script`.
  public static func check(_ record: SessionRecord, against script: Script) -> Result {
    let header = record.header
    let box = ClockBox(header.startedAt)
    func fresh() -> Conversation {
      let conversation = Conversation(
        script: script,
        context: header.context,
        clock: Clock(now: { box.now }),
        timeZone: header.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
      conversation.producesOutputs = false
      return conversation
    }
    var conversation = fresh()
    var result = Result(
      sessionID: header.id, divergence: nil, scriptChanged: header.dialogSHA256 != script.sha256,
      inputs: 0, recordedVersion: header.dialogVersion, scriptVersion: script.version)
    let events = record.events
    // A session cut off before its first question was ever recorded started with a resume.
    var produced = events.first?.kind == .resume || events.isEmpty ? [] : conversation.start().events
    var index = 0
    // Whether the session was left open: its record may stop anywhere.
    let leftOpen = !(events.last.map { [.pause, .end].contains($0.kind) } ?? false)
    // Walks the recorded events; each input-bearing event is re-driven, and what it produces is
    // compared with what was recorded after it. A session cut off while its events were being
    // written (a kill, a power cut) may have kept only the first of them: what follows is then
    // the pause that its resume recorded, or nothing.
    func compare(_ new: [Event], from start: Int) -> String? {
      var i = start
      for event in new {
        guard i < events.count else {
          if leftOpen { break }
          return "the script now goes on after the end of the record (\(describe(event)))"
        }
        if i > start, isCutOff(events[i]) { break }
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
      switch event.body {
      case .resume:
        produced = conversation.resume().events
      case .pause where isCutOff(event):
        // Resumed after a cut: the session went on from its record as it stood.
        conversation = fresh()
        conversation.restore(Array(events[..<index]))
        produced = conversation.resume().events
      case .pause(let pause) where pause.raw == nil:
        produced = conversation.interrupt(reason: pause.reason).events
      default:
        guard let raw = event.raw else {
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

  /// Whether `event` is the pause a resume records for a session cut off without one.
  static func isCutOff(_ event: Event) -> Bool {
    if case .pause(let pause) = event.body {
      return pause.raw == nil && pause.reason == Conversation.cutOffReason
    }
    return false
  }

  /// How `now` differs from `recorded`, in words; nil when they mean the same.
  static func differ(recorded: Event, now: Event) -> String? {
    let step = recorded.stepID ?? now.stepID ?? "?"
    let typed = Sanitizer.inline(recorded.raw ?? "", limit: 40)
    switch (recorded.body, now.body) {
    case (.answer, .invalid(let refused)), (.partial, .invalid(let refused)):
      return "at \(step): '\(typed)' was accepted then; now it is refused (\(refused.message))"
    case (.invalid, .answer), (.invalid, .partial):
      return "at \(step): '\(typed)' was refused then; now it is accepted"
    case (.prompt(let asked), .end):
      return
        "after \(step == "?" ? "the last answer" : step), the record goes on to '\(asked.id)' but the script now ends"
    case (.end, .prompt(let asked)):
      return "the record ends there, but the script now asks '\(asked.id)'"
    case (.flag(let was), .flag(let flag)):
      if was.id != flag.id || was.raised != flag.raised {
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    case (_, .flag(let flag)):
      return
        "the script now \(flag.raised ? "raises" : "clears") flag '\(flag.id)' (\(flag.text)) where the record has \(describe(recorded))"
    case (.flag(let flag), _):
      return
        "the record \(flag.raised ? "raised" : "cleared") flag '\(flag.id)' there; the script now does not (it gives \(describe(now)))"
    case (.prompt(let was), .prompt(let asked)):
      if was.id != asked.id { return "the record asks '\(was.id)' next; the script now asks '\(asked.id)'" }
      if was.part != asked.part {
        return
          "at \(step): the record asks for the \(was.part?.rawValue ?? "answer"); the script now asks for the \(asked.part?.rawValue ?? "answer")"
      }
    case (.answer(let was), .answer(let given)):
      return differ(step: step, typed: typed, ids: (was.id, given.id), values: (was.value, given.value))
    case (.partial(let was), .partial(let given)):
      return differ(step: step, typed: typed, ids: (was.id, given.id), values: (was.value, given.value))
    case (.end(let was), .end(let ended)):
      if was.status != ended.status {
        return "the record ends \(was.status.rawValue); now it ends \(ended.status.rawValue)"
      }
    case (.back(let was), .back(let back)):
      if was.to != back.to || was.undo != back.undo {
        return "/back went to '\(was.to)' then; now it goes to '\(back.to)'"
      }
    case (.skip(let was), .skip(let skipped)):
      if was.id != skipped.id {
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    case (.invalid(let was), .invalid(let refused)):
      if was.id != refused.id {
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    default:
      if recorded.kind != now.kind {
        return "the record has \(describe(recorded)); the script now gives \(describe(now))"
      }
    }
    return nil
  }

  private static func differ(
    step: String, typed: String, ids: (String, String), values: (Value, Value)
  ) -> String? {
    if ids.0 != ids.1 { return "the record answers '\(ids.0)'; the script now takes it as '\(ids.1)'" }
    if values.0 != values.1 {
      return "at \(step): '\(typed)' was \(JSON.encode(values.0)) then; now it is \(JSON.encode(values.1))"
    }
    return nil
  }

  static func describe(_ event: Event) -> String {
    switch event.body {
    case .prompt(let e): return "the question '\(e.id)'"
    case .answer(let e): return "an answer to '\(e.id)'"
    case .flag(let e): return "flag '\(e.id)' \(e.raised ? "raised" : "cleared")"
    case .end(let e): return "the end (\(e.status.rawValue))"
    default: return "a \(event.kind.rawValue) event"
    }
  }
}

/// The time a re-driven conversation sees: that of the event being replayed.
public final class ClockBox: @unchecked Sendable {
  public var now: Date
  public init(_ now: Date) { self.now = now }
}
