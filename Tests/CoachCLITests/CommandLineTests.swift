import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// The command line as the ecosystem has it (issue 10 §5): global options on either side of
/// the command, misspelt commands named with a suggestion, one error style, a config file that
/// flags win over, `resume` without an id, and the old line history removed.
@Suite(.serialized)
struct CommandLineTests {
  let temporary = TemporaryFolder("coach-command-line")
  var folder: String { temporary.path }
  var store: String { folder + "/store" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> (
    stdout: String, stderr: String, status: Int32
  ) {
    try CoachProcess.run(arguments, stdin: stdin, environment: ["NO_COLOR": "1"].merging(environment) { $1 })
  }

  func pausedSession(_ extra: [String] = [], environment: [String: String] = [:]) throws -> String {
    let started = try run(
      ["start", "one-on-one", "--with", "Dana", "--jsonl"] + extra, stdin: "/pause\n",
      environment: environment)
    #expect(started.status == 0, "\(started.stderr)")
    let end = try #require(started.stdout.split(separator: "\n").last)
    return try #require(try JSON.decode(String(end))["session"].string)
  }

  @Test func globalOptionsGoBeforeOrAfterTheCommand() throws {
    let id = try pausedSession(["--store", store])
    for arguments in [
      ["--store", store, "sessions"], ["sessions", "--store", store], ["--store=" + store, "sessions"],
      ["--prompts", folder, "--store", store, "sessions"],
    ] {
      let listed = try run(arguments)
      #expect(listed.status == 0, "\(arguments): \(listed.stderr)")
      #expect(listed.stdout.contains(id), "\(arguments)")
    }
    let people = try run(["--store", store, "people"])
    #expect(people.stdout.contains("Dana"), "\(people.stderr)")
    let shown = try run(["--store", store, "show", String(id.prefix(6)), "--format", "json"])
    #expect(shown.status == 0, "\(shown.stderr)")
  }

  @Test func aMisspeltCommandIsNamedWithASuggestion() throws {
    let misspelt = try run(["sesions"])
    #expect(misspelt.status == 64)
    #expect(
      misspelt.stderr
        == "coach: unknown command 'sesions'; did you mean 'sessions'? ('coach --help' lists the commands)\n")
    let nested = try run(["people", "renam", "a", "b"])
    #expect(nested.status == 64)
    #expect(
      nested.stderr.contains("unknown people command 'renam'; did you mean 'rename'?"), "\(nested.stderr)")
    let unknown = try run(["--store", store, "frobnicate"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.hasPrefix("coach: unknown command 'frobnicate'"))
    #expect(try run(["help", "sessions"]).status == 0)
  }

