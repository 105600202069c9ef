internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads plain lines from standard input, with no editing and no escape codes: the reader used
/// when stdin is not a terminal (pipes, files, `--jsonl`).
///
/// SIGTERM, SIGHUP, SIGINT and SIGQUIT while it waits end the read as
/// ``LineEvent/terminated``, so that the caller saves the session as paused rather than being
/// killed: the handlers are installed for the reader's lifetime and write to a self-pipe that is
/// polled with the input.
public final class PlainLineReader: LineReader {
  /// Unused: plain input has no Tab completion.
  public var completer: ((String) -> [String])?
  /// Unused: plain input has no history.
  public var history: [String] = []
  public var remembers: ((String) -> Bool)?
  private let echoPrompt: Bool
  private let signals: TerminalSignals?
  private var buffer: [UInt8] = []
  private var atEnd = false

  /// The signals that end a plain read.
  static let terminating: Set<Int32> = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]

  /// - Parameter echoPrompt: write the prompt to stdout before reading (plain text mode does, the
  ///   JSON Lines mode does not).
  public init(echoPrompt: Bool) {
    self.echoPrompt = echoPrompt
    signals = TerminalSignals(watching: Array(Self.terminating))
    signals?.install()
  }

  deinit {
    signals?.restore()
  }

  /// Writes the prompt if asked to, and reads one line (a trailing CR is dropped); the end of
  /// input is ``LineEvent/endOfFile``.
  public func read(_ prompt: LinePrompt) -> LineEvent {
    if echoPrompt {
      // `coach_stdout()`: Swift 6 rejects a direct use of the C global `stdout`.
      if let header = prompt.header { fputs(header + "\n", coach_stdout()) }
      fputs(prompt.text(), coach_stdout())
      fflush(coach_stdout())
    }
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        var line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
      }
      if atEnd {
        guard !buffer.isEmpty else { return .endOfFile }
        let line = String(decoding: buffer, as: UTF8.self)
        buffer = []
        return .line(line)
      }
      switch fill() {
      case .terminated: return .terminated
      case .more: continue
      }
    }
  }

  private enum Filled {
    case more, terminated
  }

  /// Reads what stdin has, waiting for it or for a signal.
  private func fill() -> Filled {
    var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
    if let signals { descriptors.append(pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0)) }
    if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 {
      if errno == EINTR { return .more }
      atEnd = true
      return .more
    }
    if let signals, descriptors.count > 1, descriptors[1].revents & Int16(POLLIN) != 0,
      signals.drain().contains(where: Self.terminating.contains)
    {
      return .terminated
    }
    if descriptors[0].revents & Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL) != 0 {
      var chunk = [UInt8](repeating: 0, count: 64 * 1024)
      let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count > 0 {
        buffer += chunk[..<count]
      } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
        atEnd = true
      }
    }
    return .more
  }
}
