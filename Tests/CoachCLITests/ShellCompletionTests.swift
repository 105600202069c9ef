import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// The shell completions in real shells, typed with real keys in a terminal (tmux): bash, zsh
/// and fish complete commands, dialog ids, session ids (zsh and fish with the person and the
/// dialog) and people's names, from the store the command line names. A shell that is not
/// installed is skipped (scripts/test installs all three).
@Suite(.serialized)
struct ShellCompletionTests {
  let temporary = TemporaryFolder("coach-completions")
  var folder: String { temporary.path }
  var store: String { folder + "/store" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  /// Starts and pauses a session with `person`; returns its id.
  func session(with person: String) throws -> String {
    let started = try CoachProcess.run(
      ["start", "one-on-one", "--with", person, "--jsonl", "--store", store], stdin: "/pause\n")
    let end = try #require(started.stdout.split(separator: "\n").last)
    return try #require(try JSON.decode(String(end))["session"].string)
  }

  /// A shell in a terminal with coach's completions for it loaded, at its prompt.
  func shell(_ name: String) throws -> TmuxTerminal? {
    let path = "/usr/bin/" + name
    guard TmuxTerminal.isAvailable, FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let coach = try PseudoTerminal.builtExecutable(named: "coach")
    let script = folder + "/completion." + name
    let generated = try CoachProcess.run(["completions", name])
    #expect(generated.status == 0)
    try generated.stdout.write(toFile: script, atomically: true, encoding: .utf8)
    let bin = (coach as NSString).deletingLastPathComponent
    let environment = [
      "PATH": bin + ":/usr/bin:/bin", "HOME": folder, "LANG": "C.UTF-8", "XDG_CONFIG_HOME": folder + "/none",
      "PS1": "$ ",
    ]
    let arguments: [String]
    let setup: String
    switch name {
    case "bash":
      arguments = [path, "--norc", "--noprofile", "-i"]
      setup = "source \(script)"
    case "zsh":
      arguments = [path, "-f", "-i"]
      setup = "PS1='$ '; autoload -Uz compinit && compinit -u -D; source \(script)"
    default:
      arguments = [path, "--no-config", "-i"]
      setup = "function fish_prompt; echo '$ '; end; source \(script)"
    }
    let terminal = try TmuxTerminal(arguments, environment: environment, columns: 120, rows: 30)
    try terminal.type(setup)
    try terminal.send(["Enter"])
    try terminal.type("clear")
    try terminal.send(["Enter"])
    try terminal.settle()
    return terminal
  }

  /// Types `line`, then Tab (twice when `twice`, as bash lists candidates), then `@` (to see
  /// the space a unique match adds); returns the screen once it shows `text`.
  func complete(
    _ terminal: TmuxTerminal, _ line: String, twice: Bool = false, again: Bool = false, until text: String
  ) throws -> [String] {
    try terminal.type(line)
    try terminal.send(["Tab"])
    if twice {
      usleep(300_000)
      try terminal.send(["Tab"])
    }
    if again {
      // bash: when the candidates share a start (two session ids beginning with the same
      // digit), the first Tab inserts it and the listing takes two more.
      usleep(300_000)
      try terminal.send(["Tab"])
    }
    try terminal.settle()
    if !twice { try terminal.type("@") }
    let screen = try terminal.waitFor(text)
    try terminal.send(["C-e", "C-u"])
    try terminal.settle()
    return screen
  }

  @Test(arguments: ["bash", "zsh", "fish"])
  func completesCommandsDialogsSessionsAndNames(shell name: String) throws {
    let priya = try session(with: "Priya Natarajan")
    let omar = try session(with: "Omar Haddad")
    guard let terminal = try shell(name) else { return }
    _ = try complete(terminal, "coach sess", until: "coach sessions @")
    _ = try complete(terminal, "coach start one-on", until: "coach start one-on-one @")
    _ = try complete(
      terminal, "coach start one-on-one --store \(store) --with Pri", until: "--with Priya\\ Natarajan @")
    // Two sessions: the candidates are listed, in zsh and fish with what each session is.
    let sessions = try complete(
      terminal, "coach show --store \(store) ", twice: true,
      again: name == "bash" && priya.first == omar.first,
      until: String(omar.prefix(12)))
    let screen = sessions.joined(separator: "\n")
    #expect(screen.contains(String(priya.prefix(12))), "\(screen)")
    if name != "bash" {
      #expect(screen.contains("Weekly 1-on-1 with Priya Natarajan"), "\(screen)")
      #expect(screen.contains("Weekly 1-on-1 with Omar Haddad"), "\(screen)")
    }
  }
}
