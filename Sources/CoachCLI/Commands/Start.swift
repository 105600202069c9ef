import ArgumentParser
import CoachKit
import Foundation

/// `coach start <dialog> [--with NAME] [--by NAME] [--jsonl]`
struct Start: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "start",
    abstract: "Start a guided session.",
    discussion: """
      Answers are typed line by line; /help lists the commands. With stdin not a terminal, plain \
      lines are read (printf 'y\\n...' | coach start one-on-one --with Dana). --jsonl speaks \
      JSON Lines on stdout for programs.
      """)

  @Argument(
    help: "The dialog: an id from 'coach dialogs', or the path of a script file.",
    completion: ShellCompletions.dialogs())
  var dialog: String

  @Option(
    name: .long, help: "Who the session is with (e.g. the rep or the candidate).",
    completion: ShellCompletions.people())
  var with: String?

  @Option(name: .long, help: "Who runs the session (else the config file's name).")
  var by: String?

  @Flag(name: .long, help: "Machine mode: JSON Lines on stdout.")
  var jsonl = false

  @Flag(name: .long, help: "The person is someone new, even when the name is close to a known one.")
  var newPerson = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let launcher = SessionLauncher(global: global, jsonl: jsonl, newPerson: newPerson)
    try reporting {
      try launcher.reportingStartFailures {
        try launcher.start(dialog: dialog, with: with, by: by)
      }
    }
  }
}
