import Foundation
import Testing

/// Golden text files: the one snapshot assertion of the test suites. A mismatch is recorded
/// with a `diff -u` of the golden file and what came; `COACH_RECORD=1` writes the golden file
/// anew and fails the test, so that recording is never silent and never passes by itself.
public enum Snapshot {
  /// Compares `actual` and a newline with `<folder>/<name>.txt`.
  public static func assert(
    _ actual: String, named name: String, in folder: URL, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let path = folder.appendingPathComponent(name + ".txt").path
    let text = actual + "\n"
    if ProcessInfo.processInfo.environment["COACH_RECORD"] == "1" {
      try FileManager.default.createDirectory(
        atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true
      )
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      Issue.record(
        "recorded \(path); run again without COACH_RECORD to check it", sourceLocation: sourceLocation)
      return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      Issue.record("no golden file \(path): record it with COACH_RECORD=1", sourceLocation: sourceLocation)
      return
    }
    guard expected != text else { return }
    let actualPath =
      NSTemporaryDirectory() + "/" + name.replacingOccurrences(of: "/", with: "-") + ".actual.txt"
    try text.write(toFile: actualPath, atomically: true, encoding: .utf8)
    let diff = Process()
    diff.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
    diff.arguments = ["-u", path, actualPath]
    let pipe = Pipe()
    diff.standardOutput = pipe
    try diff.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    diff.waitUntilExit()
    Issue.record(
      "the output differs from \(path) (COACH_RECORD=1 records it anew):\n\(output)",
      sourceLocation: sourceLocation)
  }
}
