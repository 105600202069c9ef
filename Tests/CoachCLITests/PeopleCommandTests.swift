import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// People through the built binary: names matched to the people already in the store, near
/// misses refused off a terminal, `people` rename and merge without touching a record, and
/// `forget` and `delete` leaving nothing of what was removed.
@Suite(.serialized)
struct PeopleCommandTests {
  let temporary = TemporaryFolder("coach-people-cli")
  var store: String { temporary.path + "/store" }
  let plain = ["NO_COLOR": "1", "COLUMNS": "100"]

  init() throws {
    try FileManager.default.createDirectory(atPath: temporary.path, withIntermediateDirectories: true)
  }

  func run(_ arguments: [String], stdin: String = "") throws -> (
    stdout: String, stderr: String, status: Int32
  ) {
    try CoachProcess.run(arguments + ["--store", store], stdin: stdin, environment: plain)
  }

  /// Starts and pauses a 1-on-1 with `person`, typing `lines` first.
  @discardableResult
  func pausedSession(with person: String, _ lines: [String] = [], extra: [String] = []) throws -> (
    stdout: String, stderr: String, status: Int32
  ) {
    try run(
      ["start", "one-on-one", "--with", person, "--by", "Max"] + extra,
      stdin: (lines + ["/pause"]).map { $0 + "\n" }.joined())
  }

