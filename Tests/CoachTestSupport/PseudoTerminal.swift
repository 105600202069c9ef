#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program on a pseudo-terminal, as a person at a terminal would: the program is a session
/// leader whose controlling terminal, stdin, stdout and stderr are the pty's slave side; the test
/// types bytes into the master side and reads what the program draws.
///
/// The slave side stays open here too (as a shell keeps its terminal open), so the terminal's
/// settings can be read after the program has exited, with ``terminalAttributes()``. Reads never
/// block: every wait has a timeout and notices when the program has exited.
///
/// Linux only (`/dev/ptmx` and the devpts ioctls; `posix_openpt` is not imported into Swift).
///
/// ```swift
/// let pty = try PseudoTerminal(
///   executable: try PseudoTerminal.builtExecutable(named: "coach"),
///   arguments: ["start", "one-on-one", "--with", "Dana"],
///   environment: PseudoTerminal.environment(home: home))
/// try pty.waitFor("> ")
/// try pty.send("yes" + PseudoTerminal.Key.enter)
/// ```
public final class PseudoTerminal {
  /// Key sequences as an xterm sends them.
  public enum Key {
    public static let enter = "\r"
    public static let tab = "\t"
    public static let backspace = "\u{7F}"
    public static let escape = "\u{1B}"
    public static let up = "\u{1B}[A"
    public static let down = "\u{1B}[B"
    public static let right = "\u{1B}[C"
    public static let left = "\u{1B}[D"
    public static let home = "\u{1B}[H"
    public static let end = "\u{1B}[F"
    public static let delete = "\u{1B}[3~"
    public static let controlLeft = "\u{1B}[1;5D"
    public static let controlRight = "\u{1B}[1;5C"
    public static let pasteStart = "\u{1B}[200~"
    public static let pasteEnd = "\u{1B}[201~"

    /// Ctrl and a letter: `control("c")` is ETX (0x03).
    public static func control(_ letter: Character) -> String {
      let value = letter.uppercased().unicodeScalars.first!.value & 0x1F
      return String(UnicodeScalar(UInt8(value)))
    }
  }

