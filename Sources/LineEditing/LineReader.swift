/// What one read from a ``LineReader`` produced.
public enum LineEvent: Equatable, Sendable {
  /// A whole line, without its newline. A bracketed paste of several lines arrives as one line
  /// holding `\n` characters.
  case line(String)
  /// End of input: Ctrl-D on an empty line, or stdin closed.
  case endOfFile
  /// Ctrl-C on an empty line. (Ctrl-C on a half-typed line only clears that line.)
  case interrupted
  /// SIGHUP or SIGTERM (or SIGQUIT) arrived while reading: the caller saves its state and exits.
  /// The terminal is already restored.
  case terminated
}

/// A source of input lines: libedit on a terminal, plain lines otherwise, a script in tests.
public protocol LineReader: AnyObject {
  /// Shows `prompt` (which may hold ANSI colour sequences) and reads one line.
  func read(prompt: String) -> LineEvent
  /// Offers completions: given the text before the cursor, returns the candidate words that may
  /// replace the last word of it.
  var completer: ((_ textBeforeCursor: String) -> [String])? { get set }
  /// Reads the answer to a side question (a confirmation, say): like ``read(prompt:)``, but the
  /// line is not kept in the history.
  func readAside(prompt: String) -> LineEvent

}

extension LineReader {
  /// Readers without history read side questions as any other line.
  public func readAside(prompt: String) -> LineEvent { read(prompt: prompt) }
}
