import CoachKit
import CoachTestSupport
import Foundation
import Testing

@testable import CoachCLI

/// `coach report --with NAME`: a person's numbers over time and their action items.
struct PersonReportTests {
  let fixtures = ReviewFixtures()
  let utc = TimeZone(identifier: "UTC")!
  /// Wed 9 Dec 2026: after the first item's due date, before the second's.
  let today = CalendarDay(year: 2026, month: 12, day: 9)!

  /// Three weekly 1-on-1s with Dana (activity 40, 35, 50; close rate 30, 30, 25) and a
  /// ride-along; one action due before `today`, one after.
  func threeOneOnOnes() throws -> [FoldedRecord] {
    let ids = [
      try fixtures.record(
        "one-on-one", with: "Dana",
        lines: [
          "has_obstacles": ["n"], "close_rate": ["30"],
          "weekly_activity": ["/action Send Beta the revised terms @dana due:2026-11-27", "40"],
        ]),
      try fixtures.record(
        "one-on-one", with: "dana", day: 7,
        lines: [
          "has_obstacles": ["n"], "weekly_activity": ["35"], "close_rate": ["30"], "deal_size": ["10k"],
        ]),
      try fixtures.record(
        "one-on-one", with: "Dana", day: 14,
        lines: [
          "has_obstacles": ["n"], "close_rate": ["25"],
          "weekly_activity": ["/action Book the pricing review due:2026-12-31", "50"],
        ]),
      try fixtures.record(
        "ride-along", with: "DANA ", day: 3, lines: ["commitment": ["Ask for the budget due:2026-12-01"]]),
      try fixtures.record("one-on-one", with: "Sam", lines: ["weekly_activity": ["99"]]),
    ]
    return try ids.map { try fixtures.folded($0) }
  }

  func report(_ records: [FoldedRecord], person: String = "dana", dialog: String? = nil) throws
    -> PersonReport
  {
    PersonReport(
      records: records, person: person, dialog: dialog,
      scripts: [
        "one-on-one": try fixtures.script("one-on-one"), "ride-along": try fixtures.script("ride-along"),
      ],
      today: today, timeZone: utc)
  }

  func series(_ report: PersonReport, _ step: String) throws -> PersonReport.Series {
    try #require(report.series.first { $0.step == step }, "series \(step)")
  }

