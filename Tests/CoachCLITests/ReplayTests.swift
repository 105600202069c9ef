import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// `coach replay`: printing a session back, and checking sessions against the current scripts.
@Suite(.serialized)
struct ReplayTests {
  let temporary = TemporaryFolder("coach-replay")
  var folder: String { temporary.path }
  var store: String { folder + "/store" }
  var script: String { folder + "/demo.yaml" }

  static let demo = """
    id: demo
    title: Demo
    steps:
      - id: on_plan
        ask: On plan?
        kind: yes-no
        next:
          - {if: on_plan, goto: rate}
      - id: recovery
        ask: Recovery plan?
        kind: text
      - id: rate
        ask: Close rate?
        kind: percent
      - id: source
        ask: Source?
        kind: choice
        choices: [New markets, Referrals]
    flags:
      - {id: low, if: rate < 20, text: Low close rate.}
    """

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Self.demo.write(toFile: script, atomically: true, encoding: .utf8)
  }

  func record(_ input: String) throws -> String {
    let run = try CoachProcess.run(["start", script, "--store", store], stdin: input)
    #expect(run.status == 0, "\(run.stderr)")
    return try #require(JSONLinesTests.sessionID(in: run.stdout) ?? Self.pausedID(in: run.stdout))
  }

  static func pausedID(in output: String) -> String? {
    guard let range = output.range(of: "Saved as session ") else { return nil }
    return String(output[range.upperBound...].prefix { $0.isHexDigit })
  }

  @Test func checksSessionsThatStillTakeTheSamePath() throws {
    let completed = try record("n\nCall more\nabc\n30\n/back\n35\nref\n")
    let paused = try record("y\n/note fine\n10\n")
    let check = try CoachProcess.run(["replay", "--check", "--all", "--store", store])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(check.stdout.contains("✓ \(completed)"))
    #expect(check.stdout.contains("✓ \(paused)"))
    #expect(check.stdout.contains("2 sessions checked: 2 same"))
  }

  /// A record copied under another session's name is refused by id, as show refuses it, and
  /// is not checked twice under the id it names (review L3).
  @Test func aRecordCopiedUnderAnotherNameIsNotCheckedAsTheOne() throws {
    let id = try record("n\nCall more\nabc\n30\n/back\n35\nref\n")
    let copy = "bbbbbbbbbbbb"
    try FileManager.default.copyItem(
      atPath: store + "/sessions/\(id).jsonl", toPath: store + "/sessions/\(copy).jsonl")
    let byID = try CoachProcess.run(["replay", "--check", copy, "--store", store])
    #expect(byID.status == 1)
    #expect(byID.stdout.contains("the header names session \(id), not \(copy)"), "\(byID.stdout)")
    let all = try CoachProcess.run(["replay", "--check", "--all", "--store", store])
    #expect(all.status == 1)
    #expect(all.stdout.contains("✓ \(id)"))
    #expect(
      all.stdout.contains("2 sessions checked: 1 same, 1 diverge or cannot be checked"), "\(all.stdout)")
  }

  @Test func namesTheFirstDivergenceAfterTheScriptChanges() throws {
    let id = try record("y\n15\nnew\n")
    try Self.demo.replacingOccurrences(of: "{if: on_plan, goto: rate}", with: "{if: on_plan, goto: source}")
      .write(toFile: script, atomically: true, encoding: .utf8)
    let check = try CoachProcess.run(["replay", "--check", id, "--store", store])
    #expect(check.status == 1)
    #expect(check.stdout.contains("✗ \(id)"))
    #expect(check.stdout.contains("the record asks 'rate' next; the script now asks 'source'"))
    #expect(check.stdout.contains("the script has changed since"))
  }

  /// A script whose version was raised changed its questions on purpose: a record of the
  /// earlier version is named as such, and is not a failure.
  @Test func namesARecordMadeWithAnEarlierVersionOfTheScript() throws {
    let id = try record("y\n15\nnew\n")
    try Self.demo.replacingOccurrences(of: "{if: on_plan, goto: rate}", with: "{if: on_plan, goto: source}")
      .replacingOccurrences(of: "title: Demo", with: "title: Demo\nversion: 2")
      .write(toFile: script, atomically: true, encoding: .utf8)
    let check = try CoachProcess.run(["replay", "--check", id, "--store", store])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(check.stdout.contains("~ \(id)"))
    #expect(check.stdout.contains("made with version 1 of the script (now 2), so it is not compared"))
  }

  @Test func namesAnAnswerNowRefused() throws {
    let id = try record("y\n45\nnew\n")
    try Self.demo.replacingOccurrences(of: "kind: percent", with: "kind: percent\n    max: 40")
      .write(toFile: script, atomically: true, encoding: .utf8)
    let check = try CoachProcess.run(["replay", "--check", id, "--store", store])
    #expect(check.status == 1)
    #expect(check.stdout.contains("at rate: '45' was accepted then; now it is refused"))
  }

  @Test func printsTheSessionBackWithEscapesMadeVisible() throws {
    let id = try record("n\nCall \u{1B}[2J\u{1B}]0;pwned\u{07} more\n30\nnew\n")
    let replay = try CoachProcess.run(["replay", id, "--instant", "--store", store])
    #expect(replay.status == 0)
    #expect(replay.stdout.contains("coach › Recovery plan?"))
    #expect(replay.stdout.contains("  you › Call ^[[2J^[]0;pwned^G more"))
    #expect(!replay.stdout.contains("\u{1B}"))
    let byFile = try CoachProcess.run([
      "replay", store + "/sessions/\(id).jsonl", "--instant", "--store", store,
    ])
    #expect(byFile.stdout == replay.stdout)
  }

  @Test func stepsOneAnswerPerKey() throws {
    let id = try record("n\nplan\n30\nnew\n")
    let replay = try CoachProcess.run(["replay", id, "--step", "--store", store], stdin: "\n")
    #expect(replay.stdout.contains("  you › n"))
    #expect(!replay.stdout.contains("  you › plan"))
  }

  @Test func refusesBadArguments() throws {
    #expect(try CoachProcess.run(["replay", "--store", store]).status == 64)
    #expect(try CoachProcess.run(["replay", "x", "--instant", "--step", "--store", store]).status == 64)
    #expect(try CoachProcess.run(["replay", "../x", "--store", store]).status == 66)
    #expect(try CoachProcess.run(["replay", "zzz", "--store", store]).status == 66)
  }
}
