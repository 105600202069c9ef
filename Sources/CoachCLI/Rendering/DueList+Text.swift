import CoachKit
import TextLayout

extension DueList {
  /// The list as `coach due` prints it: a block per person (their rituals, commitments and flags
  /// raised twice), wrapped at `width`. Someone else's list (`own` false: a part of `coach due
  /// --team`) has no heading and none of the hints on how to change your own team.
  func text(width: Int?, within: String? = nil, own: Bool = true) -> String {
    var out = ""
    if own {
      out +=
        (within.map { "Due within \(Sanitizer.inline($0, limit: 10)) of \(today.friendly)" }
          ?? "Due as of \(today.friendly)") + "\n"
    }
    if people.isEmpty {
      out +=
        (own ? "\n" : "")
        + (hasTeam || within != nil || !own
          ? "Nothing is due." : "No one yet: coach team add NAME --role rep adds someone to the team.") + "\n"
      return out
    }
    if !hasTeam && !own {
      out += wrap("No team file synced: these are the people met in their sessions.", width)
    } else if !hasTeam {
      out += wrap(
        "No team file yet: these are the people met in sessions, with the dialogs they had. coach team add NAME --role ROLE makes the list yours.",
        width)
    }
    let table = TextTable(
      [.init(minimum: 10, maximum: 24), .init(minimum: 20, flexible: true, wraps: true)], indent: "  ")
    for person in people.filter(\.inTeam) + people.filter({ !$0.inTeam }) {
      var title = Sanitizer.inline(person.name, limit: 60)
      if let role = person.role {
        title += " · \(role.rawValue)"
      } else if own || hasTeam {
        title += own ? " · not in the team" : " · not in their team"
      }
      out += "\n" + title + "\n"
      var rows: [[String]] = person.rituals.map { [$0.title, describe($0)] }
      if person.rituals.isEmpty && person.inTeam {
        rows.append(["Rituals", own ? "none (coach team set adds one)" : "none"])
      }
      if !person.commitments.isEmpty { rows.append(["Commitments", describe(person.commitments)]) }
      for flag in person.repeatedFlags {
        let dialog = person.rituals.first { $0.dialog == flag.dialog }?.title ?? flag.dialog
        rows.append([
          "Raised twice", "\(Sanitizer.inline(flag.text, limit: 160)) (\(dialog), the last two meetings)",
        ])
      }
      var rendered = table
      rendered.rows = rows
      out += rendered.render(width: width).joined(separator: "\n") + "\n"
      if !person.inTeam && own {
        out +=
          "  coach team add '\(Sanitizer.inline(person.name, limit: 60))' --role ROLE adds them to the team\n"
      }
    }
    return out
  }

  func wrap(_ text: String, _ width: Int?) -> String {
    TextWrap.lines(text, width: width).joined(separator: "\n") + "\n"
  }

  /// A day, short: `Mon 30 Nov` this year, `Mon 30 Nov 2025` another.
  func short(_ day: CalendarDay) -> String {
    day.components.year == today.components.year ? String(day.friendly.dropLast(5)) : day.friendly
  }

  /// `last Mon 23 Nov · due Mon 30 Nov · 2 days over, 1 missed`
  func describe(_ ritual: Ritual) -> String {
    var parts: [String] = []
    parts.append(ritual.last.map { "last \(short($0))" } ?? "never held")
    if let due = ritual.due {
      let agreed = ritual.agreed != nil ? " (agreed)" : ""
      switch due.ordinal - today.ordinal {
      case ..<0:
        parts.append("due \(short(due))\(agreed)")
        let over = "\(ritual.overdueDays) day\(ritual.overdueDays == 1 ? "" : "s") over"
        parts.append(ritual.missed > 1 ? over + ", \(ritual.missed) missed in a row" : over)
      case 0: parts.append(ritual.last == nil ? "due now" : "due today\(agreed)")
      case 1: parts.append("due tomorrow\(agreed)")
      case let days: parts.append("due \(short(due))\(agreed), in \(days) days")
      }
    }
    parts.append(Team.every(ritual.days))
    return parts.joined(separator: " · ")
  }

  /// `3 open, 1 overdue; oldest (16 days): Send the revised terms, due Mon 23 Nov`
  func describe(_ commitments: [Commitment]) -> String {
    let overdue = commitments.filter(\.isOverdue).count
    var text = "\(commitments.count) open" + (overdue > 0 ? ", \(overdue) overdue" : "")
    if let oldest = commitments.first {
      let age = today.ordinal - oldest.agreedOn.ordinal
      text += "; oldest (\(age) day\(age == 1 ? "" : "s")): \(Sanitizer.inline(oldest.item.text, limit: 120))"
      if let due = oldest.item.dueDay { text += ", due \(short(due))" }
    }
    return text
  }
}
