import ArgumentParser
import CoachKit
import Foundation

/// `coach start <dialog> [--with NAME] [--by NAME] [--jsonl]`
struct Start: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Start a guided session.",
    discussion: """
      Answers are typed line by line; /help lists the commands. With stdin not a terminal, plain
      lines are read (printf 'y\\n...' | coach start one-on-one --with Dana). --jsonl speaks
      JSON Lines on stdout for programs.
      """)

  @Argument(help: "The dialog: an id from 'coach dialogs', or the path of a script file.")
  var dialog: String

  @Option(name: .long, help: "Who the session is with (e.g. the rep or the candidate).")
  var with: String?

  @Option(name: .long, help: "Who runs the session.")
  var by: String?

  @Flag(name: .long, help: "Machine mode: JSON Lines on stdout.")
  var jsonl = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let launcher = SessionLauncher(global: global, jsonl: jsonl)
    try reporting {
      do {
        try start(launcher)
      } catch let failure as Failure {
        launcher.reportStartFailure(failure.message)
        throw failure
      } catch let error as StoreError {
        launcher.reportStartFailure(error.description)
        throw error
      }
    }
  }

  private func start(_ launcher: SessionLauncher) throws {
    let script = try launcher.loadScript(dialog)
    let with = with?.trimmingCharacters(in: .whitespaces)
    if (with ?? "").isEmpty, script.readsParticipant {
      throw Failure(
        "the \(script.id) dialog is held with someone: add --with NAME (e.g. --with Dana)",
        code: ExitStatus.usage)
    }
    let store = global.sessionStore
    let id = SessionStore.newID()
    let previous = script.readsPrevious ? store.previousAnswers(dialog: script.id, with: with) : [:]
    let context = SessionContext(with: with, by: by, previous: previous)
    let conversation = Conversation(script: script, context: context)
    let header = SessionHeader(
      id: id, script: script, with: with, by: by, startedAt: Date(), coachVersion: coachVersion,
      terminal: Terminal.inputIsTerminal ? Terminal.size : nil)
    let writer = try store.create(header: header)
    try launcher.run(conversation: conversation, writer: writer, sessionID: id, first: conversation.start())
  }
}
