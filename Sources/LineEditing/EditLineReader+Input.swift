internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension EditLineReader {
  /// libedit's `EL_GETCFN`: one character into `character` (1), end of input (0) or an error
  /// (-1). Signals become keys here: SIGINT a Ctrl-C, SIGWINCH (after `el_resize`) and SIGCONT a
  /// redraw; SIGTSTP restores the terminal, stops, and redraws once continued; SIGTERM, SIGHUP
  /// and SIGQUIT end the read.
  func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    if !pendingKeys.isEmpty {
      character.pointee = pendingKeys.removeFirst()
      return 1
    }
    while true {
      switch input.next() {
      case .scalar(let scalar):
        character.pointee = wchar_t(bitPattern: scalar.value)
        return 1
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
        switch signal {
        case SIGINT:
          character.pointee = Self.interruptKey
        case SIGWINCH:
          el_resize(editLine)
          character.pointee = Self.redrawKey
        case SIGTSTP:
          suspend()
          character.pointee = Self.redrawKey
        case SIGCONT:
          // The shell may have changed the terminal while we were stopped: set raw mode again.
          coach_el_prep_term(editLine, 0)
          coach_el_prep_term(editLine, 1)
          el_resize(editLine)
          character.pointee = Self.redrawKey
        default:
          continue
        }
        return 1
      }
    }
  }

  /// Ctrl-C (`coach-interrupt`): clears a non-empty line and goes on editing; on an empty line,
  /// ends the read as ``LineEvent/interrupted``.
  func interrupt() -> UInt8 {
    let line = el_wline(editLine).pointee
    if line.buffer == line.lastchar {
      interrupted = true
      write("^C")
      return UInt8(CC_EOF)
    }
    _ = el_cursor(editLine, Int32(line.lastchar - line.cursor))
    el_deletestr(editLine, Int32(line.lastchar - line.buffer))
    return UInt8(CC_REFRESH)
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
