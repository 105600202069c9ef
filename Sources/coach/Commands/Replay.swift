import ArgumentParser
import CoachKit
import Foundation

/// `coach replay <session|file>... [--speed X | --instant | --step] [--check] [--all]`
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print sessions back as they happened, or check them against the current dialogs.",
    discussion: """
      Without --check, a session is printed at its recorded pace (pauses longer than 3 seconds are
      cut to 3), --speed times faster, all at once with --instant, or one exchange per key with
      --step. --check re-drives the current dialog script with the recorded inputs and exits 0
      when every session takes the same path to the same values; otherwise it names the first
      divergence of each and exits 1. --all takes every stored session.
      """)

  @Argument(help: "Session ids (or unique prefixes) or record files.")
  var sessions: [String] = []

  @Option(name: .long, help: "Play this many times faster than recorded.")
  var speed: Double = 1

  @Flag(name: .long, help: "Print without waiting.")
  var instant = false

  @Flag(name: .long, help: "Wait for a key before each answer.")
  var step = false

  @Flag(name: .long, help: "Re-drive the current scripts with the recorded inputs and compare.")
  var check = false

  @Flag(name: .long, help: "Every stored session.")
  var all = false

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if sessions.isEmpty && !all { throw ValidationError("name at least one session, or use --all") }
    if !(speed > 0 && speed.isFinite) { throw ValidationError("--speed takes a number above 0") }
    if [instant, step, speed != 1].filter({ $0 }).count > 1 {
      throw ValidationError("choose one of --speed, --instant and --step")
    }
  }

  func run() throws {
    try reporting {
      let records = try loadRecords()
      if check {
        try runChecks(records)
      } else {
        let printer = ReplayPrinter(
          pace: instant ? .instant : step ? .step : .timed(speed: speed), color: Terminal.colorAllowed())
        for (i, record) in records.enumerated() {
          if i > 0 { Terminal.standardOutput("\n") }
          printer.play(record)
        }
      }
    }
  }

  /// The records named (ids, prefixes or files), or every stored one with --all.
  private func loadRecords() throws -> [SessionRecord] {
    let store = global.sessionStore
    var records: [SessionRecord] = []
    var problems: [String] = []
    if all {
      for id in store.sessionIDs() {
        do {
          records.append(try store.read(id))
        } catch {
          problems.append("\(error)")
        }
      }
    }
    for name in sessions {
      if name.hasSuffix(".jsonl") || name.contains("/") {
        guard FileManager.default.fileExists(atPath: name) else {
          throw Failure("\(name): no such record file", code: ExitStatus.notFound)
        }
        records.append(try SessionRecord.read(path: name))
      } else {
        records.append(try store.read(try store.resolve(name)))
      }
    }
    for problem in problems { Terminal.standardError("coach: \(problem)\n") }
    if !problems.isEmpty && !check {
      throw Failure("some records could not be read", code: ExitStatus.ioError)
    }
    if records.isEmpty && problems.isEmpty { Terminal.standardOutput("No sessions to replay.\n") }
    return records
  }

  private func runChecks(_ records: [SessionRecord]) throws {
    var scripts: [String: Script] = [:]
    var failures = 0
    var changed = 0
    let catalog = global.catalog
    for record in records {
      let header = record.header
      let key = header.dialogOrigin.hasPrefix("builtin:") ? header.dialogID : header.dialogOrigin
      if scripts[key] == nil {
        scripts[key] = catalog.entry(forRecorded: header).flatMap { catalog.load($0).script }
      }
      let label =
        "\(header.id) \(header.dialogID)\(header.with.map { " with \(Sanitizer.inline($0, limit: 30))" } ?? "")"
      guard let script = scripts[key] else {
        failures += 1
        Terminal.standardOutput(
          "✗ \(label): the dialog '\(header.dialogID)' is not available (or has errors): add --prompts DIR\n")
        continue
      }
      let result = ReplayCheck.check(record, against: script)
      if result.scriptChanged { changed += 1 }
      let note =
        result.scriptChanged
        ? " (the script has changed since: sha256 \(header.dialogSHA256.prefix(12)) → \(script.sha256.prefix(12)))"
        : ""
      if let divergence = result.divergence {
        failures += 1
        Terminal.standardOutput("✗ \(label): diverges: \(divergence)\(note)\n")
      } else if records.count <= 20 || result.scriptChanged {
        Terminal.standardOutput("✓ \(label): same path and values (\(result.inputs) inputs)\(note)\n")
      }
    }
    if records.count > 1 {
      Terminal.standardOutput(
        "\(records.count) sessions checked: \(records.count - failures) same, \(failures) diverge or cannot be checked\(changed > 0 ? "; \(changed) ran an earlier version of their script" : "")\n"
      )
    }
    if failures > 0 { throw ExitCode(ExitStatus.problems) }
  }
}
