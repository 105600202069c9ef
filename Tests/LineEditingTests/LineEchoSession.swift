import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The `line-echo` test program on a pseudo-terminal, with a fresh HOME of its own.
final class LineEchoSession {
  /// The whole default prompt as line-echo draws it: the colour run goes with the next character.
  static let prompt = "\u{1B}[1;36mecho\u{1B}[0m> "

  let pty: PseudoTerminal
  let home: String

  /// - Parameters:
  ///   - history: the history file, relative to HOME.
  ///   - editrc: the contents of `~/.editrc`.
  init(
    history: String? = nil, editrc: String? = nil, home: String? = nil,
    environment extra: [String: String] = [:], rows: Int = 24, columns: Int = 80
  ) throws {
    let home = try home ?? Self.temporaryDirectory()
    self.home = home
    if let editrc {
      try editrc.write(toFile: home + "/.editrc", atomically: true, encoding: .utf8)
    }
    var extra = extra
    if let history { extra["LINE_ECHO_HISTORY"] = home + "/" + history }
    pty = try PseudoTerminal(
      executable: try PseudoTerminal.builtExecutable(named: "line-echo"),
      environment: PseudoTerminal.environment(
        home: home, columns: columns, rows: rows, extra: extra),
      rows: rows, columns: columns)
  }

  static func temporaryDirectory() throws -> String {
    var template = Array((NSTemporaryDirectory() + "/line-echo.XXXXXX").utf8CString)
    guard let path = mkdtemp(&template) else { throw POSIXError(.EIO) }
    return String(cString: path)
  }

  /// Waits for the next prompt.
  func waitForPrompt() throws {
    try pty.waitFor(Self.prompt)
  }

  /// Types `keys` once the next prompt is shown.
  func typeAtPrompt(_ keys: String) throws {
    try waitForPrompt()
    try pty.send(keys)
  }

  /// The next event line-echo prints: `line "…"`, `interrupted`, `endOfFile`, `terminated`.
  func nextEvent() throws -> String {
    try pty.waitForLine(startingWith: "EVENT ")
  }

  /// Types `keys` at the next prompt and returns the event they produce.
  func event(after keys: String) throws -> String {
    try typeAtPrompt(keys)
    return try nextEvent()
  }

  /// Ends line-echo with Ctrl-D on an empty line and waits for it to exit.
  func finish() throws {
    try #require(try event(after: PseudoTerminal.Key.control("d")) == "endOfFile")
    try pty.waitFor("BYE")
    #expect(try pty.wait() == .exited(0))
  }

  deinit {
    try? FileManager.default.removeItem(atPath: home)
  }
}

/// The local mode flags of a terminal.
func localFlags(_ attributes: termios) -> (canonical: Bool, echo: Bool, signals: Bool) {
  (
    attributes.c_lflag & tcflag_t(ICANON) != 0, attributes.c_lflag & tcflag_t(ECHO) != 0,
    attributes.c_lflag & tcflag_t(ISIG) != 0
  )
}
