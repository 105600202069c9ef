import ArgumentParser
import CoachKit
import Foundation

/// `coach lint [file...] [--format text|json]`
struct Lint: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check dialog scripts and report every problem found.",
    discussion: """
      With no file, checks every dialog coach knows (shipped and --prompts). A folder checks
      the .yaml files in it. Exits 1 when any error is found. 'coach lint --explain C012'
      describes a code, with an example.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "Script files or folders.")
  var files: [String] = []

  @Option(name: .long, help: "Output format: text or json.")
  var format: Format = .text

  @Option(name: .long, help: "Describe a diagnostic code, with an example.")
  var explain: String?

  @OptionGroup var global: GlobalOptions

  func run() throws {
    if let explain {
      guard let code = DiagnosticCode(rawValue: explain.uppercased()) else {
        Terminal.standardError(
          "coach: unknown code '\(Sanitizer.inline(explain, limit: 20))': the codes are \(DiagnosticCode.allCases.map(\.rawValue).joined(separator: ", "))\n"
        )
        throw ExitCode(ExitStatus.usage)
      }
      Terminal.standardOutput(code.explanation + "\n")
      return
    }
    var sources: [String: String] = [:]
    var diagnostics: [Diagnostic] = []
    var count = 0
    for target in try targets() {
      count += 1
      let result: ScriptLoader.Result
      switch target {
      case .file(let path):
        result = ScriptLoader.load(path: path)
        if let text = try? String(contentsOfFile: path, encoding: .utf8) { sources[path] = text }
      case .builtin(let name):
        let text = DialogCatalog.builtinText(name) ?? ""
        result = ScriptLoader.load(text: text, file: "prompts/" + name)
        sources["prompts/" + name] = text
      }
      diagnostics += result.diagnostics
    }
    switch format {
    case .json:
      Terminal.standardOutput(DiagnosticRenderer.json(diagnostics))
    case .text:
      let renderer = DiagnosticRenderer(sources: sources, color: Terminal.colorAllowed())
      Terminal.standardOutput(renderer.render(diagnostics, files: count))
    }
    if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.problems) }
  }

  private func targets() throws -> [DialogCatalog.Source] {
    if files.isEmpty {
      return global.catalog.entries().map(\.source)
    }
    var result: [DialogCatalog.Source] = []
    for file in files {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
        Terminal.standardError("coach: \(file): no such file\n")
        throw ExitCode(ExitStatus.notFound)
      }
      if isFolder.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: file)) ?? []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
          result.append(.file(path: (file.hasSuffix("/") ? file : file + "/") + name))
        }
      } else {
        result.append(.file(path: file))
      }
    }
    return result
  }
}
