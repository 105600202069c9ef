import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// A session killed at any moment loses at most the line being typed, and resumes to completion.
@Suite(.serialized)
struct DurabilityTests {
  let temporary = TemporaryFolder("coach-durability")
  var store: String { temporary.path }

  /// Answers `count` prompts of `dialog` by their kind, then kills coach with SIGKILL, leaving
  /// `partial` typed but not entered; returns the session id and the answers sent.
  func runAndKill(_ dialog: String, after count: Int, partial: String = "") throws -> (id: String, sent: Int)
  {
    let coach = try CoachProcess(["start", dialog, "--with", "Dana", "--jsonl", "--store", store])
    var answered = 0
    var session: String?
    let end = try coach.drive { prompt in
      if session == nil { session = try latestSession() }
      guard answered < count else { return nil }
      answered += 1
      return SampleAnswers.answer(to: prompt)
    }
    guard end == nil else {
      Issue.record("the dialog ended before \(count) answers")
      return (session ?? "", answered)
    }
    if !partial.isEmpty { try coach.sendRaw(partial) }
    kill(coach.process.processIdentifier, SIGKILL)
    _ = coach.wait()
    return (try #require(session), answered)
  }

  func latestSession() throws -> String? {
    let names = try FileManager.default.contentsOfDirectory(atPath: store + "/sessions")
    return names.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.first
  }

  func folded(_ id: String) throws -> Value {
    try JSON.decode(try CoachProcess.run(["show", id, "--format", "json", "--store", store]).stdout)
  }

  /// Resumes `id` and answers to the end; returns the ids of the prompts asked.
  func resumeToEnd(_ id: String) throws -> [String] {
    let coach = try CoachProcess(["resume", id, "--jsonl", "--store", store])
    var asked: [String] = []
    let end = try coach.drive { prompt in
      asked.append(prompt["id"].string ?? "?")
      return SampleAnswers.answer(to: prompt)
    }
    #expect(end?["status"] == "completed")
    #expect(coach.wait() == 0)
    return asked
  }

  @Test(arguments: [0, 1, 3, 7, 12])
  func survivesKillNineAndResumesToCompletion(after count: Int) throws {
    let (id, sent) = try runAndKill("one-on-one", after: count, partial: count == 3 ? "half a li" : "")
    let before = try folded(id)
    #expect(before["status"] == "in-progress")
    let answeredBefore = before["answers"].object ?? [:]
    #expect(before["path"].array?.count == sent || count == 0 || !answeredBefore.isEmpty)
    let asked = try resumeToEnd(id)
    #expect(!asked.isEmpty)
    let after = try folded(id)
    #expect(after["status"] == "completed")
    // Nothing answered before the kill is lost.
    for (step, value) in answeredBefore { #expect(after["answers"][step] == value, "\(step)") }
    // The resumed session starts at the next unanswered question.
    if let first = asked.first, let path = before["path"].array?.compactMap(\.string) {
      #expect(!path.contains(first), "\(first) was asked again")
    }
    let check = try CoachProcess.run(["replay", "--check", id, "--store", store])
    #expect(check.status == 0, "\(check.stdout)")
  }

  @Test func aSecondProcessOnAnOpenSessionIsRefused() throws {
    let coach = try CoachProcess(["start", "one-on-one", "--with", "Dana", "--jsonl", "--store", store])
    // Up to the first prompt, then no answer: the session stays open.
    try coach.drive { _ in nil }
    let id = try #require(try latestSession())
    let second = try CoachProcess.run(["resume", id, "--store", store])
    #expect(second.status == 75)
    #expect(second.stderr.contains("open in another coach process"))
    try coach.send("/pause")
    #expect(coach.wait() == 0)
    #expect(try folded(id)["status"] == "paused")
  }

  /// A record damaged in the middle is never listed as if it were sound: sessions says what is
  /// wrong and where each time, and report says the person's sessions could not be read.
  @Test func aRecordDamagedInTheMiddleIsNamedWhereverItIsListed() throws {
    let started = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Dana", "--jsonl", "--store", store], stdin: "42%\n50\ny\n/pause\n")
    #expect(started.status == 0)
    let id = try #require(try FileManager.default.contentsOfDirectory(atPath: store + "/sessions").first)
      .replacingOccurrences(of: ".jsonl", with: "")
    _ = try CoachProcess.run(["sessions", "--store", store])  // the index knows it, sound
    let path = store + "/sessions/\(id).jsonl"
    var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
    lines[3] = "garbage"
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    for _ in 0..<2 {
      let listed = try CoachProcess.run(["sessions", "--store", store])
      #expect(listed.status == 0)
      #expect(listed.stdout.contains(id))
      #expect(listed.stderr.contains("\(id).jsonl:4: the line is not valid JSON"), "\(listed.stderr)")
    }
    let report = try CoachProcess.run(["report", "--with", "Dana", "--store", store])
    #expect(report.status == 74)
    #expect(report.stderr.contains("no session with 'Dana' could be read"), "\(report.stderr)")
  }

  @Test func aTornLastLineIsToleratedWithAWarning() throws {
    let (id, _) = try runAndKill("one-on-one", after: 2)
    let path = store + "/sessions/\(id).jsonl"
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data("{\"type\":\"answer\",\"id\":\"x".utf8))
    handle.closeFile()
    let shown = try CoachProcess.run(["show", id, "--format", "json", "--store", store])
    #expect(shown.status == 0)
    #expect(shown.stderr.contains("the last line is incomplete"))
    _ = try resumeToEnd(id)
    let record = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!record.contains("{\"type\":\"answer\",\"id\":\"x"))
    #expect(try folded(id)["status"] == "completed")
  }
}
