import CoachTestSupport
import Foundation
import Testing

private typealias Key = PseudoTerminal.Key

/// The history on a terminal: in memory only, seeded by the program; Up recalls, Ctrl-R searches
/// the way bash and zsh do.
@Suite("History on a terminal")
struct HistoryKeysTests {
  static let seeded = ["Acme Corp: CFO Priya Nair", "Gamma pilot 10k", "Beta Acme renewal", "something else"]

  func session() throws -> LineEchoSession {
    try LineEchoSession(environment: ["LINE_ECHO_HISTORY": Self.seeded.joined(separator: "\n")])
  }

  @Test("Up recalls the last line, and the one before; a seeded history comes first")
  func upArrow() throws {
    let session = try session()
    #expect(try session.event(after: Key.up + Key.enter) == #"line "something else""#)
    _ = try session.event(after: "first" + Key.enter)
    _ = try session.event(after: "second" + Key.enter)
    #expect(try session.event(after: Key.up + Key.enter) == #"line "second""#)
    #expect(try session.event(after: Key.up + Key.up + Key.enter) == #"line "first""#)
    try session.finish()
  }

  @Test("a private note is never recalled, and nothing is written to a file")
  func privateLines() throws {
    let session = try session()
    _ = try session.event(after: "kept" + Key.enter)
    _ = try session.event(after: "/private salary 180k" + Key.enter)
    #expect(try session.event(after: Key.up + Key.enter) == #"line "kept""#)
    try session.typeAtPrompt(Key.control("r") + "salary")
    try session.pty.waitFor("search (not found): salary")
    try session.pty.send(Key.control("g") + Key.enter)
    #expect(try session.nextEvent() == #"line """#)
    try session.finish()
    let files = FileManager.default.enumerator(atPath: session.home)?.allObjects as? [String] ?? []
    #expect(files.isEmpty, "line-echo wrote \(files)")
  }

  @Test("Ctrl-R shows 'search:', finds the newest match first, and Ctrl-R again goes further back")
  func searchOrder() throws {
    let session = try session()
    try session.typeAtPrompt(Key.control("r") + "Acme")
    try session.pty.waitFor("search: Acme › ")
    try session.pty.waitFor("Beta Acme renewal")
    try session.pty.send(Key.control("r"))
    try session.pty.waitFor("Acme Corp: CFO Priya Nair")
    try session.pty.send(Key.control("r"))
    try session.pty.waitFor("search (not found): Acme")
    try session.pty.send(Key.enter)
    #expect(try session.nextEvent() == #"line "Acme Corp: CFO Priya Nair""#)
    // A new search starts from the newest entry again, wherever the last one ended.
    #expect(try session.event(after: Key.control("r") + "Gamma" + Key.enter) == #"line "Gamma pilot 10k""#)
    try session.finish()
  }

  /// Each key ends the search the way a reader's fingers expect: the match is taken, and the key
  /// then does what it does; no byte of its escape sequence reaches the line.
  @Test(
    "after Ctrl-R, a movement key accepts the match and moves",
    arguments: [
      (Key.right, "X", "GXamma pilot 10k"), (Key.left, "X", "XGamma pilot 10k"),
      (Key.end, "!", "Gamma pilot 10k!"), (Key.home, "> ", "> Gamma pilot 10k"),
      ("\u{1B}OF", "!", "Gamma pilot 10k!"), ("\u{1B}[4~", "!", "Gamma pilot 10k!"),
      (Key.delete, "", "amma pilot 10k"), (Key.control("a"), "[", "[Gamma pilot 10k"),
      (Key.control("e"), "]", "Gamma pilot 10k]"),
    ])
  func searchEndsOnKeys(_ key: String, _ then: String, _ expected: String) throws {
    let session = try session()
    try session.typeAtPrompt(Key.control("r") + "Gam")
    try session.pty.waitFor("Gamma pilot 10k")
    try session.pty.send(key)
    try session.pty.send(then + Key.enter)
    #expect(try session.nextEvent() == "line \"\(expected)\"")
    try session.finish()
  }

  @Test("Ctrl-G and Esc cancel a search and put the line back")
  func searchCancels() throws {
    let session = try session()
    for cancel in [Key.control("g"), Key.escape] {
      try session.typeAtPrompt("draft" + Key.control("r") + "Beta")
      try session.pty.waitFor("Beta Acme renewal")
      try session.pty.send(cancel)
      try session.pty.send(" two" + Key.enter)
      #expect(try session.nextEvent() == #"line "draft two""#)
    }
    // Ctrl-C during a search clears the line, as Ctrl-C does.
    try session.typeAtPrompt("x" + Key.control("r") + "Gam")
    try session.pty.waitFor("Gamma pilot 10k")
    try session.pty.send(Key.control("c"))
    // (Ctrl-C is a signal: what is typed after it is read only once it has arrived.)
    try session.waitForPrompt()
    try session.pty.send("y" + Key.enter)
    #expect(try session.nextEvent() == #"line "y""#)
    try session.finish()
  }

  @Test("Backspace widens a search")
  func searchBackspace() throws {
    let session = try session()
    try session.typeAtPrompt(Key.control("r") + "Gammx")
    try session.pty.waitFor("search (not found): Gammx")
    try session.pty.send(Key.backspace)
    try session.pty.waitFor("search: Gamm › ")
    try session.pty.send(Key.enter)
    #expect(try session.nextEvent() == #"line "Gamma pilot 10k""#)
    try session.finish()
  }

  /// Function keys, Page Up/Down, Insert and Shift-Tab are bound to nothing: they are dropped
  /// whole, in editing and in a search.
  @Test("unbound escape sequences never land in a line")
  func unboundSequences() throws {
    let session = try session()
    let keys = ["\u{1B}[15~", "\u{1B}[5~", "\u{1B}[6~", "\u{1B}[2~", "\u{1B}[Z", "\u{1B}OP", "\u{1B}[1;2A"]
    #expect(try session.event(after: "a" + keys.joined() + "b" + Key.enter) == #"line "ab""#)
    try session.typeAtPrompt(Key.control("r") + "Gam")
    try session.pty.waitFor("Gamma pilot 10k")
    try session.pty.send("\u{1B}[15~" + Key.enter)
    #expect(try session.nextEvent() == #"line "Gamma pilot 10k""#)
    try session.finish()
  }
}
