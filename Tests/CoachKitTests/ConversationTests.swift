import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// The engine as a state machine: lines in, events and outputs out.
struct ConversationTests {
  static let yaml = """
    id: check-in
    title: Check-in
    timebox: 10m
    intro: Hello {with}.
    outro: Done with {with}.
    sections:
      - {id: plan, title: Plan, timebox: 2m, tip: Keep it short.}
      - {id: numbers, title: Numbers, timebox: 8m}
    steps:
      - id: on_plan
        section: plan
        ask: Is {with} on plan?
        kind: yes-no
        tip: If yes, move on.
        next:
          - {if: on_plan, goto: close_rate}
      - id: recovery
        ask: What is the recovery plan?
        kind: text
      - id: close_rate
        section: numbers
        ask: "Close rate? Last time: {previous.close_rate}"
        kind: percent
        after: "Change: {close_rate - previous.close_rate}"
      - id: why_drop
        ask: Why did it drop?
        kind: text
        when: close_rate < previous.close_rate
      - id: risks
        ask: Deals at risk?
        kind: list
        required: false
      - id: coaching
        ask: Coaching
        kind: rating
        competency: Coaching
        anchors: {1: None, 2: Some, 3: Solid, 4: Strong}
      - id: meeting
        ask: Next meeting?
        kind: date
        min: today
    flags:
      - {id: low, if: close_rate < 20, text: "Close rate is low ({close_rate})."}
    """

  let clock = ManualClock()

  func conversation(previous: [String: Value] = [:]) throws -> Conversation {
    Conversation(
      script: try Scripts.load(Self.yaml),
      context: SessionContext(with: "Dana", previous: previous), clock: clock.clock,
      timeZone: TimeZone(identifier: "UTC")!)
  }

  static func prompt(_ reply: Conversation.Reply) -> Prompt? {
    for case .prompt(let p) in reply.outputs.reversed() { return p }
    return nil
  }

  static func said(_ reply: Conversation.Reply) -> [String] {
    reply.outputs.compactMap { if case .say(let text, _) = $0 { return text } else { return nil } }
  }

  static func errorMessage(_ reply: Conversation.Reply) -> String? {
    for case .error(_, let message) in reply.outputs { return message }
    return nil
  }

  @Test func startsWithTheIntroAndTheFirstQuestion() throws {
    let c = try conversation()
    let reply = c.start()
    // One opening: the meeting, then the introduction.
    #expect(Self.said(reply) == ["Check-in with Dana. Hello Dana."])
    let p = try #require(Self.prompt(reply))
    #expect(p.id == "on_plan" && p.text == "Is Dana on plan?" && p.kind == .yesNo)
    #expect(p.step == 1 && p.steps == 7 && p.sectionTitle == "Plan" && p.budget == 120)
    #expect(reply.events.map(\.kind) == [.prompt])
  }

  @Test func branchesOnAnswers() throws {
    let c = try conversation()
    _ = c.start()
    #expect(Self.prompt(c.handle("y"))?.id == "close_rate")
    let other = try conversation()
    _ = other.start()
    #expect(Self.prompt(other.handle("no"))?.id == "recovery")
  }

  @Test func invalidAnswersAreRecordedAndAskedAgain() throws {
    let c = try conversation()
    _ = c.start()
    let reply = c.handle("perhaps")
    #expect(reply.events.map(\.kind) == [.invalid])
    #expect(reply.events[0].raw == "perhaps")
    guard case .error(let step, let message) = reply.outputs.first else {
      Issue.record("no error")
      return
    }
    #expect(step == "on_plan" && message.contains("not yes or no"))
    #expect(Self.prompt(reply)?.id == "on_plan")
  }

  @Test func offersAWayOutAfterRepeatedFailures() throws {
    let c = try conversation()
    _ = c.start()
    _ = c.handle("x")
    _ = c.handle("x")
    guard case .error(_, let message) = c.handle("x").outputs.first else { return }
    #expect(message.contains("Stuck?"))
  }

