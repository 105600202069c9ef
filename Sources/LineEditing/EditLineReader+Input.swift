internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension EditLineReader {
  /// What one read of the keyboard gave.
  enum Key: Equatable {
    case scalar(Unicode.Scalar)
    /// A bound escape sequence, its leading ESC included.
    case sequence([Unicode.Scalar])
    /// ESC and another character: an Alt (Meta) key, or Esc typed just before the character.
    case meta(Unicode.Scalar)
    case signal(Int32)
    case endOfFile
    case failure(Int32)
    /// Nothing came before the refresh was due.
    case timeout
  }

  /// How long the rest of an escape sequence may take to come after its ESC.
  static let sequenceTimeout = 0.05

  /// The next key: a character, a bound escape sequence (an unbound one is dropped whole), a
  /// signal, the end of input, or a timeout when `until` (monotonic seconds) passes first.
  func nextKey(until deadline: Double? = nil) -> Key {
    while true {
      switch input.next(until: deadline) {
      case .timeout: return .timeout
      case .endOfFile: return .endOfFile
      case .failure(let code): return .failure(code)
      case .signal(let signal): return .signal(signal)
      case .scalar(let scalar) where scalar != "\u{1B}":
        return .scalar(scalar)
      case .scalar:
        let after = TerminalInput.now() + Self.sequenceTimeout
        var postponed: [Int32] = []
        let read = EscapeSequence.read {
          while true {
            switch input.next(until: after) {
            case .scalar(let scalar): return scalar
            case .signal(let signal): postponed.append(signal)
            default: return nil
            }
          }
        }
        input.postpone(postponed)
        switch read {
        case .alone: return .scalar("\u{1B}")
        case .meta(let scalar): return .meta(scalar)
        case .sequence(let body):
          if EscapeSequence.bound.contains(body) { return .sequence(["\u{1B}"] + Array(body.unicodeScalars)) }
          continue  // an unbound sequence: dropped whole
        }
      }
    }
  }

  /// libedit's `EL_GETCFN`: one character into `character` (1), end of input (0) or an error
  /// (-1). Signals become keys here: SIGINT a Ctrl-C, SIGCONT a redraw; SIGWINCH redraws at the
  /// new width; SIGTSTP restores the terminal, stops, and redraws once continued; SIGTERM,
  /// SIGHUP and SIGQUIT end the read. A changing prompt is redrawn when its refresh is due.
  func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    if !pendingKeys.isEmpty {
      character.pointee = pendingKeys.removeFirst()
      return 1
    }
    // libedit updates an edited line in place, and leaves the cursor a column off for each wide
    // character (CJK, emoji) after an insertion or deletion: such a line is drawn whole after
    // every key.
    if keyWasRead, lineHasWideCharacters { repaint() }
    keyWasRead = true
    while true {
      switch nextKey(until: nextRefresh) {
      case .scalar(let scalar):
        character.pointee = wchar_t(bitPattern: scalar.value)
        return 1
      case .sequence(let scalars):
        pendingKeys = scalars.dropFirst().map { wchar_t(bitPattern: $0.value) }
        character.pointee = wchar_t(bitPattern: scalars[0].value)
        return 1
      case .meta(let scalar):
        pendingKeys = [wchar_t(bitPattern: scalar.value)]
        character.pointee = 0x1B
        return 1
      case .timeout:
        refresh()
      case .endOfFile:
        character.pointee = 0
        return 0
      case .failure(let code):
        character.pointee = 0
        errno = code
        return -1
      case .signal(let signal):
        if Self.isTerminating(signal) {
          terminatingSignal = signal
          character.pointee = 0
          errno = EINTR
          return -1
        }
        if let key = react(to: signal) {
          character.pointee = key
          return 1
        }
      }
    }
  }

  /// What a signal other than a terminating one does while reading: the key it stands for, if
  /// any.
  func react(to signal: Int32) -> wchar_t? {
    switch signal {
    case SIGINT:
      return Self.interruptKey
    case SIGWINCH:
      let before = drawnColumns
      el_resize(editLine)
      repaint(previousColumns: before)
      return nil
    case SIGTSTP:
      suspend()
      return Self.redrawKey
    case SIGCONT:
      // The shell may have changed the terminal while we were stopped: set raw mode again.
      coach_el_prep_term(editLine, 0)
      coach_el_prep_term(editLine, 1)
      el_resize(editLine)
      return Self.redrawKey
    default:
      return nil
    }
  }

  /// The refresh of a changing prompt: a notice above the line when there is one, else the
  /// prompt and line drawn again in place.
  func refresh() {
    scheduleRefresh()
    let notice = prompt.notice?()
    if notice != nil || promptText != promptSource { repaint(above: notice) }
  }

  /// Ctrl-C (`coach-interrupt`): clears a non-empty line and goes on editing; on an empty line,
  /// ends the read as ``LineEvent/interrupted``.
  func interrupt() -> UInt8 {
    let info = el_wline(editLine).pointee
    if info.buffer == info.lastchar {
      interrupted = true
      write("^C")
      return UInt8(CC_EOF)
    }
    _ = el_cursor(editLine, Int32(info.lastchar - info.cursor))
    el_deletestr(editLine, Int32(info.lastchar - info.buffer))
    return UInt8(CC_REFRESH)
  }

  /// Delete and Ctrl-D (`coach-delete-next`, `coach-delete-or-eof`): deletes the character under
  /// the cursor; Ctrl-D on an empty line ends the input.
  func deleteNext(endOfFileWhenEmpty: Bool) -> UInt8 {
    let info = el_wline(editLine).pointee
    if info.buffer == info.lastchar { return UInt8(endOfFileWhenEmpty ? CC_EOF : CC_REFRESH_BEEP) }
    guard info.cursor < info.lastchar else { return UInt8(CC_REFRESH_BEEP) }
    _ = el_cursor(editLine, 1)
    el_deletestr(editLine, 1)
    return UInt8(CC_REFRESH)
  }

  /// Whether the line holds a character that is not one column wide.
  var lineHasWideCharacters: Bool {
    line.text.unicodeScalars.contains { TerminalText.width(of: $0) != 1 }
  }

  /// Job control: puts the terminal back, stops, and on `fg` sets raw mode again.
  private func suspend() {
    if usesEscapes { write(Self.pasteOff) }
    coach_el_prep_term(editLine, 0)
    signals.stopProcess()
    coach_el_prep_term(editLine, 1)
    el_resize(editLine)
    if usesEscapes { write(Self.pasteOn) }
  }
}
