import ArgumentParser
import CoachKit
import Foundation

/// `coach resume <session> [--jsonl]`
struct Resume: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Continue a paused or interrupted session at its next unanswered question.")

  @Argument(help: "The session id, or a unique prefix of it.")
  var session: String

  @Flag(name: .long, help: "Machine mode: JSON Lines on stdout.")
  var jsonl = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let launcher = SessionLauncher(global: global, jsonl: jsonl)
    try reporting {
      do {
        try resume(launcher)
      } catch let failure as Failure {
        launcher.reportStartFailure(failure.message)
        throw failure
      } catch let error as StoreError {
        launcher.reportStartFailure(error.description)
        throw error
      }
    }
  }

  private func resume(_ launcher: SessionLauncher) throws {
    let store = global.sessionStore
    let id = try store.resolve(session)
    // Lock first, so that two processes never both resume the same session.
    let writer = try store.openForAppend(id)
    let record = try store.read(id)
    for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
    try writer.cutTornTail()
    let header = record.header
    if record.log.status == .completed {
      throw Failure(
        "session \(id) is already completed: coach show \(id) prints it", code: ExitStatus.problems)
    }
    let origin = header.dialogOrigin
    let name = origin.hasPrefix("builtin:") || origin.isEmpty ? header.dialogID : origin
    let script = try launcher.loadScript(
      FileManager.default.fileExists(atPath: name) || !name.contains("/") ? name : header.dialogID)
    if script.sha256 != header.dialogSHA256 {
      Terminal.standardError(
        "coach: note: the \(script.id) dialog has changed since this session started; continuing with its current version\n"
      )
    }
    let previous =
      script.readsPrevious ? store.previousAnswers(dialog: script.id, with: header.with, excluding: id) : [:]
    let conversation = Conversation(
      script: script, context: SessionContext(with: header.with, by: header.by, previous: previous))
    conversation.restore(record.events)
    try launcher.run(conversation: conversation, writer: writer, sessionID: id, first: conversation.resume())
  }
}
