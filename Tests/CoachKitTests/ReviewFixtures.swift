import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// Sessions of the shipped dialogs recorded into a temporary store with a manual clock, for
/// the tests of the review outputs (markdown, compare, report). Answers come from a table by
/// step id (commands such as `/note` included), else from a plausible sample.
final class ReviewFixtures {
  let folder = NSTemporaryDirectory() + "coach-review-" + UUID().uuidString
  let store: SessionStore
  let catalog = DialogCatalog(folders: [])
  private var count = 0

  /// Mon 23 Nov 2026 09:00 UTC, the manual clock's start.
  static let firstDay = Date(timeIntervalSince1970: 1_795_424_400)

  init() {
    store = SessionStore(root: folder + "/store")
  }

  deinit {
    try? FileManager.default.removeItem(atPath: folder)
  }

  func script(_ dialog: String) throws -> Script {
    try #require(catalog.script(id: dialog), "the shipped dialog \(dialog)")
  }

  /// Records a session of `dialog` with `person`, `day` days after Mon 23 Nov 2026; `lines`
  /// gives the lines sent at a step's prompts, in order, before samples take over. Returns the
  /// session id.
  @discardableResult
  func record(
    _ dialog: String, with person: String, day: Int = 0, lines: [String: [String]] = [:]
  ) throws -> String {
    let script = try script(dialog)
    let clock = ManualClock(Self.firstDay.addingTimeInterval(Double(day) * 86_400))
    count += 1
    let id = String(format: "%02d", count) + "a0b1c2d3e4"
    let conversation = Conversation(
      script: script, context: SessionContext(with: person, by: "Max"), clock: clock.clock,
      timeZone: TimeZone(identifier: "UTC")!)
    let writer = try store.create(
      header: SessionHeader(
        id: id, script: script, with: person, by: "Max", startedAt: clock.now, coachVersion: "test",
        terminal: nil))
    var queue = lines
    var reply = conversation.start()
    try writer.append(reply.events)
    var turns = 0
    while let prompt = Self.prompt(in: reply) {
      turns += 1
      try #require(turns < 400, "the dialog does not end")
      clock.advance(seconds: 30)
      let line: String
      if let pending = queue[prompt.id], !pending.isEmpty {
        line = pending[0]
        queue[prompt.id] = Array(pending.dropFirst())
      } else {
        line = Self.sample(prompt)
      }
      reply = conversation.handle(line)
      try writer.append(reply.events)
    }
    return id
  }

  /// Adds `events` to the end of session `id`'s record.
  func append(_ id: String, _ events: [Event]) throws {
    try store.openForAppend(id).append(events)
  }

  /// Session `id`, folded.
  func folded(_ id: String, shared: Bool = false) throws -> FoldedRecord {
    FoldedRecord(try store.read(id), shared: shared)
  }

  static func prompt(in reply: Conversation.Reply) -> Prompt? {
    for output in reply.outputs.reversed() {
      if case .prompt(let prompt) = output { return prompt }
    }
    return nil
  }

  static func sample(_ prompt: Prompt) -> String {
    switch prompt.kind {
    // An optional action (the manager's own promise) is left out: each fixture names its actions.
    case .action where !prompt.required: return ""
    case .action: return "Follow up with the customer @Dana due:2026-12-04"
    case .actionReview: return "open"
    default:
      return SampleAnswers.answer(
        kind: prompt.kind.rawValue, part: prompt.part?.rawValue, min: prompt.min, max: prompt.max,
        items: prompt.items.count,
        choices: prompt.choices.count)
    }
  }
}
