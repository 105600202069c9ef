import Foundation
import Testing

@testable import LineEditing

@Suite("History file")
struct HistoryFileTests {
  @Test(
    "entries survive the file encoding",
    arguments: [
      "plain", "back\\slash", "two\nlines", "tab\tand\r", "Zoë — 東京 🚀", "\u{1B}[31m",
    ])
  func roundTrip(_ entry: String) {
    let encoded = HistoryFile.encode(entry)
    #expect(!encoded.contains("\n"))
    #expect(HistoryFile.decode(Array(encoded.utf8)) == entry)
  }

  @Test("escapes are libedit's: octal for control characters, doubled backslash")
  func encoding() {
    #expect(HistoryFile.encode("a\nb\\c d") == "a\\012b\\\\c d")
    #expect(HistoryFile.decode(Array("ls\\040-la".utf8)) == "ls -la")
    #expect(HistoryFile.decode(Array("caf\\303\\251".utf8)) == "café")
    #expect(HistoryFile.decode(Array("a\\nb\\tc\\sd\\q".utf8)) == "a\nb\tc d\\q")
  }

  @Test("what is remembered")
  func remembering() {
    #expect(HistoryFile.shouldRemember("one", after: nil))
    #expect(HistoryFile.shouldRemember("one", after: "two"))
    #expect(!HistoryFile.shouldRemember("one", after: "one"))
    #expect(!HistoryFile.shouldRemember("", after: nil))
    #expect(!HistoryFile.shouldRemember(" private", after: nil))
    #expect(!HistoryFile.shouldRemember("\t\n", after: nil))
  }

  @Test("appending creates a private file and directories, and never rewrites")
  func appending() throws {
    let directory = try LineEchoSession.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = HistoryFile(path: directory + "/a/b/history")
    try file.append("one")
    try file.append("two\nlines")
    #expect(
      try String(contentsOfFile: file.path, encoding: .utf8)
        == "_HiStOrY_V2_\none\ntwo\\012lines\n")
    #expect(try mode(file.path) == 0o600)
    #expect(try mode(directory + "/a") == 0o700)
    #expect(try mode(directory + "/a/b") == 0o700)
    #expect(file.load(limit: 10) == ["one", "two\nlines"])
  }

  @Test("an existing file keeps its lines and becomes private")
  func existingFile() throws {
    let directory = try LineEchoSession.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/history"
    try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o644)
    try HistoryFile(path: path).append("new")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\nnew\n")
    #expect(try mode(path) == 0o600)
  }

  @Test("loading skips the cookie, repeats and space-led lines, and keeps the newest")
  func loading() throws {
    let directory = try LineEchoSession.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/history"
    let text = "_HiStOrY_V2_\na\na\n secret\nb\n\nc\nd\n"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    #expect(HistoryFile(path: path).load(limit: 10) == ["a", "b", "c", "d"])
    #expect(HistoryFile(path: path).load(limit: 2) == ["c", "d"])
    #expect(HistoryFile(path: directory + "/missing").load(limit: 2) == [])
  }

  private func mode(_ path: String) throws -> Int {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
  }
}
