import CoachKit
import Foundation
import LineEditing

/// What `start` and `resume` share: loading the dialog, choosing the reader and renderer, and
/// running the driver.
struct SessionLauncher {
  var global: GlobalOptions
  var jsonl: Bool

  /// Loads the dialog `name` (an id or a script path), or fails with its diagnostics.
  func loadScript(_ name: String) throws -> Script {
    let catalog = global.catalog
    guard let entry = catalog.find(name) else {
      let known = catalog.entries().map(\.id).joined(separator: ", ")
      throw Failure(
        "unknown dialog '\(Sanitizer.inline(name, limit: 40))': the dialogs are \(known) (coach dialogs lists them)",
        code: ExitStatus.notFound)
    }
    let result = catalog.load(entry)
    guard let script = result.script else {
      let renderer = DiagnosticRenderer(sources: [:], color: Terminal.colorAllowed(for: STDERR_FILENO))
      Terminal.standardError(renderer.render(result.diagnostics, files: 1))
      throw Failure(
        "the dialog '\(entry.id)' has errors: fix them (coach lint shows them all)",
        code: ExitStatus.badScript)
    }
    return script
  }

  /// The reader and renderer for this session.
  func makeIO(sessionID: String, recordPath: String, historyName: String) -> (LineReader, SessionRenderer) {
    if jsonl {
      return (
        PlainLineReader(echoPrompt: false),
        JSONLinesRenderer(sessionID: sessionID, recordPath: recordPath)
      )
    }
    let renderer = ChatRenderer(
      color: Terminal.colorAllowed(), width: Terminal.outputIsTerminal ? Terminal.size?.columns : nil,
      echoInput: !Terminal.inputIsTerminal)
    if EditLineReader.isTerminal(),
      let reader = try? EditLineReader(historyFile: global.sessionStore.historyFolder + "/" + historyName)
    {
      renderer.statusInPrompt = true
      reader.completer = { [weak renderer] text in
        Completions.candidates(for: text, prompt: renderer?.currentPrompt)
      }
      // Ctrl-C between reads must not end the session; the reader handles it while reading.
      signal(SIGINT, SIG_IGN)
      return (reader, renderer)
    }
    return (PlainLineReader(echoPrompt: true), renderer)
  }

  /// Runs the session to its end or pause and reports how it ended.
  func run(
    conversation: Conversation, writer: RecordWriter, sessionID: String, first: Conversation.Reply
  ) throws {
    let (reader, renderer) = makeIO(
      sessionID: sessionID, recordPath: writer.path, historyName: conversation.script.id)
    let driver = SessionDriver(conversation: conversation, writer: writer, reader: reader, renderer: renderer)
    let status = try driver.run(from: first)
    if !jsonl {
      let note =
        status == .completed
        ? "Recorded as session \(sessionID): coach show \(sessionID)\n"
        : "Saved as session \(sessionID): coach resume \(sessionID) continues it\n"
      Terminal.standardOutput(note)
    }
  }

  /// Reports a failure in the machine mode too, where stdout carries only JSON.
  func reportStartFailure(_ message: String) {
    if jsonl { Terminal.standardOutput(JSON.encode(["type": "error", "message": .string(message)]) + "\n") }
  }
}
