import CoachKit
import CoachTestSupport
import Foundation
import Testing

@testable import CoachKit

/// Every dialog in `prompts/`: clean under lint, embedded in the program byte for byte, and
/// runnable to its end by answering what each prompt asks.
struct ShippedDialogTests {
  @Test func thereAreTheDialogsOfTheDesign() {
    for id in [
      "one-on-one", "ride-along", "hiring-interview", "ceo-alignment", "leader-self-check", "weekly-time",
      "leader-one-on-one", "business-plan", "rep-review", "rep-interview",
    ] {
      #expect(Scripts.shippedFiles.contains(id + ".yaml"))
    }
  }

  @Test(arguments: Scripts.shippedFiles)
  func lintsWithoutAnyDiagnostic(file: String) {
    let result = ScriptLoader.load(path: Scripts.shippedPath(file), displayName: "prompts/" + file)
    let shown = result.diagnostics.map { "\($0.line):\($0.column): \($0.code.rawValue) \($0.message)" }
    #expect(shown.isEmpty, "\(shown.joined(separator: "\n"))")
    #expect(result.script?.id == String(file.dropLast(5)), "the file is named after the dialog id")
  }

  @Test(arguments: Scripts.shippedFiles)
  func isEmbeddedInTheProgramByteForByte(file: String) throws {
    let onDisk = try String(contentsOfFile: Scripts.shippedPath(file), encoding: .utf8)
    #expect(DialogCatalog.builtinText(file) == onDisk)
  }

  @Test(arguments: Scripts.shippedFiles)
  func hasTipsAndBudgetsThatFitTheMeeting(file: String) throws {
    let script = try #require(ScriptLoader.load(path: Scripts.shippedPath(file)).script)
    let budgets = script.sections.compactMap(\.timebox)
    #expect(budgets.count == script.sections.count, "every section has a time budget")
    #expect(budgets.reduce(0, +) == script.timebox, "the budgets add up to the meeting")
    for step in script.steps { #expect(step.tip != nil, "\(step.id) has a tip") }
  }

  @Test(arguments: Scripts.shippedFiles)
  func runsToItsEndAnsweringEachPromptByItsKind(file: String) throws {
    let script = try #require(ScriptLoader.load(path: Scripts.shippedPath(file)).script)
    let conversation = Conversation(
      script: script, context: SessionContext(with: "Dana", by: "Max"), clock: ManualClock().clock)
    var reply = conversation.start()
    var turns = 0
    while !conversation.isClosed, turns < 500 {
      guard case .prompt(let p)? = reply.outputs.last(where: { if case .prompt = $0 { true } else { false } })
      else {
        Issue.record("no prompt after \(turns) turns")
        return
      }
      let answer = SampleAnswers.answer(
        kind: p.kind.rawValue, part: p.part?.rawValue, min: p.min, max: p.max, items: p.items.count,
        choices: p.choices.count)
      reply = conversation.handle(answer)
      #expect(!reply.outputs.contains { if case .error = $0 { true } else { false } }, "\(p.id): '\(answer)'")
      turns += 1
    }
    #expect(conversation.status == .completed)
  }
}
