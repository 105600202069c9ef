import Foundation
import SystemPackage

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

  /// The terminal's size, when stdout is one.
  static var size: (columns: Int, rows: Int)? {
    var ws = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
    return (Int(ws.ws_col), Int(ws.ws_row))
  }

  /// The width to lay text out in: the terminal's when stdout is one (it follows a resize),
  /// else `$COLUMNS`, else `fallback` (nil: text is not wrapped, as when writing to a pipe).
  static func width(fallback: Int? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Int?
  {
    if let columns = size?.columns { return columns }
    if let columns = environment["COLUMNS"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
      columns > 0
    {
      return columns
    }
    return fallback
  }

  /// The width to lay side-by-side output out in: as ``width(fallback:environment:)``, else 100.
  static func outputWidth() -> Int { width(fallback: 100) ?? 100 }

  static func standardOutput(_ text: String) {
    write(text, to: .standardOutput)
  }

  static func standardError(_ text: String) {
    write(text, to: .standardError)
  }

  /// Writes all of `text` to `fd`, unbuffered (so output and prompts interleave correctly); a
  /// stream that is gone (a closed pipe) is left alone.
  static func write(_ text: String, to fd: FileDescriptor) {
    _ = try? fd.writeAll(text.utf8)
  }
}

/// Where text output goes: the standard output, or a buffer in tests.
protocol TextSink: AnyObject {
  func write(_ text: String)
}

final class StandardOutput: TextSink {
  func write(_ text: String) { Terminal.standardOutput(text) }
}

/// Collects what is written (for tests).
final class CapturedOutput: TextSink {
  private(set) var text = ""
  func write(_ text: String) { self.text += text }
}
