import Foundation

/// The calendar of a due list, for `coach calendar`: an all-day event for each ritual's next
/// session (confirmed when its date was agreed in the last one, tentative when it comes from
/// the cadence; one overdue is put on today), and a to-do for each open action item with its
/// due date. Every item has a stable UID (the person, the dialog or the item), so importing the
/// file again updates what an earlier import made rather than adding to it; the SEQUENCE grows
/// with each export. Only names, dialog titles and action items are written: nothing private.
public enum CalendarExport {
  /// The calendar for `list`, made at `now`.
  public static func calendar(_ list: DueList, now: Date) -> ICalendar {
    let stamp = ICalendar.Property.time("DTSTAMP", now)
    // Minutes since 2020: a later export always has a higher sequence.
    let sequence = ICalendar.Property(
      "SEQUENCE", "\(max(0, Int((now.timeIntervalSince1970 - 1_577_836_800) / 60)))")
    var components: [ICalendar.Component] = []
    for person in list.people {
      let commitments = person.commitments
      for ritual in person.rituals {
        guard let due = ritual.due else { continue }
        let overdue = due < list.today
        let day = overdue ? list.today : due
        var summary = "\(ritual.title) with \(person.name)"
        if overdue { summary += " (due since \(due.friendly))" }
        var description = [
          "\(ritual.title) with \(person.name)" + (person.role.map { " (\($0.rawValue))" } ?? "") + "."
        ]
        if let last = ritual.last {
          description.append("Last held \(last.friendly); held \(Team.every(ritual.days)).")
        } else {
          description.append("Not held yet; held \(Team.every(ritual.days)).")
        }
        if ritual.agreed != nil { description.append("Date agreed in the last session.") }
        if !commitments.isEmpty {
          description.append("")
          description.append("Open commitments:")
          for c in commitments.prefix(20) {
            var line = "- \(c.item.text)"
            if let owner = c.item.owner { line += " (\(owner))" }
            if let due = c.item.due { line += ", due \(due)" }
            if c.isOverdue { line += ", overdue" }
            description.append(line)
          }
          if commitments.count > 20 { description.append("- and \(commitments.count - 20) more") }
        }
        components.append(
          ICalendar.Component(
            "VEVENT",
            [
              ICalendar.Property("UID", uid("next", ritual.dialog, person.name)), stamp,
              .date("DTSTART", day), .date("DTEND", day.adding(days: 1) ?? day),
              .text("SUMMARY", summary), .text("DESCRIPTION", description.joined(separator: "\n")),
              .text("CATEGORIES", "coach," + ritual.dialog),
              ICalendar.Property("STATUS", ritual.agreed != nil ? "CONFIRMED" : "TENTATIVE"),
              ICalendar.Property("TRANSP", "TRANSPARENT"), sequence,
            ]))
      }
      for c in commitments {
        var properties: [ICalendar.Property] = [
          ICalendar.Property("UID", uid("action", c.item.id, "")), stamp,
          .text("SUMMARY", c.item.text),
          .text(
            "DESCRIPTION",
            "Agreed with \(person.name)" + (c.item.origin.map { " (\($0))" } ?? "")
              + (c.item.owner.map { ". Owner: \($0)." } ?? ".")),
          .date("DTSTART", c.agreedOn),
        ]
        if let due = c.item.dueDay, due >= c.agreedOn { properties.append(.date("DUE", due)) }
        properties += [
          ICalendar.Property("STATUS", "NEEDS-ACTION"), .text("CATEGORIES", "coach,action"), sequence,
        ]
        components.append(ICalendar.Component("VTODO", properties))
      }
    }
    return ICalendar(
      properties: [
        ICalendar.Property("VERSION", "2.0"),
        ICalendar.Property("PRODID", "-//coach//coach \(coachVersion)//EN"),
        ICalendar.Property("CALSCALE", "GREGORIAN"), ICalendar.Property("METHOD", "PUBLISH"),
        .text("X-WR-CALNAME", "coach: what is due"),
      ], components: components)
  }

  /// A UID that stays the same from one export to the next: what it is, and a digest of the
  /// names it is about (so that no name is in it).
  static func uid(_ kind: String, _ id: String, _ person: String) -> String {
    let digest = SHA256.hex(of: SHA256.digest(Array("\(kind)\u{0}\(id)\u{0}\(PeopleBook.key(person))".utf8)))
    return "\(kind)-\(digest.prefix(24))@coach"
  }
}
