import CoachKit
import TextLayout

extension TeamReport {
  /// What a row's cells say, shared by the text and the markdown.
  struct Cells {
    var person: String
    var coverage: String
    var last: String
    var commitments: String
    var metrics: String
    var flags: String
  }

  func cells(_ row: Row) -> Cells {
    let flat = Sanitizer.flat
    var person = flat(row.name)
    if let role = row.role { person += " (\(role.rawValue))" }
    var coverage = row.coveragePercent.map { "\($0)%" } ?? "—"
    let detail = row.coverage.map { "\($0.dialog) \($0.held)/\($0.expected)" }
    if !detail.isEmpty { coverage += ": " + detail.joined(separator: ", ") }
    let last =
      row.lastOneOnOne.map { day in
        let ago = today.ordinal - day.ordinal
        return ago == 0 ? "today" : "\(ago)d ago"
      } ?? "never"
    var commitments = "\(row.open) open"
    if row.overdue > 0 { commitments += ", \(row.overdue) overdue" }
    let metrics = row.metrics.map { metric in
      var text = "\(flat(metric.label)) \(flat(metric.last))"
      if metric.values.count >= 2 { text += " " + Sparkline.of(metric.values) }
      if let change = metric.change { text += " " + mark(change, better: metric.better) }
      return text
    }
    let flags = row.flags.map { flat($0.text) + ($0.twice ? " (twice running)" : "") }
    return Cells(
      person: person, coverage: coverage, last: last, commitments: commitments,
      metrics: metrics.isEmpty ? "—" : metrics.joined(separator: "; "),
      flags: flags.isEmpty ? "—" : flags.joined(separator: "; "))
  }

  /// ▲ up, ▼ down, = the same; `!` after a move the wrong way.
  func mark(_ change: Double, better: Step.Trend?) -> String {
    guard change != 0 else { return "=" }
    let worse = (better == .higher && change < 0) || (better == .lower && change > 0)
    return (change > 0 ? "▲" : "▼") + (worse ? "!" : "")
  }

  var heading: String {
    "The team on \(today.friendly): rituals held over the last \(window / 7) weeks, commitments, metrics and flags"
  }

  /// The report as text `width` columns wide: one table, a row per person. Someone else's
  /// (`own` false: a team below in the org) has no heading and no hint on changing your team.
  func text(width: Int?, own: Bool = true) -> String {
    guard !rows.isEmpty else {
      return own
        ? "No one in the team yet: coach team add NAME --role rep adds someone.\n"
        : "No one in their team yet.\n"
    }
    let table = TextTable(
      [
        .init("PERSON", minimum: 8, maximum: 30, wraps: true),
        .init("RITUALS HELD", minimum: 8, flexible: true, wraps: true), .init("LAST 1-ON-1"),
        .init("COMMITMENTS", minimum: 7, wraps: true),
        .init("METRICS", minimum: 12, flexible: true, wraps: true),
        .init("FLAGS", minimum: 10, flexible: true, wraps: true),
      ],
      rows: rows.map { row in
        let c = cells(row)
        return [c.person, c.coverage, c.last, c.commitments, c.metrics, c.flags]
      })
    var out = own ? TextWrap.lines(heading, width: width) + [""] : []
    out += table.render(width: width)
    return out.joined(separator: "\n") + "\n"
  }

  /// The report as a markdown table (with its heading when `own`).
  func markdown(own: Bool = true) -> String {
    let md = { (text: String) in RecordMarkdown.inline(text, lineStart: false) }
    var out = own ? "# \(md(heading))\n\n" : ""
    out += "| Person | Rituals held | Last 1-on-1 | Commitments | Metrics | Flags |\n"
    out += "| --- | --- | --- | --- | --- | --- |\n"
    for row in rows {
      let c = cells(row)
      out +=
        "| "
        + [c.person, c.coverage, c.last, c.commitments, c.metrics, c.flags].map(md).joined(separator: " | ")
        + " |\n"
    }
    return out
  }
}
