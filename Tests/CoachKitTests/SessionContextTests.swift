import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// What a session brings in from outside itself, and what it says along the way: another
/// dialog's last sessions, settings, the sessions before `previous`, section tips, the echo of
/// an answer, and the list of what was agreed.
struct SessionContextTests {
  static let yaml = """
    id: weekly
    title: Weekly
    settings:
      - {id: limits.hours, default: 50}
    sections:
      - {id: numbers, title: Numbers, tip: Numbers first.}
      - {id: wrap, title: Wrap-up, tip: Book the next one.}
    values:
      - {id: agreed, value: "default(last.ceo-alignment.field_time, 40)", kind: percent}
      - {id: recent_avg, value: "avg(recent(last.one-on-one.weekly_activity))"}
    steps:
      - id: share
        section: numbers
        ask: "Share with reps? Agreed {agreed}; the last 1-on-1s {recent(last.one-on-one.weekly_activity)}, {avg(recent(last.one-on-one.weekly_activity))} on average."
        kind: percent
        tip: Count the calendar.
      - id: hours
        ask: "Hours? (limit {settings.limits.hours} h)"
        kind: number
        trend: lower
        after: "Over the weeks: {recent(hours)}."
      - id: stage
        section: wrap
        ask: Stage?
        kind: choice
        choices: [First meeting, Proposal or negotiation]
      - id: promise
        ask: What will you do?
        kind: action
        owner: "{by}"
        required: false
    flags:
      - {id: long, if: hours > settings.limits.hours, text: "Long week."}
    """

  let clock = ManualClock()

  func conversation(_ context: SessionContext) throws -> Conversation {
    Conversation(
      script: try Scripts.load(Self.yaml), context: context, clock: clock.clock,
      timeZone: TimeZone(identifier: "UTC")!)
  }

  static func said(_ reply: Conversation.Reply) -> [String] {
    reply.outputs.compactMap { if case .say(let text, _) = $0 { return text } else { return nil } }
  }

  static func prompt(_ reply: Conversation.Reply) -> Prompt? {
    for case .prompt(let p) in reply.outputs.reversed() { return p }
    return nil
  }

  /// Shown in the other dialog's units (the shipped one-on-one's activities).
  @Test func anotherDialogsLastSessionsAreReadOldestFirst() throws {
    let c = try conversation(
      SessionContext(
        with: "Dana", by: "Max",
        last: ["ceo-alignment": ["field_time": 35], "one-on-one": ["weekly_activity": 45]],
        lastEarlier: [
          "one-on-one": [["weekly_activity": 50], ["weekly_activity": 35], ["weekly_activity": 40]]
        ]))
    let first = try #require(Self.prompt(c.start()))
    #expect(
      first.text
        == "Share with reps? Agreed 35%; the last 1-on-1s 40 activities → 35 activities → 50 activities → 45 activities, 42.5 activities on average."
    )
    #expect(c.value(of: Variable(name: "recent_avg")) == 42.5)
  }

  @Test func withNothingOnRecordTheDefaultsStand() throws {
    let c = try conversation(SessionContext(with: "Dana", by: "Max"))
    let first = try #require(Self.prompt(c.start()))
    #expect(
      first.text == "Share with reps? Agreed 40%; the last 1-on-1s none on record, none on record on average."
    )
    #expect(c.value(of: Variable(name: "recent_avg")) == .null)
  }

  @Test func aSettingSuppliedWinsOverTheDefaultWhenItHasItsType() throws {
    let c = try conversation(SessionContext(with: "Dana", settings: ["limits.hours": 45]))
    _ = c.start()
    #expect(Self.prompt(c.handle("40"))?.text == "Hours? (limit 45 h)")
    #expect(Self.said(c.handle("48")).contains("Flag: Long week."))
    #expect(!c.isDefault(Variable(name: "limits.hours", source: .settings)))
    let wrongType = try conversation(SessionContext(with: "Dana", settings: ["limits.hours": "lots"]))
    _ = wrongType.start()
    #expect(Self.prompt(wrongType.handle("40"))?.text == "Hours? (limit 50 h)")
    #expect(wrongType.isDefault(Variable(name: "limits.hours", source: .settings)))
  }

  @Test func recentReadsTheSessionsBeforePreviousToo() throws {
    let c = try conversation(
      SessionContext(
        with: "Dana", previous: ["hours": 48], earlier: ["hours": 50], older: [["hours": 52], ["hours": 55]]))
    _ = c.start()
    _ = c.handle("40")
    let said = Self.said(c.handle("46"))
    // Four at most: three before this one, and this one.
    #expect(said.contains("Over the weeks: 52 → 50 → 48 → 46."))
  }

  @Test func aSectionsTipComesWithItsFirstPromptAndAfterTheStepsTip() throws {
    let c = try conversation(SessionContext(with: "Dana"))
    let first = try #require(Self.prompt(c.start()))
    #expect(first.sectionTip == "Numbers first.")
    #expect(Self.said(c.handle("/tip")) == ["Count the calendar.", "Numbers: Numbers first."])
    _ = c.handle("40")
    // A step without its own tip gives the section's.
    #expect(Self.said(c.handle("/tip")) == ["Numbers first."])
  }

  @Test func aChoiceTakenByWordsIsSaidBackAndTheAgreedActionsAreListed() throws {
    let c = try conversation(SessionContext(with: "Dana", by: "Max"))
    _ = c.start()
    _ = c.handle("40")
    _ = c.handle("45")
    #expect(Self.said(c.handle("negotiation")) == ["Noted: Proposal or negotiation."])
    let end = Self.said(c.handle("Call the Orion CFO due:friday"))
    #expect(end.first == "Action: Call the Orion CFO (owner Max), due Fri 27 Nov 2026.")
    #expect(
      end.last
        == "Agreed in this session, to come back at the next session until done:\n  • Call the Orion CFO (Max, due Fri 27 Nov 2026)"
    )
    #expect(c.status == .completed)
  }

  @Test func aSessionWithNothingAgreedListsNothing() throws {
    let c = try conversation(SessionContext(with: "Dana", by: "Max"))
    _ = c.start()
    _ = c.handle("40")
    _ = c.handle("45")
    _ = c.handle("1")
    let end = Self.said(c.handle(""))
    #expect(!end.contains { $0.hasPrefix("Agreed in this session") })
    #expect(c.status == .completed)
  }
}
