import CoachKit
import TextLayout

/// A record as text for people (`coach show`): the same document as the Markdown export
/// (``RecordDocument``), laid out for a terminal, words wrapped at its width, everything recorded
/// made safe to print.
enum RecordText {
  /// `record` as text; `now` gives the status an action item has come to since, by id, when a
  /// later session decided it.
  static func render(
    _ record: FoldedRecord, script: Script? = nil, previous: [String: Value] = [:], width: Int?,
    now: [String: ActionItem.Status] = [:], palette: Palette = .plain
  ) -> String {
    render(
      RecordDocument(record, script: script, previous: previous), width: width, now: now, palette: palette)
  }

  static func render(
    _ document: RecordDocument, width: Int?, now: [String: ActionItem.Status] = [:], palette: Palette = .plain
  ) -> String {
    var out: [String] = []
    func paragraph(_ text: String, indent: String = "", hang: String? = nil) {
      let lines = TextWrap.lines(
        Sanitizer.visible(text), width: width.map { max(20, $0 - DisplayWidth.of(hang ?? indent)) })
      for (i, line) in lines.enumerated() { out.append((i == 0 ? indent : hang ?? indent) + line) }
    }
    func heading(_ text: String) {
      out.append("")
      out.append(palette.paint(Sanitizer.flat(text), .bold))
    }
    paragraph(document.title + ", " + document.day.friendly)
    paragraph((document.facts + ["session " + document.sessionID]).joined(separator: " · "))
    if let unfinished = document.unfinished {
      paragraph(
        "This session is \(unfinished.state)\(unfinished.at.map { " at " + $0 } ?? ""): the record is incomplete (coach resume \(document.sessionID) continues it)."
      )
    }
    if let scorecard = document.scorecard {
      heading("Scorecard")
      for row in scorecard.rows {
        guard let score = row.score else {
          paragraph(row.label + ": not rated", indent: "  ", hang: "    ")
          continue
        }
        var text = row.label + ": " + score
        if let anchor = row.anchor { text += " (" + anchor + ")" }
        paragraph(text, indent: "  ", hang: "    ")
        if let evidence = row.evidence { paragraph(evidence, indent: "    ") }
      }
      if let average = scorecard.average {
        paragraph("Average \(average.score) over \(average.rated) rated competencies.", indent: "  ")
      }
    }
    func sections(_ sections: [RecordDocument.Section], topLevel: Bool) {
      for section in sections {
        if !section.title.isEmpty {
          if topLevel {
            heading(section.title)
          } else {
            out.append("")
            out.append("  " + Sanitizer.flat(section.title))
          }
        }
        let indent = topLevel || section.title.isEmpty ? "  " : "    "
        for item in section.items {
          let change = item.change.map { " (" + $0 + ")" } ?? ""
          if let list = item.list {
            paragraph(item.label + ":" + change, indent: indent, hang: indent + "  ")
            for entry in list { paragraph("• " + entry, indent: indent + "  ", hang: indent + "    ") }
          } else {
            let value = item.value.replacingOccurrences(of: "\r\n", with: "\n")
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
            paragraph(
              item.label + ": " + (lines.first.map(String.init) ?? "") + change, indent: indent,
              hang: indent + "  ")
            for line in lines.dropFirst() { paragraph(String(line), indent: indent + "  ") }
          }
        }
      }
    }
    sections(document.conclusions, topLevel: true)
    if !document.flags.isEmpty {
      heading("Flags")
      for flag in document.flags { paragraph("⚑ " + flag, indent: "  ", hang: "    ") }
    }
    if !document.sections.isEmpty {
      heading(document.answersHeading)
      sections(document.sections, topLevel: false)
    }
    if !document.actions.isEmpty {
      heading("Action items")
      for action in document.actions {
        var text = action.text
        var details: [String] = []
        if let owner = action.owner { details.append("owner " + owner) }
        if let due = action.dueDay { details.append("due " + due.friendly) }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        var status = action.status.rawValue
        if let later = now[document.sessionID + ":" + action.id], later != action.status {
          status += ", now " + later.rawValue
        }
        paragraph("- " + text + " [" + status + "]", indent: "  ", hang: "    ")
      }
    }
    if !document.notes.isEmpty {
      heading("Notes")
      for note in document.notes {
        paragraph("- " + (note.isPrivate ? "(private) " : "") + note.text, indent: "  ", hang: "    ")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }
}