  @Test func pipesPreviousAnswersAndSaysTheChange() throws {
    let c = try conversation(previous: ["close_rate": 40])
    _ = c.start()
    let p = try #require(Self.prompt(c.handle("y")))
    #expect(p.text == "Close rate? Last time: 40%")
    let reply = c.handle("30%")
    #expect(Self.said(reply) == ["Change: -10 pts"])
    #expect(Self.prompt(reply)?.id == "why_drop")
  }

  @Test func passesOverStepsWhoseConditionDoesNotHold() throws {
    let c = try conversation(previous: ["close_rate": 40])
    _ = c.start()
    _ = c.handle("y")
    #expect(Self.prompt(c.handle("50"))?.id == "risks")
  }

  @Test func raisesAndClearsFlags() throws {
    let c = try conversation()
    _ = c.start()
    _ = c.handle("y")
    let reply = c.handle("10")
    #expect(reply.events.contains { if case .flag(let flag) = $0.body { flag.raised } else { false } })
    #expect(Self.said(reply).contains("Flag: Close rate is low (10%)."))
    // Going back drops the answer, so the flag no longer holds.
    let back = c.handle("/back")
    #expect(back.events.contains { if case .flag(let flag) = $0.body { !flag.raised } else { false } })
    #expect(c.log.flags.isEmpty)
    let revised = c.handle("50")
    #expect(!revised.events.contains { $0.kind == .flag })
  }

  @Test func flagsOnFixedFactsAreRaisedAtTheFirstAnswer() throws {
    let script = try Scripts.load(
      """
      id: fixed
      title: Fixed
      steps:
        - {id: a, ask: A?, kind: yes-no}
        - {id: b, ask: B?, kind: yes-no}
      flags:
        - {id: dana, if: with == "Dana", text: With Dana.}
        - {id: both, if: a and b, text: Both.}
      """)
    let c = Conversation(script: script, context: SessionContext(with: "Dana"), clock: clock.clock)
    _ = c.start()
    _ = c.handle("y")
    #expect(c.log.flags.map(\.id) == ["dana"])
    _ = c.handle("y")
    #expect(c.log.flags.map(\.id) == ["dana", "both"])
  }

  @Test func backRevisesAndDropsAnswersOffThePath() throws {
    let c = try conversation()
    _ = c.start()
    _ = c.handle("n")
    _ = c.handle("Call more")
    #expect(c.answers["recovery"] == "Call more")
    _ = c.handle("/back")  // reopens recovery
    let reply = c.handle("/back")  // reopens on_plan
    #expect(Self.prompt(reply)?.id == "on_plan")
    #expect(Self.prompt(reply)?.previousAnswer == "no")
    let next = c.handle("y")
    #expect(Self.prompt(next)?.id == "close_rate")
    #expect(c.answers == ["on_plan": true])
  }

  @Test func backAtTheFirstQuestionSaysSo() throws {
    let c = try conversation()
    _ = c.start()
    guard case .error(_, let message) = c.handle("/back").outputs.first else {
      Issue.record("no error")
      return
    }
    #expect(message.contains("nothing to go back to"))
  }

  @Test func listsCollectItemsUntilAnEmptyLine() throws {
    let c = try conversation()
    _ = c.start()
    _ = c.handle("y")
    _ = c.handle("50")
    #expect(Self.prompt(c.handle("Acme"))?.items == ["Acme"])
    #expect(Self.prompt(c.handle("Beta\nGamma"))?.items == ["Acme", "Beta", "Gamma"])
    #expect(Self.prompt(c.handle("/back"))?.items == ["Acme", "Beta"])
    #expect(Self.prompt(c.handle(""))?.id == "coaching")
    #expect(c.answers["risks"] == ["Acme", "Beta"])
  }

  @Test func anEmptyOptionalListIsSkipped() throws {
    let c = try conversation()
    _ = c.start()
    _ = c.handle("y")
    _ = c.handle("50")
    let reply = c.handle("")
    #expect(reply.events.first?.kind == .skip)
    #expect(c.answers["risks"] == nil)
  }

