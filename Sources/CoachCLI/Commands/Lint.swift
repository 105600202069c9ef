import ArgumentParser
import CoachKit
import Foundation

/// `coach lint [file...] [--format text|json]`
struct Lint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check dialog scripts and report every problem found.",
    discussion: """
      With no file, checks every dialog coach knows (shipped and --prompts). A dialog id \
      (one-on-one) checks that dialog; a folder checks the .yaml files in it. Exits 1 when any \
      error is found. 'coach lint --explain C012' describes a code, with an example.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "Dialog ids, script files or folders.", completion: ShellCompletions.dialogs())
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
    // Each file is read and checked once, on every core; results keep the order given.
    let targets = try targets()
    let results = ConcurrentResults<(String, String, [Diagnostic])>(count: targets.count)
    DispatchQueue.concurrentPerform(iterations: targets.count) { i in
      results.set(i, Self.lint(targets[i]))
    }
    var sources: [String: String] = [:]
    var diagnostics: [Diagnostic] = []
    for case (let file, let text, let found)? in results.values {
      sources[file] = text
      diagnostics += found
    }
    let count = targets.count
    switch format {
    case .json:
      Terminal.standardOutput(DiagnosticPrinter.json(diagnostics))
    case .text:
      let renderer = DiagnosticPrinter(sources: sources, palette: .forStream(STDOUT_FILENO))
      Terminal.standardOutput(renderer.render(diagnostics, files: count))
    }
    if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.problems) }
  }

  /// Loads one script: its name as shown, its text (to quote lines) and its diagnostics.
  static func lint(_ target: DialogCatalog.Source) -> (String, String, [Diagnostic]) {
    switch target {
    case .file(let path):
      // A file that cannot be read (missing, not a regular file, not UTF-8, too large) is
      // reported by the loader itself; its `last.<dialog>.<id>` references read the dialogs
      // beside it, then the shipped ones.
      let result = ScriptLoader.load(path: path)
      return (path, result.text ?? "", result.diagnostics)
    case .builtin(let name):
      let text = DialogCatalog.builtinText(name) ?? ""
      return ("prompts/" + name, text, ScriptLoader.load(text: text, file: "prompts/" + name).diagnostics)
    }
  }

  private func targets() throws -> [DialogCatalog.Source] {
    if files.isEmpty {
      return global.catalog.entries().map(\.source)
    }
    var result: [DialogCatalog.Source] = []
    let catalog = global.catalog
    for file in files {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
        // A dialog id, as `start` takes.
        if !file.contains("/"), let entry = catalog.entries().first(where: { $0.id == file }) {
          result.append(entry.source)
          continue
        }
        let ids = catalog.entries().map(\.id)
        let guess = Suggestion.closest(to: file, in: ids).map { "; did you mean the dialog '\($0)'?" } ?? ""
        throw Failure(
          "\(Sanitizer.inline(file, limit: 80)): no such file or dialog\(guess) (coach dialogs lists the dialogs)",
          code: ExitStatus.notFound)
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
