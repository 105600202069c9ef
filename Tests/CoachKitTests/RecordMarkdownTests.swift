import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// `coach show --format markdown`: a record as the document sent after the meeting.
struct RecordMarkdownTests {
  let fixtures = ReviewFixtures()
  let utc = TimeZone(identifier: "UTC")!

  func oneOnOne(_ extra: [String: [String]] = [:]) throws -> String {
    var lines: [String: [String]] = [
      "plan_attainment": ["/note Good energy today", "/private Thinking of moving her to enterprise", "62%"],
      "on_plan": ["n"],
      "recovery_plan": ["Two more discovery calls a day due:2026-12-04"],
      "has_obstacles": ["n"],
      "weekly_activity": ["/action Send Beta the revised terms @dana due:2026-12-01", "42"],
    ]
    lines.merge(extra) { _, new in new }
    return try fixtures.record("one-on-one", with: "Dana", lines: lines)
  }

  func render(_ id: String, shared: Bool = false, script: Script?? = nil) throws -> String {
    let folded = try fixtures.folded(id, shared: shared)
    let chosen = try script ?? fixtures.script(folded.dialog.id)
    return RecordMarkdown.render(folded, script: chosen, timeZone: utc)
  }

  /// The position of `text` in `document`, to check the order of its parts.
  func position(_ text: String, in document: String) throws -> String.Index {
    try #require(document.range(of: text), "'\(text)' in the document").lowerBound
  }

