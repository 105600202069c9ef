import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// Recorded sessions of every shipped dialog, kept in the repository and re-driven with
/// `replay --check` against the current scripts: the regression test of a script change.
/// `COACH_RECORD=1` records them anew (and fails, so that recording is never silent).
@Suite(.serialized)
struct GoldenRecordTests {
  static let folder = Scripts.repositoryRoot.appendingPathComponent("Tests/CoachCLITests/Snapshots/records")
    .path

  /// Records a session of `dialog` answering each prompt by its kind; returns its record file.
  func record(_ dialog: String, store: String) throws -> String {
    let coach = try CoachProcess([
      "start", dialog, "--with", "Dana", "--by", "Max", "--jsonl", "--store", store,
    ])
    return try #require(try coach.drive { SampleAnswers.answer(to: $0) }?["path"].string)
  }

  @Test(arguments: JSONLinesTests.dialogs)
  func aRecordedSessionStillTakesTheSamePath(dialog: String) throws {
    let golden = Self.folder + "/\(dialog).jsonl"
    if ProcessInfo.processInfo.environment["COACH_RECORD"] == "1" {
      let store = TemporaryFolder("coach-golden")
      let path = try record(dialog, store: store.path)
      try? FileManager.default.removeItem(atPath: golden)
      try FileManager.default.copyItem(atPath: path, toPath: golden)
      Issue.record("recorded \(golden); run again without COACH_RECORD")
      return
    }
    #expect(FileManager.default.fileExists(atPath: golden), "no golden record: run with COACH_RECORD=1")
    let check = try CoachProcess.run([
      "replay", "--check", golden, "--store", NSTemporaryDirectory() + "coach-none",
    ])
    // The same path and values: a record of an earlier version (`~`) would pass without being compared.
    #expect(
      check.status == 0 && check.stdout.hasPrefix("✓ "),
      "\(check.stdout)\(check.stderr)\nIf the dialog changed on purpose, record anew with COACH_RECORD=1.")
  }

  /// The records of the first version of the five first dialogs: their scripts' versions were
  /// raised since, so `replay --check` names each as made with an earlier version, and passes.
  @Test func recordsOfAnEarlierScriptAreNamedAsSuch() throws {
    let folder = Self.folder + "/earlier"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }
      .sorted()
    #expect(files.count == 5)
    let check = try CoachProcess.run(
      ["replay", "--check"] + files.map { folder + "/" + $0 } + [
        "--store", NSTemporaryDirectory() + "coach-none",
      ])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let lines = check.stdout.split(separator: "\n")
    for file in files {
      let dialog = String(file.dropLast(6))
      #expect(
        lines.contains {
          $0.hasPrefix("~ ") && $0.contains(" \(dialog) ")
            && $0.contains("made with version 1 of the script (now 2), so it is not compared")
        }, "\(dialog): \(check.stdout)")
    }
    #expect(
      check.stdout.contains(
        "5 sessions checked: 0 same, 0 diverge or cannot be checked, 5 made with an earlier version of their script"
      ))
  }
}
