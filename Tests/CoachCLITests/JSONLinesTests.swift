import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// Every shipped dialog, driven to completion through `--jsonl` by a program that knows nothing
/// of it but what each prompt announces; then the same lines piped in plain mode.
@Suite(.serialized)
struct JSONLinesTests {
  let temporary = TemporaryFolder("coach-jsonl")
  var store: String { temporary.path }

  /// Drives `dialog`, answering each prompt by its kind (with one invalid answer first, where
  /// the kind has one: it must be refused, and the same prompt asked again); returns the lines
  /// sent and the end object.
  func drive(_ dialog: String) throws -> (lines: [String], end: Value) {
    let coach = try CoachProcess([
      "start", dialog, "--with", "Dana Lee", "--by", "Max", "--jsonl", "--store", store,
    ])
    var sent: [String] = []
    var invalidTried: Set<String> = []
    // The invalid answer last sent, and what coach said between it and the next prompt.
    var refused: (bad: String, id: String, kind: String)?
    var since: [Value] = []
    let end = try coach.drive(
      watch: { object in
        let type = object["type"].string
        if type != "say" && type != "error" { Issue.record("unexpected object \(object)") }
        since.append(object)
      },
      answer: { object in
        let id = try #require(object["id"].string)
        let kind = try #require(object["kind"].string)
        if let (bad, refusedID, refusedKind) = refused {
          let error = since.first
          #expect(
            since.count == 1 && error?["type"] == "error",
            "'\(bad)' to \(refusedID) (\(refusedKind)) gave \(since)")
          #expect(error?["id"].string == refusedID)
          #expect(id == refusedID, "the same prompt again")
          refused = nil
        }
        since = []
        #expect(object["text"].string?.isEmpty == false)
        #expect(object["step"].number != nil && object["steps"].number != nil)
        #expect(object["required"].bool != nil)
        let key = id + (object["part"].string ?? "")
        var answer = SampleAnswers.answer(to: object)
        if !invalidTried.contains(key), let bad = Self.invalidAnswer(kind: kind) {
          invalidTried.insert(key)
          refused = (bad, id, kind)
          answer = bad
        }
        sent.append(answer)
        return answer
      })
    #expect(coach.wait() == 0)
    return (sent, try #require(end))
  }

  static func invalidAnswer(kind: String) -> String? {
    switch kind {
    case "yes-no": return "perhaps"
    case "number", "percent", "money", "scale", "rating": return "lots"
    case "date": return "someday"
    case "choice", "multi-choice": return "zzz-not-a-choice"
    default: return nil
    }
  }

  static let dialogs = [
    "one-on-one", "ride-along", "hiring-interview", "ceo-alignment", "leader-self-check", "leader-one-on-one",
    "business-plan", "rep-review", "rep-interview", "weekly-time",
  ]

  @Test(arguments: dialogs)
  func drivesEveryShippedDialogToCompletion(dialog: String) throws {
    let (lines, end) = try drive(dialog)
    #expect(end["status"] == "completed")
    let id = try #require(end["session"].string)
    let path = try #require(end["path"].string)
    #expect(FileManager.default.fileExists(atPath: path))
    let shown = try CoachProcess.run(["show", id, "--format", "json", "--store", store])
    #expect(shown.status == 0, "\(shown.stderr)")
    let folded = try JSON.decode(shown.stdout)
    #expect(folded["status"] == "completed")
    #expect(folded["participants"] == ["with": "Dana Lee", "by": "Max"])
    let answers = try #require(folded["answers"].object)
    #expect(!answers.isEmpty)
    for (step, value) in answers { #expect(!value.isNull, "\(step)") }
    for step in folded["path"].array?.compactMap(\.string) ?? []
    where !(folded["skipped"].array ?? []).contains(.string(step)) {
      #expect(answers[step] != nil, "answer to \(step) missing from the folded record")
    }

    // The same lines piped without --jsonl give the same record (from the same starting point: a
    // store of its own, since the first session's action items would otherwise be reviewed).
    let plainStore = store + "/plain-" + dialog
    let plain = try CoachProcess.run(
      ["start", dialog, "--with", "Dana Lee", "--by", "Max", "--store", plainStore],
      stdin: lines.joined(separator: "\n") + "\n")
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(!plain.stdout.contains("\u{1B}"), "no escape codes when not on a terminal")
    let plainID = try #require(Self.sessionID(in: plain.stdout))
    let plainFolded = try JSON.decode(
      try CoachProcess.run(["show", plainID, "--format", "json", "--store", plainStore]).stdout)
    #expect(plainFolded["status"] == "completed")
    #expect(plainFolded["answers"] == folded["answers"])
    #expect(plainFolded["path"] == folded["path"])
  }

  static func sessionID(in output: String) -> String? {
    guard let range = output.range(of: "Recorded as session ") else { return nil }
    return String(output[range.upperBound...].prefix { $0.isHexDigit })
  }
}
