import CoachKit
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The index as a cache: what it keeps of completed sessions is used while their records are
/// unchanged, re-read when they change, and rebuilt when its files are removed.
extension RecordTests {
  var indexFile: String { store.root + "/index.jsonl" }
  var peopleFolder: String { store.root + "/people" }

  /// The lines of every file in the people folder.
  func peopleLines() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: peopleFolder).flatMap {
      try String(contentsOfFile: peopleFolder + "/" + $0, encoding: .utf8).split(separator: "\n").map(
        String.init)
    }
  }

  /// Rewrites session `id`'s record with `change` applied, keeping its size and modification
  /// time: the cache cannot tell, so what it returns afterwards shows whether it read the record.
  func rewriteKeepingStamp(_ id: String, _ change: (String) -> String) throws {
    let path = try store.path(of: id)
    var info = stat()
    #expect(stat(path, &info) == 0)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let changed = change(text)
    #expect(changed.utf8.count == text.utf8.count)
    try changed.write(toFile: path, atomically: false, encoding: .utf8)
    var times = [info.st_atim, info.st_mtim]
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
  }

  @Test func aCompletedSessionIsRememberedWithItsPerson() throws {
    let id = try record(["y", "30", "", "3", "e", "+7d"], id: "first1")
    let lines = try peopleLines()
    #expect(lines.count == 2)
    #expect(lines[0].contains("\"id\":\"first1\"") && lines[0].contains("\"with\":\"Dana\""))
    #expect(lines[1].hasPrefix("{\"id\":\"first1\",\"stamp\":"))
    #expect(lines[1].contains("\"status\":\"completed\"") && lines[1].contains("\"close_rate\":30"))
    #expect(try String(contentsOfFile: indexFile, encoding: .utf8).contains("\"stamp\":"))
    // The cached outcome is what the history sees while the record keeps its stamp...
    try rewriteKeepingStamp(id) { $0.replacingOccurrences(of: "\"value\":30", with: "\"value\":31") }
    #expect(PersonHistory(store: store, person: "dana").sessions.first?.answers["close_rate"] == 30)
    // ...and the record once it has changed.
    let writer = try store.openForAppend(id)
    try writer.append([
      Event(at: clock.now, .note(.init(text: "later", isPrivate: false, step: nil, raw: "/note later")))
    ])
    #expect(PersonHistory(store: store, person: "dana").sessions.first?.answers["close_rate"] == 31)
  }

  @Test func aPausedSessionIsRememberedUntilItsRecordChanges() throws {
    let id = try record(["y", "30", "/pause"], id: "paused1")
    let lines = try peopleLines()
    #expect(lines.count == 2)
    #expect(lines.last?.contains("\"status\":\"paused\"") == true)
    let history = PersonHistory(store: store, person: "Dana")
    #expect(history.sessions.map(\.status) == [.paused])
    #expect(history.sessions.first?.answers["close_rate"] == 30)
    #expect(store.summaries().sessions.map(\.status) == [.paused])
    // Completed by other means (an older coach, say): read again from the record...
    let writer = try store.openForAppend(id)
    try writer.append([Event(at: clock.now, .end(.init(status: .completed)))])
    #expect(store.summaries().sessions.map(\.status) == [.completed])
    #expect(PersonHistory(store: store, person: "Dana").sessions.map(\.status) == [.completed])
    #expect(try peopleLines().count == 3)
    // ...and remembered: not read again while it is unchanged.
    try rewriteKeepingStamp(id) { $0.replacingOccurrences(of: "\"value\":30", with: "\"value\":31") }
    #expect(PersonHistory(store: store, person: "Dana").sessions.first?.answers["close_rate"] == 30)
  }

  @Test func aCompletedStatusIsTrustedOnlyWhileTheRecordIsUnchanged() throws {
    let id = try record(["y", "30", "", "3", "e", "+7d"], id: "done1")
    #expect(store.summaries().sessions.map(\.status) == [.completed])
    // The status comes from the index, not the record, while the record keeps its stamp: with
    // its end hidden, the record alone would read as in progress.
    try rewriteKeepingStamp(id) { $0.replacingOccurrences(of: "\"type\":\"end\"", with: "\"type\":\"xnd\"") }
    #expect(try store.status(of: id) == .inProgress)
    #expect(store.summaries().sessions.map(\.status) == [.completed])
    // Someone appends a resume by hand: the record's stamp changes, the index is not believed.
    let writer = try store.openForAppend(id)
    try writer.append([Event(at: clock.now, .resume)])
    #expect(store.summaries().sessions.map(\.status) == [.inProgress])
  }

  @Test func removingTheIndexFilesLosesNothing() throws {
    try record(["y", "30", "", "3", "e", "+7d"], id: "one1")
    clock.advance(seconds: 86_400)
    try record(["y", "40", "", "3", "e", "+7d"], id: "two2")
    for removed in [indexFile, peopleFolder, store.root + "/index.state"] {
      try FileManager.default.removeItem(atPath: removed)
      #expect(
        SessionIndex(store: store).entries().map(\.id).sorted() == ["one1", "two2"], "without \(removed)")
      let history = PersonHistory(store: store, person: "dana")
      #expect(
        history.completed(dialog: "check-in").map(\.entry.id) == ["two2", "one1"], "without \(removed)")
      #expect(history.completed(dialog: "check-in").first?.answers["close_rate"] == 40)
      #expect(FileManager.default.fileExists(atPath: indexFile))
      #expect(FileManager.default.fileExists(atPath: peopleFolder))
    }
    // Removing one person's file is noticed too (the people folder changes).
    for name in try FileManager.default.contentsOfDirectory(atPath: peopleFolder) {
      try FileManager.default.removeItem(atPath: peopleFolder + "/" + name)
    }
    #expect(SessionIndex(store: store).entries(with: "Dana").map(\.id) == ["one1", "two2"])
  }

  @Test func anIndexOfAnEarlierLayoutIsRebuilt() throws {
    try record(["y", "30", "", "3", "e", "+7d"], id: "old1")
    // The state of the first layout: the sessions folder's stamp alone, and no people files.
    try FileManager.default.removeItem(atPath: peopleFolder)
    var info = stat()
    #expect(stat(store.sessionsFolder, &info) == 0)
    try "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)".write(
      toFile: store.root + "/index.state", atomically: true, encoding: .utf8)
    #expect(SessionIndex(store: store).entries(with: "DANA").map(\.id) == ["old1"])
    #expect(PersonHistory(store: store, person: "dana").sessions.first?.answers["close_rate"] == 30)
  }

  @Test func sessionsRemovedBehindTheIndexLeaveThePersonFile() throws {
    try record(["y", "30", "", "3", "e", "+7d"], id: "keep1")
    clock.advance(seconds: 86_400)
    try record(["y", "40", "", "3", "e", "+7d"], id: "gone2")
    try FileManager.default.removeItem(atPath: try store.path(of: "gone2"))
    #expect(SessionIndex(store: store).entries(with: "dana").map(\.id) == ["keep1"])
    let lines = try peopleLines()
    #expect(!lines.contains { $0.contains("gone2") })
    // The outcome cached for the session still there is kept.
    #expect(lines.contains { $0.contains("\"id\":\"keep1\"") && $0.contains("\"stamp\"") })
  }
}
