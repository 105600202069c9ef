import CoachKit
import TextLayout

extension Comparison {
  /// The comparison as aligned columns `width` terminal columns wide, every cell on one line
  /// and cut with `…`; everything recorded made visible.
  func text(width: Int) -> String {
    let width = max(width, 40)
    let labels = rows.map { DisplayWidth.of(Sanitizer.flat($0.label)) + 2 } + [16]
    let labelWidth = min(labels.max() ?? 16, max(14, width / 4))
    let cellWidth = max(10, (width - labelWidth - 2 * columns.count) / columns.count)
    var lines = [DisplayWidth.truncate(Sanitizer.flat(title), to: width), ""]
    let headings = columns.map(heading)
    for i in 0..<(headings.map(\.count).max() ?? 0) {
      lines.append(
        TextLines.join(
          [String(repeating: " ", count: labelWidth)]
            + headings.map { DisplayWidth.fit(Sanitizer.flat(i < $0.count ? $0[i] : ""), cellWidth) }))
    }
    lines.append(String(repeating: "─", count: min(width, labelWidth + (cellWidth + 2) * columns.count)))
    func row(_ label: String, _ cells: [String], indent: Bool = true) {
      lines.append(
        TextLines.join(
          [DisplayWidth.fit((indent ? "  " : "") + Sanitizer.flat(label), labelWidth)]
            + cells.map { DisplayWidth.fit(Sanitizer.flat($0), cellWidth) }))
    }
    for group in Group.allCases {
      let members = rows.filter { $0.group == group }
      guard !members.isEmpty else { continue }
      if group == .recommendation {
        for member in members { row(member.label, member.cells.map { $0?.text ?? "—" }, indent: false) }
        continue
      }
      lines.append(Comparison.groupTitles[group]!)
      for member in members {
        row(
          member.label,
          member.cells.map { cell in
            guard let cell else { return "—" }
            let prefix = group == .flags ? "⚑ " : ""
            return prefix + cell.text + (cell.detail.map { " " + $0 } ?? "")
          })
      }
      if group == .ratings, averages.contains(where: { $0 != nil }) {
        row("Average", averages.map { $0.map(Comparison.describe) ?? "—" })
      }
    }
    if rows.isEmpty { lines.append("These sessions share no answers.") }
    return lines.joined(separator: "\n") + "\n"
  }

}
