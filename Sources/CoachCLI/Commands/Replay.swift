import ArgumentParser
import CoachKit
import Foundation

/// `coach replay <session|file>... [--speed X | --instant | --step] [--check] [--all]`
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Print sessions back as they happened, or check them against the current dialogs.",
    discussion: """
      Without --check, a session is printed at its recorded pace (pauses longer than 3 seconds are \
      cut to 3), --speed times faster, all at once with --instant, or one exchange per key with \
      --step. --check re-drives the current dialog script with the recorded inputs and exits 0 \
      when every session takes the same path to the same values; otherwise it names the first \
      divergence of each and exits 1. --all takes every stored session.
      """)

  @Argument(
    help: "Session ids (or unique prefixes) or record files.", completion: ShellCompletions.sessions())
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

  @Flag(name: .long, help: "Leave private notes out (for a shared screen).")
  var shared = false

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
      if check {
        try runChecks(try sources())
      } else {
        let records = try loadRecords()
        let printer = ReplayPrinter(
          pace: instant ? .instant : step ? .step : .timed(speed: speed), palette: .forStream(STDOUT_FILENO),
          shared: shared, width: { Terminal.width() })
        let catalog = global.catalog
        for (i, record) in records.enumerated() {
          if i > 0 { Terminal.standardOutput("\n") }
          printer.play(record, script: catalog.script(for: record.header))
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

  /// A record to check: its file, and the session it must be when it is one of the store's
  /// (a record copied under another name is refused, as `show` refuses it).
  struct Source: Sendable {
    var path: String
    var id: String?
  }

  /// Where the records to check are: stored session ids (resolved) and record files.
  private func sources() throws -> [Source] {
    let store = global.sessionStore
    var found: [Source] =
      all
      ? try store.sessionIDs().map { id throws(StoreError) in Source(path: try store.path(of: id), id: id) }
      : []
    for name in sessions {
      if name.hasSuffix(".jsonl") || name.contains("/") {
        guard FileManager.default.fileExists(atPath: name) else {
          throw Failure("\(name): no such record file", code: ExitStatus.notFound)
        }
        found.append(Source(path: name, id: nil))
      } else {
        let id = try store.resolve(name)
        found.append(Source(path: try store.path(of: id), id: id))
      }
    }
    if found.isEmpty { Terminal.standardOutput("No sessions to check.\n") }
    return found
  }

  /// Checks every record against its current script, on every core, reading each record as it
  /// goes; prints a line for each (only the failures beyond 20) and a summary.
  private func runChecks(_ paths: [Source]) throws {
    let catalog = global.catalog
    let scripts = ScriptCache(catalog: catalog)
    let results = ConcurrentResults<Outcome>(count: paths.count)
    DispatchQueue.concurrentPerform(iterations: paths.count) { i in
      results.set(i, Self.check(paths[i], scripts: scripts))
    }
    var failures = 0
    var changed = 0
    var earlier = 0
    for outcome in results.values {
      guard let outcome else { continue }
      if outcome.failed { failures += 1 }
      if outcome.scriptChanged { changed += 1 }
      if outcome.earlierVersion { earlier += 1 }
      if outcome.failed || paths.count <= 20 || outcome.scriptChanged {
        Terminal.standardOutput(outcome.line + "\n")
      }
    }
    if paths.count > 1 {
      let same = paths.count - failures - earlier
      Terminal.standardOutput(
        "\(paths.count) sessions checked: \(same) same, \(failures) diverge or cannot be checked"
          + (earlier > 0 ? ", \(earlier) made with an earlier version of their script" : "")
          + (changed > 0 ? "; \(changed) ran a script that has changed since" : "") + "\n")
    }
    if failures > 0 { throw ExitCode(ExitStatus.problems) }
  }

  struct Outcome: Sendable {
    var line: String
    var failed: Bool
    var scriptChanged: Bool
    /// Made with an earlier version of its script, and taking another path now.
    var earlierVersion = false
  }

  static func check(_ source: Source, scripts: ScriptCache) -> Outcome {
    let record: SessionRecord
    do {
      record = try SessionRecord.read(path: source.path, id: source.id)
    } catch {
      return Outcome(line: "✗ \(error)", failed: true, scriptChanged: false)
    }
    let header = record.header
    let label =
      "\(header.id) \(header.dialogID)\(header.with.map { " with \(Sanitizer.inline($0, limit: 30))" } ?? "")"
    guard let script = scripts.script(for: header) else {
      return Outcome(
        line:
          "✗ \(label): the dialog '\(header.dialogID)' is not available (or has errors): add --prompts DIR",
        failed: true, scriptChanged: false)
    }
    let result = ReplayCheck.check(record, against: script)
    let note =
      result.scriptChanged
      ? " (the script has changed since: sha256 \(header.dialogSHA256.prefix(12)) → \(script.sha256.prefix(12)))"
      : ""
    if let divergence = result.divergence, result.ranEarlierVersion {
      // The script's version was raised since: the questions changed on purpose.
      return Outcome(
        line:
          "~ \(label): made with version \(result.recordedVersion) of the script (now \(result.scriptVersion)), so it is not compared: \(divergence)",
        failed: false, scriptChanged: result.scriptChanged, earlierVersion: true)
    }
    if let divergence = result.divergence {
      let unversioned =
        result.scriptChanged ? "; if the questions changed on purpose, raise the script's 'version'" : ""
      return Outcome(
        line: "✗ \(label): diverges: \(divergence)\(note)\(unversioned)", failed: true,
        scriptChanged: result.scriptChanged)
    }
    return Outcome(
      line: "✓ \(label): same path and values (\(result.inputs) inputs)\(note)", failed: false,
      scriptChanged: result.scriptChanged)
  }
}

/// The scripts records ran, each loaded once, shared by the checking threads.
final class ScriptCache: @unchecked Sendable {
  private let catalog: DialogCatalog
  private let lock = NSLock()
  private var scripts: [String: Script?] = [:]

  init(catalog: DialogCatalog) {
    self.catalog = catalog
  }

  func script(for header: SessionHeader) -> Script? {
    let key = header.dialogOrigin.hasPrefix("builtin:") ? header.dialogID : header.dialogOrigin
    lock.lock()
    defer { lock.unlock() }
    if let known = scripts[key] { return known }
    let script = catalog.entry(forRecorded: header).flatMap { catalog.loadToRun($0).script }
    scripts[key] = script
    return script
  }
}
