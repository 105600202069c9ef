import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A program in a real terminal: a tmux session of its own (its own server socket), whose keys
/// are typed with `send-keys` and whose screen and cursor are read with `capture-pane`. For the
/// behaviour a pseudo-terminal alone cannot show: what the screen looks like after a resize
/// (tmux reflows wrapped lines, as most terminals do), where the cursor stands among wide
/// characters. scripts/test installs tmux when it is missing.
public final class TmuxTerminal {
  /// Whether tmux is there to run.
  public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

  let socket: String

  /// Starts `arguments` (a program and its arguments) in a terminal `columns` × `rows`, with
  /// `environment` (TERM is xterm-256color).
  public init(_ arguments: [String], environment: [String: String], columns: Int = 80, rows: Int = 24) throws
  {
    socket = "coach-test-" + UUID().uuidString.prefix(8)
    let command =
      ["env", "-i"]
      + environment.merging(["TERM": "xterm-256color"]) { a, _ in a }.map { "\($0.key)=\($0.value)" }
      + arguments
    try tmux(
      ["new-session", "-d", "-s", "t", "-x", "\(columns)", "-y", "\(rows)"]
        + [command.map(Self.quoted).joined(separator: " ")])
    try tmux(["set-option", "-t", "t", "remain-on-exit", "on"])
  }

  deinit {
    _ = try? tmux(["kill-server"])
  }

  static func quoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Runs a tmux command and returns what it printed. It is spawned directly, with every
  /// other descriptor closed: the server the first command starts keeps what it was given open,
  /// and a pipe kept open that way would never end.
  @discardableResult
  func tmux(_ arguments: [String], output: Bool = false) throws -> String {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw PseudoTerminal.Failure.setUp("pipe: \(errno)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    if output {
      posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // Every other descriptor this process has open (another test's pipes among them) is closed.
    let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap {
      Int32($0)
    }
    for fd in open where fd > 2 && fcntl(fd, F_GETFD) != -1 {
      posix_spawn_file_actions_addclose(&actions, fd)
    }
    let words: [String] = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
    let environment: [String] = [
      "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TMUX_TMPDIR=" + NSTemporaryDirectory(),
    ]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, envp)
    close(ends[1])
    defer { close(ends[0]) }
    guard result == 0 else { throw PseudoTerminal.Failure.setUp("posix_spawn tmux: \(result)") }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while output {
      let n = read(ends[0], &chunk, chunk.count)
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { break }
      bytes += chunk[..<n]
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Types keys as tmux names them (`Enter`, `Right`, `C-r`, `DC`, `F5`) or, with `literally`,
  /// text as it is.
  public func send(_ keys: [String], literally: Bool = false) throws {
    try tmux(["send-keys", "-t", "t"] + (literally ? ["-l"] : []) + keys)
  }

  public func type(_ text: String) throws {
    try send([text], literally: true)
  }

  /// The screen's lines (a line the terminal wrapped is one), trailing spaces cut.
  public func screen() throws -> [String] {
    try tmux(["capture-pane", "-p", "-J", "-t", "t"], output: true).split(
      separator: "\n", omittingEmptySubsequences: false
    )
    .map { String($0).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }
  }

  /// Where the cursor is: column and row, from 0.
  public func cursor() throws -> (column: Int, row: Int) {
    let parts = try tmux(["display-message", "-p", "-t", "t", "#{cursor_x} #{cursor_y}"], output: true)
      .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
    return (Int(parts.first ?? "") ?? -1, Int(parts.last ?? "") ?? -1)
  }

  public func resize(columns: Int, rows: Int = 24) throws {
    try tmux(["resize-window", "-t", "t", "-x", "\(columns)", "-y", "\(rows)"])
  }

  /// Waits until the screen holds `text`; returns the screen.
  @discardableResult
  public func waitFor(_ text: String, timeout: Double = 10) throws -> [String] {
    try waitUntil("the screen to show \(text.debugDescription)", timeout: timeout) {
      $0.joined(separator: "\n").contains(text)
    }
  }

  /// Waits until `condition` holds of the screen; returns it.
  @discardableResult
  public func waitUntil(_ what: String, timeout: Double = 10, _ condition: ([String]) throws -> Bool) throws
    -> [String]
  {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let lines = try screen()
      if try condition(lines) { return lines }
      if Date() > deadline {
        throw PseudoTerminal.Failure.timedOut(waitingFor: what, output: lines.joined(separator: "\n"))
      }
      usleep(30_000)
    }
  }

  /// Waits for the screen to stop changing (for `quiet` seconds); returns it.
  @discardableResult
  public func settle(quiet: Double = 0.3, timeout: Double = 5) throws -> [String] {
    var last = try screen()
    var since = Date()
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      usleep(50_000)
      let now = try screen()
      if now != last {
        last = now
        since = Date()
      } else if Date().timeIntervalSince(since) >= quiet {
        break
      }
    }
    return last
  }
}
