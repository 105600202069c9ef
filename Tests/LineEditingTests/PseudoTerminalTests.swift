import CoachTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("The pseudo-terminal driver")
struct PseudoTerminalTests {
  private func shell(_ script: String, columns: Int = 80) throws -> PseudoTerminal {
    try PseudoTerminal(
      executable: "/bin/sh", arguments: ["-c", script],
      environment: PseudoTerminal.environment(home: "/nonexistent", columns: columns),
      columns: columns)
  }

  @Test("the program gets the environment and a controlling terminal of the given size")
  func environmentAndTerminal() throws {
    let script = #"echo "$TERM $COLUMNS $HOME"; stty size; test -t 0 && echo tty"#
    let pty = try shell(script, columns: 72)
    try pty.waitFor("xterm-256color 72 /nonexistent\r\n")
    try pty.waitFor("24 72\r\n")
    try pty.waitFor("tty\r\n")
    #expect(try pty.wait() == .exited(0))
  }

  @Test("waiting for output that never comes fails at once when the program has exited")
  func programExits() throws {
    let pty = try shell("echo hi; exit 4")
    try pty.waitFor("hi")
    let start = monotonicSeconds()
    #expect(throws: PseudoTerminal.Failure.self) { try pty.waitFor("never", timeout: 30) }
    #expect(monotonicSeconds() - start < 5)
    #expect(try pty.wait() == .exited(4))
  }

  @Test("a resize reaches the program as SIGWINCH with the new size")
  func resize() throws {
    let script = #"trap 'echo "size $(stty size)"' WINCH; echo ready; while :; do sleep 0.05; done"#
    let pty = try shell(script)
    try pty.waitFor("ready")
    try pty.resize(rows: 30, columns: 100)
    try pty.waitFor("size 30 100")
    pty.signal(SIGKILL)
    #expect(try pty.wait() == .signaled(SIGKILL))
  }

  @Test("typed input reaches the program, and a timeout names what was awaited")
  func inputAndTimeout() throws {
    let pty = try shell("read line; echo \"got $line\"; sleep 5")
    try pty.send("hello\r")
    try pty.waitFor("got hello")
    do {
      try pty.waitFor("nothing", timeout: 0.2)
      Issue.record("expected a timeout")
    } catch let failure as PseudoTerminal.Failure {
      #expect("\(failure)".contains("timed out waiting for \"nothing\""))
    }
  }
}

private func monotonicSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
