import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// `coach test`'s engine: reading test files and running them, with precise failures.
struct DialogTestRunnerTests {
  let temporary = TemporaryFolder("coach-dialog-tests")
  var folder: String { temporary.path }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  func file(_ text: String) throws -> DialogTestFile {
    let path = folder + "/x.test.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try DialogTestReader.read(path: path)
  }

  func run(_ text: String) throws -> [DialogTestRunner.Outcome] {
    let tests = try file(text)
    let script = try Scripts.load(ConversationTests.yaml)
    return tests.tests.map { DialogTestRunner.run($0, script: script, today: tests.today) }
  }

  @Test func aTestThatHoldsPassesAndRecordsTheStepsVisited() throws {
    let outcomes = try run(
      """
      dialog: check-in
      with: Dana
      tests:
        - name: on plan
          previous: {close_rate: 40}
          steps:
            - {expect: on_plan, answer: y}
            - {expect: close_rate, answer: lots, error: not a percentage}
            - {answer: "30", say: "Change: -10 pts"}
            - {expect: why_drop, answer: Lost two deals}
            - {expect: risks, part: item, answer: ""}
            - {expect: coaching, part: score, answer: "3"}
            - {part: evidence, answer: Good role play}
            - {expect: meeting, answer: friday}
          answers: {on_plan: true, close_rate: 30, coaching: 3, meeting: 2026-11-27}
          flags: []
          path: [on_plan, close_rate, why_drop, risks, coaching, meeting]
      """)
    #expect(outcomes.map(\.failures) == [[]])
    #expect(outcomes[0].visited == ["on_plan", "close_rate", "why_drop", "risks", "coaching", "meeting"])
  }

  @Test func eachKindOfFailureIsNamedWithItsLine() throws {
    let outcomes = try run(
      """
      dialog: check-in
      with: Dana
      tests:
        - name: wrong question
          steps:
            - {expect: close_rate, answer: y}
        - name: refused
          steps:
            - {answer: maybe}
        - name: accepted but should not be
          steps:
            - {answer: y, error: true}
          end: paused
        - name: wrong end and answers
          steps:
            - {answer: y}
            - {answer: "10"}
          answers: {close_rate: 11}
          flags: []
      """)
    let messages = outcomes.map { $0.failures.map { "\($0.line): \($0.message)" } }
    #expect(
      messages[0] == ["6: expected the question 'close_rate', but coach asks 'on_plan': Is Dana on plan?"])
    #expect(messages[1] == ["9: 'maybe' at 'on_plan' was refused: 'maybe' is not yes or no: answer y or n"])
    #expect(messages[2].first == "12: 'y' at 'on_plan' should have been refused, but it was accepted")
    #expect(
      messages[2].last
        == "10: the session is in-progress at 'close_rate' after the last step; the test expects it paused")
    #expect(messages[3].contains("14: the answer to 'close_rate' is 10; the test expects 11"))
    #expect(messages[3].contains("14: the flags raised are [low]; the test expects []"))
  }

  @Test func aMisspeltStepOrFlagIsNamedWithItsLikelySpellingBeforeAnythingRuns() throws {
    let outcomes = try run(
      """
      dialog: check-in
      with: Dana
      tests:
        - name: typos
          steps:
            - {expect: on_pln, answer: y}
          answers: {close_rat: 10}
          path: [on_plan, whydrop]
          flags: [lwo]
        - name: no typo
          steps:
            - {expect: on_plan, answer: y}
            - {expect: close_rate, answer: /pause}
          end: paused
      """)
    #expect(
      outcomes[0].failures.map { "\($0.line): \($0.message)" } == [
        "6: 'expect' names 'on_pln', which is not a step of check-in (did you mean 'on_plan'?)",
        "4: 'answers' names 'close_rat', which is not a step of check-in (did you mean 'close_rate'?)",
        "4: 'path' names 'whydrop', which is not a step of check-in (did you mean 'why_drop'?)",
        "4: 'flags' names 'lwo', which is not a flag of check-in (did you mean 'low'?)",
      ])
    // Nothing ran: no step is counted as visited by a test that names a step wrongly.
    #expect(outcomes[0].visited.isEmpty)
    #expect(outcomes[1].failures.isEmpty)
  }

  static let badFiles: [(String, String)] = [
    ("tests: []", "needs 'dialog'"),
    ("dialog: x\ntests: []", "'tests' must list at least one test"),
    (
      "dialog: x\ntests:\n  - name: a\n    stpes: []", "unknown key 'stpes' in a test (did you mean 'steps'?)"
    ),
    ("dialog: x\ntests:\n  - name: a\n    steps:\n      - {expect: a}", "each step needs an 'answer'"),
    ("dialog: x\ntoday: soon\ntests: [{name: a, steps: []}]", "'today' must be a date"),
    ("dialog: x\ntests: [{name: a, steps: [], end: done}]", "'end' is completed or paused"),
    ("dialog: [x", "YAML"),
    // Aliases that would take unbounded time: as a key, and repeating large parts.
    (
      "a0: &a0 [x, x]\n" + (1...24).map { "a\($0): &a\($0) [*a\($0 - 1), *a\($0 - 1)]\n" }.joined()
        + "? *a24\n: boom\ndialog: x\ntests: []", "alias is used as a mapping key"
    ),
    (
      "a0: &a0 [x, x]\n" + (1...24).map { "a\($0): &a\($0) [*a\($0 - 1), *a\($0 - 1)]\n" }.joined()
        + "dialog: x\ntests: []", "too many nodes"
    ),
  ]

  @Test(arguments: badFiles)
  func aBrokenTestFileSaysWhatAndWhere(text: String, message: String) throws {
    do {
      _ = try file(text)
      Issue.record("read a broken file")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
      #expect("\(error)".hasPrefix(folder + "/x.test.yaml:"))
    }
  }
}
