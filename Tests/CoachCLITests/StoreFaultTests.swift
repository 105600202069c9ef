import CoachKit
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Whether this machine lets the tests mount a tmpfs (root can).
enum Tmpfs {
  static var canMount: Bool {
    let probe = NSTemporaryDirectory() + "coach-mount-probe-" + UUID().uuidString
    guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil
    else { return false }
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard mount("tmpfs", probe, "tmpfs", 0, "size=16k") == 0 else { return false }
    umount(probe)
    return true
  }
}

/// A full disk or a read-only store: a clear error, and nothing already recorded lost. These
/// mount small tmpfs file systems, which needs root (as on CI and the development machines).
@Suite(.serialized, .enabled(if: Tmpfs.canMount, "mounting a tmpfs needs root"))
struct StoreFaultTests {
  /// Mounts a tmpfs of `size` at a new folder, runs `body`, unmounts.
  func withTmpfs(size: String, readOnly: Bool = false, _ body: (String) throws -> Void) throws {
    let folder = NSTemporaryDirectory() + "coach-fs-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    #expect(mount("tmpfs", folder, "tmpfs", readOnly ? UInt(MS_RDONLY) : 0, "size=\(size)") == 0)
    defer {
      umount(folder)
      try? FileManager.default.removeItem(atPath: folder)
    }
    try body(folder)
  }

  @Test func aFullDiskSaysSoAndKeepsWhatWasRecorded() throws {
    try withTmpfs(size: "48k") { folder in
      // Leave about 12k free.
      try Data(count: 36 * 1024).write(to: URL(fileURLWithPath: folder + "/fill"))
      let long = String(repeating: "a long forecast line ", count: 20)
      let input = "62\n50\ny\n" + String(repeating: long + "\n", count: 60)
      let run = try CoachProcess.run(
        ["start", "one-on-one", "--with", "Dana", "--store", folder + "/store"], stdin: input)
      #expect(run.status == 74)
      #expect(run.stderr.contains("the disk is full; what was recorded before is kept"))
      let id = try #require(
        try FileManager.default.contentsOfDirectory(atPath: folder + "/store/sessions").first?.dropLast(6))
      let shown = try CoachProcess.run(["show", String(id), "--format", "json", "--store", folder + "/store"])
      #expect(shown.status == 0)
      let answers = try JSON.decode(shown.stdout)["answers"]
      #expect(
        answers["plan_attainment"] == 62 && answers["period_elapsed"] == 50 && answers["on_plan"] == true)
    }
  }

  /// A disk full before the first line of a record: nothing was recorded, and the message does
  /// not send the user to resume a session that does not exist (review M5).
  @Test func aDiskFullAtTheStartSaysNothingWasRecorded() throws {
    try withTmpfs(size: "64k") { folder in
      let store = folder + "/store"
      let first = try CoachProcess.run(
        ["start", "one-on-one", "--with", "Dana", "--store", store], stdin: "/pause\n")
      #expect(first.status == 0)
      // Fill what is left.
      let fill = FileManager.default.createFile(atPath: folder + "/fill", contents: nil)
      #expect(fill)
      let handle = try #require(FileHandle(forWritingAtPath: folder + "/fill"))
      while (try? handle.write(contentsOf: Data(count: 4096))) != nil {}
      try? handle.close()
      let run = try CoachProcess.run(
        ["start", "one-on-one", "--with", "Sam", "--store", store], stdin: "/pause\n")
      #expect(run.status == 74)
      #expect(
        run.stderr.contains("the disk is full, so the session could not start (nothing of it was recorded)"),
        "\(run.stderr)")
      #expect(!run.stderr.contains("coach resume"))
      let records = try FileManager.default.contentsOfDirectory(atPath: store + "/sessions")
      #expect(records.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.count == 1)
    }
  }

  @Test func aReadOnlyStoreIsAClearError() throws {
    try withTmpfs(size: "16k", readOnly: true) { folder in
      let run = try CoachProcess.run(["start", "one-on-one", "--with", "Dana", "--store", folder + "/store"])
      #expect(run.status == 73)
      #expect(run.stderr.contains("cannot create the store"))
      #expect(run.stderr.contains("--store or COACH_HOME"))
    }
  }
  /// L2: a read-only store whose index is missing still lists its sessions, as show does.
  @Test func aReadOnlyStoreWithoutItsIndexStillListsItsSessions() throws {
    let folder = NSTemporaryDirectory() + "coach-fs-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    #expect(mount("tmpfs", folder, "tmpfs", 0, "size=1m") == 0)
    defer {
      umount(folder)
      try? FileManager.default.removeItem(atPath: folder)
    }
    let store = folder + "/store"
    let started = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Dana", "--store", store], stdin: "42%\n")
    #expect(started.status == 0, "\(started.stderr)")
    for name in try FileManager.default.contentsOfDirectory(atPath: store)
    where name.hasPrefix("index") || name == "people" {
      try FileManager.default.removeItem(atPath: store + "/" + name)
    }
    #expect(mount("tmpfs", folder, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0)
    let listed = try CoachProcess.run(["sessions", "--store", store])
    #expect(listed.status == 0)
    #expect(listed.stdout.contains("Weekly 1-on-1") && listed.stdout.contains("Dana"), "\(listed.stdout)")
    let json = try JSON.decode(try CoachProcess.run(["sessions", "--json", "--store", store]).stdout)
    #expect(json.array?.count == 1)
    let report = try CoachProcess.run(["report", "--with", "dana", "--store", store])
    #expect(report.stdout.contains("1 session"))
    let people = try CoachProcess.run(["people", "--store", store])
    #expect(people.stdout.contains("Dana"))
  }
}

