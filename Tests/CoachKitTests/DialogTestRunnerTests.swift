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

  /// Broken test files, and the one problem of each: line, column, code and message.
  static let badFiles: [(String, String)] = [
    ("tests: [{name: a, steps: []}]", "1:1: error[C003]: the test file has no 'dialog'"),
    ("dialog: x\ntests: []", "2:8: error[C070]: 'tests' lists no test"),
    ("dialog: x", "1:1: error[C070]: the test file has no 'tests'"),
    (
      "dialog: x\ntests:\n  - name: a\n    steps: []\n    stpes: []",
      "5:5: error[C002]: unknown key 'stpes' in a test"
    ),
    (
      "dialog: x\ntests:\n  - name: a\n    steps:\n      - {expect: a}",
      "5:9: error[C003]: a step of test 'a' has no 'answer'"
    ),
    (
      "dialog: x\ntoday: soon\ntests: [{name: a, steps: []}]",
      "2:8: error[C005]: 'today' must be a date, not 'soon'"
    ),
    (
      "dialog: x\ntests: [{name: a, steps: [], end: done}]",
      "2:35: error[C005]: 'end' is completed or paused, not 'done'"
    ),
    ("dialog: x\ntests: [{name: a, steps: [{answer: y, say: ''}]}]", "2:44: error[C071]: 'say' is empty"),
    ("dialog: [x", "1:9: error[C001]: the '[' here is never closed"),
    ("", "1:1: error[C003]: the file is empty"),
    // Aliases that would take unbounded time: as a key, and repeating large parts.
    (
      "a0: &a0 [x, x]\n" + (1...24).map { "a\($0): &a\($0) [*a\($0 - 1), *a\($0 - 1)]\n" }.joined()
        + "? *a24\n: boom\ndialog: x\ntests: []", "26:3: error[C007]: a YAML alias is used as a mapping key"
    ),
    (
      "a0: &a0 [x, x]\n" + (1...24).map { "a\($0): &a\($0) [*a\($0 - 1), *a\($0 - 1)]\n" }.joined()
        + "dialog: x\ntests: []", "error[C007]: the test file has too many nodes"
    ),
  ]

  @Test(arguments: badFiles)
  func aBrokenTestFileSaysWhatAndWhere(text: String, problem: String) throws {
    let error = try #require(throws: DialogTestReader.Problems.self) { try file(text) }
    #expect(error.diagnostics.count == 1, "\(error)")
    #expect("\(error)".hasPrefix(folder + "/x.test.yaml:"))
    #expect("\(error)".contains(problem), "\(error)")
  }

  @Test func everyProblemOfATestFileIsReportedWithItsLineColumnAndCode() throws {
    let error = try #require(throws: DialogTestReader.Problems.self) {
      try file(
        """
        dialog: check-in
        today: someday
        tests:
          - name: first
            stpes: []
          - name: second
            steps:
              - {expect: on_plan}
              - {answer: y, say: ""}
            end: done
            flags: low
        """)
    }
    #expect(
      error.diagnostics.map { "\($0.line):\($0.column): \($0.code.rawValue): \($0.message)" } == [
        "2:8: C005: 'today' must be a date, not 'someday'",
        "4:5: C003: test 'first' has no 'steps'",
        "5:5: C002: unknown key 'stpes' in a test",
        "8:9: C003: a step of test 'second' has no 'answer'",
        "9:26: C071: 'say' is empty, so it would hold whatever coach says",
        "10:10: C005: 'end' is completed or paused, not 'done'",
        "11:12: C004: 'flags' must be a list, not the text 'low'",
      ])
    #expect(error.diagnostics.allSatisfy { $0.file == folder + "/x.test.yaml" && $0.severity == .error })
    #expect(error.diagnostics.first { $0.code == .unknownKey }?.hint == "did you mean 'steps'?")
    // The text comes with the problems, to quote their lines.
    #expect(error.text?.hasPrefix("dialog: check-in\n") == true)
  }

  @Test func anUnreadableTestFileHasItsOwnCode() throws {
    let missing = folder + "/missing.test.yaml"
    let notThere = try #require(throws: DialogTestReader.Problems.self) {
      try DialogTestReader.read(path: missing)
    }
    #expect(
      notThere.diagnostics.map { "\($0.line):\($0.column): \($0.code.rawValue): \($0.message)" } == [
        "1:1: C060: cannot read the file: no such file"
      ])
    #expect(notThere.text == nil)
    let latin1 = folder + "/latin1.test.yaml"
    try Data("dialog: check-in\nwith: Ren\u{E9}e\n".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 })
      .write(to: URL(fileURLWithPath: latin1))
    let notText = try #require(throws: DialogTestReader.Problems.self) {
      try DialogTestReader.read(path: latin1)
    }
    #expect(
      notText.diagnostics.map { "\($0.line):\($0.column): \($0.code.rawValue): \($0.message)" } == [
        "2:10: C060: the file is not UTF-8 text (byte 0xE9 cannot be read)"
      ])
    let folderError = try #require(throws: DialogTestReader.Problems.self) {
      try DialogTestReader.read(path: folder)
    }
    #expect(folderError.diagnostics.map(\.code) == [.unreadableFile])
  }

  @Test func aTestedDialogCoachDoesNotHaveIsNamedWhereItIsGiven() throws {
    let tests = try file("with: Dana\ndialog: one-on-on\ntests: [{name: a, steps: [{answer: /pause}]}]")
    guard case .failure(let problems) = DialogCatalog(folders: []).dialog(testedBy: tests) else {
      Issue.record("found a dialog one-on-on")
      return
    }
    #expect(
      problems.diagnostics.map { "\($0.line):\($0.column): \($0.code.rawValue): \($0.message)" } == [
        "2:9: C072: no dialog 'one-on-on'"
      ])
    #expect(problems.diagnostics.first?.hint == "did you mean 'one-on-one'? (coach dialogs lists them)")
    let found = DialogCatalog(folders: []).dialog(
      testedBy: try file("dialog: one-on-one\ntests: [{name: a, steps: []}]"))
    #expect((try? found.get())?.id == "one-on-one")
  }
}