  @Test func followsEachNumberOverTimeWithItsChange() throws {
    let report = try report(try threeOneOnOnes())
    #expect(report.person == "Dana")
    #expect(
      report.sessions.map { $0.day.description } == ["2026-11-23", "2026-11-26", "2026-11-30", "2026-12-07"])
    let activity = try series(report, "weekly_activity")
    #expect(activity.label == "Activity a week" && activity.kind == .number)
    #expect(activity.points.map(\.value) == [40, 35, 50])
    #expect(activity.points.map(\.change) == [nil, -5, 15])
    #expect(activity.points.map(\.trend) == [nil, .down, .up])
    #expect(activity.points.map(\.changeText) == [nil, "-5 activities", "+15 activities"])
    let closeRate = try series(report, "close_rate")
    #expect(closeRate.points.map(\.trend) == [nil, .same, .down])
    #expect(closeRate.points.map(\.changeText) == [nil, "0 pts", "-5 pts"])
    #expect(try series(report, "deal_size").points.map(\.text) == ["$12,500", "$10,000", "$12,500"])
    let discovery = try series(report, "skill_discovery")
    #expect(
      discovery.kind == .rating && discovery.label == "Discovery" && discovery.points.map(\.text) == ["4/4"])
    // One-on-one steps in script order, before the ride-along's.
    let steps = report.series.map(\.step)
    #expect(
      Array(steps.prefix(4)) == ["plan_attainment", "period_elapsed", "forecast_commit", "weekly_activity"])
    #expect(steps.firstIndex(of: "deal_size")! < steps.firstIndex(of: "skill_opening")!)
  }

  @Test func listsActionItemsOpenedDoneAndOverdue() throws {
    var records = try threeOneOnOnes()
    let before = try report(records)
    #expect(
      before.actions.map(\.item.text) == [
        "Send Beta the revised terms", "Ask for the budget", "Book the pricing review",
      ])
    #expect(
      before.actions.filter(\.isOverdue).map(\.item.text) == [
        "Send Beta the revised terms", "Ask for the budget",
      ])
    let json = before.json
    #expect(json["action_items"]["opened"].array?.count == 3)
    #expect(
      json["action_items"]["overdue"].array?.compactMap { $0["text"].string } == [
        "Send Beta the revised terms", "Ask for the budget",
      ])
    #expect(json["action_items"]["overdue"].array?.first?["session"] == .string(records[0].id))
    #expect(json["action_items"]["done"] == [])

    // An item recorded as done counts as done, and is never overdue.
    let id = records[0].id
    try fixtures.append(
      id,
      [
        Event(
          at: ReviewFixtures.firstDay.addingTimeInterval(3600),
          .action(
            .init(
              item: ActionItem(id: "a2", text: "Call legal", owner: "Max", due: "2026-11-30", status: .done),
              raw: "/action Call legal")))
      ])
    records[0] = try fixtures.folded(id)
    let updated = try report(records)
    #expect(updated.actions.filter { $0.item.status == .done }.map(\.item.text) == ["Call legal"])
    #expect(!updated.actions.first { $0.item.text == "Call legal" }!.isOverdue)
    #expect(updated.json["action_items"]["done"].array?.count == 1)
  }

  @Test func readsAsTextAndMarkdown() throws {
    let report = try report(try threeOneOnOnes())
    let text = report.text(width: 100)
    #expect(
      text.hasPrefix(
        "Report for Dana\n4 sessions from Mon 23 Nov 2026 to Mon 7 Dec 2026: Weekly 1-on-1 ×3, Ride-along debrief ×1\n"
      ))
    let lines = text.split(separator: "\n").map(String.init)
    // A row per number, a column per session, the change from the last but one, the shape.
    let header = try #require(lines.first { $0.contains("MON 23 NOV") }, "\(text)")
    #expect(
      header.contains("MON 30 NOV") && header.contains("MON 7 DEC") && header.contains("CHANGE")
        && header.hasSuffix("TREND"))
    let activity = try #require(lines.first { $0.hasPrefix("  Activity ") })
    // The unit the row shares is said once, in the label ("Activity a week" says it already).
    #expect(
      activity.split(separator: " ", omittingEmptySubsequences: true) == [
        "Activity", "a", "week", "40", "35", "50", "▲", "+15", "▃▁█",
      ],
      "\(activity)")
    #expect(lines.contains("Weekly 1-on-1: numbers from 3 sessions"))
    #expect(text.contains("Action items: 3 opened · 0 done · 0 dropped · 2 overdue (as of Wed 9 Dec 2026)"))
    let actions = try #require(lines.firstIndex { $0.hasPrefix("  STATUS") })
    #expect(
      lines[actions].contains("ACTION") && lines[actions].contains("OWNER") && lines[actions].contains("FROM")
    )
    #expect(lines[actions + 1].hasPrefix("  overdue  Send Beta the revised terms"), "\(lines[actions + 1])")
    #expect(lines[(actions + 1)...].contains { $0.hasPrefix("  open ") })
    for line in lines { #expect(line.count <= 100, "'\(line)'") }

    let markdown = report.markdown()
    #expect(markdown.hasPrefix("# Report for Dana\n"))
    #expect(
      markdown.contains(
        "| Date | Session | Attainment | Share of the period gone | Agreed forecast | Activity a week |"))
    #expect(markdown.contains("| 35 activities ▼ -5 activities |"))
    #expect(markdown.contains("### Overdue\n\n| Action | Owner | Due | From |"))
    #expect(
      markdown.contains(
        "| Send Beta the revised terms | dana | Fri 27 Nov 2026 | Weekly 1-on-1, Mon 23 Nov 2026 `"))
  }

  @Test func restrictsToADialogAndToThePerson() throws {
    let records = try threeOneOnOnes()
    let oneOnOnes = try report(records, dialog: "one-on-one")
    #expect(oneOnOnes.sessions.count == 3)
    #expect(!oneOnOnes.series.contains { $0.dialogID == "ride-along" })
    #expect(oneOnOnes.actions.count == 2)
    let sam = try report(records, person: "  SAM ")
    #expect(sam.sessions.count == 1)
    #expect(try series(sam, "weekly_activity").points.map(\.value) == [99])
    let nobody = try report(records, person: "Eve")
    #expect(nobody.sessions.isEmpty && nobody.series.isEmpty && nobody.actions.isEmpty)
  }

  @Test func neverPrintsWhatUsersTypedRaw() throws {
    let id = try fixtures.record(
      "one-on-one", with: "Eve\u{1B}[2J",
      lines: [
        "has_obstacles": ["n"],
        "weekly_activity": ["/action Fix \u{1B}]0;pwned\u{07} it @x\u{1B}[31m due:2026-12-01", "3"],
      ])
    let report = try report([try fixtures.folded(id)], person: "eve\u{1B}[2J")
    #expect(report.sessions.count == 1)
    for output in [report.text(width: 100), report.markdown()] {
      #expect(
        !output.unicodeScalars.contains {
          ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
        })
      #expect(output.contains("pwned^G"))
    }
  }
}
