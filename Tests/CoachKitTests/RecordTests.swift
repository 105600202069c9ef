import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// Session records: written durably with safe permissions, read back, folded, and refused
/// clearly when damaged or foreign.
struct RecordTests {
  let temporary = TemporaryFolder("coach-records")
  var folder: String { temporary.path }
  let store: SessionStore
  let clock = ManualClock()

  init() throws {
    store = SessionStore(root: temporary.path + "/store")
  }

  func script() throws -> Script {
    try Scripts.load(ConversationTests.yaml)
  }

  /// Runs `lines` through a new session, recording every reply; returns the session id.
  @discardableResult
  func record(_ lines: [String], id: String = "abc123def456") throws -> String {
    let script = try script()
    let conversation = Conversation(
      script: script, context: SessionContext(with: "Dana", by: "Max"), clock: clock.clock,
      timeZone: TimeZone(identifier: "UTC")!)
    let header = SessionHeader(
      id: id, script: script, with: "Dana", by: "Max", startedAt: clock.now, coachVersion: "test",
      terminal: nil)
    let writer = try store.create(header: header)
    try writer.append(conversation.start().events)
    for line in lines {
      clock.advance(seconds: 5)
      try writer.append(conversation.handle(line).events)
    }
    writer.close()
    return id
  }

