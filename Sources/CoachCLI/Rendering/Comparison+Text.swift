import CoachKit
import TextLayout

extension Comparison {
  /// The comparison as text `width` columns wide: each session at a glance, then a table with
  /// a column per session whose cells wrap (evidence is read whole, never cut), the highest
  /// score of each rating row marked `▲`. Everything recorded is made visible.
  func text(width: Int) -> String {
    let width = max(width, 40)
    let flat = Sanitizer.flat
    var lines = TextWrap.lines(flat(title), width: width) + [""]
    for summary in summaries {
      lines += TextWrap.hanging(flat(summary), first: "  ", indent: "    ", width: width)
    }
    lines.append("")
    let labelNeed = rows.map { DisplayWidth.of(flat($0.label)) + 2 }.max() ?? 12
    var columns = [
      TextTable.Column(nil, minimum: 12, maximum: min(labelNeed, max(18, width / 4)), wraps: true)
    ]
    columns += self.columns.map { _ in TextTable.Column(nil, minimum: 10, flexible: true, wraps: true) }
    var table = TextTable(columns)
    let headings = self.columns.map(heading)
    for n in 0..<(headings.map(\.count).max() ?? 0) {
      table.rows.append([""] + headings.map { n < $0.count ? $0[n] : "" })
    }
    let rule = table.rows.count
    for group in Group.allCases {
      let members = rows.filter { $0.group == group }
      guard !members.isEmpty else { continue }
      if group == .recommendation {
        for member in members { table.rows.append([member.label] + member.cells.map { $0?.text ?? "—" }) }
        continue
      }
      table.rows.append([Comparison.groupTitles[group]!])
      for member in members {
        let best = best(in: member)
        table.rows.append(
          ["  " + member.label]
            + member.cells.enumerated().map { i, cell in
              guard let cell else { return "—" }
              let prefix = group == .flags ? "⚑ " : best.contains(i) ? "▲ " : ""
              return prefix + cell.text + (cell.detail.map { ": " + $0 } ?? "")
            })
      }
      if group == .ratings, averages.contains(where: { $0 != nil }) {
        table.rows.append(["  Average"] + averages.map { $0.map(Comparison.describe) ?? "—" })
      }
    }
    let rendered = table.renderRows(width: width)
    let head = rendered.prefix(rule).flatMap { $0 }
    let body = rendered.dropFirst(rule).flatMap { $0 }
    // A rule under the headings.
    let ruleWidth = min(width, (head + body).map(DisplayWidth.of).max() ?? width)
    lines += head + [String(repeating: "─", count: ruleWidth)] + body
    if rows.isEmpty { lines.append("These sessions share no answers.") }
    return lines.joined(separator: "\n") + "\n"
  }
}
