import CoachKit
import Foundation
import Testing

/// Broken scripts in `Fixtures/broken/NAME.yaml`, each with the diagnostics the loader must give
/// in `NAME.expected`, one a line as `LINE:COL: SEVERITY[CODE]: MESSAGE`, in the loader's order.
/// `COACH_RECORD=1 swift test --filter LintFixtureTests` rewrites the expectations (and fails, so
/// a recording is always looked at).
@Suite struct LintFixtureTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/broken")

  static var fixtures: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
  }

  /// The diagnostics in the form the expectation files use.
  static func lines(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map {
      "\($0.line):\($0.column): \($0.severity.rawValue)[\($0.code.rawValue)]: \($0.message)\n"
    }.joined()
  }

  @Test(arguments: fixtures)
  func diagnostics(of name: String) throws {
    let script = Self.folder.appendingPathComponent(name)
    let clock = ContinuousClock()
    let started = clock.now
    let result = ScriptLoader.load(path: script.path, displayName: name)
    let elapsed = clock.now - started
    #expect(elapsed < .seconds(5), "loading \(name) took \(elapsed)")
    #expect(result.script == nil, "\(name) is meant to be broken, but it loads")
    let expected = Self.folder.appendingPathComponent(
      String(name.dropLast(".yaml".count)) + ".expected")
    if let failure = GoldenFile.check(Self.lines(result.diagnostics), against: expected) {
      Issue.record(Comment(rawValue: failure))
    }
  }

  @Test func fixturesAreThere() {
    #expect(Self.fixtures.count >= 20, "no fixtures found in \(Self.folder.path)")
  }

  @Test func everyExpectationHasItsScript() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
    for name in names where name.hasSuffix(".expected") {
      let script = String(name.dropLast(".expected".count)) + ".yaml"
      #expect(names.contains(script), "\(name) has no \(script)")
    }
  }

  /// The loader reads bytes that are not UTF-8 from a file, so the fixture must hold them as
  /// they are; an editor or a checkout that converted it would make the test meaningless.
  @Test func nonUTF8FixtureIsNotUTF8() throws {
    let data = try Data(contentsOf: Self.folder.appendingPathComponent("non-utf8.yaml"))
    #expect(String(data: data, encoding: .utf8) == nil)
  }

  /// Aliases that stand for values, and stars in text, are not mistaken for alias keys.
  @Test func aliasesForValuesStillLoad() throws {
    let text = """
      id: stars
      title: "Stars *in* text: a*b, '*c'"
      description: &scale Notes on the *week*
      intro: *scale
      steps:
        - id: mood
          ask: How was the *week*? (2*3 = 6)
          kind: rating
          anchors: &anchors {1: Poor, 2: Fair, 3: Good, 4: Great}
        - id: energy
          ask: And the team's energy?
          kind: rating
          anchors: *anchors
      """
    let result = ScriptLoader.load(text: text, file: "stars.yaml")
    #expect(result.diagnostics.isEmpty, "\(Self.lines(result.diagnostics))")
    #expect(result.script?.title == "Stars *in* text: a*b, '*c'")
  }

  /// The same text loaded from a string reports what the file does (the CLI lints both ways).
  @Test(arguments: fixtures.filter { $0 != "non-utf8.yaml" })
  func sameFromText(_ name: String) throws {
    let script = Self.folder.appendingPathComponent(name)
    let text = try String(contentsOf: script, encoding: .utf8)
    let fromFile = ScriptLoader.load(path: script.path, displayName: name)
    let fromText = ScriptLoader.load(text: text, file: name)
    #expect(Self.lines(fromText.diagnostics) == Self.lines(fromFile.diagnostics))
  }
}

/// Compares generated text with a file kept in the repository. With `COACH_RECORD=1` in the
/// environment it rewrites the file, and still reports the difference, so that recording is never
/// silent (the convention of swift-argument-parser's snapshots).
enum GoldenFile {
  static var recording: Bool { ProcessInfo.processInfo.environment["COACH_RECORD"] == "1" }

  /// nil when the file holds `actual`; otherwise what differs, after recording when asked.
  static func check(_ actual: String, against file: URL) -> String? {
    let expected = try? String(contentsOf: file, encoding: .utf8)
    if expected == actual { return nil }
    var message =
      expected.map { "\(file.path) is not current:\n" + diff($0, actual) }
      ?? "\(file.path) does not exist"
    if recording {
      do {
        try actual.write(to: file, atomically: true, encoding: .utf8)
        message +=
          "\nrecorded it (COACH_RECORD=1): review the change, then run the tests again without COACH_RECORD"
      } catch {
        message += "\ncould not record it: \(error)"
      }
    } else {
      message += "\nif the new text is right, record it with COACH_RECORD=1"
    }
    return message
  }

  /// A line diff of two texts, `-` for the expected lines and `+` for the actual ones, with two
  /// lines of context around each change.
  static func diff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence, from the ends.
    var common = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
      }
    }
    enum Line {
      case same(String), removed(String), added(String)
    }
    var lines: [(Line, Int)] = []
    var (i, j) = (0, 0)
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        lines.append((.same(a[i]), i + 1))
        (i, j) = (i + 1, j + 1)
      } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
        lines.append((.removed(a[i]), i + 1))
        i += 1
      } else {
        lines.append((.added(b[j]), i + 1))
        j += 1
      }
    }
    let changed = lines.indices.filter {
      if case .same = lines[$0].0 { return false }
      return true
    }
    var out = "--- expected\n+++ actual\n"
    var shownUpTo = -1
    for index in changed {
      let from = max(index - 2, shownUpTo + 1)
      let to = min(index + 2, lines.count - 1)
      guard from <= to else { continue }
      if from > shownUpTo + 1 { out += "@@ line \(lines[from].1) @@\n" }
      for k in from...to {
        switch lines[k].0 {
        case .same(let text): out += "  \(text)\n"
        case .removed(let text): out += "- \(text)\n"
        case .added(let text): out += "+ \(text)\n"
        }
      }
      shownUpTo = to
    }
    return out
  }
}
