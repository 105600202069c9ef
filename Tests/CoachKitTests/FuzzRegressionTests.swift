import CoachTestSupport
import Foundation
import Testing

/// The inputs the fuzz targets (`scripts/fuzz`) crashed on, fed to the same entries as the
/// targets (`FuzzEntry`): each must give a proper result or error (a refusal says why), within
/// the fuzzer's 10 seconds.
///
/// `Fixtures/fuzz/<target>/` holds the inputs whose crash is fixed. The inputs that still crash
/// are kept in `Fixtures/fuzz/pending/<target>/`, which this suite does not read: they would
/// bring the whole test run down. Once a cause is fixed, move its inputs up to
/// `Fixtures/fuzz/<target>/`. `COACH_FUZZ_PENDING=1 swift test --filter FuzzRegressionTests`
/// runs the pending ones too (and crashes while any still does).
@Suite struct FuzzRegressionTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fuzz")

  static let entries: [String: @Sendable ([UInt8]) -> [FuzzOutcome]] = [
    "fuzz-script": FuzzEntry.script, "fuzz-record": FuzzEntry.record,
    "fuzz-answers": FuzzEntry.answers, "fuzz-expression": FuzzEntry.expression,
  ]

  /// The saved inputs of `target` in `subfolder` (`""` or `"pending/"`), as `subfolder/target/name`.
  static func inputs(_ subfolder: String) -> [String] {
    entries.keys.sorted().flatMap { target in
      let names =
        (try? FileManager.default.contentsOfDirectory(
          atPath: folder.appendingPathComponent(subfolder + target).path)) ?? []
      return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map {
        "\(subfolder)\(target)/\($0)"
      }
    }
  }

  static var fixed: [String] { inputs("") }
  static var pending: [String] {
    ProcessInfo.processInfo.environment["COACH_FUZZ_PENDING"] == "1" ? inputs("pending/") : []
  }

  @Test(arguments: fixed + pending)
  func givesAResultOrAnError(_ input: String) throws {
    let target = String(input.split(separator: "/").dropLast().last ?? "")
    let entry = try #require(Self.entries[target], "no fuzz target '\(target)'")
    let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(input)))
    let clock = ContinuousClock()
    let started = clock.now
    let outcomes = entry(bytes)
    #expect(clock.now - started < .seconds(10), "\(input) took \(clock.now - started)")
    for outcome in outcomes {
      #expect(outcome.isProper, "\(input): a refusal without a reason")
    }
  }

  /// The entries take what the repository ships, as the fuzzer's seeds: the harness is sound, so
  /// what it reports on other inputs is about coach.
  @Test func entriesTakeTheShippedFiles() throws {
    for name in Scripts.shippedFiles {
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Scripts.shippedPath(name))))
      let outcomes = FuzzEntry.script(bytes)
      #expect(
        outcomes.count == 1 && outcomes.allSatisfy { if case .result = $0 { true } else { false } },
        "\(name): \(outcomes)")
    }
    let records = Scripts.repositoryRoot.appendingPathComponent("Tests/CoachCLITests/Snapshots/records")
    for name in try FileManager.default.contentsOfDirectory(atPath: records.path)
    where name.hasSuffix(".jsonl") {
      let outcomes = FuzzEntry.record([UInt8](try Data(contentsOf: records.appendingPathComponent(name))))
      #expect(outcomes.allSatisfy { if case .result = $0 { true } else { false } }, "\(name): \(outcomes)")
    }
    #expect(FuzzEntry.answers([0] + Array("62%".utf8)).contains(.result("62% / 62")))
    #expect(
      FuzzEntry.expression(Array("count(role_expectations) > 3".utf8)).first
        == .result("yes/no: no / no / —"))
  }

  /// Every input kept, fixed or pending, is named after its target's folder and read by nothing
  /// else; a stray folder would be silently skipped.
  @Test func everyFolderIsATarget() throws {
    for subfolder in ["", "pending/"] {
      let path = Self.folder.appendingPathComponent(subfolder).path
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      for name in names where !name.hasSuffix(".md") && name != "pending" {
        #expect(Self.entries[name] != nil, "\(subfolder)\(name) is not a fuzz target")
      }
    }
    #expect(
      !Self.inputs("pending/").isEmpty || !Self.fixed.isEmpty, "no saved fuzz inputs in \(Self.folder.path)")
  }
}
