import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// What a manager sees across sessions: a ride-along's commitment and last time's actions and
/// metrics brought up in the next 1-on-1 with the same rep.
@Suite(.serialized)
struct CarryOverTests {
  let temporary = TemporaryFolder("coach-carry")
  var store: String { temporary.path }

  /// Runs `dialog` with Dana, answering by kind except where `answers` says what to type for a
  /// step; returns the prompts seen.
  @discardableResult
  func run(_ dialog: String, _ answers: [String: String] = [:]) throws -> [Value] {
    let coach = try CoachProcess(["start", dialog, "--with", "Dana", "--jsonl", "--store", store])
    var prompts: [Value] = []
    try coach.drive { prompt in
      prompts.append(prompt)
      return SampleAnswers.answer(to: prompt, answers: answers)
    }
    #expect(coach.wait() == 0)
    return prompts
  }

  @Test func theRideAlongCommitmentAndLastMetricsComeBackInTheNextOneOnOne() throws {
    try run(
      "ride-along",
      ["commitment": "Ask three follow-up questions before presenting due:+7d", "manager_support": ""])
    let first = try run(
      "one-on-one",
      [
        "open_actions": "open", "close_rate": "30", "course_of_action": "Call Beta's counsel due:+3d",
        "support_needed": "",
      ])
    let carried = first.filter { $0["id"] == "open_actions" }.compactMap { $0["text"].string }
    #expect(carried.count == 1)
    #expect(carried.first?.contains("Ask three follow-up questions before presenting") == true)
    let next = try run("one-on-one", ["close_rate": "35", "open_actions": "done", "support_needed": ""])
    let reviews = next.filter { $0["id"] == "open_actions" }
    let texts = reviews.compactMap { $0["text"].string }
    #expect(
      texts.contains {
        $0.contains("Ask three follow-up questions before presenting") && $0.contains("Ride-along")
      })
    #expect(texts.contains { $0.contains("Call Beta's counsel") })
    let closeRate = try #require(next.first { $0["id"] == "close_rate" })
    #expect(closeRate["previous"] == 30)
    // Both were marked done: a third 1-on-1 reviews only what the second agreed.
    let third = try run("one-on-one").filter { $0["id"] == "open_actions" }.compactMap { $0["text"].string }
    #expect(third.count == 1)
    #expect(!third.contains { $0.contains("Ask three follow-up") || $0.contains("Call Beta's counsel") })
    let report = try CoachProcess.run(["report", "--with", "dana", "--store", store])
    #expect(report.status == 0)
    #expect(report.stdout.contains("Close rate"))
  }

  /// The monthly review reads the person's other dialogs from the store: the business plan's
  /// targets, and the last 1-on-1s' figures, offered oldest first.
  @Test func thePlansTargetsAndTheMonthsOneOnOnesComeBackInTheReview() throws {
    try run(
      "business-plan",
      ["activity_target": "45", "opportunity_target": "3", "manager_support": "", "close_rate": "30"])
    for activity in ["40", "50", "44"] {
      let prompts = try run(
        "one-on-one",
        ["weekly_activity": activity, "open_actions": "done", "support_needed": "", "has_obstacles": "n"])
      #expect(prompts.contains { $0["id"] == "weekly_activity" })
    }
    let review = try run("rep-review", ["formal_review": "n", "manager_support": "", "focus_progress": "4"])
    let activity = try #require(review.first { $0["id"] == "month_activity" })
    #expect(
      activity["text"].string?.contains(
        "The last 1-on-1s: 40 activities → 50 activities → 44 activities (average 44.67 activities).")
        == true,
      "\(activity["text"])")
    let record = try #require(
      try FileManager.default.contentsOfDirectory(atPath: store + "/sessions").map {
        store + "/sessions/" + $0
      }
      .first { try String(contentsOfFile: $0, encoding: .utf8).contains("\"rep-review\"") })
    let header = try JSON.decode(
      String(try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")[0]))
    #expect(header["previous"]["last"]["business-plan"]["answers"]["activity_target"] == 45)
    #expect(header["previous"]["last"]["one-on-one"]["earlier"].array?.count == 2)
  }
}
