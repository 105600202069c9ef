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
      let input = "62\ny\n" + String(repeating: long + "\n", count: 60)
      let run = try CoachProcess.run(
        ["start", "one-on-one", "--with", "Dana", "--store", folder + "/store"], stdin: input)
      #expect(run.status == 74)
      #expect(run.stderr.contains("the disk is full; what was recorded before is kept"))
      let id = try #require(
        try FileManager.default.contentsOfDirectory(atPath: folder + "/store/sessions").first?.dropLast(6))
      let shown = try CoachProcess.run(["show", String(id), "--format", "json", "--store", folder + "/store"])
      #expect(shown.status == 0)
      let answers = try JSON.decode(shown.stdout)["answers"]
      #expect(answers["plan_attainment"] == 62 && answers["on_plan"] == true)
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
}
