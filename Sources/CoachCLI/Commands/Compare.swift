import ArgumentParser
import CoachKit

/// `coach compare <session> <session>... [--format text|markdown|json] [--force]`
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare sessions side by side (e.g. interview scorecards).",
    discussion: """
      One column per session, headed by the person and the date; rows for the rated \
      competencies (score and evidence), the flags, the recommendation and every other answer. \
      Text output fits $COLUMNS (else the terminal, else 100 columns), cutting long cells with an ellipsis (…). \
      Sessions must be of one dialog; --force compares sessions of different dialogs on what at \
      least two of them share.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
  }

  @Argument(
    help: ArgumentHelp("Two or more session ids, or unique prefixes of them.", valueName: "session"),
    completion: ShellCompletions.sessions())
  var sessions: [String] = []

  @Option(name: .long, help: "Output format: text, markdown or json.")
  var format: Format = .text

  @Flag(name: .long, help: "Compare sessions of different dialogs on the answers they share.")
  var force = false

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if sessions.count < 2 {
      throw ValidationError(
        "compare needs at least two sessions: coach compare ID ID... (coach sessions lists them)")
    }
  }

  func run() throws {
    try reporting {
      let store = global.sessionStore
      var ids: [String] = []
      for prefix in sessions {
        let id = try store.resolve(prefix)
        if ids.contains(id) {
          throw Failure("session \(id) is named twice: compare different sessions", code: ExitStatus.usage)
        }
        ids.append(id)
      }
      var records: [FoldedRecord] = []
      var scripts: [String: Script] = [:]
      for id in ids {
        let record = try store.read(id)
        for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
        records.append(FoldedRecord(record, shared: true))
        if scripts[record.header.dialogID] == nil,
          let script = global.catalog.script(for: record.header, checking: false)
        {
          scripts[record.header.dialogID] = script
        }
      }
      let comparison: Comparison
      do {
        comparison = try Comparison(records: records, scripts: scripts, force: force)
      } catch let problem as Comparison.Problem {
        throw Failure(problem.description, code: ExitStatus.usage)
      }
      switch format {
      case .text: Terminal.standardOutput(comparison.text(width: Terminal.outputWidth()))
      case .markdown: Terminal.standardOutput(comparison.markdown())
      case .json: Terminal.standardOutput(JSON.encodePretty(comparison.json) + "\n")
      }
    }
  }
}
