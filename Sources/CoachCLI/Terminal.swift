import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Facts about the terminal, and writing to the standard streams.
enum Terminal {
  /// Whether stdin is a terminal: then coach edits lines with libedit.
  static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  /// Whether stdout is a terminal.
  static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

  /// Whether colour may be used on stdout: a terminal, no NO_COLOR, TERM not dumb.
  static func colorAllowed(for fd: Int32 = STDOUT_FILENO) -> Bool {
    let env = ProcessInfo.processInfo.environment
    if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
    if env["TERM"] == "dumb" || env["TERM"] == nil { return false }
    return isatty(fd) == 1
  }

  /// The terminal's size, when stdout is one.
  static var size: (columns: Int, rows: Int)? {
    var ws = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
    return (Int(ws.ws_col), Int(ws.ws_row))
  }

  static func standardOutput(_ text: String) {
    write(text, to: STDOUT_FILENO)
  }

  static func standardError(_ text: String) {
    write(text, to: STDERR_FILENO)
  }

  /// Writes all of `text` to `fd`, unbuffered (so output and prompts interleave correctly).
  static func write(_ text: String, to fd: Int32) {
    var text = text
    text.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += n
      }
    }
  }
}
