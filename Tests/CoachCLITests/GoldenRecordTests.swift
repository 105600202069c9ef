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
    while let object = try coach.readJSON() {
      if object["type"] == "prompt" { try coach.send(SampleAnswers.answer(to: object)) }
      if object["type"] == "end" { return try #require(object["path"].string) }
    }
    throw CoachProcess.TimedOut(seen: coach.lines)
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
    #expect(
      check.status == 0,
      "\(check.stdout)\(check.stderr)\nIf the dialog changed on purpose, record anew with COACH_RECORD=1.")
  }
}
