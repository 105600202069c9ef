import CoachKit
import CoachTestSupport
import Foundation
import Testing
import TextLayout

/// The commands as a user meets them: output, messages and exit codes.
@Suite(.serialized)
struct CommandTests {
  let temporary = TemporaryFolder("coach-cli")
  var folder: String { temporary.path }
  var store: String { folder + "/store" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  @Test func listsTheShippedDialogsFromAnyDirectory() throws {
    let result = try CoachProcess.run(["dialogs", "--json"], directory: folder)
    #expect(result.status == 0)
    let ids = try JSON.decode(result.stdout).array?.compactMap { $0["id"].string } ?? []
    for id in JSONLinesTests.dialogs { #expect(ids.contains(id)) }
    let text = try CoachProcess.run(["dialogs"], directory: "/")
    #expect(text.stdout.contains("one-on-one"))
  }

  @Test func extraPromptFoldersAddAndOverrideDialogs() throws {
    let prompts = folder + "/prompts"
    try FileManager.default.createDirectory(atPath: prompts, withIntermediateDirectories: true)
    try "id: quick\ntitle: Quick check\nsteps:\n  - {id: ok, ask: All good?, kind: yes-no}\n"
      .write(toFile: prompts + "/quick.yaml", atomically: true, encoding: .utf8)
    try "id: one-on-one\ntitle: Our own 1-on-1\nsteps:\n  - {id: ok, ask: All good?, kind: yes-no}\n"
      .write(toFile: prompts + "/one-on-one.yaml", atomically: true, encoding: .utf8)
    for (arguments, environment) in [
      (["dialogs", "--json", "--prompts", prompts], [String: String]()),
      (["dialogs", "--json"], ["COACH_PROMPTS": prompts]),
    ] {
      let listed = try JSON.decode(try CoachProcess.run(arguments, environment: environment).stdout)
      let titles = Dictionary(
        uniqueKeysWithValues: (listed.array ?? []).map { ($0["id"].string ?? "", $0["title"].string ?? "") })
      #expect(titles["quick"] == "Quick check")
      #expect(titles["one-on-one"] == "Our own 1-on-1")
      #expect(titles["ride-along"] != nil)
    }
    let run = try CoachProcess.run(["start", "quick", "--prompts", prompts, "--store", store], stdin: "y\n")
    #expect(run.status == 0)
    #expect(run.stdout.contains("Recorded as session"))
  }

  @Test func lintsTheShippedDialogsClean() throws {
    let result = try CoachProcess.run(["lint"])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.contains("no problems"))
  }

  @Test func lintReportsEveryProblemWithItsPosition() throws {
    let path = folder + "/bad.yaml"
    try """
    id: bad
    title: Bad
    steps:
      - id: first
        ask: First?
        kind: yes-no
        next:
          - {if: first, goto: secnd}
      - id: second
        ask: "Second {frist}?"
        kind: numbr
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CoachProcess.run(["lint", path])
    #expect(result.status == 1)
    #expect(result.stdout.contains("\(path):8:27: error[C012]: unknown step 'secnd' in goto"))
    #expect(result.stdout.contains("= hint: did you mean 'second'?"))
    #expect(result.stdout.contains("\(path):10:19: error[C021]: unknown variable 'frist'"))
    #expect(result.stdout.contains("= hint: did you mean 'first'?"))
    #expect(result.stdout.contains("\(path):11:11: error[C005]: unknown kind 'numbr'"))
    #expect(result.stdout.contains("  |                           ^"))
    let json = try CoachProcess.run(["lint", path, "--format", "json"])
    let codes = try JSON.decode(json.stdout).array?.compactMap { $0["code"].string }
    #expect(codes == ["C012", "C021", "C005"])
  }

  @Test func theShippedDialogTestsPassAndVisitEveryStepAndFlag() throws {
    let result = try CoachProcess.run(
      ["test", "--require-all-steps", "--require-all-flags"], directory: Scripts.repositoryRoot.path)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains(" 0 failed"))
    for id in JSONLinesTests.dialogs {
      #expect(result.stdout.contains("  \(id): "), "\(id) is tested")
    }
    #expect(!result.stdout.contains("not visited"))
    #expect(!result.stdout.contains("never raised"))
  }

  @Test func aFailingDialogTestNamesFileLineAndDivergence() throws {
    let path = folder + "/demo.test.yaml"
    try """
    dialog: one-on-one
    with: Dana
    tests:
      - name: wrong first question
        steps:
          - {expect: on_plan, answer: "y"}
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CoachProcess.run(["test", path])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains("\(path):6: expected the question 'on_plan', but coach asks 'plan_attainment'"))
    #expect(result.stdout.contains("not visited"))
  }

