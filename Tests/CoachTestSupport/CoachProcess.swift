import CoachKit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The built `coach` binary run with pipes: for the `--jsonl` protocol and piped plain mode.
public final class CoachProcess {
  public let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let errors = Pipe()
  private var buffer: [UInt8] = []
  public private(set) var lines: [String] = []

  /// Starts `coach` with `arguments`, in `directory`, with a clean environment plus `environment`.
  public init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
    process.executableURL = URL(fileURLWithPath: try PseudoTerminal.builtExecutable(named: "coach"))
    process.arguments = arguments
    // No config file unless a test gives one.
    var env = [
      "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8", "TZ": "UTC",
      "XDG_CONFIG_HOME": "/nonexistent/coach-tests-config",
    ]
    env.merge(environment) { _, new in new }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
  }

  /// Runs `coach` to the end with `stdin` as its input; returns stdout, stderr and the exit code.
  public static func run(
    _ arguments: [String], stdin: String = "", environment: [String: String] = [:], directory: String? = nil
  ) throws -> (stdout: String, stderr: String, status: Int32) {
    let p = try CoachProcess(arguments, environment: environment, directory: directory)
    try p.input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
    try p.input.fileHandleForWriting.close()
    let out = p.output.fileHandleForReading.readDataToEndOfFile()
    let err = p.errors.fileHandleForReading.readDataToEndOfFile()
    p.process.waitUntilExit()
    return (
      String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), p.process.terminationStatus
    )
  }

  /// Sends one line.
  public func send(_ line: String) throws {
    try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
  }

  /// Sends text without a newline (a line still being typed).
  public func sendRaw(_ text: String) throws {
    try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
  }

  /// Closes stdin (end of input).
  public func closeInput() throws {
    try input.fileHandleForWriting.close()
  }

  /// The next line of stdout, or nil at its end; fails after `timeout` seconds.
  public func readLine(timeout: Double = 10) throws -> String? {
    let fd = output.fileHandleForReading.fileDescriptor
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let newline = buffer.firstIndex(of: 10) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        lines.append(line)
        return line
      }
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { throw TimedOut(seen: lines) }
      var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&pfd, 1, Int32(remaining * 1000))
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { continue }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let n = Glibc.read(fd, &chunk, chunk.count)
      if n <= 0 {
        if buffer.isEmpty { return nil }
        let line = String(decoding: buffer, as: UTF8.self)
        buffer = []
        lines.append(line)
        return line
      }
      buffer += chunk[..<n]
    }
  }

  /// The next JSON object on stdout.
  public func readJSON(timeout: Double = 10) throws -> Value? {
    guard let line = try readLine(timeout: timeout) else { return nil }
    return try JSON.decode(line)
  }

  /// Drives a `--jsonl` session: each prompt object goes to `answer`, whose line is sent (nil
  /// stops the drive there, with the process still running: a test that kills it, say); every
  /// other object but the end (`say`, `error`, …) goes to `watch` as it is read. A prompt asked
  /// again (after a refused answer or a slash command) is a prompt like any other. Every object
  /// read is kept in ``lines``. Returns the `end` object, or nil when `answer` stopped; throws
  /// when the output ends without one, or after `maxPrompts` prompts (a dialog that never ends).
  @discardableResult
  public func drive(
    maxPrompts: Int = 400, watch: (Value) throws -> Void = { _ in }, answer: (Value) throws -> String?
  ) throws -> Value? {
    var prompts = 0
    while let object = try readJSON() {
      switch object["type"].string {
      case "prompt":
        prompts += 1
        guard prompts <= maxPrompts else { throw TimedOut(seen: lines) }
        guard let line = try answer(object) else { return nil }
        try send(line)
      case "end":
        return object
      default:
        try watch(object)
      }
    }
    throw TimedOut(seen: lines)
  }

  /// Drives a session to its end with sample answers, except where `answers` (by step id)
  /// says; rating evidence is "Seen on the call". Returns the `end` object.
  @discardableResult
  public func driveToEnd(_ answers: [String: String] = [:]) throws -> Value {
    try drive { SampleAnswers.answer(to: $0, answers: answers) }!
  }

  /// Waits for the process to end and returns its exit code.
  public func wait() -> Int32 {
    process.waitUntilExit()
    return process.terminationStatus
  }

  public var standardError: String {
    String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  }

  public struct TimedOut: Error, CustomStringConvertible {
    public var seen: [String]
    public init(seen: [String]) { self.seen = seen }
    public var description: String { "timed out; output so far:\n" + seen.joined(separator: "\n") }
  }
}

extension CoachProcess {
  /// Runs another program (`man`, a shell) to the end with `environment` added to `PATH` and
  /// `LANG`; returns stdout, stderr and the exit code.
  public static func runProgram(
    _ path: String, _ arguments: [String], stdin: String = "", environment: [String: String] = [:]
  ) throws -> (stdout: String, stderr: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(environment) { $1 }
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    // Both pipes are drained at once, so that a program filling one never blocks on it.
    final class Box: @unchecked Sendable { var data = Data() }
    let errorData = Box()
    let drained = DispatchSemaphore(value: 0)
    let reader = errors.fileHandleForReading
    DispatchQueue.global().async {
      errorData.data = reader.readDataToEndOfFile()
      drained.signal()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return (
      String(decoding: outputData, as: UTF8.self), String(decoding: errorData.data, as: UTF8.self),
      process.terminationStatus
    )
  }
}
