import CoachTestSupport
import Foundation
import Testing

private typealias Key = PseudoTerminal.Key

@Suite("History on a terminal")
struct HistoryKeysTests {
  @Test("Up recalls the last line, and the one before")
  func upArrow() throws {
    let session = try LineEchoSession()
    _ = try session.event(after: "first" + Key.enter)
    _ = try session.event(after: "second" + Key.enter)
    #expect(try session.event(after: Key.up + Key.enter) == #"line "second""#)
    #expect(try session.event(after: Key.up + Key.up + Key.enter) == #"line "first""#)
    try session.finish()
  }

  @Test("Ctrl-R finds an earlier line")
  func reverseSearch() throws {
    let session = try LineEchoSession()
    for line in ["banana split", "cherry pie", "apple tart"] {
      _ = try session.event(after: line + Key.enter)
    }
    try session.typeAtPrompt(Key.control("r") + "ban")
    try session.pty.waitFor("banana split")
    try session.pty.send(Key.enter)
    #expect(try session.nextEvent() == #"line "banana split""#)
    // Ctrl-C in the middle of a search ends it and clears the line.
    try session.typeAtPrompt(Key.control("r") + "che")
    try session.pty.waitFor("cherry pie")
    try session.pty.send(Key.control("c"))
    try session.pty.waitFor("\u{1B}[7G\u{1B}[K")
    try session.pty.send("x" + Key.enter)
    #expect(try session.nextEvent() == #"line "x""#)
    try session.finish()
  }

  @Test("the history file is private, appended to, without repeats or space-led lines")
  func historyFile() throws {
    let home = try LineEchoSession.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let relative = "state/dialogs/one-on-one.history"
    let path = home + "/" + relative

    let first = try LineEchoSession(history: relative, home: home)
    for line in ["one", "one", " secret", "two", "   ", "two", "Zoë — 東京 🚀", "one"] {
      _ = try first.event(after: line + Key.enter)
    }
    _ = try first.event(after: "a\u{1B}[200~b\rc\u{1B}[201~" + Key.enter)
    try first.pty.send(Key.control("d"))
    #expect(try first.nextEvent() == "endOfFile")
    #expect(try first.pty.wait() == .exited(0))

    let expected = "_HiStOrY_V2_\none\ntwo\nZoë — 東京 🚀\none\nab\\012c\n"
    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    #expect(try permissions(path) == 0o600)
    #expect(try permissions(home + "/state") == 0o700)
    #expect(try permissions(home + "/state/dialogs") == 0o700)
    let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber]

    let second = try LineEchoSession(history: relative, home: home)
    #expect(try second.event(after: Key.up + Key.enter) == #"line "ab\nc""#)
    #expect(try second.event(after: Key.up + Key.up + Key.enter) == #"line "one""#)
    _ = try second.event(after: "three" + Key.enter)
    try second.pty.send(Key.control("d"))
    #expect(try second.nextEvent() == "endOfFile")
    #expect(try second.pty.wait() == .exited(0))

    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected + "one\nthree\n")
    let sameInode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber]
    #expect(inode as? Int == sameInode as? Int)
  }

  private func permissions(_ path: String) throws -> Int {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
  }
}
