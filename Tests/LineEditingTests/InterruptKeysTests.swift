import CoachTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

private typealias Key = PseudoTerminal.Key

@Suite("Ctrl-C, Ctrl-D, signals and the terminal's state")
struct InterruptKeysTests {
  @Test("Ctrl-C discards a half-typed line and reading goes on")
  func controlCClearsTheLine() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("half typed")
    try session.pty.waitFor("half typed")
    // Ctrl-C makes the terminal flush its pending input, so "real" waits for the line to clear.
    try session.pty.send(Key.control("c"))
    try session.pty.waitFor("\u{1B}[K")
    try session.pty.send("real" + Key.enter)
    #expect(try session.nextEvent() == #"line "real""#)
    try session.finish()
  }

  @Test("Ctrl-C on an empty line is an interruption, and the next read works")
  func controlCOnEmptyLine() throws {
    let session = try LineEchoSession()
    #expect(try session.event(after: Key.control("c")) == "interrupted")
    #expect(try session.event(after: Key.control("c")) == "interrupted")
    #expect(try session.event(after: "after" + Key.enter) == #"line "after""#)
    try session.finish()
  }

  @Test("Ctrl-C also works with the terminal's signal keys turned off (a raw ^C byte)")
  func controlCWithoutSignals() throws {
    let session = try LineEchoSession(editrc: "setty -d -isig\n")
    try session.typeAtPrompt("half")
    try session.pty.waitFor("half")
    #expect(localFlags(try session.pty.terminalAttributes()).signals == false)
    try session.pty.send(Key.control("c") + "x" + Key.enter)
    #expect(try session.nextEvent() == #"line "x""#)
    #expect(try session.event(after: Key.control("c")) == "interrupted")
    try session.finish()
  }

  @Test("SIGINT from outside clears the line like Ctrl-C")
  func sigint() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("half")
    try session.pty.waitFor("half")
    session.pty.signal(SIGINT)
    try session.pty.waitFor("\u{1B}[K")
    try session.pty.send("whole" + Key.enter)
    #expect(try session.nextEvent() == #"line "whole""#)
    try session.finish()
  }

  @Test("Ctrl-D on an empty line is the end of input; on a non-empty line it deletes")
  func controlD() throws {
    let session = try LineEchoSession()
    let keys = "abc" + Key.left + Key.left + Key.control("d") + Key.enter
    #expect(try session.event(after: keys) == #"line "ac""#)
    #expect(try session.event(after: Key.control("d")) == "endOfFile")
    try session.pty.waitFor("TERMIOS restored")
    #expect(try session.pty.wait() == .exited(0))
    #expect(localFlags(try session.pty.terminalAttributes()) == (true, true, true))
  }

  @Test(
    "SIGTERM and SIGHUP end the read as terminated, with the terminal restored",
    arguments: [SIGTERM, SIGHUP])
  func terminatingSignal(_ signal: Int32) throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("partial")
    try session.pty.waitFor("partial")
    #expect(localFlags(try session.pty.terminalAttributes()) == (false, false, true))
    session.pty.signal(signal)
    #expect(try session.nextEvent() == "terminated")
    try session.pty.waitFor("TERMIOS restored")
    try session.pty.waitFor("BYE")
    #expect(try session.pty.wait() == .exited(0))
    #expect(localFlags(try session.pty.terminalAttributes()) == (true, true, true))
    let ending = "\u{1B}[?2004l\r\nEVENT terminated\r\nTERMIOS restored\r\nBYE\r\n"
    #expect(session.pty.output.hasSuffix(ending))
  }

  @Test("a hang-up (the terminal closed) ends the program normally")
  func hangUp() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("partial")
    try session.pty.waitFor("partial")
    session.pty.close()
    #expect(try session.pty.wait() == .exited(0))
  }

  @Test("exit() in the middle of a read restores the terminal")
  func exitDuringRead() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("/exit")
    try session.pty.waitFor("/exit")
    #expect(localFlags(try session.pty.terminalAttributes()) == (false, false, true))
    try session.pty.send(Key.tab)  // line-echo's completer calls exit(3)
    #expect(try session.pty.wait() == .exited(3))
    #expect(localFlags(try session.pty.terminalAttributes()) == (true, true, true))
    #expect(session.pty.output.hasSuffix("/exit\u{1B}[?2004l"))
  }

  @Test("Ctrl-Z and SIGCONT leave the line intact")
  func suspendAndContinue() throws {
    let session = try LineEchoSession()
    try session.typeAtPrompt("abc")
    try session.pty.waitFor("abc")
    // The test's process group is orphaned, so the stop itself is ignored by the kernel; what is
    // checked is the terminal restored then raw again, and the line redrawn.
    try session.pty.send(Key.control("z"))
    try session.pty.waitFor("\u{1B}[?2004l\u{1B}[?2004h")
    try session.pty.waitFor(LineEchoSession.prompt + "abc")
    session.pty.signal(SIGSTOP)
    session.pty.signal(SIGCONT)
    try session.pty.waitFor(LineEchoSession.prompt + "abc")
    try session.pty.send("def" + Key.enter)
    #expect(try session.nextEvent() == #"line "abcdef""#)
    try session.finish()
  }
}
