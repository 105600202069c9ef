import ArgumentParser
import CoachKit
import Foundation

/// `coach show <session> [--format text|markdown|json] [--shared]`
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Print a session's record.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
  }

  @Argument(help: "The session id, or a unique prefix of it.", completion: ShellCompletions.sessions())
  var session: String

  @Option(
    name: .long, help: "Output format: text, markdown (a document to send) or json (the folded record).")
  var format: Format = .text

  @Flag(name: .long, help: "Leave private notes out.")
  var shared = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let store = global.sessionStore
      let record = try store.read(try store.resolve(session))
      for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
      let folded = FoldedRecord(record, shared: shared)
      switch format {
      case .json: Terminal.standardOutput(JSON.encodePretty(folded.record) + "\n")
      case .text:
        // What later sessions decided on this one's action items.
        var now: [String: ActionItem.Status] = [:]
        if let with = record.header.with, !folded.actionItems.isEmpty {
          for item in PersonHistory(store: store, person: with).actionItems { now[item.id] = item.status }
        }
        Terminal.standardOutput(
          RecordText.render(
            folded, script: global.catalog.script(for: record.header, checking: false),
            previous: record.header.previous,
            width: Terminal.width(), now: now, palette: .forStream(STDOUT_FILENO)))
      case .markdown:
        let script = global.catalog.script(for: record.header, checking: false)
        Terminal.standardOutput(
          RecordMarkdown.render(folded, script: script, previous: record.header.previous))
      }
    }
  }
}