  /// Every file under the store, with its bytes as text.
  func storeFiles() throws -> [(path: String, text: String)] {
    let enumerator = try #require(FileManager.default.enumerator(atPath: store))
    var files: [(String, String)] = []
    while let relative = enumerator.nextObject() as? String {
      var directory: ObjCBool = false
      let path = store + "/" + relative
      guard FileManager.default.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue else {
        continue
      }
      files.append(
        (relative, String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)))
    }
    return files
  }

  @Test func aNameIsMatchedWithoutCaseOrAccents() throws {
    #expect(try pausedSession(with: "Dana Ruíz").status == 0)
    let second = try pausedSession(with: "dana  RUIZ")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("with Dana Ruíz"), "shown as the person already known")
    let listed = try run(["people"])
    #expect(listed.stdout.contains("Dana Ruíz"))
    #expect(
      listed.stdout.split(separator: "\n").filter { $0.contains("Dana") }.count == 1, "\(listed.stdout)")
  }

  @Test func aNearMissIsRefusedOffATerminalWithTheCandidates() throws {
    #expect(try pausedSession(with: "Dana Reyes").status == 0)
    for typo in ["Dnaa Reyes", "Dana R"] {
      let refused = try pausedSession(with: typo)
      #expect(refused.status == 64)
      #expect(refused.stderr.hasPrefix("coach: "))
      #expect(refused.stderr.contains("did you mean Dana Reyes?"), "\(refused.stderr)")
      #expect(refused.stderr.contains("--new-person"))
      let jsonl = try run(["start", "one-on-one", "--with", typo, "--jsonl"], stdin: "/pause\n")
      #expect(jsonl.status == 64)
      let line = try #require(jsonl.stdout.split(separator: "\n").first)
      let object = try JSON.decode(String(line))
      #expect(object["type"].string == "error")
      #expect(object["candidates"].array?.compactMap(\.string) == ["Dana Reyes"])
    }
    #expect(
      try run(["sessions", "--json"]).stdout.components(separatedBy: "\"id\"").count == 2, "nothing started")
    let new = try pausedSession(with: "Dana R", extra: ["--new-person"])
    #expect(new.status == 0, "\(new.stderr)")
    #expect(try run(["people"]).stdout.contains("Dana R "))
  }

  @Test func aNameWithHiddenCharactersIsRefused() throws {
    let refused = try pausedSession(with: "Da\u{200B}na")
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("invisible character"), "\(refused.stderr)")
  }

  @Test func renameAndMergeLeaveTheRecordsAsTheyWere() throws {
    try pausedSession(with: "Dana Reyes", ["y", "/action Send the deck @Dana due:+7d"])
    try pausedSession(with: "Dana Reys", extra: ["--new-person"])
    let before = try storeFiles().filter { $0.path.hasPrefix("sessions/") }
    let merged = try run(["people", "merge", "dana reys", "Dana Reyes"])
    #expect(merged.status == 0, "\(merged.stderr)")
    var listed = try run(["people"]).stdout
    #expect(listed.contains("Dana Reyes") && listed.contains("Dana Reys"), "also written as")
    #expect(listed.split(separator: "\n").count == 2, "one person:\n\(listed)")
    let renamed = try run(["people", "rename", "DANA REYS", "Dana Reyes-Ortiz"])
    #expect(renamed.status == 0, "\(renamed.stderr)")
    listed = try run(["people", "--json"]).stdout
    let people = try JSON.decode(listed).array ?? []
    #expect(people.count == 1)
    #expect(people.first?["name"].string == "Dana Reyes-Ortiz")
    #expect(people.first?["sessions"].number == 2)
    #expect(people.first?["open_actions"].number == 1)
    // The merged person's earlier action comes back in a session under the new name.
    let next = try pausedSession(with: "dana reyes-ortiz")
    #expect(next.stdout.contains("Send the deck"), "\(next.stdout)")
    let after = try storeFiles().filter { $0.path.hasPrefix("sessions/") }
    for (path, text) in before {
      #expect(after.first { $0.path == path }?.text == text, "\(path) rewritten")
    }
    #expect(try run(["people", "rename", "Nobody", "X"]).status == 64)
    #expect(
      try run(["people", "merge", "Dana Reyes-Ortiz", "dana reys"]).stderr.contains("already that person"))
  }

  @Test func forgetRemovesEverythingOfThePersonAndNothingElse() throws {
    try pausedSession(
      with: "Sam Lee", ["y", "/private Salary expectation quokka", "/action Call quetzal @Sam due:+3d"])
    try pausedSession(with: "sam lee", ["y", "/note Talked about wombat"])
    try pausedSession(with: "Ana Ruiz", ["y", "/note Keep axolotl"])
    let asked = try run(["forget", "--with", "SAM LEE"])
    #expect(asked.status == 64, "no terminal to ask on and no --yes")
    #expect(asked.stderr.contains("2 sessions"), "\(asked.stderr)")
    #expect(try storeFiles().contains { $0.text.contains("quokka") }, "nothing deleted without --yes")
    let forgot = try run(["forget", "--with", "SAM LEE", "--yes"])
    #expect(forgot.status == 0, "\(forgot.stderr)")
    for file in try storeFiles() {
      for word in ["Sam", "sam", "quokka", "quetzal", "wombat"] {
        #expect(!file.text.contains(word), "\(word) is still in \(file.path)")
      }
    }
    #expect(try storeFiles().contains { $0.text.contains("axolotl") }, "Ana's session stays")
    #expect(try run(["sessions"]).stdout.contains("Ana Ruiz"))
    #expect(try run(["forget", "--with", "Sam Lee", "--yes"]).status == 66)
  }

  @Test func deleteRemovesOneSession() throws {
    try pausedSession(with: "Ana Ruiz", ["y", "/note first talk about capybara"])
    try pausedSession(with: "Ana Ruiz", ["y", "/note second talk"])
    let sessions = try JSON.decode(try run(["sessions", "--json"]).stdout).array ?? []
    let older = try #require(sessions.last?["id"].string)
    let deleted = try run(["delete", String(older.prefix(6)), "--yes"])
    #expect(deleted.status == 0, "\(deleted.stderr)")
    #expect(deleted.stdout.contains("Weekly 1-on-1 with Ana Ruiz"))
    #expect(!(try storeFiles().contains { $0.text.contains("capybara") }))
    #expect(try JSON.decode(try run(["sessions", "--json"]).stdout).array?.count == 1)
    #expect(try run(["delete", "ffffffffff", "--yes"]).status == 66)
  }

  /// Issue 10 §2: what is typed lives in its record, and outside it only in caches derived
  /// from the records; `/private` text only in its record.
  @Test func typedTextStaysInTheRecords() throws {
    try pausedSession(
      with: "Dana Reyes",
      [
        "y", "/private Divorce lawyer narwhal", "/note Coverage talk pangolin",
        "/action Book the QBR okapi @Dana due:+7d",
      ])
    try pausedSession(with: "Dana Reyes", ["/private second secret ocelot"])
    let files = try storeFiles()
    #expect(files.contains { $0.path.hasPrefix("sessions/") })
    for file in files where !file.path.hasPrefix("sessions/") {
      for secret in ["narwhal", "ocelot"] {
        #expect(!file.text.contains(secret), "/private text in \(file.path)")
      }
      if !file.path.hasPrefix("people/") {
        for typed in ["pangolin", "okapi"] {
          #expect(!file.text.contains(typed), "typed text in \(file.path)")
        }
      }
    }
    #expect(files.filter { $0.text.contains("narwhal") }.count == 1)
  }
}
