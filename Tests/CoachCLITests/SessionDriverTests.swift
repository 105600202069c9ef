import CoachKit
import CoachTestSupport
import Foundation
import LineEditing
import Testing

@testable import CoachCLI

/// A line reader that reads from a script: each read asks `next` for the line (nil: end of
/// input), and keeps the prompts it was shown. What a test drives a whole session with, in
/// process, without a terminal or a process.
final class ScriptedLineReader: LineReader {
  var completer: ((String) -> [String])?
  var history: [String] = []
  var remembers: ((String) -> Bool)?
  private(set) var prompts: [String] = []
  private let next: () -> String?

  init(_ next: @escaping () -> String?) {
    self.next = next
  }

  /// Reads `lines` in order, then the end of input.
  convenience init(lines: [String]) {
    var queue = lines[...]
    self.init { queue.popFirst() }
  }

  func read(_ prompt: LinePrompt) -> LineEvent {
    prompts.append(prompt.text())
    guard let line = next() else { return .endOfFile }
    if remembers?(line) ?? true { history.append(line) }
    return .line(line)
  }
}

/// A renderer that keeps what the engine said.
final class RecordingRenderer: SessionRenderer {
  private(set) var outputs: [Output] = []
  var inputPrompt: LinePrompt { LinePrompt("you › ") }
  func show(_ outputs: [Output]) { self.outputs += outputs }
  func didRead(_ line: String) {}

  /// The prompt waiting for a line, if one is.
  var lastPrompt: Prompt? {
    for output in outputs.reversed() {
      if case .prompt(let prompt) = output { return prompt }
    }
    return nil
  }
}

/// The session driver in process: a shipped dialog driven to its end through the real
/// ``SessionDriver``, ``Conversation`` and ``SessionRecording``, read back from its record.
@Suite struct SessionDriverTests {
  let temporary = TemporaryFolder("coach-driver")

  func session(_ dialog: String) throws -> (SessionStore, Conversation, SessionRecording, Script) {
    let store = SessionStore(root: temporary.path)
    let script = try #require(DialogCatalog(folders: []).script(id: dialog))
    let conversation = Conversation(script: script, context: SessionContext(with: "Dana", by: "Max"))
    let recording = try store.create(
      header: SessionHeader(
        id: SessionStore.newID(), script: script, with: "Dana", by: "Max", startedAt: Date(),
        coachVersion: "test", terminal: nil))
    return (store, conversation, recording, script)
  }

  @Test(arguments: ["one-on-one", "ride-along"])
  func aShippedDialogIsDrivenToItsEndInProcess(dialog: String) throws {
    let (store, conversation, recording, _) = try session(dialog)
    let renderer = RecordingRenderer()
    var answered = 0
    let reader = ScriptedLineReader {
      guard let prompt = renderer.lastPrompt, answered < 400 else { return nil }
      answered += 1
      if prompt.kind == .action && !prompt.required { return "" }
      return SampleAnswers.answer(
        kind: prompt.kind.rawValue, part: prompt.part?.rawValue, min: prompt.min, max: prompt.max,
        items: prompt.items.count, choices: prompt.choices.count)
    }
    let id = recording.header.id
    let status = try SessionDriver(
      conversation: conversation, recording: recording, reader: reader, renderer: renderer
    ).run(from: conversation.start())
    #expect(status == .completed)
    #expect(answered > 5 && reader.prompts.count == answered)
    let folded = FoldedRecord(try store.read(id), shared: false)
    #expect(folded.status == .completed)
    #expect(folded.answers.count >= 5)
    #expect(renderer.outputs.contains { if case .end = $0 { true } else { false } })
  }

  @Test func theEndOfInputPausesTheSessionAndWhatWasAnsweredIsKept() throws {
    let (store, conversation, recording, _) = try session("one-on-one")
    let renderer = RecordingRenderer()
    let reader = ScriptedLineReader(lines: ["/note first things first", "85"])
    let id = recording.header.id
    let status = try SessionDriver(
      conversation: conversation, recording: recording, reader: reader, renderer: renderer
    ).run(from: conversation.start())
    #expect(status == .paused)
    let folded = FoldedRecord(try store.read(id), shared: false)
    #expect(folded.status == .paused)
    #expect(folded.notes.map(\.text) == ["first things first"])
    #expect(folded.answers["plan_attainment"] != nil)
  }
}
