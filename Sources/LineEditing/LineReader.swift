/// What one read from a ``LineReader`` produced.
public enum LineEvent: Equatable, Sendable {
  /// A whole line, without its newline. A bracketed paste of several lines arrives as one line
  /// holding `\n` characters.
  case line(String)
  /// End of input: Ctrl-D on an empty line, or stdin closed.
  case endOfFile
  /// Ctrl-C on an empty line. (Ctrl-C on a half-typed line only clears that line.)
  case interrupted
  /// SIGHUP, SIGTERM or SIGQUIT (and, when reading plain lines, SIGINT) arrived while reading:
  /// the caller saves its state and exits. The terminal is already restored.
  case terminated
}

/// What a reader shows before input, and what may change while it waits.
public struct LinePrompt {
  /// Text printed as it is, above the editing line, before reading.
  public var header: String?
  /// The editing prompt (it may hold ANSI colour sequences). It is asked again whenever the line
  /// is drawn, so it may change while the person types: a clock.
  public var text: () -> String
  /// While waiting, redraw the line this often (seconds), so that a changing ``text`` shows;
  /// nil never.
  public var refreshInterval: Double?
  /// Asked at each redraw: text to print on lines of its own above the editing line (a notice
  /// that a time budget has passed), once; nil when there is nothing to say.
  public var notice: (() -> String?)?

  public init(
    header: String? = nil, refreshInterval: Double? = nil, notice: (() -> String?)? = nil,
    _ text: @escaping () -> String
  ) {
    self.header = header
    self.text = text
    self.refreshInterval = refreshInterval
    self.notice = notice
  }

  /// A prompt that does not change. Text before its last newline is printed above the line.
  public init(_ prompt: String) {
    if let newline = prompt.lastIndex(of: "\n") {
      header = String(prompt[..<newline])
      let text = String(prompt[prompt.index(after: newline)...])
      self.text = { text }
    } else {
      header = nil
      self.text = { prompt }
    }
    refreshInterval = nil
    notice = nil
  }
}

/// A source of input lines: libedit on a terminal, plain lines otherwise, a script in tests.
public protocol LineReader: AnyObject {
  /// Shows `prompt` and reads one line.
  func read(_ prompt: LinePrompt) -> LineEvent
  /// Reads the answer to a side question (a confirmation, say): like ``read(_:)``, but the line
  /// is not kept in the history.
  func readAside(_ prompt: LinePrompt) -> LineEvent
  /// Offers completions: given the text before the cursor, returns the candidate words that may
  /// replace the last word of it.
  var completer: ((_ textBeforeCursor: String) -> [String])? { get set }
  /// The lines Up and Ctrl-R recall, oldest first. Set it before reading; lines read are added
  /// unless ``remembers`` says no.
  var history: [String] { get set }
  /// Whether a line read goes into the history (`/private` text never does).
  var remembers: ((String) -> Bool)? { get set }
}

extension LineReader {
  /// Readers without history read side questions as any other line.
  public func readAside(_ prompt: LinePrompt) -> LineEvent { read(prompt) }

  /// Shows `prompt` (text before its last newline above the line) and reads one line.
  public func read(prompt: String) -> LineEvent { read(LinePrompt(prompt)) }

  public func readAside(prompt: String) -> LineEvent { readAside(LinePrompt(prompt)) }
}
