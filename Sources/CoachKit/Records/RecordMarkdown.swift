import Foundation

/// A folded record as the Markdown document a manager sends after the meeting
/// (`coach show <id> --format markdown`).
///
/// The layout follows the record and its script rather than any one dialog: a title (dialog,
/// person, date); for a session with ratings, a scorecard and then the sections that come after
/// the ratings (the recommendation of an interview, the feedback and commitment of a
/// ride-along); the flags; the other answers grouped by the script's sections; the action items
/// as a table; the notes. Without its script (deleted, or no longer loading) the answers are
/// listed in the order given. Everything recorded is escaped for Markdown and made visible by
/// ``Sanitizer``, so the document shows exactly what was typed and nothing else.
public enum RecordMarkdown {
  /// Renders `record` (fold it with `shared` to leave
  /// private notes out). `script` is the dialog's script when available; dates are shown in
  /// `timeZone`.
  public static func render(_ record: FoldedRecord, script: Script?, timeZone: TimeZone = .current) -> String
  {
    let view = RecordView(record, script: script)
    var blocks: [String] = [header(view, timeZone: timeZone)]
    let answered = view.orderedAnswerIDs
    let ratings = ratingIDs(view)
    let conclusion = conclusionSections(view, ratings: ratings)
    if !ratings.isEmpty { blocks.append(scorecard(view, ratings: ratings)) }
    let rest = answered.filter { !view.isRating($0) }
    let concluding = rest.filter { id in view.section(of: id).map { conclusion.contains($0.id) } ?? false }
    blocks += sections(view, ids: concluding, level: "##")
    if !view.flags.isEmpty {
      blocks.append("## Flags\n\n" + view.flags.map { "- " + inline($0.text) }.joined(separator: "\n"))
    }
    let others = rest.filter { !concluding.contains($0) }
    if !others.isEmpty {
      let heading = ratings.isEmpty ? "## Summary" : "## Answers"
      blocks.append(heading + "\n\n" + sections(view, ids: others, level: "###").joined(separator: "\n\n"))
    }
    if !view.actions.isEmpty { blocks.append(actionTable(view.actions)) }
    if !view.notes.isEmpty {
      let lines = view.notes.map { note in
        "- " + (note.isPrivate ? "*(private)* " : "") + inline(note.text)
      }
      blocks.append("## Notes\n\n" + lines.joined(separator: "\n"))
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  // MARK: - Parts

  static func header(_ view: RecordView, timeZone: TimeZone) -> String {
    let day = view.day(in: timeZone)
    var title = view.dialogTitle
    if let with = view.with { title += " with " + with }
    var out = "# " + inline(title) + ", " + day.friendly
    var facts: [String] = []
    if let by = view.by { facts.append("Run by " + inline(by)) }
    var time = clockTime(view.startedAt, timeZone)
    if let end = view.endedAt, CalendarDay(end, timeZone: timeZone) == day, clockTime(end, timeZone) != time {
      time += "–" + clockTime(end, timeZone)
    }
    facts.append(time)
    let seconds = view.record.elapsedSeconds
    if seconds > 0 {
      facts.append("\(max(1, Int((seconds / 60).rounded()))) min")
    }
    facts.append("session " + code(view.id))
    out += "\n\n" + facts.joined(separator: " · ")
    if !view.isCompleted {
      let at = view.record.currentStep.map { " at *" + inline(view.label($0)) + "*" } ?? ""
      let state = view.status == .paused ? "paused" : "unfinished (cut off without pausing)"
      out +=
        "\n\n> This session is \(state)\(at): the record is incomplete ("
        + code("coach resume " + view.id) + " continues it)."
    }
    return out
  }

  /// The rated steps, in script order, with the skipped ratings the script knows of.
  static func ratingIDs(_ view: RecordView) -> [String] {
    let answered = view.orderedAnswerIDs.filter { view.isRating($0) }
    guard let script = view.script else { return answered }
    let skipped = view.path.filter { view.skipped.contains($0) && view.isRating($0) }
    return (answered + skipped).sorted { (script.index(of: $0) ?? .max) < (script.index(of: $1) ?? .max) }
  }

  /// The sections after the last rated step: the conclusion of an interview or a debrief.
  static func conclusionSections(_ view: RecordView, ratings: [String]) -> Set<String> {
    guard let script = view.script, let last = ratings.compactMap({ script.index(of: $0) }).max() else {
      return []
    }
    let ratedSections = Set(ratings.compactMap { view.section(of: $0)?.id })
    var result: Set<String> = []
    for step in script.steps[(last + 1)...] {
      if let section = step.sectionID, !ratedSections.contains(section) { result.insert(section) }
    }
    return result
  }

  static func scorecard(_ view: RecordView, ratings: [String]) -> String {
    var rows = ["| Competency | Score | Anchor | Evidence |", "| --- | --- | --- | --- |"]
    var total = 0.0
    var rated = 0
    var maxima: Set<Double> = []
    for id in ratings {
      guard let value = view.answers[id], let rating = value.rating else {
        rows.append("| \(cell(view.label(id))) | not rated | | |")
        continue
      }
      total += rating.score
      rated += 1
      maxima.insert(rating.max)
      rows.append(
        "| \(cell(view.label(id))) | \(RecordView.display(value, kind: nil)) | "
          + "\(cell(rating.anchor ?? "")) | \(cell(rating.evidence ?? "")) |")
    }
    var out = "## Scorecard\n\n" + rows.joined(separator: "\n")
    if rated > 1, maxima.count == 1, let top = maxima.first {
      out +=
        "\n\nAverage **\(Conversation.formatNumber(total / Double(rated), decimals: 1))/\(Conversation.formatNumber(top))**"
        + " over \(rated) rated competencies."
    }
    return out
  }

  /// The answers `ids` grouped under their sections' titles (in the script's order), or as one
  /// list without a script.
  static func sections(_ view: RecordView, ids: [String], level: String) -> [String] {
    guard let script = view.script else {
      return ids.isEmpty ? [] : [ids.map { item(view, $0) }.joined(separator: "\n")]
    }
    var groups: [(title: String, items: [String])] = []
    var index: [String: Int] = [:]
    for id in ids {
      let section = view.section(of: id)
      let key = section?.id ?? (script.step(id) == nil ? "~other" : "~none")
      if index[key] == nil {
        index[key] = groups.count
        let title = section?.title ?? (key == "~other" ? "Other answers" : view.dialogTitle)
        groups.append((title, []))
      }
      let line = item(view, id)
      if view.isRecommendation(id) {
        groups[index[key]!].items.insert(line, at: 0)
      } else {
        groups[index[key]!].items.append(line)
      }
    }
    return groups.map { level + " " + inline($0.title) + "\n\n" + $0.items.joined(separator: "\n") }
  }

  /// One answer as a list item: `- **Label:** value`, a list's items nested under it.
  static func item(_ view: RecordView, _ id: String) -> String {
    let label = "- **" + inline(view.label(id)) + ":**"
    guard let value = view.answers[id] else { return label + " —" }
    let kind = view.kind(id)
    if let items = value.array {
      if case .multiChoice? = kind { return label + " " + inline(RecordView.display(value, kind: kind)) }
      if items.isEmpty { return label + " none" }
      return label + "\n"
        + items.map { "  - " + inline(RecordView.display($0, kind: nil)) }.joined(separator: "\n")
    }
    let text = RecordView.display(value, kind: kind)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      inline(String($0.element), lineStart: $0.offset > 0)
    }
    if view.isRecommendation(id) {
      return "- **" + inline(view.label(id)) + ": " + lines.joined(separator: " ") + "**"
    }
    return label + " " + lines.joined(separator: "\\\n  ")
  }

  static func actionTable(_ actions: [ActionItem]) -> String {
    var rows = ["| Action | Owner | Due | Status |", "| --- | --- | --- | --- |"]
    for action in actions {
      let due = action.due.map { CalendarDay(iso: $0)?.friendly ?? $0 } ?? "—"
      rows.append(
        "| \(cell(action.text)) | \(cell(action.owner ?? "—")) | \(cell(due)) | \(cell(action.status.rawValue)) |"
      )
    }
    return "## Action items\n\n" + rows.joined(separator: "\n")
  }

  // MARK: - Escaping

  /// `text` safe inside a Markdown paragraph: control characters made visible, line breaks
  /// kept out, and the characters Markdown would act on escaped (with `lineStart`, also a start
  /// that would open a list or a heading).
  public static func inline(_ text: String, lineStart: Bool = true) -> String {
    escape(Sanitizer.flat(text), lineStart: lineStart)
  }

  /// `text` safe inside a table cell: as ``inline(_:lineStart:)``, line breaks as `<br>`.
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
      .map { inline(String($0), lineStart: false) }.joined(separator: "<br>")
  }

  /// Escapes the characters Markdown gives a meaning, and a start that would open a list or
  /// a heading.
  static func escape(_ text: String, lineStart: Bool) -> String {
    var out = ""
    for character in text {
      if "\\`*_[]<>|#~".contains(character) { out.append("\\") }
      out.append(character)
    }
    guard lineStart else { return out }
    if let first = out.first, "-+=".contains(first) { return "\\" + out }
    let digits = out.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty, let next = out.dropFirst(digits.count).first, next == "." || next == ")" {
      return digits + "\\" + out.dropFirst(digits.count)
    }
    return out
  }

  /// `text` as inline code: made visible, without backticks.
  static func code(_ text: String) -> String {
    "`" + Sanitizer.flat(text).replacingOccurrences(of: "`", with: "'") + "`"
  }

  /// `text` cut to `limit` characters, ending in `…` when something was cut.
  static func clip(_ text: String, to limit: Int) -> String {
    text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
  }

  static func clockTime(_ date: Date, _ timeZone: TimeZone) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
    let ofDay = ((seconds % 86_400) + 86_400) % 86_400
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return two(ofDay / 3600) + ":" + two(ofDay % 3600 / 60)
  }
}
