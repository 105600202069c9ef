import CoachTestSupport
import Testing

private typealias Key = PseudoTerminal.Key

@Suite("Editing keys on a terminal")
struct EditingKeysTests {
  @Test("Left arrow moves back to fix a typo before Enter")
  func leftArrowEditing() throws {
    let session = try LineEchoSession()
    #expect(try session.event(after: "helo" + Key.left + "l" + Key.enter) == #"line "hello""#)
    try session.finish()
  }

  @Test("Home, End, Delete and Ctrl-arrows are bound")
  func homeEndDeleteAndWordMoves() throws {
    let session = try LineEchoSession()
    let homeEnd = "world" + Key.home + "hello " + Key.end + "!" + Key.enter
    #expect(try session.event(after: homeEnd) == #"line "hello world!""#)
    let otherHome = "b" + "\u{1B}OH" + "a" + "\u{1B}[4~" + "c" + Key.enter
    #expect(try session.event(after: otherHome) == #"line "abc""#)
    let delete = "xabc" + Key.home + Key.delete + Key.enter
    #expect(try session.event(after: delete) == #"line "abc""#)
    let wordLeft = "one two three" + Key.controlLeft + "X" + Key.enter
    #expect(try session.event(after: wordLeft) == #"line "one two Xthree""#)
    let wordRight = "one two" + Key.home + Key.controlRight + "!" + Key.enter
    #expect(try session.event(after: wordRight) == #"line "one! two""#)
    try session.finish()
  }

  @Test("UTF-8 text round-trips byte for byte and edits by character")
  func unicodeRoundTrip() throws {
    let session = try LineEchoSession()
    let text = "Zoë — 東京 🚀"
    let event = try session.event(after: text + Key.enter)
    #expect(Array(event.utf8) == Array(("line \"" + text + "\"").utf8))
    // Typed without the ë, which goes in after moving over the wide characters.
    let keys = "Zo — 東京 🚀" + String(repeating: Key.left, count: 7) + "ë" + Key.enter
    #expect(try session.event(after: keys) == "line \"" + text + "\"")
    let backspaces = "東京🚀x" + String(repeating: Key.backspace, count: 2) + Key.enter
    #expect(try session.event(after: backspaces) == #"line "東京""#)
    try session.finish()
  }

  @Test("the colour codes in the prompt take no column")
  func promptColumn() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("abcdefgh" + Key.home)
    // The visible prompt `echo> ` is 6 columns: Home puts the cursor in column 7 (libedit moves
    // there with `ESC [ 7 G` when that is more than 4 columns away).
    try session.pty.waitFor("abcdefgh\u{1B}[7G")
    #expect(!session.pty.output.contains("\u{01}"))
    try session.pty.send("X" + Key.enter)
    #expect(try session.nextEvent() == #"line "Xabcdefgh""#)
    try session.finish()
  }

  @Test("a prompt with text before a newline prints it above the editing line")
  func multiLinePrompt() throws {
    let prompt = "\u{1B}[1mQuestion 2/5\u{1B}[0m\nanswer\u{1B}[2m›\u{1B}[0m "
    let session = try LineEchoSession(environment: ["LINE_ECHO_PROMPT": prompt])
    try session.pty.waitFor("\u{1B}[1mQuestion 2/5\u{1B}[0m\r\n")
    try session.pty.waitFor("answer\u{1B}[2m›\u{1B}[0m ")
    try session.pty.send("yes, please" + Key.home)
    try session.pty.waitFor("yes, please\u{1B}[9G")
    try session.pty.send(Key.enter)
    #expect(try session.nextEvent() == #"line "yes, please""#)
    try session.pty.send(Key.control("d"))
    #expect(try session.nextEvent() == "endOfFile")
  }

  @Test("~/.editrc is read")
  func editrc() throws {
    let session = try LineEchoSession(editrc: "bind ^T ed-move-to-beg\n")
    let keys = "world" + Key.control("t") + "hello " + Key.enter
    #expect(try session.event(after: keys) == #"line "hello world""#)
    try session.finish()
  }

  @Test("a window resize redraws the line and input goes on")
  func resize() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("abc")
    try session.pty.waitFor("abc")
    try session.pty.resize(rows: 30, columns: 50)
    try session.pty.waitFor(LineEchoSession.prompt + "abc")
    try session.pty.send("def" + Key.enter)
    #expect(try session.nextEvent() == #"line "abcdef""#)
    try session.pty.resize(rows: 24, columns: 20)
    let long = String(repeating: "0123456789", count: 4)
    #expect(try session.event(after: long + Key.enter) == "line \"\(long)\"")
    try session.finish()
  }
}
