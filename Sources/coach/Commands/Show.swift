import ArgumentParser
import CoachKit

/// `coach show <session> [--format text|json] [--shared]`
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print a session's record.")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "The session id, or a unique prefix of it.")
  var session: String

  @Option(name: .long, help: "Output format: text or json (the folded record).")
  var format: Format = .text

  @Flag(name: .long, help: "Leave private notes out.")
  var shared = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let store = global.sessionStore
      let record = try store.read(try store.resolve(session))
      for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
      let folded = FoldedRecord.json(record, shared: shared)
      switch format {
      case .json: Terminal.standardOutput(JSON.encodePretty(folded) + "\n")
      case .text: Terminal.standardOutput(RecordText.render(folded))
      }
    }
  }
}