/// L4 and L9: a store open to other users is made private again, with a warning; a store that
/// is a file is refused by every command with the README's code.
@Suite(.serialized)
struct StorePermissionTests {
  let temporary = TemporaryFolder("coach-permissions")
  var store: String { temporary.path + "/store" }

  init() throws {
    try FileManager.default.createDirectory(atPath: temporary.path, withIntermediateDirectories: true)
  }

  func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
  }

  @Test func aStoreOpenToOthersIsMadePrivateAgain() throws {
    let started = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Dana", "--store", store], stdin: "/pause\n")
    #expect(started.status == 0)
    let record = try #require(try FileManager.default.contentsOfDirectory(atPath: store + "/sessions").first)
    let path = store + "/sessions/" + record
    chmod(store, 0o755)
    chmod(store + "/sessions", 0o755)
    chmod(path, 0o644)
    let listed = try CoachProcess.run(["sessions", "--store", store])
    #expect(listed.status == 0)
    #expect(try mode(store) == 0o700 && mode(store + "/sessions") == 0o700)
    #expect(try mode(path) == 0o600)
    #expect(
      listed.stderr.contains(
        "coach: warning: \(path) was open to other users (mode 0644): made private again (0600)"),
      "\(listed.stderr)")
    #expect(listed.stderr.contains("\(store) was open to other users (mode 0755): made private again (0700)"))
    #expect(
      try CoachProcess.run(["sessions", "--store", store]).stderr.isEmpty, "once repaired, nothing to say")
  }

  /// Only the store's own files are repaired: a file named on the command line (replay PATH)
  /// or one hard-linked into sessions/ keeps its mode (as root, `coach replay /etc/passwd`
  /// made it 0600).
  @Test func aFileThatIsNotTheStoresOwnKeepsItsMode() throws {
    let started = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Dana", "--store", store], stdin: "/pause\n")
    #expect(started.status == 0)
    let record = try #require(try FileManager.default.contentsOfDirectory(atPath: store + "/sessions").first)
    // A copy of a record outside the store, readable by others, replayed and checked by path.
    let outside = temporary.path + "/shared-copy.jsonl"
    try FileManager.default.copyItem(atPath: store + "/sessions/" + record, toPath: outside)
    let other = temporary.path + "/notes.txt"
    try "hello\n".write(toFile: other, atomically: true, encoding: .utf8)
    chmod(outside, 0o644)
    chmod(other, 0o644)
    for arguments in [
      ["replay", outside, "--instant"], ["replay", "--check", outside], ["replay", other, "--instant"],
    ] {
      _ = try CoachProcess.run(arguments + ["--store", store])
    }
    #expect(try mode(outside) == 0o644)
    #expect(try mode(other) == 0o644)
    // A file of elsewhere hard-linked into sessions/ under a record's name.
    let linked = temporary.path + "/elsewhere.txt"
    try "not a record\n".write(toFile: linked, atomically: true, encoding: .utf8)
    chmod(linked, 0o644)
    #expect(link(linked, store + "/sessions/0123456789ab.jsonl") == 0)
    _ = try CoachProcess.run(["sessions", "--store", store])
    _ = try CoachProcess.run(["show", "0123456789ab", "--store", store])
    #expect(try mode(linked) == 0o644)
  }

  @Test func aStoreThatIsAFileIsRefused() throws {
    let file = temporary.path + "/file"
    try "not a store".write(toFile: file, atomically: true, encoding: .utf8)
    for arguments in [
      ["start", "one-on-one", "--with", "Dana"], ["sessions"], ["people"], ["report", "--with", "Dana"],
    ] {
      let result = try CoachProcess.run(arguments + ["--store", file], stdin: "/pause\n")
      #expect(result.status == 73, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("is a file, not a folder"), "\(arguments)")
    }
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a store")
    // One level down: a store whose sessions/ is a file is damaged, not empty.
    let damaged = temporary.path + "/damaged"
    try FileManager.default.createDirectory(
      atPath: damaged, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try "not a folder".write(toFile: damaged + "/sessions", atomically: true, encoding: .utf8)
    for arguments in [
      ["sessions"], ["start", "one-on-one", "--with", "Dana"], ["report", "--with", "Dana"],
    ] {
      let result = try CoachProcess.run(arguments + ["--store", damaged], stdin: "/pause\n")
      #expect(result.status == 73, "\(arguments): \(result.stderr)")
      #expect(
        result.stderr.contains("sessions is a file, not a folder: the store is damaged"), "\(arguments)")
    }
  }
}
