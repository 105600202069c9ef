import Foundation

/// Runs dialog tests against a script: drives each exchange and compares what happens with what
/// the test expects, collecting the steps visited.
public enum DialogTestRunner {
  /// What one test found.
  public struct Outcome: Sendable {
    public var name: String
    /// Each failure, with the line of the test file it concerns; empty when the test passed.
    public var failures: [Failure]
    /// The steps whose question was asked.
    public var visited: Set<String>
    /// The flags raised at some point of the test (cleared again or not).
    public var raised: Set<String> = []
    public var passed: Bool { failures.isEmpty }
  }

  /// A failed expectation, at a line of the test file.
  public struct Failure: Equatable, Sendable {
    public var line: Int
    public var message: String
  }

  /// Every flag a script can raise: its own, and `<id>_trend` for each trend step.
  public static func flagIDs(of script: Script) -> [String] {
    script.flags.map(\.id) + script.steps.filter { $0.trend != nil }.map { $0.id + "_trend" }
  }

  public static func run(_ test: DialogTest, script: Script, today: CalendarDay) -> Outcome {
    var outcome = Outcome(name: test.name, failures: unknownNames(in: test, script: script), visited: [])
    // A misspelt step or flag would fail later with a puzzling message, or never (an answer the
    // record does not hold matches nothing): name it, with its likely spelling, instead.
    guard outcome.failures.isEmpty else { return outcome }
    // 09:00 UTC on the test's day.
    let now = Date(timeIntervalSince1970: Double(today.ordinal * 86_400 + 9 * 3600))
    let conversation = Conversation(
      script: script, context: test.context, clock: Clock(now: { now }),
      timeZone: TimeZone(identifier: "UTC")!)
    var reply = conversation.start()
    func visit(_ reply: Conversation.Reply) {
      for event in reply.events {
        switch event.body {
        case .prompt(let asked): outcome.visited.insert(asked.id)
        case .flag(let flag) where flag.raised: outcome.raised.insert(flag.id)
        default: break
        }
      }
    }
    func fail(_ line: Int, _ message: String) {
      outcome.failures.append(Failure(line: line, message: message))
    }
    visit(reply)
    for turn in test.turns {
      let shown = Sanitizer.inline(turn.answer, limit: 40)
      guard !conversation.isClosed, let prompt = lastPrompt(reply) else {
        fail(
          turn.line,
          "the session has already \(conversation.status == .completed ? "ended" : "paused"), but the test goes on with '\(shown)'"
        )
        return outcome
      }
      if let expect = turn.expect, prompt.id != expect {
        fail(
          turn.line,
          "expected the question '\(expect)', but coach asks '\(prompt.id)': \(Sanitizer.inline(prompt.text, limit: 70))"
        )
        return outcome
      }
      if let ask = turn.ask, !prompt.text.contains(ask) {
        fail(turn.line, "the question '\(prompt.id)' should contain \"\(ask)\"; it reads: \(prompt.text)")
      }
      if let part = turn.part, prompt.part?.rawValue != part {
        fail(
          turn.line,
          "expected the \(part) of '\(prompt.id)', but coach asks for its \(prompt.part?.rawValue ?? "answer")"
        )
        return outcome
      }
      reply = conversation.handle(turn.answer)
      visit(reply)
      let refusal = reply.outputs.compactMap { output -> String? in
        if case .error(_, let message) = output { return message }
        return nil
      }.first
      if let expected = turn.error {
        if refusal == nil {
          fail(turn.line, "'\(shown)' at '\(prompt.id)' should have been refused, but it was accepted")
        } else if !expected.isEmpty, !(refusal ?? "").contains(expected) {
          fail(
            turn.line, "'\(shown)' was refused with \"\(refusal ?? "")\", which does not say \"\(expected)\"")
        }
      } else if let refusal {
        fail(turn.line, "'\(shown)' at '\(prompt.id)' was refused: \(refusal)")
        return outcome
      }
      if let say = turn.say {
        let said = reply.outputs.compactMap { output -> String? in
          if case .say(let text, _) = output { return text }
          return nil
        }
        if !said.contains(where: { $0.contains(say) }) {
          fail(
            turn.line,
            "after '\(shown)', coach should say \"\(say)\"; it said: \(said.isEmpty ? "nothing" : said.map { "\"\($0)\"" }.joined(separator: ", "))"
          )
        }
      }
    }
    checkEnd(test, conversation, &outcome)
    return outcome
  }

  /// The step ids and flag ids the test names that the script does not have, each as a failure
  /// with the closest name the script has.
  static func unknownNames(in test: DialogTest, script: Script) -> [Failure] {
    let steps = script.steps.map(\.id)
    let flags = flagIDs(of: script)
    var failures: [Failure] = []
    func check(_ id: String, _ line: Int, _ role: String, among known: [String], _ noun: String) {
      guard !known.contains(id) else { return }
      let hint = Suggestion.closest(to: id, in: known).map { " (did you mean '\($0)'?)" } ?? ""
      failures.append(
        Failure(line: line, message: "\(role) names '\(id)', which is not a \(noun) of \(script.id)\(hint)"))
    }
    for turn in test.turns {
      if let expect = turn.expect { check(expect, turn.line, "'expect'", among: steps, "step") }
    }
    for id in test.answers.keys.sorted() { check(id, test.line, "'answers'", among: steps, "step") }
    for id in test.path ?? [] { check(id, test.line, "'path'", among: steps, "step") }
    for id in test.flags ?? [] { check(id, test.line, "'flags'", among: flags, "flag") }
    return failures
  }

  private static func checkEnd(_ test: DialogTest, _ conversation: Conversation, _ outcome: inout Outcome) {
    func fail(_ message: String) { outcome.failures.append(Failure(line: test.line, message: message)) }
    if conversation.status != test.end {
      let at = conversation.currentStep.map { " at '\($0.id)'" } ?? ""
      fail(
        "the session is \(conversation.status.rawValue)\(at) after the last step; the test expects it \(test.end.rawValue)"
      )
    }
    let answers = conversation.answers
    for (id, expected) in test.answers.sorted(by: { $0.key < $1.key }) {
      let actual = answers[id] ?? .null
      if !matches(actual, expected) {
        fail("the answer to '\(id)' is \(JSON.encode(actual)); the test expects \(JSON.encode(expected))")
      }
    }
    if let flags = test.flags {
      let raised = conversation.log.flags.map(\.id)
      if Set(raised) != Set(flags) {
        fail(
          "the flags raised are [\(raised.joined(separator: ", "))]; the test expects [\(flags.joined(separator: ", "))]"
        )
      }
    }
    if let path = test.path {
      let actual = conversation.path.map(\.id)
      if actual != path {
        fail(
          "the path is [\(actual.joined(separator: ", "))]; the test expects [\(path.joined(separator: ", "))]"
        )
      }
    }
  }

  /// Whether an answer matches what a test expects: objects by the members given (so a rating
  /// can be checked by its score alone), numbers and text as they are.
  static func matches(_ actual: Value, _ expected: Value) -> Bool {
    switch (actual, expected) {
    case (.object(let a), .object(let e)):
      return e.allSatisfy { key, value in matches(a[key] ?? .null, value) }
    case (.object(let a), .number):
      return a["score"] == expected
    case (.object(let a), .string):
      return a["text"] == expected
    case (.array(let a), .array(let e)):
      return a.count == e.count && zip(a, e).allSatisfy(matches)
    default:
      return actual == expected
    }
  }

  static func lastPrompt(_ reply: Conversation.Reply) -> Prompt? {
    for case .prompt(let p) in reply.outputs.reversed() { return p }
    return nil
  }
}