  @Test func ratingsAskForEvidenceAsTheirOwnPrompt() throws {
    let c = try conversation()
    _ = c.start()
    _ = c.handle("y")
    _ = c.handle("50")
    _ = c.handle("/skip")
    let evidence = try #require(Self.prompt(c.handle("3")))
    #expect(evidence.id == "coaching" && evidence.kind == .text && evidence.part == .evidence)
    #expect(evidence.text.contains("3 (Solid)"))
    guard case .error = c.handle("  ").outputs.first else {
      Issue.record("empty evidence accepted")
      return
    }
    _ = c.handle("Ran a role play")
    #expect(
      c.answers["coaching"]
        == [
          "score": 3, "min": 1, "max": 4, "anchor": "Solid", "competency": "Coaching",
          "evidence": "Ran a role play",
        ])
  }

  @Test func changesShowTheirSignInTheAnswersUnit() throws {
    let script = try Scripts.load(
      """
      id: change
      title: Change
      steps:
        - id: deal
          ask: Deal size?
          kind: money
          after: "{deal} ({deal - previous.deal} vs last time; {if(empty(previous.deal), 'first time', 'seen before')})"
        - id: rate
          ask: Close rate?
          kind: percent
          after: "{rate - previous.rate}"
        - id: skill
          ask: Skill?
          kind: rating
          required: false
          anchors: {1: Low, 4: High}
          evidence: When did you last see it?
      """)
    let c = Conversation(
      script: script, context: SessionContext(previous: ["deal": 16000, "rate": 30]), clock: clock.clock)
    _ = c.start()
    #expect(Self.said(c.handle("12k")) == ["$12,000 (-$4,000 vs last time; seen before)"])
    #expect(Self.said(c.handle("35")) == ["+5 pts"])
    // An optional rating: an empty line leaves it out; otherwise its own evidence question.
    let first = Conversation(script: script, context: SessionContext(), clock: clock.clock)
    _ = first.start()
    #expect(Self.said(first.handle("12k")) == ["$12,000 (none on record vs last time; first time)"])
    _ = first.handle("35")
    #expect(Self.prompt(first.handle("3"))?.text == "When did you last see it?")
    _ = first.handle("/back")
    #expect(first.handle("").events.first?.kind == .skip)
    #expect(first.status == .completed)
  }

  @Test func requiredQuestionsCannotBeSkipped() throws {
    let c = try conversation()
    _ = c.start()
    guard case .error(_, let message) = c.handle("/skip").outputs.first else {
      Issue.record("skipped")
      return
    }
    #expect(message.contains("cannot be skipped"))
  }

  @Test func commandsAnswerThenAskAgain() throws {
    let c = try conversation()
    _ = c.start()
    let note = c.handle("/note sounded confident")
    #expect(note.events.map(\.kind) == [.note])
    #expect(Self.prompt(note)?.id == "on_plan")
    _ = c.handle("/private worried about churn")
    #expect(c.log.notes.map(\.isPrivate) == [false, true])
    let tip = c.handle("/tip")
    #expect(tip.outputs.contains(.say("If yes, move on.", tone: .tip)))
    let help = c.handle("/help")
    guard case .help(let card)? = help.outputs.first else {
      Issue.record("no help card: \(help.outputs)")
      return
    }
    #expect(card.commands.contains { $0.usage == "/action TEXT [@owner] [due:DATE]" })
    #expect(c.handle("/h").outputs.first.map { if case .help = $0 { true } else { false } } == true)
    let unknown = c.handle("/frobnicate")
    let message = try #require(Self.errorMessage(unknown))
    #expect(message.contains("unknown command /frobnicate"))
    // Refused, but kept in the record: nothing typed is lost.
    #expect(unknown.events.map(\.raw) == ["/frobnicate"])
    #expect(try #require(Self.errorMessage(c.handle("/p"))).contains("could be /private or /pause"))
    // A line starting with // is an answer with a leading slash, not a command.
    let slash = c.handle("//yes")
    #expect(slash.events.map(\.kind) == [.invalid])
    #expect(slash.events.first?.raw == "//yes")
    guard case .error(_, let refusal) = slash.outputs.first else {
      Issue.record("'//yes' was not answered as an answer")
      return
    }
    #expect(refusal.contains("'/yes' is not yes or no"))
  }

  @Test func actionsTakeOwnerAndDueDate() throws {
    let c = try conversation()
    _ = c.start()
    // On Monday 23 November, "next friday" is the Friday of next week; "friday" this week's.
    let reply = c.handle("/action Send the deck to Acme @dana due:next friday")
    let item = try #require(c.log.actions.first)
    #expect(item.text == "Send the deck to Acme" && item.owner == "dana" && item.due == "2026-12-04")
    #expect(Self.said(reply) == ["Action: Send the deck to Acme (owner dana), due Fri 4 Dec 2026."])
    _ = c.handle("/action Call Beta due:friday")
    #expect(c.log.actions.last?.due == "2026-11-27")
    guard case .error(_, let message) = c.handle("/action Call @x due:someday").outputs.first else { return }
    #expect(message.contains("due:someday is not a date"))
  }

  @Test func keepsTimePerSectionAndWarnsWhenOver() throws {
    let c = try conversation()
    _ = c.start()
    clock.advance(seconds: 150)
    let reply = c.handle("n")
    let p = try #require(Self.prompt(reply))
    #expect(p.elapsed == 150 && p.budget == 120 && p.isOverBudget)
    guard case .agenda(let agenda)? = c.handle("/where").outputs.first else {
      Issue.record("no agenda")
      return
    }
    let plan = try #require(agenda.sections.first { $0.title == "Plan" })
    #expect(plan.state == .current && plan.spent == 150 && plan.overBy == 30)
  }

  @Test func pauseClosesTheSession() throws {
    let c = try conversation()
    _ = c.start()
    let reply = c.handle("/pause")
    #expect(reply.outputs.last == .end(.paused))
    #expect(c.isClosed && c.status == .paused)
  }

  @Test func runsToTheEnd() throws {
    let c = try conversation()
    _ = c.start()
    for line in ["y", "50", "", "4", "Great role play", "tomorrow"] { _ = c.handle(line) }
    #expect(c.status == .completed)
    #expect(c.answers["meeting"] == "2026-11-24")
    #expect(c.handle("more").outputs == [.error(step: nil, message: "this session has ended")])
  }

  /// The state rebuilt from the recorded events equals the live state, at every point.
  @Test func restoringFromEventsGivesTheSameState() throws {
    let lines = [
      "n", "plan", "/back", "/note hm", "plan B", "25", "x", "A", "B", "/back", "", "/skip", "3", "ok",
    ]
    let live = try conversation()
    var events = live.start().events
    for line in lines {
      events += live.handle(line).events
      let restored = try conversation()
      restored.restore(events)
      #expect(restored.path == live.path)
      #expect(restored.currentStep?.id == live.currentStep?.id)
      #expect(restored.log.items == live.log.items)
      #expect(restored.log.notes == live.log.notes)
    }
    let resumed = try conversation()
    resumed.restore(events)
    let reply = resumed.resume()
    // Cut off without a pause: the time it was dead is recorded as a pause, not meeting time.
    #expect(reply.events.prefix(2).map(\.kind) == [.pause, .resume])
    #expect(reply.events.first?.at == events.last?.at)
    #expect(Self.prompt(reply)?.id == live.currentStep?.id)
  }

  @Test func aResumeAfterACrashDoesNotCountTheDeadTime() throws {
    let c = try conversation()
    var events = c.start().events
    clock.advance(seconds: 30)
    events += c.handle("n").events
    clock.advance(seconds: 3600)
    let resumed = try conversation()
    resumed.restore(events)
    _ = resumed.resume()
    #expect(resumed.log.totalSeconds == 30)
    let p = try #require(Self.prompt(resumed.handle("/where")))
    #expect(p.elapsed == 30)
  }
}
