import Foundation

/// The folded record (DESIGN 5): one JSON document derived from a session's log, with its
/// answers as typed values, notes, action items, flags, scores and transcript.
public enum FoldedRecord {
  /// Folds `record`; with `shared`, private notes are left out everywhere.
  public static func json(_ record: SessionRecord, shared: Bool = false) -> Value {
    let log = record.log
    let header = record.header
    var notes: [Value] = []
    for note in log.notes where !(shared && note.isPrivate) {
      notes.append([
        "text": .string(note.text), "private": .bool(note.isPrivate), "step": .optional(note.step),
        "at": .string(Clock.iso8601(note.at)),
      ])
    }
    var scores: [String: Value] = [:]
    for (id, value) in log.answers {
      guard case .object(var score) = value, score["score"] != nil else { continue }
      score["step"] = .string(id)
      scores[id] = .object(score)
    }
    var object: [String: Value] = [
      "id": .string(header.id),
      "dialog": [
        "id": .string(header.dialogID), "version": .number(Double(header.dialogVersion)),
        "sha256": .string(header.dialogSHA256), "title": .string(header.dialogTitle),
      ],
      "participants": ["with": .optional(header.with), "by": .optional(header.by)],
      "status": .string(log.status.rawValue),
      "started_at": .string(Clock.iso8601(header.startedAt)),
      "ended_at": log.endedAt.map { .string(Clock.iso8601($0)) } ?? .null,
      "updated_at": .string(Clock.iso8601(log.lastEventAt ?? header.startedAt)),
      "answers": .object(log.answers),
      "path": .array(log.path.map { .string($0.id) }),
      "skipped": .array(log.path.filter { $0.value == nil }.map { .string($0.id) }),
      "notes": .array(notes),
      "action_items": .array(log.allActions.map(\.json)),
      "flags": .array(log.flags.map { ["id": .string($0.id), "text": .string($0.text)] }),
      "scores": .object(scores),
      "transcript": .array(transcript(record.events, shared: shared)),
      "coach_version": .string(header.coachVersion),
      "elapsed_seconds": .number(log.totalSeconds.rounded()),
    ]
    if let step = log.currentStepID, log.status != .completed { object["current_step"] = .string(step) }
    if !record.warnings.isEmpty { object["warnings"] = .array(record.warnings.map(Value.string)) }
    return .object(object)
  }

  /// The exchange as it happened: who said what, when, at which step.
  static func transcript(_ events: [Event], shared: Bool) -> [Value] {
    var lines: [Value] = []
    func line(_ speaker: String, _ text: String, _ event: Event, step: String? = nil) {
      lines.append([
        "speaker": .string(speaker), "text": .string(text), "at": .string(Clock.iso8601(event.at)),
        "step": .optional(step ?? event["id"].string ?? event["step"].string),
        "event": .string(event.kind.rawValue),
      ])
    }
    for event in events {
      let raw = event["raw"].string
      switch event.kind {
      case .prompt: line("coach", event["text"].string ?? "", event)
      case .answer, .partial, .skip, .back, .command, .action:
        if let raw { line("you", raw, event, step: event["id"].string ?? event["from"].string) }
      case .invalid:
        if let raw { line("you", raw, event) }
        line("coach", event["message"].string ?? "", event)
      case .note:
        if shared && event["private"] == true { continue }
        line("you", raw ?? event["text"].string ?? "", event)
      case .flag:
        line(
          "coach", (event["raised"] == true ? "Flag: " : "Flag cleared: ") + (event["text"].string ?? ""),
          event)
      case .pause:
        if let raw { line("you", raw, event) }
        line("coach", "Session paused.", event)
      case .resume: line("coach", "Session resumed.", event)
      case .end: line("coach", "Session \(event["status"].string ?? "ended").", event)
      }
    }
    return lines
  }
}
