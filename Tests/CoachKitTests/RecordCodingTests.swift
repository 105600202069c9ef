import CoachKit
import CoachTestSupport
import Foundation
import Testing

@testable import CoachKit

/// The record format at its edge: every line of every golden record reads into its typed value
/// and writes back byte for byte; `Codable` reads and writes the same JSON; the byte-level
/// shortcuts of ``RecordLine`` agree with a full decode, on golden and on fuzzed lines.
struct RecordCodingTests {
  static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("CoachCLITests/Snapshots/records").path

  static var goldenFiles: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: goldenFolder)) ?? []).filter {
      $0.hasSuffix(".jsonl")
    }
    .sorted()
  }

  static func lines(_ file: String) throws -> [String] {
    try String(contentsOfFile: goldenFolder + "/" + file, encoding: .utf8).split(separator: "\n").map(
      String.init)
  }

  @Test func thereAreGoldenRecords() {
    #expect(Self.goldenFiles.count >= 5)
  }

  @Test(arguments: goldenFiles)
  func everyLineReadsAndWritesBackTheSame(_ file: String) throws {
    let lines = try Self.lines(file)
    let header = try SessionHeader(record: JSON.decode(lines[0]))
    #expect(JSON.encode(header.record) == lines[0])
    for line in lines.dropFirst() {
      let event = try Event(record: JSON.decode(line))
      #expect(JSON.encode(event.record) == line)
    }
  }

  /// What a header brings in from beyond the previous session (the sessions before it, other
  /// dialogs' last sessions, the settings) reads back as written, and is left out when empty, so
  /// that headers without it read as they always did.
  @Test func aHeaderKeepsTheSessionsAndSettingsItRead() throws {
    let script = try Scripts.load("id: t\ntitle: T\nsteps:\n  - {id: a, ask: A?, kind: number}")
    var header = SessionHeader(
      id: "abc123", script: script, with: "Dana", by: "Max",
      startedAt: Date(timeIntervalSince1970: 1_795_424_400),
      coachVersion: "test", terminal: nil)
    let plain = JSON.encode(header.record)
    #expect(!plain.contains("\"older\"") && !plain.contains("\"last\"") && !plain.contains("\"settings\""))
    header.older = [["a": 3], ["a": 2]]
    header.last = [
      "ceo-alignment": .init(session: "s1", answers: ["field_time": 30]),
      "one-on-one": .init(session: "s2", answers: ["a": 5], earlier: [["a": 4], ["a": 6]]),
    ]
    header.settings = ["time_targets.field": 35]
    let read = try SessionHeader(record: JSON.decode(JSON.encode(header.record)))
    #expect(read == header)
    #expect(read.context.older == [["a": 3], ["a": 2]])
    #expect(read.context.last["ceo-alignment"] == ["field_time": 30])
    #expect(read.context.lastEarlier == ["one-on-one": [["a": 4], ["a": 6]]])
    #expect(read.context.settings == ["time_targets.field": 35])
  }

  @Test(arguments: goldenFiles)
  func codableReadsAndWritesTheSameJSON(_ file: String) throws {
    let lines = try Self.lines(file)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let header = try JSONDecoder().decode(SessionHeader.self, from: Data(lines[0].utf8))
    #expect(header == (try SessionHeader(record: JSON.decode(lines[0]))))
    for line in lines.dropFirst() {
      let event = try JSONDecoder().decode(Event.self, from: Data(line.utf8))
      #expect(event == (try Event(record: JSON.decode(line))))
      let again = try JSONDecoder().decode(Event.self, from: encoder.encode(event))
      #expect(again == event)
    }
  }

  @Test(arguments: goldenFiles)
  func theFoldedRecordReadsBack(_ file: String) throws {
    let record = try SessionRecord.parse(
      Data(try Self.lines(file).joined(separator: "\n").utf8 + [10]), path: file)
    let folded = FoldedRecord(record)
    #expect(try FoldedRecord(record: folded.record) == folded)
    #expect(try JSONDecoder().decode(FoldedRecord.self, from: JSONEncoder().encode(folded)) == folded)
  }

  @Test(arguments: goldenFiles)
  func shortcutsAgreeWithAFullDecode(_ file: String) throws {
    for line in try Self.lines(file).dropFirst() {
      try Self.checkShortcuts(line)
    }
  }

  /// Mutated golden lines: bytes changed, cut, and event endings planted inside strings. For
  /// every mutant that is still an event, the shortcuts say what the full decode says.
  @Test func shortcutsAgreeOnFuzzedLines() throws {
    var random = SeededRandom(seed: 2026)
    let plants = ["\"type\":\"prompt\"}", "\\\"type\\\":\\\"end\\\"}", "\"type\":\"pause\"}", "\"}"]
    var checked = 0
    for file in Self.goldenFiles {
      for line in try Self.lines(file).dropFirst() {
        for _ in 0..<20 {
          var bytes = Array(line.utf8)
          switch random.next(below: 4) {
          case 0: bytes[random.next(below: bytes.count)] = UInt8(random.next(below: 128))
          case 1: bytes.removeLast(random.next(below: min(20, bytes.count - 1)) + 1)
          case 2:
            let at = random.next(below: bytes.count)
            bytes.insert(contentsOf: Array(plants[random.next(below: plants.count)].utf8), at: at)
          default:
            bytes = Array(
              line.replacingOccurrences(of: "\"raw\":\"", with: "\"raw\":\"\\\"type\\\":\\\"end\\\"}").utf8)
          }
          guard let text = String(validating: bytes, as: UTF8.self) else { continue }
          try Self.checkShortcuts(text)
          checked += 1
        }
      }
    }
    #expect(checked > 1000)
  }

  static func checkShortcuts(_ line: String) throws {
    let bytes = Array(line.utf8)[...]
    guard let value = try? JSON.decode(line), let event = try? Event(record: value) else { return }
    #expect(RecordLine.isPrompt(bytes) == (event.kind == .prompt), "\(line)")
    let statusKinds: Set<Event.Kind> = [.end, .pause, .resume]
    #expect(
      RecordLine.statusEventKind(bytes) == (statusKinds.contains(event.kind) ? event.kind : nil), "\(line)")
  }

  @Test func indexLinesAreReadFromTheirBytes() throws {
    var random = SeededRandom(seed: 7)
    for _ in 0..<500 {
      let id = String((0..<12).map { _ in "0123456789abcdef-_AZ".randomElement(using: &random)! })
      let stamp =
        "\(random.next(below: 100_000)) \(random.next(below: 2_000_000_000)).\(random.next(below: 999_999_999))"
      let status = SessionStatus.allCases[random.next(below: 3)]
      let seconds: Int? = random.next(below: 3) == 0 ? nil : random.next(below: 100_000)
      let step: String? =
        random.next(below: 2) == 0 ? nil : ["forecast", "a\"b", "é \\ x"][random.next(below: 3)]
      let state = SessionState(status: status, seconds: seconds, step: step)
      let line = RecordLine.statusLine(id: id, stamp: stamp, state: state)
      let decoded = try JSON.decode(line)
      var expected: [String: Value] = [
        "id": .string(id), "stamp": .string(stamp), "status": .string(status.rawValue),
      ]
      if let seconds { expected["seconds"] = .number(Double(seconds)) }
      if let step { expected["step"] = .string(step) }
      #expect(decoded == .object(expected))
      let read = try #require(RecordLine.state(ofStatusLine: Array(line.utf8)[...]), "\(line)")
      #expect(read.id == id && read.stamp == stamp && read.state == state)
      #expect(RecordLine.indexedSessionID(Array(line.utf8)[...]) == id)
      let outcome = SessionOutcome(id: id, stamp: stamp, status: status, answers: ["x": 1], actions: [])
      let outcomeLine = Array(JSON.encode(outcome.record).utf8)[...]
      // An outcome's full JSON sorts `actions` first: only the index's own layout starts with the id.
      #expect(RecordLine.indexedSessionID(outcomeLine) == nil)
      #expect(RecordLine.state(ofStatusLine: outcomeLine) == nil)
    }
    let entry = SessionIndex.Entry(
      id: "abc", dialogID: "one-on-one", dialogTitle: "Weekly", with: "\"id\":\"x\"", by: nil,
      startedAt: Date())
    #expect(RecordLine.indexedSessionID(Array(JSON.encode(entry.record).utf8)[...]) == nil)
  }
}

