internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads plain lines from standard input, with no editing and no escape codes: the reader used when
/// stdin is not a terminal (pipes, files, `--jsonl`).
public final class PlainLineReader: LineReader {
  /// Unused: plain input has no Tab completion.
  public var completer: ((String) -> [String])?
  private let echoPrompt: Bool

  /// - Parameter echoPrompt: write the prompt to stdout before reading (plain text mode does, the
  ///   JSON Lines mode does not).
  public init(echoPrompt: Bool) {
    self.echoPrompt = echoPrompt
  }

  /// Writes the prompt if asked to, and reads one line (a trailing CR is dropped); the end of
  /// input is ``LineEvent/endOfFile``.
  public func read(prompt: String) -> LineEvent {
    if echoPrompt {
      // `coach_stdout()`: Swift 6 rejects a direct use of the C global `stdout`.
      fputs(prompt, coach_stdout())
      fflush(coach_stdout())
    }
    guard let line = Swift.readLine(strippingNewline: true) else { return .endOfFile }
    if line.hasSuffix("\r") { return .line(String(line.dropLast())) }
    return .line(line)
  }
}
