import CoachTestSupport
import Foundation
import Testing

@testable import CoachKit

#if canImport(Glibc)
  import Glibc
#endif

/// The sync state as a cache: what it says of each session survives a save and a load, a state
/// of the first layout is read, a damaged line costs only its session's shortcut, and the
/// stamps of a folder are those of each file.
@Suite struct SyncStateTests {
  let temporary = TemporaryFolder("coach-sync-state")
  var store: SessionStore { SessionStore(root: temporary.path) }

  @Test func whatIsPushedSurvivesASaveAndALoad() throws {
    try store.prepare()
    var state = SyncState()
    state.storeID = "s1"
    state.login = "leo"
    state.lastResult = "ok"
    state.sessions = [
      "0123456789ab": SyncState.Pushed(stamp: "120 1795424400.5", events: 12),
      "ba9876543210": SyncState.Pushed(stamp: "9 1.0", events: 0),
    ]
    #expect(state.save(store))
    #expect(SyncState.load(store) == state)
    let lines = try String(contentsOfFile: store.root + "/sync/pushed", encoding: .utf8)
    #expect(lines == "0123456789ab 12 120 1795424400.5\nba9876543210 0 9 1.0\n")
  }

  @Test func aStateOfTheFirstLayoutIsRead() throws {
    try store.prepare()
    try FileManager.default.createDirectory(atPath: store.root + "/sync", withIntermediateDirectories: true)
    let old = """
      {"version":1,"store_id":"s1","login":"leo","sessions":{"0123456789ab":{"stamp":"5 6.7","events":3}}}
      """
    FileManager.default.createFile(atPath: SyncState.path(store), contents: Data(old.utf8))
    let state = SyncState.load(store)
    #expect(state.storeID == "s1" && state.login == "leo")
    #expect(state.sessions == ["0123456789ab": SyncState.Pushed(stamp: "5 6.7", events: 3)])
  }

  @Test func aDamagedLineCostsOnlyItsSession() {
    let bytes = Array(
      "0123456789ab 4 1 2.3\nnot a line\n../etc 1 2 3\nba9876543210 -1 2 3\naaaaaaaaaaaa 7 8 9.1".utf8)
    #expect(
      SyncState.parsePushed(bytes) == [
        "0123456789ab": SyncState.Pushed(stamp: "1 2.3", events: 4),
        "aaaaaaaaaaaa": SyncState.Pushed(stamp: "8 9.1", events: 7),
      ])
  }

  @Test func theStampsOfAFolderAreThoseOfEachFileAndLinkedFilesKeepTheirMode() throws {
    try store.prepare()
    for (id, text) in [("0123456789ab", "one\n"), ("ba9876543210", "two lines\nhere\n")] {
      FileManager.default.createFile(
        atPath: try store.path(of: id), contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }
    // A file of someone else's, linked into the folder and open to others, keeps its mode.
    let outside = temporary.path + "/outside.txt"
    FileManager.default.createFile(
      atPath: outside, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644])
    #expect(link(outside, try store.path(of: "aaaaaaaaaaaa")) == 0)
    let stamps = SyncState.stamps(store)
    #expect(Set(stamps.keys) == ["0123456789ab", "ba9876543210", "aaaaaaaaaaaa"])
    for id in ["0123456789ab", "ba9876543210"] {
      #expect(stamps[id] == StoreFile.stamp(try store.path(of: id)))
    }
    let mode = try FileManager.default.attributesOfItem(atPath: outside)[.posixPermissions] as? Int
    #expect(mode == 0o644)
  }
}