/// A small deterministic generator (SplitMix64) for fuzzed test data.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func next(below n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// team.cache's rows of open items (PersonFacts.Open): what is written is read back, and a
/// row of another shape is refused (the cache line is then worked out again, never misread).
struct TeamCacheCodingTests {
  @Test func openItemsRoundTripAndAMisshapenRowIsRefused() throws {
    let items = [
      PersonFacts.Open(
        item: ActionItem(
          id: "abc:1", text: "Send \"the\" terms\nby Friday", owner: "Dana", due: "2026-12-04", status: .open,
          step: "course_of_action", origin: "Weekly 1-on-1, 2026-11-30"),
        agreedOn: CalendarDay(ordinal: 20_787)),
      PersonFacts.Open(
        item: ActionItem(id: "abc:2", text: "Book the QBR", owner: nil, due: nil, status: .open, step: nil),
        agreedOn: CalendarDay(ordinal: 20_780)),
    ]
    let facts = PersonFacts(sessions: 2, open: items)
    let text = JSON.encode(facts.record)
    let back = try PersonFacts(record: try JSON.decode(text))
    #expect(back.open.map(\.item) == items.map(\.item))
    #expect(back.open.map(\.agreedOn) == items.map(\.agreedOn))
    #expect(back.sessions == 2)
    for row: Value in [
      [1, "id", "text"], [.string("x"), "id", "t", .null, .null, "open", .null, .null],
      [1, "id", "t", .null, .null, "lost", .null, .null], [1, "id", "t", 3, .null, "open", .null, .null],
    ] {
      #expect(throws: RecordProblem.self) { try PersonFacts.Open(record: row) }
    }
  }
}
