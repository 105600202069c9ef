import CoachKit
import TextLayout

extension PersonReport {
  /// The report as text `width` columns wide: per dialog, a table of its numbers with a row
  /// per number and a column per session (the latest that fit), the change from the session
  /// before and a sparkline over all of them; then the action items in a table. Everything
  /// recorded is made visible.
  func text(width: Int) -> String {
    let width = max(width, 40)
    let flat = Sanitizer.flat
    var out = ["Report for \(flat(person))"]
    out += TextWrap.lines(flat(headline), width: width)
    for dialog in dialogOrder {
      let members = series.filter { $0.dialogID == dialog }
      guard !members.isEmpty else { continue }
      out += [""] + numbers(members, width: width)
    }
    if series.isEmpty && !sessions.isEmpty { out += ["", "No numeric answers to follow."] }
    out += ["", "Action items: \(countLine)"]
    if !actions.isEmpty { out += [""] + actionTable(width: width) }
    return out.joined(separator: "\n") + "\n"
  }

  /// One dialog's numbers: a row per number, a column per session.
  func numbers(_ members: [Series], width: Int) -> [String] {
    let flat = Sanitizer.flat
    let indices = Array(Set(members.flatMap { $0.points.map(\.session) })).sorted()
    let labels = shortLabels(indices)
    var rowLabels = members.map { flat($0.label) }
    var valueTexts = members.map { series in
      indices.map { index in series.points.first { $0.session == index }.map { flat($0.text) } ?? "—" }
    }
    var changes = members.map { series -> String in
      guard let last = series.points.last, let trend = last.trend, let change = last.changeText else {
        return ""
      }
      return trend.mark + " " + flat(change)
    }
    // A unit every value of a row shares (`50 activities`) is said once, in its label.
    for m in members.indices {
      guard let unit = Self.commonUnit(valueTexts[m] + [changes[m]].filter { !$0.isEmpty }) else { continue }
      let strip = { (text: String) in
        text.hasSuffix(" " + unit) ? String(text.dropLast(unit.count + 1)) : text
      }
      valueTexts[m] = valueTexts[m].map(strip)
      changes[m] = strip(changes[m])
      if !rowLabels[m].lowercased().contains(unit.lowercased().prefix(6)) { rowLabels[m] += " (\(unit))" }
    }
    let sparks = members.map { series in
      series.points.count > 1 ? Sparkline.of(series.points.map(\.value)) : ""
    }
    let labelWidth = min(28, rowLabels.map { DisplayWidth.of($0) }.max() ?? 8)
    let changeWidth = changes.map(DisplayWidth.of).max() ?? 0
    let sparkWidth = max(5, sparks.map(DisplayWidth.of).max() ?? 0)
    // The latest sessions that fit beside the label, the change and the sparkline.
    var room = width - 2 - labelWidth - 2 - (changeWidth > 0 ? changeWidth + 2 : 0) - (sparkWidth + 2)
    var shown: [Int] = []
    for n in indices.indices.reversed() {
      let need = max(DisplayWidth.of(labels[n]), valueTexts.map { DisplayWidth.of($0[n]) }.max() ?? 0) + 2
      guard need <= room || shown.isEmpty else { break }
      room -= need
      shown.insert(n, at: 0)
    }
    var columns = [TextTable.Column("", minimum: 8, maximum: labelWidth, flexible: true)]
    columns += shown.map { TextTable.Column(labels[$0].uppercased(), alignment: .right) }
    if changeWidth > 0 { columns.append(.init("CHANGE")) }
    columns.append(.init("TREND"))
    var table = TextTable(columns, indent: "  ")
    for m in members.indices {
      var row = [rowLabels[m]] + shown.map { valueTexts[m][$0] }
      if changeWidth > 0 { row.append(changes[m]) }
      row.append(sparks[m])
      table.rows.append(row)
    }
    let count = indices.count
    var title = "\(flat(members[0].dialogTitle)): numbers from \(count) session\(count == 1 ? "" : "s")"
    if shown.count < count { title += " (the latest \(shown.count) shown; --format markdown has all)" }
    var lines = TextWrap.lines(title, width: width) + table.render(width: width)
    if shown.contains(where: { sessions[indices[$0]].status != .completed }) {
      lines.append("  * not completed")
    }
    return lines
  }

  /// The word every one of `texts` ends with after a number (`activities` of `50 activities`),
  /// when they share one; `—` (no value) is left out.
  static func commonUnit(_ texts: [String]) -> String? {
    let words = texts.filter { $0 != "—" }.map { text -> String? in
      guard let space = text.lastIndex(of: " ") else { return nil }
      let word = text[text.index(after: space)...]
      let before = text[..<space].last
      guard !word.isEmpty, word.allSatisfy(\.isLetter), before?.isNumber == true else { return nil }
      return String(word)
    }
    guard let first = words.first, let unit = first, words.allSatisfy({ $0 == unit }) else { return nil }
    return unit
  }

  /// The action items: overdue, open, done and dropped, with owner, due date and the session
  /// each came from; the text wraps rather than being cut.
  func actionTable(width: Int) -> [String] {
    let flat = Sanitizer.flat
    var table = TextTable(
      [
        .init("STATUS"), .init("ACTION", minimum: 16, flexible: true, wraps: true),
        .init("OWNER", minimum: 5, maximum: 16), .init("DUE"),
        .init("FROM", minimum: 10, flexible: true, wraps: true),
      ], indent: "  ")
    for group in actionGroups {
      for action in group.actions {
        let due = action.item.due.map { CalendarDay(iso: $0)?.friendly ?? $0 } ?? "no date"
        let session = sessions[action.session]
        table.rows.append(
          [
            group.title.lowercased(), action.item.text, action.item.owner ?? "—", due,
            "\(sessionLabel(action.session)), \(session.dialogTitle), \(session.id)",
          ].map(flat))
      }
    }
    return table.render(width: width)
  }
}
