import Foundation

/// A folded record as the Markdown document a manager sends after the meeting
/// (`coach show <id> --format markdown`): the ``RecordDocument`` of the record, with everything
/// recorded escaped for Markdown and made visible by ``Sanitizer``, so that the document shows
/// exactly what was typed and nothing else.
public enum RecordMarkdown {
  /// Renders `record` (fold it with `shared` to leave private notes out). `script` is the
  /// dialog's script when available, `previous` the answers of the session before; dates are
  /// shown in `timeZone`.
  public static func render(
    _ record: FoldedRecord, script: Script?, previous: [String: Value] = [:], timeZone: TimeZone = .current
  ) -> String {
    render(RecordDocument(record, script: script, previous: previous, timeZone: timeZone))
  }

  public static func render(_ document: RecordDocument) -> String {
    var blocks: [String] = [header(document)]
    if let scorecard = document.scorecard { blocks.append(self.scorecard(scorecard)) }
    blocks += sections(document.conclusions, level: "##")
    if !document.flags.isEmpty {
      blocks.append("## Flags\n\n" + document.flags.map { "- " + inline($0) }.joined(separator: "\n"))
    }
    if !document.sections.isEmpty {
      blocks.append(
        "## \(document.answersHeading)\n\n"
          + sections(document.sections, level: "###").joined(separator: "\n\n"))
    }
    if !document.actions.isEmpty { blocks.append(actionTable(document.actions)) }
    if !document.notes.isEmpty {
      let lines = document.notes.map { note in
        "- " + (note.isPrivate ? "*(private)* " : "") + inline(note.text)
      }
      blocks.append("## Notes\n\n" + lines.joined(separator: "\n"))
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  // MARK: - Parts

  static func header(_ document: RecordDocument) -> String {
    var out = "# " + inline(document.title) + ", " + document.day.friendly
    let facts = document.facts.map { inline($0) } + ["session " + code(document.sessionID)]
    out += "\n\n" + facts.joined(separator: " · ")
    if let unfinished = document.unfinished {
      let at = unfinished.at.map { " at *" + inline($0) + "*" } ?? ""
      out +=
        "\n\n> This session is \(unfinished.state)\(at): the record is incomplete ("
        + code("coach resume " + document.sessionID) + " continues it)."
    }
    return out
  }

  static func scorecard(_ scorecard: RecordDocument.Scorecard) -> String {
    var rows = ["| Competency | Score | Anchor | Evidence |", "| --- | --- | --- | --- |"]
    for row in scorecard.rows {
      guard let score = row.score else {
        rows.append("| \(cell(row.label)) | not rated | | |")
        continue
      }
      rows.append(
        "| \(cell(row.label)) | \(score) | \(cell(row.anchor ?? "")) | \(cell(row.evidence ?? "")) |")
    }
    var out = "## Scorecard\n\n" + rows.joined(separator: "\n")
    if let average = scorecard.average {
      out += "\n\nAverage **\(average.score)** over \(average.rated) rated competencies."
    }
    return out
  }

  /// Sections under headings of `level`; a group without a title is a plain list.
  static func sections(_ sections: [RecordDocument.Section], level: String) -> [String] {
    sections.map { section in
      let items = section.items.map(item).joined(separator: "\n")
      return section.title.isEmpty ? items : level + " " + inline(section.title) + "\n\n" + items
    }
  }

  /// One answer as a list item: `- **Label:** value`, a list's items nested under it.
  static func item(_ item: RecordDocument.Item) -> String {
    let change = item.change.map { " *(" + inline($0, lineStart: false) + ")*" } ?? ""
    if let list = item.list {
      return "- **" + inline(item.label) + ":**" + change + "\n"
        + list.map { "  - " + inline($0) }.joined(separator: "\n")
    }
    let lines = item.value.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      inline(String($0.element), lineStart: $0.offset > 0)
    }
    if item.isRecommendation {
      return "- **" + inline(item.label) + ": " + lines.joined(separator: " ") + "**"
    }
    return "- **" + inline(item.label) + ":** " + lines.joined(separator: "\\\n  ") + change
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
  /// kept out, the characters Markdown would act on escaped (with `lineStart`, also a start
  /// that would open a list or a heading), and what a renderer would turn into a link (a bare
  /// URL, `www.` name or e-mail address) set as code, which is never linked.
  public static func inline(_ text: String, lineStart: Bool = true) -> String {
    let flat = Sanitizer.flat(text)
    var out = ""
    var rest = flat[...]
    var atStart = lineStart
    while let match = rest.firstMatch(of: linkLike) {
      // Punctuation that ends a sentence is not part of the link (as GitHub reads it).
      var end = match.range.upperBound
      while end > match.range.lowerBound, ".,;:!?)'\"".contains(rest[rest.index(before: end)]) {
        end = rest.index(before: end)
      }
      let before = rest[..<match.range.lowerBound]
      if !before.isEmpty { out += escape(String(before), lineStart: atStart) }
      out += code(String(rest[match.range.lowerBound..<end]))
      atStart = false
      rest = rest[end...]
    }
    if !rest.isEmpty || out.isEmpty { out += escape(String(rest), lineStart: atStart) }
    return out
  }

  /// What a Markdown renderer (GitHub's among them) links without being asked.
  nonisolated(unsafe) static let linkLike = #/(?i)(https?://|ftp://|www\.)[^\s<]+|[\w.+-]+@[\w-]+\.[\w.-]+/#

  /// `text` safe inside a table cell: as ``inline(_:lineStart:)``, line breaks as `<br>`.
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
      .map { inline(String($0), lineStart: false) }.joined(separator: "<br>")
  }

  /// Escapes the characters Markdown gives a meaning, and a start that would open a list or
  /// a heading.
  static func escape(_ text: String, lineStart: Bool) -> String {
    var out = ""
    // Two dollar signs could make maths (`$x^2$`) on GitHub: then each is escaped.
    let dollars = text.filter { $0 == "$" }.count > 1
    for character in text {
      if "\\`*_[]<>|#~&".contains(character) || (dollars && character == "$") { out.append("\\") }
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
}
