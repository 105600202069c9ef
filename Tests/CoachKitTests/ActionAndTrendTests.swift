import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// Agreed actions, the review of open ones in a later session, and metric trends.
struct ActionAndTrendTests {
  static let yaml = """
    id: weekly
    title: Weekly
    steps:
      - id: open_actions
        ask: Open actions first.
        kind: action-review
      - id: close_rate
        ask: Close rate?
        kind: percent
        label: Close rate
        trend: true
      - id: cycle
        ask: Sales cycle?
        kind: number
        unit: days
        trend: lower
      - id: next_step
        ask: Agreed action?
        kind: action
        owner: "{with}"
        require_due: true
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

  @Test func anActionReviewWithNothingOpenIsPassedOver() throws {
    let c = try conversation(SessionContext(with: "Dana"))
    #expect(Self.prompt(c.start())?.id == "close_rate")
  }

  @Test func reviewsEachOpenItem() throws {
    let items = [
      ActionItem(
        id: "s1:a1", text: "Send the deck", owner: "Dana", due: "2026-11-20", origin: "Weekly, 2026-11-16"),
      ActionItem(id: "s1:a2", text: "Call Beta", owner: "Max", due: "2026-11-30"),
      ActionItem(id: "s2:commitment", text: "Ask more questions", owner: "Dana"),
    ]
    let c = try conversation(SessionContext(with: "Dana", openActions: items))
    let first = try #require(Self.prompt(c.start()))
    #expect(first.id == "open_actions" && first.kind == .actionReview && first.part == .review)
    #expect(
      first.text.contains("“Send the deck”") && first.text.contains("3 days overdue")
        && first.text.contains("[1 of 3]"))
    #expect(first.text.contains("from the Weekly, 2026-11-16"))
    #expect(Self.said(c.handle("done")) == ["Marked done."])
    guard case .error = c.handle("maybe").outputs.first else {
      Issue.record("accepted 'maybe'")
      return
    }
    #expect(Self.said(c.handle("move to friday")) == ["Moved to Fri 27 Nov 2026."])
    _ = c.handle("/back")
    _ = c.handle("+14d")
    let last = c.handle("drop")
    #expect(Self.prompt(last)?.id == "close_rate")
    let decisions = try #require(c.answers["open_actions"]?.array)
    #expect(decisions.map { $0["status"] } == ["done", "open", "dropped"])
    #expect(decisions[1]["due"] == "2026-12-07")
  }

  /// A record cut after the last decision of a review but before its answer (a power cut, a
  /// short write) goes on: the decisions are the answer, and the next question is asked.
  @Test func aReviewCutBeforeItsAnswerIsAnsweredOnResume() throws {
    let items = [ActionItem(id: "s1:a1", text: "Send the deck", owner: "Dana")]
    let live = try conversation(SessionContext(with: "Dana", openActions: items))
    var events = live.start().events
    events += live.handle("done").events
    // Keep the decision (a partial), drop the answer and what followed it.
    let cut = Array(events.prefix { $0.kind != .answer })
    #expect(cut.last?.kind == .partial)
    let resumed = try conversation(SessionContext(with: "Dana", openActions: items))
    resumed.restore(cut)
    let reply = resumed.resume()
    #expect(resumed.answers["open_actions"]?.reviewDecisions?.map(\.status) == [.done])
    #expect(Self.prompt(reply)?.id != "open_actions")
  }

  @Test func actionAnswersBecomeActionItems() throws {
    let c = try conversation(SessionContext(with: "Dana"))
    _ = c.start()
    _ = c.handle("30")
    _ = c.handle("40")
    guard case .error(_, let message) = c.handle("Call their counsel").outputs.first else {
      Issue.record("accepted without a date")
      return
    }
    #expect(message.contains("add the date it is due"))
    _ = c.handle("Call their counsel due:friday")
    #expect(c.status == .completed)
    let item = try #require(c.log.allActions.first)
    #expect(
      item.id == "next_step" && item.text == "Call their counsel" && item.owner == "Dana"
        && item.due == "2026-11-27")
  }

  @Test func trendsCompareWithLastTimeAndFlagTwoMeetingsRunning() throws {
    let c = try conversation(
      SessionContext(
        with: "Dana", previous: ["close_rate": 35, "cycle": 40], earlier: ["close_rate": 38, "cycle": 30]))
    _ = c.start()
    let rate = c.handle("30%")
    #expect(Self.said(rate).contains("Close rate: 30% (last time 35%, -5 pts; the last 3: 38% → 35% → 30%)."))
    #expect(Self.said(rate).contains("Flag: Close rate fell two meetings running: 38% → 35% → 30%."))
    let cycle = c.handle("45")
    #expect(
      Self.said(cycle).contains(
        "Cycle: 45 days (last time 40 days, +5 days; the last 3: 30 days → 40 days → 45 days)."))
    #expect(Self.said(cycle).contains("Flag: Cycle rose two meetings running: 30 days → 40 days → 45 days."))
    #expect(c.log.flags.map(\.id) == ["close_rate_trend", "cycle_trend"])
  }

  @Test func aFirstReadingSaysThereIsNothingToCompare() throws {
    let c = try conversation(SessionContext(with: "Dana"))
    _ = c.start()
    #expect(Self.said(c.handle("30")) == ["Close rate: 30% (no earlier value to compare)."])
  }

  @Test func laterSessionsDecideOnEarlierItems() throws {
    let folder = TemporaryFolder("coach-history")
    let store = SessionStore(root: folder.path)
    let script = try Scripts.load(Self.yaml)
    func run(_ id: String, _ context: SessionContext, _ lines: [String]) throws {
      var header = SessionHeader(
        id: id, script: script, with: "Dana", by: nil, startedAt: clock.now, coachVersion: "test",
        terminal: nil)
      header.carried = context.openActions
      let writer = try store.create(header: header)
      let c = try conversation(context)
      try writer.append(c.start().events)
      for line in lines { try writer.append(c.handle(line).events) }
      clock.advance(seconds: 86_400 * 7)
    }
    try run(
      "first", SessionContext(with: "Dana"),
      ["30", "40", "/action Send recap @max due:+3d", "Call counsel due:+2d"])
    let open = PersonHistory(store: store, person: "dana").openActionItems
    #expect(open.map(\.id) == ["first:a1", "first:next_step"])
    #expect(open.first?.origin?.hasPrefix("Weekly, ") == true)
    try run(
      "second", SessionContext(with: "Dana", openActions: open),
      ["done", "+7d", "31", "35", "Book the demo due:+7d"])
    let after = PersonHistory(store: store, person: "DANA")
    #expect(after.actionItems.map(\.status) == [.done, .open, .open])
    #expect(after.openActionItems.map(\.id) == ["first:next_step", "second:next_step"])
    #expect(after.completed(dialog: "weekly").map(\.entry.id) == ["second", "first"])
  }
}