  /// How the program ended.
  public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
      switch self {
      case .exited(let code): "exited with status \(code)"
      case .signaled(let signal): "killed by signal \(signal)"
      }
    }
  }

  /// What went wrong, with the output so far for the test log.
  public enum Failure: Error, CustomStringConvertible {
    case setUp(String)
    case io(String)
    case timedOut(waitingFor: String, output: String)
    case programExited(ExitStatus, waitingFor: String, output: String)

    public var description: String {
      switch self {
      case .setUp(let message):
        "cannot start the program: \(message)"
      case .io(let message):
        "cannot talk to the program: \(message)"
      case .timedOut(let text, let output):
        "timed out waiting for \(text.debugDescription); unread output:\n\(output.debugDescription)"
      case .programExited(let status, let text, let output):
        "the program \(status) while waiting for \(text.debugDescription); unread output:\n"
          + output.debugDescription
      }
    }
  }

  /// The program's process id.
  public let processID: pid_t
  /// The slave side's device path (`/dev/pts/N`).
  public let slavePath: String
  /// Everything the program has written so far, as bytes.
  public private(set) var outputBytes: [UInt8] = []
  /// Where the next ``waitFor(_:timeout:)`` starts looking in ``outputBytes``.
  public private(set) var mark = 0

  private var master: Int32
  private var slave: Int32
  private var status: ExitStatus?

  /// Starts `executable` on a new pty of `rows` × `columns`.
  /// - Parameter environment: the program's whole environment (see
  ///   ``environment(home:columns:rows:extra:)``).
  public init(
    executable: String, arguments: [String] = [], environment: [String: String],
    rows: Int = 24, columns: Int = 80
  ) throws {
    let (master, slave, path) = try Self.openTerminal(rows: rows, columns: columns)
    do {
      processID = try Self.spawn(
        executable, arguments: arguments, environment: environment, terminal: path)
    } catch {
      Glibc.close(slave)
      Glibc.close(master)
      throw error
    }
    self.master = master
    self.slave = slave
    slavePath = path
  }

  deinit {
    if status == nil {
      kill(processID, SIGKILL)
      var raw: Int32 = 0
      while waitpid(processID, &raw, 0) < 0 && errno == EINTR {}
    }
    if master >= 0 { Glibc.close(master) }
    if slave >= 0 { Glibc.close(slave) }
  }

  /// A test environment: `PATH`, `HOME`, `TERM=xterm-256color`, `COLUMNS`, `LINES`, no locale
  /// variables (programs must cope with the C locale), plus `extra`.
  public static func environment(
    home: String, columns: Int = 80, rows: Int = 24, extra: [String: String] = [:]
  ) -> [String: String] {
    var environment = [
      "PATH": "/usr/local/bin:/usr/bin:/bin",
      "HOME": home,
      "TERM": "xterm-256color",
      "COLUMNS": String(columns),
      "LINES": String(rows),
    ]
    environment.merge(extra) { _, new in new }
    return environment
  }

  // MARK: - Output

  /// Everything the program has written so far (invalid UTF-8 shown as U+FFFD).
  public var output: String { String(decoding: outputBytes, as: UTF8.self) }

  /// The output after ``mark``.
  public var unreadOutput: String { String(decoding: outputBytes[mark...], as: UTF8.self) }

  /// Waits until `text` appears in the output after ``mark``, then moves the mark past it.
  /// - Returns: the output from the old mark to the end of `text`.
  /// - Throws: ``Failure/timedOut(waitingFor:output:)`` or
  ///   ``Failure/programExited(_:waitingFor:output:)`` when the program has exited and `text`
  ///   never came.
  @discardableResult
  public func waitFor(_ text: String, timeout: Double = 10) throws -> String {
    let needle = Array(text.utf8)
    let deadline = Self.now() + timeout
    while true {
      if let range = Self.find(needle, in: outputBytes, from: mark) {
        let seen = String(decoding: outputBytes[mark..<range.upperBound], as: UTF8.self)
        mark = range.upperBound
        return seen
      }
      if let status = reap() {
        drain(for: 0)
        if Self.find(needle, in: outputBytes, from: mark) != nil { continue }
        throw Failure.programExited(status, waitingFor: text, output: unreadOutput)
      }
      let remaining = deadline - Self.now()
      if remaining <= 0 { throw Failure.timedOut(waitingFor: text, output: unreadOutput) }
      drain(for: min(remaining, 0.05))
    }
  }

  /// Waits for `prefix` and the end of its line (LF, after an optional CR), after ``mark``.
  /// - Returns: the rest of that line, after `prefix`.
  public func waitForLine(startingWith prefix: String, timeout: Double = 10) throws -> String {
    let deadline = Self.now() + timeout
    try waitFor(prefix, timeout: timeout)
    let start = mark
    try waitFor("\n", timeout: max(0, deadline - Self.now()))
    var end = mark - 1
    if end > start, outputBytes[end - 1] == 0x0D { end -= 1 }
    return String(decoding: outputBytes[start..<end], as: UTF8.self)
  }

  /// Reads whatever the program writes for `seconds` (0: only what is already there).
  public func drain(for seconds: Double) {
    let deadline = Self.now() + seconds
    var buffer = [UInt8](repeating: 0, count: 4096)
    while master >= 0 {
      let remaining = max(0, deadline - Self.now())
      var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, Int32(remaining * 1000))
      if ready < 0 && errno == EINTR { continue }
      guard ready > 0 else { return }
      let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
      if count > 0 {
        outputBytes += buffer[0..<count]
      } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
        continue
      } else {
        // End of output (EIO: no slave side left): wait out the time without spinning.
        usleep(useconds_t(min(remaining, 0.02) * 1_000_000))
        return
      }
    }
  }

  /// Moves ``mark`` to the end of the output read so far (after a ``drain(for:)``).
  public func skipOutput() {
    mark = outputBytes.count
  }

  // MARK: - Input and control

  /// Types `text` (as UTF-8).
  public func send(_ text: String, timeout: Double = 10) throws {
    try send(bytes: Array(text.utf8), timeout: timeout)
  }

  /// Types `bytes`, reading the program's output meanwhile so that neither side can block.
  public func send(bytes: [UInt8], timeout: Double = 10) throws {
    let deadline = Self.now() + timeout
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      if written > 0 {
        offset += written
      } else if written < 0 && errno != EAGAIN && errno != EINTR {
        throw Failure.io("write: \(Self.errorText())")
      } else {
        if let status = reap() {
          throw Failure.programExited(status, waitingFor: "input to be read", output: unreadOutput)
        }
        if Self.now() > deadline {
          throw Failure.timedOut(waitingFor: "the program to read its input", output: unreadOutput)
        }
        drain(for: 0.01)
      }
    }
  }

  /// Changes the window size; the kernel sends SIGWINCH to the program's foreground group.
  public func resize(rows: Int, columns: Int) throws {
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
      throw Failure.io("TIOCSWINSZ: \(Self.errorText())")
    }
  }

  /// Sends `signal` to the program.
  public func signal(_ signal: Int32) {
    if status == nil { kill(processID, signal) }
  }

  /// The terminal's current settings, as the program left them.
  public func terminalAttributes() throws -> termios {
    var attributes = termios()
    guard tcgetattr(slave, &attributes) == 0 else {
      throw Failure.io("tcgetattr: \(Self.errorText())")
    }
    return attributes
  }

  /// Whether the program is still running.
  public var isRunning: Bool { reap() == nil }

  /// Hangs up: closes both sides of the pty, so the program gets SIGHUP and EIO.
  public func close() {
    drain(for: 0)
    if master >= 0 { Glibc.close(master) }
    if slave >= 0 { Glibc.close(slave) }
    master = -1
    slave = -1
  }

  /// Waits for the program to exit, reading its output meanwhile; after `timeout` seconds it is
  /// killed and ``Failure/timedOut(waitingFor:output:)`` thrown.
  @discardableResult
  public func wait(timeout: Double = 10) throws -> ExitStatus {
    let deadline = Self.now() + timeout
    while true {
      if let status = reap() {
        if master >= 0 { drain(for: 0) }
        return status
      }
      if Self.now() > deadline {
        kill(processID, SIGKILL)
        throw Failure.timedOut(waitingFor: "the program to exit", output: unreadOutput)
      }
      if master >= 0 { drain(for: 0.02) } else { usleep(20_000) }
    }
  }

  // MARK: - Built products

  /// The path of the executable product `name` built by SwiftPM for the package containing
  /// `filePath`: first next to the running test binary (whatever `--scratch-path` was used), then
  /// in any `.build*/debug` or `.build*/release` directory of the package (the newest wins).
  public static func builtExecutable(named name: String, filePath: String = #filePath) throws
    -> String
  {
    var candidates: [String] = []
    if let test = realpath("/proc/self/exe", nil) {
      let directory = String(cString: test).split(separator: "/").dropLast().joined(separator: "/")
      free(test)
      candidates.append("/" + directory + "/" + name)
    }
    var directory = filePath
    while let slash = directory.lastIndex(of: "/"), slash != directory.startIndex {
      directory = String(directory[..<slash])
      if access(directory + "/Package.swift", F_OK) == 0 {
        candidates += buildDirectories(in: directory).map { $0 + "/" + name }
        break
      }
    }
    let found = candidates.filter { access($0, X_OK) == 0 }
    if let first = found.first, first == candidates.first { return first }
    guard
      let newest = found.max(by: { modificationTime($0) < modificationTime($1) })
    else {
      throw Failure.setUp("no built \(name) among \(candidates); build it first")
    }
    return newest
  }

  private static func buildDirectories(in package: String) -> [String] {
    guard let listing = opendir(package) else { return [] }
    defer { closedir(listing) }
    var directories: [String] = []
    while let entry = readdir(listing) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name.hasPrefix(".build") else { continue }
      for configuration in ["debug", "release"] {
        directories.append("\(package)/\(name)/\(configuration)")
      }
    }
    return directories
  }

  private static func modificationTime(_ path: String) -> Int {
    var status = stat()
    guard stat(path, &status) == 0 else { return 0 }
    return status.st_mtim.tv_sec
  }

  // MARK: - Private

  private static func openTerminal(rows: Int, columns: Int) throws -> (
    master: Int32, slave: Int32, path: String
  ) {
    // posix_openpt, grantpt, unlockpt and ptsname are not imported into Swift (they need
    // _XOPEN_SOURCE); on Linux they are /dev/ptmx and two ioctls.
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else { throw Failure.setUp("open /dev/ptmx: \(errorText())") }
    let unlockRequest: UInt = 0x4004_5431  // TIOCSPTLCK
    let numberRequest: UInt = 0x8004_5430  // TIOCGPTN
    var unlock: Int32 = 0
    var number: UInt32 = 0
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    guard ioctl(master, unlockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0,
      ioctl(master, UInt(TIOCSWINSZ), &size) == 0
    else {
      let message = errorText()
      Glibc.close(master)
      throw Failure.setUp("cannot set up the pty: \(message)")
    }
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    let path = "/dev/pts/\(number)"
    let slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard slave >= 0 else {
      let message = errorText()
      Glibc.close(master)
      throw Failure.setUp("open \(path): \(message)")
    }
    return (master, slave, path)
  }

  private static func spawn(
    _ executable: String, arguments: [String], environment: [String: String], terminal: String
  ) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // After setsid, opening the terminal without O_NOCTTY makes it the controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigemptyset(&allSignals)
    for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
      sigaddset(&allSignals, Int32(signal))
    }
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    let setSessionID: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc), not imported into Swift
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | setSessionID))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard result == 0 else {
      throw Failure.setUp("posix_spawn \(executable): \(String(cString: strerror(result)))")
    }
    return pid
  }

  /// The exit status once the program has exited (reaping it once).
  private func reap() -> ExitStatus? {
    if let status { return status }
    var raw: Int32 = 0
    let result = waitpid(processID, &raw, WNOHANG)
    guard result == processID else { return nil }
    let signal = raw & 0x7F
    status = signal == 0 ? .exited((raw >> 8) & 0xFF) : .signaled(signal)
    return status
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int)
    -> Range<Int>?
  {
    guard !needle.isEmpty else { return start..<start }
    guard haystack.count - start >= needle.count else { return nil }
    var index = start
    while index <= haystack.count - needle.count {
      let candidate = index..<index + needle.count
      if haystack[index] == needle[0], haystack[candidate].elementsEqual(needle) {
        return candidate
      }
      index += 1
    }
    return nil
  }

  private static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  private static func errorText() -> String {
    String(cString: strerror(errno))
  }
}
