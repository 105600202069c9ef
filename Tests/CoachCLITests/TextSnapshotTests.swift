import CoachKit
import CoachTestSupport
import Foundation
import Testing

@testable import CoachCLI

/// What the review commands print, as text, for the golden records (`Snapshots/records/`):
/// `show` of every dialog, `sessions`, `dialogs`, `report`, `compare`, and every `--help`,
/// each a golden file in `Snapshots/text/` (`COACH_RECORD=1` records them anew, and fails).
/// The terminal is 100 columns wide, in UTC, on a fixed day.
@Suite(.serialized)
struct TextSnapshotTests {
  static let folder = Scripts.repositoryRoot.appendingPathComponent("Tests/CoachCLITests/Snapshots/text")
  static let environment = [
    "COLUMNS": "100", "TZ": "UTC", "COACH_NOW": "2026-12-09T09:00:00Z", "NO_COLOR": "1",
  ]
  let temporary = TemporaryFolder("coach-text-snapshots")
  var store: String { temporary.path + "/store" }

  /// The golden record of each dialog, by dialog id, with its session id.
  static var records: [(dialog: String, id: String)] {
    JSONLinesTests.dialogs.compactMap { dialog in
      let path = GoldenRecordTests.folder + "/\(dialog).jsonl"
      guard let text = try? String(contentsOfFile: path, encoding: .utf8),
        let header = try? JSON.decode(String(text.prefix { $0 != "\n" })), let id = header["id"].string
      else { return nil }
      return (dialog, id)
    }
  }

  /// A store holding every golden record, and a second hiring interview (with Sam) to compare.
  init() throws {
    // As coach makes a store: folders 0700, records 0600.
    for folder in [store, store + "/sessions"] {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    defer {
      for name in (try? FileManager.default.contentsOfDirectory(atPath: store + "/sessions")) ?? [] {
        chmod(store + "/sessions/" + name, 0o600)
      }
    }
    for (dialog, id) in Self.records {
      try FileManager.default.copyItem(
        atPath: GoldenRecordTests.folder + "/\(dialog).jsonl", toPath: store + "/sessions/\(id).jsonl")
    }
    let interview = try #require(Self.records.first { $0.dialog == "hiring-interview" })
    let text = try String(contentsOfFile: store + "/sessions/\(interview.id).jsonl", encoding: .utf8)
    try text.replacingOccurrences(of: interview.id, with: "5a11ce0c0ffe")
      .replacingOccurrences(of: #""with":"Dana""#, with: #""with":"Sam""#)
      .write(toFile: store + "/sessions/5a11ce0c0ffe.jsonl", atomically: true, encoding: .utf8)
  }

  func coach(_ arguments: [String]) throws -> String {
    let result = try CoachProcess.run(arguments + ["--store", store], environment: Self.environment)
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    #expect(result.stderr.isEmpty, "\(arguments): \(result.stderr)")
    return result.stdout
  }

  @Test(arguments: JSONLinesTests.dialogs)
  func show(dialog: String) throws {
    let id = try #require(Self.records.first { $0.dialog == dialog }?.id, "a golden record of \(dialog)")
    try Snapshot.assert(try coach(["show", id]), named: "show-\(dialog)", in: Self.folder)
  }

  @Test func sessionsDialogsReportAndCompare() throws {
    try Snapshot.assert(try coach(["sessions"]), named: "sessions", in: Self.folder)
    try Snapshot.assert(try coach(["dialogs"]), named: "dialogs", in: Self.folder)
    try Snapshot.assert(try coach(["report", "--with", "Dana"]), named: "report", in: Self.folder)
    let interview = try #require(Self.records.first { $0.dialog == "hiring-interview" }?.id)
    try Snapshot.assert(try coach(["compare", interview, "5a11ce0c0ffe"]), named: "compare", in: Self.folder)
  }

  /// Every subcommand's help, and the program's: the subcommands as the program declares them,
  /// so that a new one cannot go without its snapshot.
  static let commands = [""] + Coach.configuration.subcommands.map { $0._commandName }

  @Test(arguments: commands)
  func help(command: String) throws {
    let result = try CoachProcess.run(
      (command.isEmpty ? [] : [command]) + ["--help"], environment: Self.environment)
    #expect(result.status == 0, "\(command): \(result.stderr)")
    try Snapshot.assert(result.stdout, named: "help-\(command.isEmpty ? "coach" : command)", in: Self.folder)
  }
}
