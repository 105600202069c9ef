/// A folded record as plain text for people, with everything a user typed made safe to print.
import CoachKit

enum RecordText {
  static func render(_ record: FoldedRecord) -> String {
    let safe = { (text: String) in Sanitizer.visible(text) }
    var out = safe(record.dialog.title.isEmpty ? record.dialog.id : record.dialog.title)
    if let with = record.participants.with { out += " with \(safe(with))" }
    if let by = record.participants.by { out += ", run by \(safe(by))" }
    out += "\n"
    out +=
      "Session \(safe(record.id)) · \(record.status.rawValue) · started \(Clock.iso8601(record.startedAt))"
    if let ended = record.endedAt { out += " · ended \(Clock.iso8601(ended))" }
    out += "\n\n"
    out += "Answers\n"
    for id in record.path {
      if let value = record.answers[id] {
        out +=
          "  \(safe(id)): \(safe(Conversation.display(value)).replacingOccurrences(of: "\n", with: "\n    "))\n"
      } else {
        out += "  \(safe(id)): (skipped)\n"
      }
    }
    if !record.flags.isEmpty {
      out += "\nFlags\n"
      for flag in record.flags { out += "  ⚑ \(safe(flag.text))\n" }
    }
    if !record.actionItems.isEmpty {
      out += "\nAction items\n"
      for action in record.actionItems {
        out += "  - \(safe(action.text))"
        if let owner = action.owner { out += " (owner \(safe(owner)))" }
        if let due = action.due { out += ", due \(safe(due))" }
        out += " [\(action.status.rawValue)]\n"
      }
    }
    if !record.notes.isEmpty {
      out += "\nNotes\n"
      for note in record.notes { out += "  - \(note.isPrivate ? "(private) " : "")\(safe(note.text))\n" }
    }
    return out
  }
}
