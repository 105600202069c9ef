import CoachKit
import TextLayout

extension PersonReport {
  /// The report as text `width` columns wide; long texts are cut with `…`, everything recorded
  /// made visible.
  func text(width: Int) -> String {
    let width = max(width, 40)
    let flat = Sanitizer.flat
    var out = ["Report for \(flat(person))", flat(headline)]
    for dialog in dialogOrder {
      let members = series.filter { $0.dialogID == dialog }
      guard !members.isEmpty else { continue }
      out += ["", "\(flat(members[0].dialogTitle)): numbers over time"]
      for series in members {
        out += ["", "  " + flat(series.label)]
        let texts = series.points.map { flat($0.text) }
        let valueWidth = texts.map(DisplayWidth.of).max() ?? 0
        let dateWidth = series.points.map { DisplayWidth.of(sessionLabel($0.session)) }.max() ?? 0
        for (point, text) in zip(series.points, texts) {
          var cells = [
            "    " + DisplayWidth.fit(sessionLabel(point.session), dateWidth),
            String(repeating: " ", count: max(0, valueWidth - DisplayWidth.of(text))) + text,
          ]
          if let trend = point.trend, let change = point.changeText {
            cells.append(trend.mark + " " + flat(change))
          }
          out.append(DisplayWidth.truncate(TextLines.join(cells), to: width))
        }
      }
    }
    if series.isEmpty && !sessions.isEmpty { out += ["", "No numeric answers to follow."] }
    out += ["", "Action items: \(countLine)"]
    for group in actionGroups {
      out += ["", "  " + group.title]
      let rows = group.actions.map { action -> [String] in
        let due = action.item.due.map { CalendarDay(iso: $0)?.friendly ?? $0 } ?? "no date"
        return [
          action.item.text, action.item.owner ?? "—", due,
          "\(sessionLabel(action.session)) · \(sessions[action.session].dialogTitle) · \(sessions[action.session].id)",
        ].map(flat)
      }
      let ownerWidth = min(16, rows.map { DisplayWidth.of($0[1]) }.max() ?? 0)
      let dueWidth = rows.map { DisplayWidth.of($0[2]) }.max() ?? 0
      // The action's text comes first: the session it came from gets what room is left.
      let room = max(32, width - 4 - ownerWidth - dueWidth - 6)
      let textNeed = rows.map { DisplayWidth.of($0[0]) }.max() ?? 0
      let fromNeed = rows.map { DisplayWidth.of($0[3]) }.max() ?? 0
      let textWidth = min(textNeed, max(room - fromNeed, room * 3 / 5))
      let fromWidth = min(fromNeed, room - textWidth)
      for row in rows {
        let line = TextLines.join([
          "    " + DisplayWidth.fit(row[0], textWidth), DisplayWidth.fit(row[1], ownerWidth),
          DisplayWidth.fit(row[2], dueWidth), DisplayWidth.fit(row[3], fromWidth),
        ])
        out.append(DisplayWidth.truncate(line, to: width))
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

}
