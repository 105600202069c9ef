import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

private typealias Key = PseudoTerminal.Key

/// What the screen shows while editing, in a real terminal (tmux): the cursor among wide
/// characters, a wrapped line after the window is widened, a prompt that keeps time.
@Suite(
  "The screen while editing", .enabled(if: TmuxTerminal.isAvailable, "needs tmux (scripts/test installs it)"))
struct ScreenKeysTests {
  static let prompt = "echo> "

  func terminal(columns: Int = 60, environment: [String: String] = [:]) throws -> (TmuxTerminal, String) {
    let home = try LineEchoSession.temporaryDirectory()
    var env = ["HOME": home, "LANG": "C.UTF-8", "LINE_ECHO_PROMPT": Self.prompt]
    env.merge(environment) { _, new in new }
    let terminal = try TmuxTerminal(
      [try PseudoTerminal.builtExecutable(named: "line-echo")], environment: env, columns: columns)
    try terminal.waitUntil("the prompt") { $0.contains { $0.hasPrefix("echo") && $0.hasSuffix(">") } }
    return (terminal, home)
  }

  /// The column the cursor should be at: the prompt's and the text's columns before it.
  func column(before text: String) -> Int { Self.prompt.count + text.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } }

  @Test("deleting and inserting next to wide characters keeps the cursor where the text goes")
  func wideCharacters() throws {
    let (terminal, home) = try terminal()
    defer { try? FileManager.default.removeItem(atPath: home) }
    try terminal.type("ab日本語 ok")
    try terminal.send(["Home", "Right", "Right"])
    try terminal.waitUntil("the cursor after 'ab'") { _ in
      try terminal.cursor().column == column(before: "ab")
    }
    try terminal.send(["DC"])
    try terminal.waitUntil("the line without 日") { $0.contains { $0.hasPrefix(Self.prompt + "ab本語 ok") } }
    #expect(try terminal.cursor().column == column(before: "ab"))
    try terminal.type("X")
    try terminal.waitUntil("X inserted") { $0.contains { $0.hasPrefix(Self.prompt + "abX本語 ok") } }
    #expect(try terminal.cursor().column == column(before: "abX"))
    try terminal.send(["Right", "BSpace"])
    try terminal.waitUntil("本 deleted") { $0.contains { $0.hasPrefix(Self.prompt + "abX語 ok") } }
    #expect(try terminal.cursor().column == column(before: "abX"))
    try terminal.send(["C-d", "C-e", "Left", "C-h"])
    try terminal.waitUntil("the line edited") { $0.contains { $0.hasPrefix(Self.prompt + "abX k") } }
    #expect(try terminal.cursor().column == column(before: "abX "))
    try terminal.send(["Enter"])
    try terminal.waitFor(#"EVENT line "abX k""#)
  }

  @Test("widening the window redraws a wrapped line in place")
  func widening() throws {
    let (terminal, home) = try terminal(columns: 60)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let text = "Globex Industries: VP Finance Laura Chen, the procurement manager, and their IT lead (Raj)"
    try terminal.type("above")
    try terminal.send(["Enter"])
    try terminal.waitFor(#"EVENT line "above""#)
    try terminal.type(text)
    try terminal.waitUntil("the line wrapped") { $0.contains { $0.hasSuffix("(Raj)") } }
    try terminal.resize(columns: 100)
    try terminal.settle()
    try terminal.type("!")
    let screen = try terminal.waitUntil("the line redrawn") { $0.contains { $0.hasSuffix("(Raj)!") } }
    // The event line above is intact, the line is shown once, and nothing stale is left.
    #expect(screen.contains(#"EVENT line "above""#))
    #expect(screen.filter { $0.contains("Globex Industries") }.count == 1, "\(screen)")
    let first = try #require(screen.firstIndex { $0.contains("Globex Industries") })
    #expect(screen[first] == Self.prompt + text + "!")
    try terminal.send(["Enter"])
    try terminal.waitFor(#"EVENT line "\#(text)!""#)
  }

  @Test("a prompt that keeps time is redrawn while the person types, and a notice is printed above")
  func liveClock() throws {
    let (terminal, home) = try terminal(environment: ["LINE_ECHO_TICK": "0.5", "LINE_ECHO_NOTICE": "1.2"])
    defer { try? FileManager.default.removeItem(atPath: home) }
    try terminal.type("half typ")
    try terminal.waitFor("echo 2> half typ")
    // The notice is printed first and the line redrawn after it: wait for both, since a screen
    // read between the two shows the notice alone.
    try terminal.waitUntil("the notice, and the line redrawn below it") { screen in
      guard let notice = screen.firstIndex(where: { $0.contains("NOTICE: the time is up") }) else {
        return false
      }
      return screen[(notice + 1)...].contains { $0.hasPrefix("echo ") && $0.hasSuffix("> half typ") }
    }
    try terminal.type("ed")
    try terminal.send(["Enter"])
    try terminal.waitFor(#"EVENT line "half typed""#)
    #expect(try terminal.screen().filter { $0.contains("NOTICE") }.count == 1)
  }
}
