internal import CCoachSystem
internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads lines on a terminal with libedit, as readline-based tools do: emacs keys (plus Home,
/// End, Delete and Ctrl-arrows), Tab completion through ``completer``, a history with Up and a
/// Ctrl-R search that ends the way bash's does, bracketed paste, `~/.editrc`, UTF-8 throughout.
///
/// - Ctrl-C clears a half-typed line and keeps reading; on an empty line ``read(_:)`` returns
///   ``LineEvent/interrupted``. Ctrl-D on an empty line returns ``LineEvent/endOfFile``.
/// - SIGTERM, SIGHUP (and SIGQUIT) during a read return ``LineEvent/terminated`` with the
///   terminal already restored; the caller saves its state and exits.
/// - Signals are caught only while a read is in progress (see `TerminalSignals`): the handlers
///   write to a self-pipe that the character reader polls along with the terminal. SIGINT
///   becomes a Ctrl-C key, SIGWINCH a redraw from the prompt's first row at the new width.
/// - Escape sequences reach libedit only when they are bound to something (``EscapeSequence``);
///   any other is dropped whole: no byte of one ever lands in a line.
/// - A prompt whose text changes (a clock) is redrawn every ``LinePrompt/refreshInterval``
///   seconds without disturbing the line, and a ``LinePrompt/notice`` is printed above it.
/// - The history is in memory only (``history``): nothing typed is written to a file.
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
  /// nothing. A candidate after which more is typed (a command) ends with a space, so that a
  /// unique one is inserted with it; the list shows candidates without it.
  public var completer: ((_ textBeforeCursor: String) -> [String])?

  /// Whether a line read is added to the history; nil adds every line worth keeping.
  public var remembers: ((String) -> Bool)?

  /// The most entries kept.
  public static let historyLimit = 1000

  /// Bytes that turn bracketed paste on and off.
  static let pasteOn = "\u{1B}[?2004h"
  static let pasteOff = "\u{1B}[?2004l"
  /// The keys the character reader makes up: SIGINT arrives as Ctrl-C, SIGCONT and a resumed
  /// SIGTSTP as Ctrl-^ (bound to `ed-redisplay`).
  static let interruptKey: wchar_t = 0x03
  static let redrawKey: wchar_t = 0x1E

  let editLine: OpaquePointer
  let historyHandle: OpaquePointer
  let signals: TerminalSignals
  let input: TerminalInput
  let outFile: UnsafeMutablePointer<FILE>
  /// Whether stdin and stdout are a terminal.
  let interactive: Bool
  /// Whether stdin and stdout are a terminal that understands escape sequences.
  let usesEscapes: Bool
  /// Off while a side question is read, so that its answer stays out of the history.
  private var remembersLines = true
  private(set) var entries: [String] = []
  private var functionNames: [WideString] = []

  /// The prompt being read with, and what libedit was last given to draw.
  var prompt = LinePrompt("")
  private var promptBuffer = WideString("")
  /// The marked prompt libedit last drew.
  private(set) var promptSource = ""
  /// While a search runs, the prompt it shows instead (`search: Acme`).
  var searchPrompt: String?
  /// The terminal's width when the line was last drawn.
  var drawnColumns = 80
  /// When the line is next redrawn for a changing prompt.
  var nextRefresh: Double?

  /// Whether a key was given to libedit in this read (so the line may have changed).
  var keyWasRead = false
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

  /// - Parameter name: the program name for `~/.editrc` lines of the form `name:bind …`.
  public init(name: String = "coach") throws(Failure) {
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
    self.historyHandle = history
    self.input = TerminalInput(fd: STDIN_FILENO, signals: signals)
    self.outFile = coach_el_get_outfile(editLine) ?? coach_stdout()
    let term = getenv("TERM").map { String(cString: $0) } ?? ""
    self.interactive = Self.isTerminal()
    self.usesEscapes = interactive && !term.isEmpty && term != "dumb"
    configure()
  }

  deinit {
    el_end(editLine)
    history_wend(historyHandle)
  }

  /// The lines Up and Ctrl-R recall, oldest first.
  public var history: [String] {
    get { entries }
    set {
      coach_history_clear(historyHandle)
      entries = []
      for line in newValue.suffix(Self.historyLimit) { add(line) }
    }
  }

  public func readAside(_ prompt: LinePrompt) -> LineEvent {
    remembersLines = false
    defer { remembersLines = true }
    return read(prompt)
  }

  public func read(_ prompt: LinePrompt) -> LineEvent {
    self.prompt = prompt
    searchPrompt = nil
    interrupted = false
    terminatingSignal = nil
    pendingKeys = []
    keyWasRead = false
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
    if let header = prompt.header { write(header + "\n") }
    if usesEscapes { write(Self.pasteOn) }
    drawnColumns = TerminalText.columns()
    scheduleRefresh()

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

  // MARK: - The prompt

  /// The prompt as libedit draws it now: the search's, else the prompt's current text, with
  /// its escape sequences marked.
  var promptText: String {
    PromptText.marked(searchPrompt ?? prompt.text())
  }

  /// libedit's prompt callback: the text made anew when it changed.
  fileprivate func promptPointer() -> UnsafeMutablePointer<wchar_t> {
    let text = promptText
    if text != promptSource {
      promptSource = text
      promptBuffer = WideString(text)
    }
    drawnColumns = TerminalText.columns()
    return promptBuffer.pointer
  }

  /// When the next redraw for a changing prompt is due (monotonic seconds).
  func scheduleRefresh() {
    nextRefresh = prompt.refreshInterval.map { TerminalInput.now() + max(0.2, $0) }
  }

  // MARK: - The line

  /// The line being edited, and the part before the cursor.
  var line: (text: String, beforeCursor: String) {
    let info = el_wline(editLine).pointee
    return (
      String(wide: info.buffer, count: info.lastchar - info.buffer),
      String(wide: info.buffer, count: info.cursor - info.buffer)
    )
  }

  /// Replaces the line with `text` and puts the cursor `cursor` characters into it.
  func setLine(_ text: String, cursor: Int) {
    let info = el_wline(editLine).pointee
    _ = el_cursor(editLine, Int32(info.lastchar - info.cursor))
    el_deletestr(editLine, Int32(info.lastchar - info.buffer))
    if !text.isEmpty { _ = text.withWideCString { el_winsertstr(editLine, $0) } }
    let length = text.unicodeScalars.count
    _ = el_cursor(editLine, Int32(max(0, min(length, cursor)) - length))
  }

  /// Draws the prompt and the line anew from the prompt's first row, and clears what was below;
  /// `above` is printed first, on lines of its own.
  ///
  /// After a resize (`previousColumns` the width before it), the rows the line takes up to the
  /// cursor are counted at the new width: terminals that reflow wrapped text when resized (tmux,
  /// VTE, kitty, iTerm2, Konsole, Windows Terminal) have joined or split its rows. xterm, which
  /// does not reflow (it sets `XTERM_VERSION`), keeps the rows of the old width.
  func repaint(above: String? = nil, previousColumns: Int? = nil) {
    let (_, before) = line
    let now = TerminalText.columns()
    let shown = promptSource.isEmpty ? promptText : promptSource
    let reflows = getenv("XTERM_VERSION") == nil
    let layoutColumns = previousColumns.map { reflows ? now : $0 } ?? now
    let rows = LineLayout.cursorRow(prompt: shown, text: before, columns: layoutColumns)
    var text = "\r"
    if rows > 0 { text += "\u{1B}[\(rows)A" }
    text += "\u{1B}[J"
    if let above { text += above.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n" }
    write(text)
    drawnColumns = now
    coach_el_refresh(editLine)
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
      { editLine in EditLineReader.reader(of: editLine)?.promptPointer() },
      wchar_t(bitPattern: PromptText.marker.value))
    bind(editor: "emacs")
    coach_el_set_signal(editLine, 0)
    coach_el_set_hist(editLine, historyHandle)
    coach_history_setsize(historyHandle, Int32(Self.historyLimit))
    coach_history_setunique(historyHandle, 1)
    addFunction("coach-complete", help: "Complete the word before the cursor") { editLine, _ in
      EditLineReader.reader(of: editLine)?.complete() ?? UInt8(CC_ERROR)
    }
    addFunction("coach-paste", help: "Insert a bracketed paste") { editLine, _ in
      EditLineReader.reader(of: editLine)?.paste() ?? UInt8(CC_ERROR)
    }
    addFunction("coach-interrupt", help: "Clear the line, or interrupt on an empty line") { editLine, _ in
      EditLineReader.reader(of: editLine)?.interrupt() ?? UInt8(CC_ERROR)
    }
    addFunction("coach-search", help: "Search the history backwards as you type") { editLine, _ in
      EditLineReader.reader(of: editLine)?.search() ?? UInt8(CC_ERROR)
    }
    addFunction("coach-delete-next", help: "Delete the character under the cursor") { editLine, _ in
      EditLineReader.reader(of: editLine)?.deleteNext(endOfFileWhenEmpty: false) ?? UInt8(CC_ERROR)
    }
    addFunction("coach-delete-or-eof", help: "Delete the character under the cursor, or end input") {
      editLine, _ in
      EditLineReader.reader(of: editLine)?.deleteNext(endOfFileWhenEmpty: true) ?? UInt8(CC_ERROR)
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
    ("^R", "coach-search"),
    ("^D", "coach-delete-or-eof"),
    ("\\e[H", "ed-move-to-beg"), ("\\eOH", "ed-move-to-beg"),
    ("\\e[1~", "ed-move-to-beg"), ("\\e[7~", "ed-move-to-beg"),
    ("\\e[F", "ed-move-to-end"), ("\\eOF", "ed-move-to-end"),
    ("\\e[4~", "ed-move-to-end"), ("\\e[8~", "ed-move-to-end"),
    ("\\e[3~", "coach-delete-next"),
    ("\\e[1;5C", "em-next-word"), ("\\e[5C", "em-next-word"), ("\\e[1;3C", "em-next-word"),
    ("\\e[1;5D", "ed-prev-word"), ("\\e[5D", "ed-prev-word"), ("\\e[1;3D", "ed-prev-word"),
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

  /// Whether `line` belongs in the history after `previous`: not empty, not starting with a
  /// space (the usual way to keep a line out of the history), not blank, and not equal to the
  /// entry before it.
  static func shouldRemember(_ line: String, after previous: String?) -> Bool {
    guard let first = line.unicodeScalars.first, first != " " else { return false }
    if line.allSatisfy(\.isWhitespace) { return false }
    return line != previous
  }

  private func add(_ line: String) {
    guard Self.shouldRemember(line, after: entries.last) else { return }
    _ = line.withWideCString { coach_history_enter(historyHandle, $0) }
    entries.append(line)
    if entries.count > Self.historyLimit { entries.removeFirst(entries.count - Self.historyLimit) }
  }

  /// Adds an accepted line to the history, unless it is a side answer or ``remembers`` says no.
  private func remember(_ line: String) {
    guard remembersLines, remembers?(line) ?? true else { return }
    add(line)
  }
}
