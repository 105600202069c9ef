/// A folded record as plain text for people, with everything a user typed made safe to print.
public enum RecordText {
  public static func render(_ record: Value) -> String {
    let safe = { (text: String) in Sanitizer.visible(text) }
    var out = ""
    let dialog = record["dialog"]
    out += "\(safe(dialog["title"].string ?? dialog["id"].string ?? "Session"))"
    if let with = record["participants"]["with"].string { out += " with \(safe(with))" }
    if let by = record["participants"]["by"].string { out += ", run by \(safe(by))" }
    out += "\n"
    out += safe(
      "Session \(record["id"].string ?? "?") · \(record["status"].string ?? "?") · started \(record["started_at"].string ?? "?")"
    )
    if let ended = record["ended_at"].string { out += " · ended \(safe(ended))" }
    out += "\n\n"
    out += "Answers\n"
    let answers = record["answers"].object ?? [:]
    for id in record["path"].array?.compactMap(\.string) ?? [] {
      if let value = answers[id] {
        out +=
          "  \(safe(id)): \(safe(Conversation.display(value)).replacingOccurrences(of: "\n", with: "\n    "))\n"
      } else {
        out += "  \(safe(id)): (skipped)\n"
      }
    }
    if let flags = record["flags"].array, !flags.isEmpty {
      out += "\nFlags\n"
      for flag in flags { out += "  ⚑ \(safe(flag["text"].string ?? ""))\n" }
    }
    if let actions = record["action_items"].array, !actions.isEmpty {
      out += "\nAction items\n"
      for action in actions {
        out += "  - \(safe(action["text"].string ?? ""))"
        if let owner = action["owner"].string { out += " (owner \(safe(owner)))" }
        if let due = action["due"].string { out += ", due \(safe(due))" }
        out += " [\(safe(action["status"].string ?? "open"))]\n"
      }
    }
    if let notes = record["notes"].array, !notes.isEmpty {
      out += "\nNotes\n"
      for note in notes {
        out += "  - \(note["private"] == true ? "(private) " : "")\(safe(note["text"].string ?? ""))\n"
      }
    }
    return out
  }
}