  @Test func aOneOnOneReadsAsASummaryBySection() throws {
    let document = try render(try oneOnOne())
    #expect(document.hasPrefix("# Weekly 1-on-1 with Dana, Mon 23 Nov 2026\n\nRun by Max · 09:00–"))
    #expect(
      document.contains(
        "### Progress against plan\n\n- **Attainment:** 62%\n- **Share of the period gone:** 50%\n- **On plan:** no\n"
      ))
    #expect(
      document.contains(
        "- **Recovery plan:** Two more discovery calls a day (owner Dana, due Fri 4 Dec 2026)"))
    #expect(document.contains("- **Activity a week:** 42 activities"))
    #expect(document.contains("- **Agreed forecast:** $12,500"))
    #expect(document.contains("- **New in the forecast:**\n  - Item number 1\n  - Item number 2\n"))
    #expect(document.contains("- Dana is off plan: the recovery plan is the priority of this meeting."))
    #expect(
      document.contains(
        "| Action | Owner | Due | Status |\n| --- | --- | --- | --- |\n| Send Beta the revised terms | dana | Tue 1 Dec 2026 | open |"
      ))
    #expect(document.contains("- Good energy today\n- *(private)* Thinking of moving her to enterprise"))
    let order = try [
      "## Flags", "## Summary", "### Progress against plan", "### Metric trends", "## Action items",
      "## Notes",
    ]
    .map { try position($0, in: document) }
    #expect(order == order.sorted())
    #expect(!document.contains("## Scorecard"))
  }

  @Test func sharedLeavesPrivateNotesOut() throws {
    let document = try render(try oneOnOne(), shared: true)
    #expect(document.contains("- Good energy today"))
    #expect(!document.contains("enterprise"))
    #expect(!document.contains("private"))
  }

  @Test func anInterviewLeadsWithItsScorecardAndRecommendation() throws {
    let id = try fixtures.record(
      "hiring-interview", with: "Sam Lee",
      lines: [
        "comp_coaching": ["2", "Only coached on big deals | *never* weekly"],
        "recommendation": ["4"], "rationale": ["Strong on planning; coaching is the risk"],
      ])
    let document = try render(id)
    #expect(document.hasPrefix("# Sales leader interview with Sam Lee, Mon 23 Nov 2026\n"))
    #expect(document.contains("| Competency | Score | Anchor | Evidence |"))
    #expect(
      document.contains(
        "| Coaching | 2/4 | Coached when asked or when a big deal was at stake, with no regular rhythm | Only coached on big deals \\| \\*never\\* weekly |"
      ))
    #expect(document.contains("Average **3.8/4** over 10 rated competencies."))
    #expect(document.contains("## Recommendation\n\n- **Recommendation: Strong yes**\n"))
    #expect(document.contains("- **Why:** Strong on planning; coaching is the risk"))
    #expect(document.contains("- Recommended despite a low coaching score"))
    let order = try ["## Scorecard", "## Recommendation", "## Flags", "## Answers", "### The role they held"]
      .map { try position($0, in: document) }
    #expect(order == order.sorted())
    #expect(!document.contains("- **Comp coaching"), "ratings are in the scorecard only")
  }

  @Test func aRideAlongEndsInACoachingNote() throws {
    let id = try fixtures.record(
      "ride-along", with: "Dana",
      lines: [
        "call_stage": ["proposal"], "skill_negotiating": ["not observed"],
        "positives": ["Asked about budget early", ""],
        "focus_areas": ["Confirm the next step with a date", ""],
        "commitment": ["Ask for a dated next step due:2026-12-04"],
      ])
    let document = try render(id)
    #expect(document.contains("| Negotiating | not rated | | |"))
    #expect(
      document.contains(
        "## Feedback and commitment\n\n- **Done well:**\n  - Asked about budget early\n- **Focus areas:**\n  - Confirm the next step with a date\n- **Rep's commitment:** Ask for a dated next step (owner Dana, due Fri 4 Dec 2026)\n"
      ))
    #expect(try position("## Feedback and commitment", in: document) < position("## Answers", in: document))
    #expect(document.contains("| Ask for a dated next step | Dana | Fri 4 Dec 2026 | open |"))
  }

  @Test func whatUsersTypedIsEscapedAndMadeVisible() throws {
    let id = try oneOnOne([
      "trend_reading": [
        "Call \u{1B}]0;pwned\u{07} and \u{1B}[2J <script>alert(1)</script> [link](http://x) # not a heading"
      ],
      "plan_attainment": ["/note - not a list\u{9B}31m", "62"],
    ])
    let document = try render(id)
    #expect(!document.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(!document.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
    #expect(
      document.contains(
        "- **What the numbers say:** Call ^\\[\\]0;pwned^G and ^\\[\\[2J \\<script\\>alert(1)\\</script\\> \\[link\\](`http://x`) \\# not a heading"
      ))
    #expect(document.contains("- \\- not a list\\\\u{9B}31m"))
  }

  /// Nothing a renderer would act on passes: no bare link, no entity, no maths.
  @Test func aNoteRendersAsExactlyWhatWasTyped() throws {
    let id = try oneOnOne([
      "trend_reading": ["see https://evil.example/x?a=1, www.example.com and me@example.com."],
      "plan_attainment": ["/note &lt;b&gt; bold &amp; $x^2$ costs $5", "62"],
    ])
    let document = try render(id)
    #expect(
      document.contains(
        "- **What the numbers say:** see `https://evil.example/x?a=1`, `www.example.com` and `me@example.com`."
      ))
    #expect(document.contains("- \\&lt;b\\&gt; bold \\&amp; \\$x^2\\$ costs \\$5"))
  }

  @Test func withoutItsScriptTheAnswersAreListedInOrder() throws {
    let document = try render(try oneOnOne(), script: .some(nil))
    #expect(
      document.contains(
        "## Summary\n\n- **How far along is Dana against the target for the period, as a percent…:** 62\n- **And how much of the period has gone, as a percentage of its time:** 50\n"
      ))
    #expect(!document.contains("###"))
    #expect(document.contains("- **When is the next 1-on-1 with Dana:** Mon 30 Nov 2026"))
  }

  @Test func aChangedScriptKeepsWhatItStillKnows() throws {
    let changed = try Scripts.load(
      """
      id: one-on-one
      title: Weekly 1-on-1 (new)
      sections:
        - {id: numbers, title: The numbers}
      steps:
        - {id: plan_attainment, section: numbers, ask: How far along?, kind: percent}
        - {id: on_plan, ask: On plan?, kind: choice, choices: [{value: a, label: A}, {value: b, label: B}]}
      """)
    let document = try render(try oneOnOne(), script: .some(changed))
    #expect(
      document.contains(
        "### The numbers\n\n- **How far along is Dana against the target for the period, as a percent…:** 62%\n- **Given that, and the pipeline behind it, is Dana on plan for the period:** no\n"
      ))
    #expect(document.contains("### Other answers\n\n"))
    #expect(
      document.contains("- **How many sales activities (calls, meetings, demos) did Dana complete …:** 42\n"))
  }

  @Test func aPausedSessionSaysItIsIncomplete() throws {
    let id = try fixtures.record("one-on-one", with: "Dana", lines: ["on_plan": ["/pause"]])
    let document = try render(id)
    #expect(
      document.contains(
        "> This session is paused at *On plan*: the record is incomplete (`coach resume \(id)` continues it)."
      ))
    #expect(document.contains("- **Attainment:** 250%"))
  }
}
