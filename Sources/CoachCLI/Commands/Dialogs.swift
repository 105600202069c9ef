import ArgumentParser
import CoachKit

/// `coach dialogs [--json]`
struct Dialogs: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dialogs", abstract: "List the dialogs available, with their titles.")

  @Flag(name: .long, help: "Print JSON.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let catalog = global.catalog
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
          "\(entry.id.padding(toLength: width, withPad: " ", startingAt: 0))  (has \(result.errors.count) errors: coach lint \(source == "built-in" ? entry.id : source))\n"
        continue
      }
      rows.append([
        "id": .string(script.id), "title": .string(script.title), "version": .number(Double(script.version)),
        "description": .optional(script.summary), "steps": .number(Double(script.steps.count)),
        "timebox": script.timebox.map { .number(Double($0)) } ?? .null, "source": .string(source),
        "valid": true,
      ])
      var line = "\(entry.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(script.title)"
      line += " (\(script.steps.count) steps\(script.timebox.map { ", \($0 / 60) min" } ?? ""))"
      if source != "built-in" { line += "  [\(source)]" }
      text += line + "\n"
    }
    Terminal.standardOutput(json ? JSON.encodePretty(.array(rows)) + "\n" : text)
  }
}
