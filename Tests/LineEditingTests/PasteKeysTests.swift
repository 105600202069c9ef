import CoachTestSupport
import Testing

private typealias Key = PseudoTerminal.Key

@Suite("Bracketed paste on a terminal")
struct PasteKeysTests {
  @Test("a three-line paste is one line, still editable before Enter")
  func threeLinePaste() throws {
    let session = try LineEchoSession()
    try session.pty.waitFor("\u{1B}[?2004h" + LineEchoSession.prompt)
    try session.pty.send(Key.pasteStart + "one\rtwo\nthree" + Key.pasteEnd)
    try session.pty.waitFor("three")
    try session.pty.send(" end" + Key.enter)
    #expect(try session.nextEvent() == #"line "one\ntwo\nthree end""#)
    #expect(session.pty.output.contains("three end\r\n\u{1B}[?2004lEVENT"))
    let crlf = Key.pasteStart + "a\r\nb\tc\u{7}" + Key.pasteEnd + Key.enter
    #expect(try session.event(after: crlf) == #"line "a\nb\tc""#)
    try session.finish()
  }

  @Test("a long paste arrives whole")
  func longPaste() throws {
    let session = try LineEchoSession()
    let text = (1...300).map { "line \($0) of the paste: Zoë 東京 🚀" }.joined(separator: "\r")
    try session.typeAtPrompt(Key.pasteStart + text + Key.pasteEnd + Key.enter)
    let expected = text.replacingOccurrences(of: "\r", with: "\\n")
    #expect(try session.nextEvent() == "line \"\(expected)\"")
    try session.finish()
  }
}