  @Test func everyErrorStartsTheSameWay() throws {
    let cases: [([String], Int32, String)] = [
      (["sessions", "--shard"], 64, "Did you mean"),
      (["start"], 64, "Missing expected argument"),
      (["sessions", "--status", "done"], 64, "--status takes"),
      (["show", "ffffffff", "--store", store], 66, "no session"),
      (["start", "nope", "--store", store], 66, "unknown dialog"),
      (["start", "one-on-one", "--prompts", folder + "/nonexistent"], 64, "is not a folder"),
    ]
    for (arguments, status, words) in cases {
      let result = try run(arguments)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.hasPrefix("coach: "), "\(arguments): \(result.stderr)")
      #expect(!result.stderr.contains("Error:"), "\(arguments)")
      #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
    }
  }

  @Test func resumeWithoutAnIdTakesTheLatestPausedSession() throws {
    let none = try run(["resume", "--store", store])
    #expect(none.status == 66)
    #expect(none.stderr.contains("no paused session"))
    _ = try pausedSession(["--store", store])
    let latest = try pausedSession(["--store", store])
    let resumed = try run(["resume", "--jsonl", "--store", store], stdin: "/pause\n")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("\"session\":\"\(latest)\""))
  }

  @Test func theConfigFileGivesDefaultsThatFlagsOverride() throws {
    let config = folder + "/config"
    try FileManager.default.createDirectory(atPath: config + "/coach", withIntermediateDirectories: true)
    let configured = folder + "/configured-store"
    try "name: Max Power\nstore: \(configured)\ncolor: never\n".write(
      toFile: config + "/coach/config.yaml", atomically: true, encoding: .utf8)
    let environment = ["XDG_CONFIG_HOME": config]
    let id = try pausedSession([], environment: environment)
    let record = try String(contentsOfFile: configured + "/sessions/\(id).jsonl", encoding: .utf8)
    #expect(record.contains("\"by\":\"Max Power\""), "the config's name is the default --by")
    // Flags and the environment win.
    let other = try pausedSession(["--by", "Ana", "--store", store], environment: environment)
    let otherRecord = try String(contentsOfFile: store + "/sessions/\(other).jsonl", encoding: .utf8)
    #expect(otherRecord.contains("\"by\":\"Ana\""))
    let fromEnvironment = try run(
      ["sessions"], environment: environment.merging(["COACH_HOME": store]) { $1 })
    #expect(fromEnvironment.stdout.contains(other) && !fromEnvironment.stdout.contains(id))
  }

  /// The weekly time review is about whoever runs it (the config's name), its targets come from
  /// the config's time_targets, and the share with reps agreed in a CEO alignment wins.
  @Test func theWeeklyTimeReviewReadsTheConfigAndTheAlignment() throws {
    let path = folder + "/targets.yaml"
    try "name: Max Power\ntime_targets:\n  field: 35\n  one_on_ones: 15\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let week = "14\n6\n2\n3\n5\n4\n2\n6\n4\n4\nThe forecast deck\nHand the deck to Priya due:friday\n"
    let first = try run(
      ["start", "weekly-time", "--store", store], stdin: week, environment: ["COACH_CONFIG": path])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("Weekly time review for Max Power."), "\(first.stdout)")
    #expect(first.stdout.contains("your time_targets, coach's own default for the rest"))
    #expect(first.stdout.contains("against 50% (from the allocation)"))
    let header = try JSON.decode(
      try String(contentsOfFile: try #require(sessionFiles().first), encoding: .utf8).split(separator: "\n")[
        0
      ]
      .description)
    #expect(header["settings"]["time_targets.field"] == 35 && header["participants"]["with"] == "Max Power")
    // Without the config, coach's own allocation, said so.
    let plain = try run(["start", "weekly-time", "--by", "Ana", "--store", store], stdin: week)
    #expect(plain.stdout.contains("coach's own default allocation: the source material gives no percentages"))
    // A CEO alignment with Max agreeing 45% in the field: that is the target from then on.
    let alignment = try CoachProcess([
      "start", "ceo-alignment", "--with", "Max Power", "--by", "Pat", "--jsonl", "--store", store,
    ])
    try alignment.drive { $0["id"] == "field_time" ? "45" : SampleAnswers.answer(to: $0) }
    #expect(alignment.wait() == 0)
    let agreed = try run(
      ["start", "weekly-time", "--store", store], stdin: week, environment: ["COACH_CONFIG": path])
    #expect(agreed.stdout.contains("against 45% (as agreed with the CEO)"), "\(agreed.stdout)")
    #expect(agreed.stdout.contains("Share with reps over the last weeks: 40% → 40%."))
  }

  func sessionFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: store + "/sessions").filter { $0.hasSuffix(".jsonl") }
      .map { store + "/sessions/" + $0 }
  }

  @Test func aBrokenConfigFileIsALocatedWarningNotAStop() throws {
    let path = folder + "/broken.yaml"
    try "name: Max\ncolor: sometimes\nstroe: /tmp/x\n".write(toFile: path, atomically: true, encoding: .utf8)
    let result = try run(["sessions", "--store", store], environment: ["COACH_CONFIG": path])
    #expect(result.status == 0)
    #expect(
      result.stderr.contains("coach: warning: \(path):2:8: color must be auto, always or never"),
      "\(result.stderr)")
    #expect(result.stderr.contains("\(path):3:1: unknown key 'stroe'"), "\(result.stderr)")
    #expect(result.stderr.contains("did you mean 'store'?"))
    try "name: [unclosed\n".write(toFile: path, atomically: true, encoding: .utf8)
    let syntax = try run(["sessions", "--store", store], environment: ["COACH_CONFIG": path])
    #expect(syntax.status == 0)
    #expect(syntax.stderr.contains("coach: warning: \(path):"), "\(syntax.stderr)")
  }

  @Test func colourFollowsTheConfigButNeverNoColor() throws {
    let path = folder + "/colour.yaml"
    try "color: always\n".write(toFile: path, atomically: true, encoding: .utf8)
    let script = folder + "/bad.yaml"
    try "id: bad\ntitle: Bad\nsteps:\n  - {id: x, ask: X?, kind: nope}\n".write(
      toFile: script, atomically: true, encoding: .utf8)
    let coloured = try CoachProcess.run(
      ["lint", script], environment: ["COACH_CONFIG": path, "TERM": "xterm-256color"])
    #expect(coloured.stdout.contains("\u{1B}["), "color: always paints even into a pipe")
    let plain = try CoachProcess.run(
      ["lint", script], environment: ["COACH_CONFIG": path, "TERM": "xterm-256color", "NO_COLOR": "1"])
    #expect(!plain.stderr.contains("\u{1B}") && !plain.stdout.contains("\u{1B}"), "NO_COLOR wins")
  }

  @Test func theOldLineHistoryIsRemovedOnceWithANotice() throws {
    try FileManager.default.createDirectory(atPath: store + "/history", withIntermediateDirectories: true)
    try "/private Salary 180k\nDana's answer\n".write(
      toFile: store + "/history/one-on-one", atomically: true, encoding: .utf8)
    let outside = folder + "/outside"
    try "keep me".write(toFile: outside, atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: store + "/history/link", withDestinationPath: outside)
    let first = try run(["sessions", "--store", store])
    #expect(first.status == 0)
    #expect(first.stderr.contains("removed the line history of earlier versions (2 files"), "\(first.stderr)")
    #expect(!FileManager.default.fileExists(atPath: store + "/history"))
    #expect(
      try String(contentsOfFile: outside, encoding: .utf8) == "keep me", "a link is removed, not followed")
    let second = try run(["sessions", "--store", store])
    #expect(second.stderr.isEmpty)
  }

  @Test func helpParagraphsAreWrappedOnce() throws {
    let dump = try JSON.decode(try run(["--experimental-dump-help"]).stdout)
    var commands = [dump["command"]]
    while let command = commands.popLast() {
      commands += command["subcommands"].array ?? []
      let discussion = command["discussion"].string ?? ""
      let lines = discussion.replacingOccurrences(of: "\n\n", with: "").filter { $0 == "\n" }
      #expect(
        lines.isEmpty, "\(command["commandName"].string ?? "?"): a discussion broken by hand:\n\(discussion)")
    }
  }
}
