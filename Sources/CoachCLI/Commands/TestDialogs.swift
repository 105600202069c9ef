import ArgumentParser
import CoachKit
import Foundation

/// `coach test [file...]`
struct TestDialogs: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run dialog tests: pinned paths through a dialog, and the steps no test visits.",
    discussion: """
      A test file (NAME.test.yaml) names a dialog and lists tests: the lines typed, the questions \
      expected before them, and the answers, flags and end expected. With no file, runs every \
      test file in prompts/tests/ and in the tests/ folder of each extra folder of dialogs \
      (--prompts, $COACH_PROMPTS). Exits 1 when a test fails, or with --require-all-steps when a \
      step of a tested dialog is visited by no test. See docs/dialog-tests.md.
      """)

  @Argument(help: "Test files (NAME.test.yaml) or folders of them.")
  var files: [String] = []

  @Flag(name: .long, help: "Fail when a step of a tested dialog is visited by no test.")
  var requireAllSteps = false

  @Flag(name: .long, help: "Fail when a flag of a tested dialog is raised by no test.")
  var requireAllFlags = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    let paths = try testFiles()
    let catalog = global.catalog
    var failed = 0
    var total = 0
    var visited: [String: (script: Script, steps: Set<String>, flags: Set<String>)] = [:]
    var problems = 0
    for path in paths {
      Terminal.standardOutput(path + "\n")
      let file: DialogTestFile
      do {
        file = try DialogTestReader.read(path: path)
      } catch {
        problems += 1
        Self.show(error)
        continue
      }
      guard let script = load(file, catalog) else {
        problems += 1
        continue
      }
      for test in file.tests {
        total += 1
        let outcome = DialogTestRunner.run(test, script: script, today: file.today)
        visited[script.id, default: (script, [], [])].steps.formUnion(outcome.visited)
        visited[script.id]?.flags.formUnion(outcome.raised)
        if outcome.passed {
          Terminal.standardOutput("  ✓ \(test.name)\n")
        } else {
          failed += 1
          Terminal.standardOutput("  ✗ \(test.name)\n")
          for failure in outcome.failures {
            Terminal.standardOutput("      \(path):\(failure.line): \(failure.message)\n")
          }
        }
      }
    }
    var unvisited = 0
    var coverage: [String] = []
    for (id, entry) in visited.sorted(by: { $0.key < $1.key }) {
      let missing = entry.script.steps.map(\.id).filter { !entry.steps.contains($0) }
      unvisited += missing.count
      let visitedCount = entry.script.steps.count - missing.count
      coverage.append(
        "  \(id): \(visitedCount) of \(Self.count(entry.script.steps.count, "step")) visited"
          + (missing.isEmpty ? "" : "; not visited: " + missing.joined(separator: ", ")))
    }
    var unraised = 0
    var flagCoverage: [String] = []
    for (id, entry) in visited.sorted(by: { $0.key < $1.key }) {
      let all = DialogTestRunner.flagIDs(of: entry.script)
      let missing = all.filter { !entry.flags.contains($0) }
      unraised += missing.count
      flagCoverage.append(
        "  \(id): \(all.count - missing.count) of \(Self.count(all.count, "flag")) raised"
          + (missing.isEmpty ? "" : "; never raised: " + missing.joined(separator: ", ")))
    }
    Terminal.standardOutput("\nSteps visited\n" + coverage.joined(separator: "\n") + "\n")
    Terminal.standardOutput("\nFlags raised\n" + flagCoverage.joined(separator: "\n") + "\n")
    Terminal.standardOutput(
      "\n\(total - failed) passed, \(failed) failed\(problems > 0 ? ", \(Self.count(problems, "file")) could not be run" : "")\n"
    )
    let stepsMissing = requireAllSteps && unvisited > 0
    let flagsMissing = requireAllFlags && unraised > 0
    if stepsMissing {
      Terminal.standardError(
        "coach: \(Self.count(unvisited, "step")) \(unvisited == 1 ? "is" : "are") visited by no test (--require-all-steps)\n"
      )
    }
    if flagsMissing {
      Terminal.standardError(
        "coach: \(Self.count(unraised, "flag")) \(unraised == 1 ? "is" : "are") raised by no test (--require-all-flags)\n"
      )
    }
    if failed > 0 || problems > 0 || stepsMissing || flagsMissing {
      throw ExitCode(ExitStatus.problems)
    }
  }

  /// `1 step`, `3 steps`.
  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// The problems of a test file that cannot be run, printed as `coach lint` prints a script's.
  static func show(_ problems: DialogTestReader.Problems) {
    let path = problems.diagnostics.first?.file ?? ""
    let printer = DiagnosticPrinter(
      sources: problems.text.map { [path: $0] } ?? [:], palette: .forStream(STDOUT_FILENO))
    Terminal.standardOutput(problems.diagnostics.map(printer.render).joined(separator: "\n") + "\n")
  }

  /// The dialog a test file tests (see ``DialogCatalog/dialog(testedBy:)``); nil, with why
  /// printed, when coach does not have it or it has errors.
  private func load(_ file: DialogTestFile, _ catalog: DialogCatalog) -> Script? {
    let entry: DialogCatalog.Entry
    switch catalog.dialog(testedBy: file) {
    case .success(let found): entry = found
    case .failure(let problems):
      Self.show(problems)
      return nil
    }
    let result = catalog.load(entry)
    guard let script = result.script else {
      Terminal.standardOutput(
        "  ✗ \(file.path):\(file.dialogLocation.line): the dialog '\(file.dialog)' has errors: coach lint shows them\n"
      )
      return nil
    }
    return script
  }

  /// With no file given, the `tests/` folder beside each folder of dialogs: `prompts/` here (the
  /// repository's), then the extra folders (`--prompts`, `$COACH_PROMPTS`), those that exist.
  private func defaultTargets() throws -> [String] {
    let folders = ["prompts"] + global.catalog.folders
    var seen: Set<String> = []
    let targets = folders.map { $0 + "/tests" }.filter { folder in
      var isFolder: ObjCBool = false
      return FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
        && seen.insert(URL(fileURLWithPath: folder).standardizedFileURL.path).inserted
    }
    guard !targets.isEmpty else {
      Terminal.standardError(
        """
        coach: no dialog tests here: there is no prompts/tests/ folder\(folders.count > 1 ? " and no tests/ folder in \(folders.dropFirst().map { Sanitizer.inline($0, limit: 120) }.joined(separator: ", "))" : ""); \
        give test files (NAME.test.yaml) or folders of them, or --prompts DIR to run DIR/tests/ (see docs/dialog-tests.md)

        """)
      throw ExitCode(ExitStatus.notFound)
    }
    return targets
  }

  private func testFiles() throws -> [String] {
    let targets = files.isEmpty ? try defaultTargets() : files
    var paths: [String] = []
    for target in targets {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else {
        Terminal.standardError("coach: \(Sanitizer.inline(target, limit: 200)): no such file or folder\n")
        throw ExitCode(ExitStatus.notFound)
      }
      if isFolder.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        paths += names.filter { $0.hasSuffix(".test.yaml") }.sorted().map { target + "/" + $0 }
      } else {
        paths.append(target)
      }
    }
    if paths.isEmpty {
      Terminal.standardError("coach: no test files (NAME.test.yaml) found\n")
      throw ExitCode(ExitStatus.notFound)
    }
    return paths
  }
}