  @Test func findsTheStoreByOptionThenEnvironment() {
    let env = ["COACH_HOME": "/c", "XDG_DATA_HOME": "/x", "HOME": "/h"]
    #expect(SessionStore.resolve(option: "/o", environment: env).root == "/o")
    #expect(SessionStore.resolve(option: nil, environment: env).root == "/c")
    #expect(
      SessionStore.resolve(option: nil, environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]).root == "/x/coach"
    )
    #expect(SessionStore.resolve(option: nil, environment: ["HOME": "/h"]).root == "/h/.local/share/coach")
  }

  @Test func writesFilesPrivatelyInPrivateFolders() throws {
    let id = try record(["y", "30", "", "3", "e", "+7d"])
    #expect(store.summaries().sessions.map(\.id) == [id])
    // Every file of the store, the index and the people files (which hold answers) included.
    let enumerator = try #require(FileManager.default.enumerator(atPath: store.root))
    var seen: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let attributes = try FileManager.default.attributesOfItem(atPath: store.root + "/" + relative)
      let isFolder = attributes[.type] as? FileAttributeType == .typeDirectory
      #expect((attributes[.posixPermissions] as? Int) == (isFolder ? 0o700 : 0o600), "\(relative)")
      seen.append(relative)
    }
    let root = try FileManager.default.attributesOfItem(atPath: store.root)
    #expect((root[.posixPermissions] as? Int) == 0o700)
    #expect(seen.contains("people") && seen.contains("index.jsonl") && seen.contains("sessions/\(id).jsonl"))
  }

  @Test func foldsTheRecord() throws {
    let id = try record([
      "y", "10", "/private churn risk", "/note good energy", "A", "", "4", "Clear evidence",
      "/action Send deck @dana due:2026-12-01", "2026-12-02",
    ])
    let folded = FoldedRecord(try store.read(id)).record
    #expect(folded["status"] == "completed")
    #expect(folded["participants"] == ["with": "Dana", "by": "Max"])
    #expect(folded["answers"]["close_rate"] == 10)
    #expect(folded["answers"]["risks"] == ["A"])
    #expect(folded["answers"]["meeting"] == "2026-12-02")
    #expect(folded["scores"]["coaching"]["score"] == 4)
    #expect(folded["flags"] == [["id": "low", "text": "Close rate is low (10%)."]])
    #expect(folded["notes"].array?.count == 2)
    #expect(folded["action_items"].array?.first?["due"] == "2026-12-01")
    #expect(folded["dialog"]["sha256"].string?.count == 64)
    #expect(folded["ended_at"].string != nil)
    let shared = FoldedRecord(try store.read(id), shared: true).record
    #expect(shared["notes"].array?.count == 1)
    #expect(!JSON.encode(shared).contains("churn"))
  }

  @Test func everyLineIsOneEventWithTypeAndTime() throws {
    let id = try record(["y", "x", "10"])
    let text = try String(contentsOfFile: try store.path(of: id), encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(try JSON.decode(lines[0])["format"] == "coach-session")
    for line in lines.dropFirst() {
      let event = try JSON.decode(line)
      #expect(event["type"].string != nil && event["at"].string != nil)
    }
    #expect(lines.contains { $0.contains("\"type\":\"invalid\"") && $0.contains("\"raw\":\"x\"") })
  }

  @Test func toleratesATornLastLine() throws {
    let id = try record(["y", "10"])
    let path = try store.path(of: id)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data("{\"type\":\"answer\",\"at\":\"2026".utf8))
    handle.closeFile()
    let record = try store.read(id)
    #expect(record.warnings.count == 1)
    #expect(record.warnings[0].contains(":\(record.events.count + 2): the last line is incomplete"))
    #expect(record.log.answers["close_rate"] == 10)
    // Appending after repair starts a clean line.
    let writer = try store.openForAppend(id)
    try writer.repair(record.tail)
    try writer.append([
      Event(at: clock.now, .note(.init(text: "after", isPrivate: false, step: nil, raw: "/note after")))
    ])
    let repaired = try store.read(id)
    #expect(repaired.warnings.isEmpty && repaired.log.notes.count == 1)
  }

  @Test func refusesACorruptLineNamingFileAndLine() throws {
    let id = try record(["y", "10"])
    let path = try store.path(of: id)
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    lines[2] = "garbage"
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    #expect(
      throws: StoreError.corrupt(
        path: path, line: 3,
        message: "the line is not valid JSON; the record is damaged (fix or remove that line)")
    ) {
      try store.read(id)
    }
  }

  @Test func refusesForeignFiles() throws {
    try store.prepare()
    let path = try store.path(of: "foreign1")
    try "{\"hello\":1}\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: StoreError.self) { try store.read("foreign1") }
    try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: path))
    do {
      _ = try store.read("foreign1")
      Issue.record("read a binary file")
    } catch {
      #expect("\(error)".contains("foreign1.jsonl:1: the line is not UTF-8"))
    }
  }

  static let hostileIDs = [
    "../etc/passwd", "a/b", "..", "", "x y", "id\u{1B}[2J", String(repeating: "a", count: 65),
  ]

  @Test(arguments: hostileIDs)
  func refusesIDsThatCouldEscapeTheStore(id: String) {
    #expect(throws: StoreError.invalidID(id)) { try store.path(of: id) }
    #expect(throws: StoreError.self) { try store.resolve(id) }
  }

  @Test func resolvesUniquePrefixesAndListsAmbiguousOnes() throws {
    try record(["y"], id: "aaa111")
    try record(["y"], id: "aab222")
    try record(["y"], id: "bbb333")
    #expect(try store.resolve("b") == "bbb333")
    #expect(try store.resolve("aaa111") == "aaa111")
    #expect(throws: StoreError.ambiguous("aa", candidates: ["aaa111", "aab222"])) { try store.resolve("aa") }
    #expect(throws: StoreError.unknownSession("zz")) { try store.resolve("zz") }
  }

  @Test func aSecondWriterOnTheSameSessionIsRefused() throws {
    let id = try record(["y"])
    let first = try store.openForAppend(id)
    #expect(throws: StoreError.locked(id)) { try store.openForAppend(id) }
    _ = first
  }

  @Test func findsThePreviousCompletedSessionWithThePerson() throws {
    try record(["y", "30", "", "3", "e", "+7d"], id: "first1")
    clock.advance(seconds: 86_400)
    try record(["y", "40", "", "3", "e", "+7d"], id: "second2")
    clock.advance(seconds: 86_400)
    try record(["y", "99"], id: "unfinished3")
    let history = PersonHistory(store: store, person: "dana")
    #expect(history.completed(dialog: "check-in").map(\.entry.id) == ["second2", "first1"])
    #expect(history.completed(dialog: "check-in").first?.answers["close_rate"] == 40)
    #expect(PersonHistory(store: store, person: "Sam").sessions.isEmpty)
  }

  @Test func theIndexFollowsRecordsAddedAndRemovedBehindItsBack() throws {
    try record(["y", "30"], id: "aaa111")
    try record(["y", "40", "", "3", "e", "+7d"], id: "bbb222")
    let index = SessionIndex(store: store)
    #expect(index.entries().map(\.id).sorted() == ["aaa111", "bbb222"])
    let indexFile = store.root + "/index.jsonl"
    #expect((try FileManager.default.attributesOfItem(atPath: indexFile)[.posixPermissions] as? Int) == 0o600)
    // A record copied in, and one removed, without coach knowing.
    let copy = try String(contentsOfFile: try store.path(of: "bbb222"), encoding: .utf8)
      .replacingOccurrences(of: "\"id\":\"bbb222\"", with: "\"id\":\"ccc333\"")
      .replacingOccurrences(of: "\"with\":\"Dana\"", with: "\"with\":\"Sam\"")
    try copy.write(toFile: try store.path(of: "ccc333"), atomically: false, encoding: .utf8)
    try FileManager.default.removeItem(atPath: try store.path(of: "aaa111"))
    #expect(index.entries().map(\.id).sorted() == ["bbb222", "ccc333"])
    #expect(index.entries(with: " SAM ").map(\.id) == ["ccc333"])
    #expect(PersonHistory(store: store, person: "dana").sessions.map(\.entry.id) == ["bbb222"])
    // Statuses come from the end of each record.
    let summaries = store.summaries()
    #expect(summaries.problems.isEmpty)
    #expect(Set(summaries.sessions.map(\.status)) == [.completed])
  }

  @Test func readingWithoutPromptsKeepsAnswersActionsAndStatus() throws {
    let id = try record(["y", "10", "/action Call @dana due:+2d", "A", "", "4", "ev", "2026-12-02"])
    let full = try store.read(id)
    let light = try store.read(id, skippingPrompts: true)
    #expect(!light.events.contains { $0.kind == .prompt })
    #expect(full.events.contains { $0.kind == .prompt })
    #expect(light.log.answers == full.log.answers)
    #expect(light.log.allActions == full.log.allActions)
    #expect(light.log.status == full.log.status)
  }

  @Test func statusIsReadFromTheLastPauseResumeOrEnd() throws {
    let id = try record(["y", "/pause"])
    #expect(try store.status(of: id) == .paused)
    let writer = try store.openForAppend(id)
    try writer.append([Event(at: clock.now, .resume)])
    #expect(try store.status(of: id) == .inProgress)
  }

  @Test func anUnwritableStoreSaysWhatToDo() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "x".write(toFile: folder + "/file", atomically: true, encoding: .utf8)
    let blocked = SessionStore(root: folder + "/file/store")
    do {
      try blocked.prepare()
      Issue.record("created a folder under a file")
    } catch {
      #expect("\(error)".contains("cannot create the store"))
      #expect("\(error)".contains("--store"))
    }
  }
}