  @Test func aBrokenTestFileIsReportedAsLintReportsAScriptEveryProblemWithItsCaret() throws {
    let path = folder + "/broken.test.yaml"
    try """
    dialog: one-on-one
    with: Dana
    tests:
      - name: off plan
        steps:
          - {expect: plan_attainment, answer: "38", say: ""}
        flag: [behind_pace]
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let missing = folder + "/gone.test.yaml"
    try "dialog: one-on-on\ntests: [{name: a, steps: []}]\n".write(
      toFile: missing, atomically: true, encoding: .utf8)
    let result = try CoachProcess.run(["test", path, missing])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains(
        """
        \(path):6:54: error[C071]: 'say' is empty, so it would hold whatever coach says
          |
        6 |       - {expect: plan_attainment, answer: "38", say: ""}
          |                                                      ^
          = hint: give the words to look for, or leave out 'say'

        \(path):7:5: error[C002]: unknown key 'flag' in a test
          |
        7 |     flag: [behind_pace]
          |     ^
          = hint: did you mean 'flags'?

        """), "\(result.stdout)")
    #expect(result.stdout.contains("\(missing):1:9: error[C072]: no dialog 'one-on-on'\n"))
    #expect(result.stdout.contains("\n0 passed, 0 failed, 2 files could not be run\n"))
  }

  @Test func outsideTheRepositoryTestRunsTheTestsOfTheExtraDialogsOrSaysWhatToGive() throws {
    let empty = try CoachProcess.run(["test"], directory: folder)
    #expect(empty.status == 66)
    #expect(empty.stderr.contains("coach: no dialog tests here: there is no prompts/tests/ folder"))
    #expect(empty.stderr.contains("--prompts DIR to run DIR/tests/"))
    let mine = folder + "/my-prompts"
    try FileManager.default.createDirectory(atPath: mine + "/tests", withIntermediateDirectories: true)
    let shipped = try String(
      contentsOf: Scripts.repositoryRoot.appendingPathComponent("prompts/one-on-one.yaml"), encoding: .utf8)
    try shipped.replacingOccurrences(of: "id: one-on-one\n", with: "id: our-1on1\n")
      .write(toFile: mine + "/our-1on1.yaml", atomically: true, encoding: .utf8)
    try """
    dialog: our-1on1
    with: Dana
    tests:
      - name: pauses at once
        steps:
          - {expect: plan_attainment, answer: /pause}
        end: paused
      - name: a misspelt step
        steps:
          - {expect: plan_atainment, answer: /pause}
        end: paused
    """.write(toFile: mine + "/tests/our.test.yaml", atomically: true, encoding: .utf8)
    let result = try CoachProcess.run(["test", "--prompts", mine], directory: folder)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("  ✓ pauses at once"))
    #expect(
      result.stdout.contains(
        "tests/our.test.yaml:10: 'expect' names 'plan_atainment', which is not a step of our-1on1 (did you mean 'plan_attainment'?)"
      ))
    #expect(result.stdout.contains("\n1 passed, 1 failed\n"))
  }

  @Test func explainsACode() throws {
    let result = try CoachProcess.run(["lint", "--explain", "C012"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("C012"))
    let unknown = try CoachProcess.run(["lint", "--explain", "C999"])
    #expect(unknown.status == 64)
  }

  @Test func startRefusesAnUnknownDialogAndSaysWhichExist() throws {
    let result = try CoachProcess.run(["start", "one-on-none", "--with", "Dana", "--store", store])
    #expect(result.status == 66)
    #expect(result.stderr.contains("unknown dialog 'one-on-none'"))
    #expect(result.stderr.contains("one-on-one"))
  }

  @Test func startAsksForTheParticipantWhenTheDialogNeedsOne() throws {
    let result = try CoachProcess.run(["start", "one-on-one", "--store", store])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--with NAME"))
  }

  @Test func machineModeReportsStartFailuresAsJSON() throws {
    let result = try CoachProcess.run(["start", "nope", "--jsonl", "--store", store])
    #expect(result.status == 66)
    let object = try JSON.decode(result.stdout.split(separator: "\n").first ?? "")
    #expect(object["type"] == "error")
  }

  @Test func endOfInputPausesAndResumeContinues() throws {
    let first = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Dana", "--jsonl", "--store", store], stdin: "")
    #expect(first.status == 0)
    let end = try JSON.decode(first.stdout.split(separator: "\n").last ?? "")
    #expect(end["status"] == "paused")
    let id = try #require(end["session"].string)
    let coach = try CoachProcess(["resume", String(id.prefix(6)), "--jsonl", "--store", store])
    var sawPrompt = false
    try coach.drive { _ in
      sawPrompt = true
      return "/pause"
    }
    #expect(sawPrompt)
    #expect(coach.wait() == 0)
    let record = try String(contentsOfFile: store + "/sessions/\(id).jsonl", encoding: .utf8)
    #expect(record.contains("\"type\":\"resume\""))
  }

  @Test func refusesHostileSessionIDs() throws {
    for id in ["../../etc/passwd", "a/b", ".."] {
      let result = try CoachProcess.run(["show", id, "--store", store])
      #expect(result.status == 64, "\(id): \(result.stderr)")
      #expect(result.stderr.contains("is not a session id"))
    }
  }

  @Test func unknownSessionSaysHowToList() throws {
    let result = try CoachProcess.run(["show", "abc", "--store", store])
    #expect(result.status == 66)
    #expect(result.stderr.contains("coach sessions"))
  }

  @Test func sessionsListsAndFilters() throws {
    _ = try CoachProcess.run(["start", "one-on-one", "--with", "Dana", "--store", store], stdin: "/pause\n")
    _ = try CoachProcess.run(["start", "ride-along", "--with", "Sam", "--store", store], stdin: "/pause\n")
    let all = try JSON.decode(try CoachProcess.run(["sessions", "--json", "--store", store]).stdout)
    #expect(all.array?.count == 2)
    let dana = try JSON.decode(
      try CoachProcess.run(["sessions", "--json", "--with", "dana", "--store", store]).stdout)
    #expect(dana.array?.map { $0["dialog"] } == ["one-on-one"])
    let bad = try CoachProcess.run(["sessions", "--status", "done", "--store", store])
    #expect(bad.status == 64)
  }

  @Test func theSessionsTableKeepsItsColumnsWithWideNames() throws {
    for name in ["Dana", "王小明"] {
      _ = try CoachProcess.run(["start", "one-on-one", "--with", name, "--store", store], stdin: "/pause\n")
    }
    let lines = try CoachProcess.run(["sessions", "--store", store]).stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(
      lines.first?.hasPrefix("ID") == true && lines.first?.hasSuffix("STATUS  TIME  STOPPED AT") == true)
    // Each column starts at the same place on every line, counted in terminal columns.
    let column = { (line: Substring, text: String) -> Int? in
      line.range(of: text).map { DisplayWidth.of(line[..<$0.lowerBound]) }
    }
    for line in lines.dropFirst() {
      #expect(column(line, "paused") == column(lines[0], "STATUS"), "\(line)")
      #expect(
        column(line, "Open commitments") ?? column(line, "Progress") == column(lines[0], "STOPPED AT"),
        "\(line)")
    }
    for line in lines.dropFirst() {
      #expect(line.contains(" paused ") && (line.contains(" 王小明 ") || line.contains(" Dana ")), "\(line)")
    }
  }
}
