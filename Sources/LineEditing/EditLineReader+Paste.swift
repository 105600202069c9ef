internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension EditLineReader {
  /// What ends a bracketed paste.
  static let pasteEnd = Array("\u{1B}[201~".unicodeScalars)

  /// `coach-paste`, bound to `ESC [ 200 ~`: reads the pasted text up to `ESC [ 201 ~` and inserts
  /// it into the line, newlines included, so that a pasted paragraph is one line that can still be
  /// edited before Enter. SIGTERM, SIGHUP, SIGQUIT and the end of input end the read; other
  /// signals wait until the paste is in (so Ctrl-C during a paste clears the line afterwards).
  func paste() -> UInt8 {
    var scalars: [Unicode.Scalar] = []
    var resized = false
    var postponed: [Int32] = []
    defer { input.postpone(postponed) }
    reading: while true {
      switch input.next() {
      case .scalar(let scalar):
        scalars.append(scalar)
        if scalars.count >= Self.pasteEnd.count,
          scalars.suffix(Self.pasteEnd.count).elementsEqual(Self.pasteEnd)
        {
          scalars.removeLast(Self.pasteEnd.count)
          break reading
        }
      case .endOfFile, .failure:
        return UInt8(CC_EOF)
      case .timeout:
        continue
      case .signal(let signal):
        if Self.isTerminating(signal) {
          terminatingSignal = signal
          return UInt8(CC_EOF)
        }
        if signal == SIGWINCH {
          el_resize(editLine)
          resized = true
        } else {
          postponed.append(signal)
        }
      }
    }
    let text = Self.normalisedPaste(scalars)
    if !text.isEmpty { _ = text.withWideCString { el_winsertstr(editLine, $0) } }
    return UInt8(resized ? CC_REDISPLAY : CC_REFRESH)
  }

  /// Pasted text as it goes into the line: CR LF and lone CR (what terminals send for a line
  /// break) become LF; other control characters except tab are dropped.
  static func normalisedPaste(_ scalars: [Unicode.Scalar]) -> String {
    var output = String.UnicodeScalarView()
    var previous: Unicode.Scalar?
    for scalar in scalars {
      defer { previous = scalar }
      switch scalar {
      case "\r": output.append("\n")
      case "\n": if previous != "\r" { output.append("\n") }
      case "\t": output.append(scalar)
      default: if !TerminalText.isControl(scalar) { output.append(scalar) }
      }
    }
    return String(output)
  }
}
