import ArgumentParser
import CoachKit

/// `coach dialogs [--json] [--print ID]`
struct Dialogs: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dialogs", abstract: "List the dialogs available, with their titles.",
    discussion: """
      --print ID writes a dialog's script (a shipped one too) to stdout, to start your own from: \
      coach dialogs --print one-on-one > my-prompts/our-1on1.yaml (then change its id and use \
      --prompts my-prompts).
      """)

  @Flag(name: .long, help: "Print JSON.")
  var json = false

  @Option(name: .long, help: "Print this dialog's script (YAML).", completion: ShellCompletions.dialogs())
  var print: String?

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let catalog = global.catalog
    if let id = print {
      guard let entry = catalog.find(id), let text = catalog.text(entry) else {
        let guess =
          Suggestion.closest(to: id, in: catalog.entries().map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
        throw Failure(
          "unknown dialog '\(Sanitizer.inline(id, limit: 40))'\(guess) (coach dialogs lists them)",
          code: ExitStatus.notFound)
      }
      Terminal.standardOutput(text.hasSuffix("\n") ? text : text + "\n")
      return
    }
    var rows: [Value] = []
    var text = ""
    let entries = catalog.entries()
    let width = entries.map(\.id.count).max() ?? 0
    for entry in entries {
      let result = catalog.load(entry)
      let source: String
      switch entry.source {
      case .builtin: source = "built-in"
      case .file(let path): source = path
      }
      guard let script = result.script else {
        rows.append([
          "id": .string(entry.id), "source": .string(source), "valid": false,
          "errors": .number(Double(result.errors.count)),
        ])
        text +=
          "\(entry.id.padding(toLength: width, withPad: " ", startingAt: 0))  (has \(result.errors.count) error\(result.errors.count == 1 ? "" : "s"): coach lint \(Sanitizer.inline(source == "built-in" ? entry.id : source, limit: 200)))\n"
        continue
      }
      rows.append([
        "id": .string(script.id), "title": .string(script.title), "version": .number(Double(script.version)),
        "description": .optional(script.summary), "steps": .number(Double(script.steps.count)),
        "timebox": script.timebox.map { .number(Double($0)) } ?? .null, "source": .string(source),
        "valid": true,
      ])
      var line =
        "\(entry.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(Sanitizer.inline(script.title, limit: 80))"
      line += " (\(script.steps.count) steps\(script.timebox.map { ", \($0 / 60) min" } ?? ""))"
      if source != "built-in" { line += "  [\(Sanitizer.inline(source, limit: 200))]" }
      text += line + "\n"
    }
    Terminal.standardOutput(json ? JSON.encodePretty(.array(rows)) + "\n" : text)
  }
}
