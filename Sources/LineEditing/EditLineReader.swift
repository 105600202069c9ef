internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads lines on a terminal with libedit, as readline-based tools do: emacs keys (plus Home,
/// End, Delete and Ctrl-arrows), Tab completion through ``completer``, per-file history with Up
/// and Ctrl-R incremental search, bracketed paste, `~/.editrc`, UTF-8 throughout.
///
/// - Ctrl-C clears a half-typed line and keeps reading; on an empty line ``read(prompt:)``
///   returns ``LineEvent/interrupted``. Ctrl-D on an empty line returns ``LineEvent/endOfFile``.
/// - SIGTERM, SIGHUP (and SIGQUIT) during a read return ``LineEvent/terminated`` with the
///   terminal already restored; the caller saves its state and exits.
/// - Signals are caught only while a read is in progress (see `TerminalSignals`): the handlers
///   write to a self-pipe that the character reader polls along with the terminal, and turn
///   SIGINT into a Ctrl-C key and SIGWINCH into a redraw. Between reads the process's own signal
///   dispositions apply, and the terminal is in its normal (cooked) mode.
/// - After every event the cursor is at the start of a fresh line.
///
/// Use it when ``isTerminal()`` is true and `TERM` is not `dumb`; ``PlainLineReader`` otherwise.
/// Only one reader should be reading at a time.
public final class EditLineReader: LineReader {
  /// Why a reader could not be made.
  public enum Failure: Error, Equatable {
    /// `el_init` or `history_winit` failed, or no pipe could be made for signals.
    case editLineUnavailable
  }

  /// Given the text before the cursor, the words that may replace its last word (the text after
  /// its last space). Tab inserts their longest common prefix, or lists them when that adds
  /// nothing. Unique candidates are inserted without a trailing space.
  public var completer: ((_ textBeforeCursor: String) -> [String])?

  /// The most entries kept in memory (the file keeps every entry).
  public static let historyLimit = 1000

  /// Bytes that turn bracketed paste on and off.
  static let pasteOn = "\u{1B}[?2004h"
  static let pasteOff = "\u{1B}[?2004l"
  /// The keys the character reader makes up: SIGINT arrives as Ctrl-C, SIGWINCH, SIGCONT and a
  /// resumed SIGTSTP as Ctrl-^ (bound to `ed-redisplay`).
  static let interruptKey: wchar_t = 0x03
  static let redrawKey: wchar_t = 0x1E

  let editLine: OpaquePointer
  let history: OpaquePointer
  let signals: TerminalSignals
  let input: TerminalInput
  let outFile: UnsafeMutablePointer<FILE>
  /// Whether stdin and stdout are a terminal.
  let interactive: Bool
  /// Whether stdin and stdout are a terminal that understands escape sequences.
  let usesEscapes: Bool
  private let historyFile: HistoryFile?
  /// Off while a side question is read, so that its answer stays out of the history.
  private var remembersLines = true
  private var lastHistoryEntry: String?
  private var promptBuffer = WideString("")
  private var functionNames: [WideString] = []

  /// Made-up keys waiting to be returned by the character reader.
  var pendingKeys: [wchar_t] = []
  /// Set by Ctrl-C on an empty line.
  var interrupted = false
  /// Set by SIGTERM, SIGHUP or SIGQUIT during a read.
  var terminatingSignal: Int32?

  /// Whether stdin and stdout are both terminals.
  public static func isTerminal() -> Bool {
    isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
  }

  /// - Parameters:
  ///   - historyFile: the history file of this dialog (created 0600 on the first line worth
  ///     keeping; its missing directories 0700); `nil` keeps history in memory only.
  ///   - name: the program name for `~/.editrc` lines of the form `name:bind …`.
  public init(historyFile: String?, name: String = "coach") throws(Failure) {
    TerminalText.ensureUTF8Locale()
    guard let signals = TerminalSignals() else { throw .editLineUnavailable }
    guard let editLine = el_init(name, coach_stdin(), coach_stdout(), coach_stderr()) else {
      throw .editLineUnavailable
    }
    guard let history = history_winit() else {
      el_end(editLine)
      throw .editLineUnavailable
    }
    self.signals = signals
    self.editLine = editLine
    self.history = history
    self.input = TerminalInput(fd: STDIN_FILENO, signals: signals)
    self.outFile = coach_el_get_outfile(editLine) ?? coach_stdout()
    let term = getenv("TERM").map { String(cString: $0) } ?? ""
    self.interactive = Self.isTerminal()
    self.usesEscapes = interactive && !term.isEmpty && term != "dumb"
    self.historyFile = historyFile.map { HistoryFile(path: $0) }
    configure()
    loadHistory()
  }

  deinit {
    el_end(editLine)
    history_wend(history)
  }

  /// Shows `prompt` and reads one line. Text before the prompt's last newline is printed as is;
  /// the rest is the editing prompt, whose escape sequences take no column.
  public func readAside(prompt: String) -> LineEvent {
    remembersLines = false
    defer { remembersLines = true }
    return read(prompt: prompt)
  }

  public func read(prompt: String) -> LineEvent {
    let (header, editingPrompt) = Self.split(prompt)
    promptBuffer = WideString(PromptText.marked(editingPrompt))
    interrupted = false
    terminatingSignal = nil
    pendingKeys = []
    if input.discardPendingSignals().contains(where: Self.isTerminating) { return .terminated }

    var saved = termios()
    let restorable = tcgetattr(STDIN_FILENO, &saved) == 0
    signals.install()
    if restorable {
      TerminalSignals.armExitRestore(fd: STDIN_FILENO, attributes: saved, paste: usesEscapes)
    }
    defer {
      TerminalSignals.disarmExitRestore()
      signals.restore()
    }
    if let header { write(header + "\n") }
    if usesEscapes { write(Self.pasteOn) }

    var count: Int32 = 0
    let line = el_wgets(editLine, &count).map { String(wide: $0, count: Int(count)) }

    if usesEscapes { write(Self.pasteOff) }
    if terminatingSignal != nil {
      if restorable { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
      if interactive { write("\n") }
      return .terminated
    }
    if var line {
      if line.hasSuffix("\n") { line.removeLast() }
      remember(line)
      return .line(line)
    }
    if interactive { write("\n") }
    return interrupted ? .interrupted : .endOfFile
  }

  /// Writes `text` through libedit's output stream (so that it stays in order with libedit's own
  /// output) and flushes it.
  func write(_ text: String) {
    fputs(text, outFile)
    fflush(outFile)
  }

  /// The reader whose `EditLine` a libedit callback was given.
  static func reader(of editLine: OpaquePointer?) -> EditLineReader? {
    guard let editLine, let data = coach_el_get_clientdata(editLine) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
  }

  static func isTerminating(_ signal: Int32) -> Bool {
    signal == SIGTERM || signal == SIGHUP || signal == SIGQUIT
  }

  /// Splits a prompt at its last newline: what to print first, and the editing prompt.
  static func split(_ prompt: String) -> (header: String?, prompt: String) {
    guard let newline = prompt.lastIndex(of: "\n") else { return (nil, prompt) }
    return (String(prompt[..<newline]), String(prompt[prompt.index(after: newline)...]))
  }

  // MARK: - Set-up

  private func configure() {
    coach_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
    coach_el_set_getcfn(editLine) { editLine, character in
      guard let reader = EditLineReader.reader(of: editLine), let character else { return -1 }
      return reader.readCharacter(into: character)
    }
    coach_el_set_prompt_esc(
      editLine,
      { editLine in EditLineReader.reader(of: editLine)?.promptBuffer.pointer },
      wchar_t(bitPattern: PromptText.marker.value))
    bind(editor: "emacs")
    coach_el_set_signal(editLine, 0)
    coach_el_set_hist(editLine, history)
    coach_history_setsize(history, Int32(Self.historyLimit))
    coach_history_setunique(history, 1)
    addFunction("coach-complete", help: "Complete the word before the cursor") { editLine, _ in
      EditLineReader.reader(of: editLine)?.complete() ?? UInt8(CC_ERROR)
    }
    addFunction("coach-paste", help: "Insert a bracketed paste") { editLine, _ in
      EditLineReader.reader(of: editLine)?.paste() ?? UInt8(CC_ERROR)
    }
    addFunction("coach-interrupt", help: "Clear the line, or interrupt on an empty line") {
      editLine, _ in
      EditLineReader.reader(of: editLine)?.interrupt() ?? UInt8(CC_ERROR)
    }
    for (key, function) in Self.preferenceBindings { bind(key, to: function) }
    // libedit's edit mode translates CR to LF and LF to CR on input: without both, a paste's
    // CR LF stays one line break instead of two. Enter (^M) is bound to ed-newline like ^J.
    run(["setty", "-d", "-icrnl", "-inlcr"])
    bindEssentials()
    sourceStartupFile()
    // A startup file may switch key maps (`bind -v`) or rebind these keys: the functions that
    // make Ctrl-C, paste and redraws work are bound again.
    bindEssentials()
  }

  /// Keys a user may rebind in `~/.editrc`.
  static let preferenceBindings: [(String, String)] = [
    ("^I", "coach-complete"),
    ("^R", "em-inc-search-prev"),
    ("\\e[H", "ed-move-to-beg"), ("\\eOH", "ed-move-to-beg"),
    ("\\e[1~", "ed-move-to-beg"), ("\\e[7~", "ed-move-to-beg"),
    ("\\e[F", "ed-move-to-end"), ("\\eOF", "ed-move-to-end"),
    ("\\e[4~", "ed-move-to-end"), ("\\e[8~", "ed-move-to-end"),
    ("\\e[3~", "ed-delete-next-char"),
    ("\\e[1;5C", "em-next-word"), ("\\e[5C", "em-next-word"),
    ("\\e[1;5D", "ed-prev-word"), ("\\e[5D", "ed-prev-word"),
  ]

  private func bindEssentials() {
    bind("^C", to: "coach-interrupt")
    bind("\\036", to: "ed-redisplay")
    bind("\\e[200~", to: "coach-paste")
  }

  /// Runs a libedit builtin command (`bind`, `setty`, …) as `~/.editrc` lines are run.
  private func run(_ words: [String]) {
    var arguments = words.map { UnsafePointer(strdup($0)) }
    defer { arguments.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
    _ = el_parse(editLine, Int32(words.count), &arguments)
  }

  private func bind(editor: String) {
    _ = editor.withWideCString { coach_el_set_editor(editLine, $0) }
  }

  private func bind(_ key: String, to function: String) {
    _ = key.withWideCString { key in
      function.withWideCString { coach_el_bind(editLine, key, $0) }
    }
  }

  private func addFunction(
    _ name: String, help: String,
    _ function: @convention(c) (OpaquePointer?, Int32) -> UInt8
  ) {
    let name = WideString(name)
    let help = WideString(help)
    functionNames += [name, help]
    coach_el_addfn(editLine, name.pointer, help.pointer, function)
  }

  /// Reads `$EDITRC`, else `~/.editrc` (`el_source(el, NULL)`; Debian's libedit finds the file
  /// with `secure_getenv`, builds with neither it nor `issetugid` read no startup file).
  private func sourceStartupFile() {
    _ = coach_el_source(editLine, nil)
  }

  // MARK: - History

  private func loadHistory() {
    guard let historyFile else { return }
    for entry in historyFile.load(limit: Self.historyLimit) {
      _ = entry.withWideCString { coach_history_enter(history, $0) }
      lastHistoryEntry = entry
    }
  }

  /// Adds an accepted line to the history and appends it to the file, unless it is empty, starts
  /// with a space or repeats the previous entry. A file that cannot be written is left alone:
  /// reading goes on.
  private func remember(_ line: String) {
    guard remembersLines, HistoryFile.shouldRemember(line, after: lastHistoryEntry) else { return }
    _ = line.withWideCString { coach_history_enter(history, $0) }
    lastHistoryEntry = line
    try? historyFile?.append(line)
  }
}
