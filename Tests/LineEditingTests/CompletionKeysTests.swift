import CoachTestSupport
import Testing

private typealias Key = PseudoTerminal.Key

@Suite("Tab completion on a terminal")
struct CompletionKeysTests {
  @Test("Tab completes a unique prefix")
  func uniquePrefix() throws {
    let session = try LineEchoSession()
    #expect(try session.event(after: "/no" + Key.tab + Key.enter) == #"line "/note""#)
    #expect(
      try session.event(after: "eat ap" + Key.tab + "r" + Key.tab + Key.enter)
        == #"line "eat apricot""#)
    #expect(try session.event(after: "Zo" + Key.tab + Key.enter) == #"line "Zoë""#)
    #expect(try session.event(after: "zzz" + Key.tab + Key.enter) == #"line "zzz""#)
    try session.finish()
  }

  @Test("Tab inserts the common prefix of several candidates")
  func commonPrefix() throws {
    let session = try LineEchoSession()
    #expect(try session.event(after: "a" + Key.tab + Key.enter) == #"line "ap""#)
    try session.finish()
  }

  @Test("an ambiguous Tab lists the candidates and redraws the line below them")
  func ambiguousListing() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("/n" + Key.tab)
    try session.pty.waitFor("/note  /next\r")
    try session.pty.waitFor(LineEchoSession.prompt + "/n")
    try session.pty.send("e" + Key.tab + Key.enter)
    #expect(try session.nextEvent() == #"line "/next""#)
    try session.typeAtPrompt("ap" + Key.tab)
    try session.pty.waitFor("apple    apricot\r")
    try session.pty.waitFor(LineEchoSession.prompt + "ap")
    try session.pty.send("p" + Key.tab + Key.enter)
    #expect(try session.nextEvent() == #"line "apple""#)
    try session.finish()
  }
}
