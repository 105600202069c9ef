import CoachKit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Prints a recorded session back as it happened: who said what, paced as recorded.
struct ReplayPrinter {
  enum Pace {
    case timed(speed: Double)
    case instant
    case step
  }

  /// Recorded pauses longer than this are cut to it.
  static let longestPause = 3.0

  let pace: Pace
  let color: Bool

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  func play(_ record: SessionRecord) {
    let folded = FoldedRecord(record)
    let header = record.header
    var title = Sanitizer.inline(header.dialogTitle, limit: 80)
    if let with = header.with { title += " with \(Sanitizer.inline(with, limit: 40))" }
    Terminal.standardOutput(
      paint("── \(title) · session \(header.id) · \(Clock.iso8601(header.startedAt).prefix(16)) ──", "1")
        + "\n")
    for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
    var last: Date?
    for line in folded.transcript {
      let at: Date? = line.at
      let speaker = line.speaker
      switch pace {
      case .timed(let speed):
        if let at, let last {
          let gap = min(Self.longestPause, max(0, at.timeIntervalSince(last))) / speed
          if gap > 0.01 { usleep(UInt32(gap * 1_000_000)) }
        }
      case .step:
        if speaker == .you, !waitForKey() { return }
      case .instant:
        break
      }
      last = at ?? last
      let text = Sanitizer.visible(line.text)
      let label = speaker == .you ? paint("  you › ", "1;32") : paint("coach › ", "1;34")
      Terminal.standardOutput(label + text.replacingOccurrences(of: "\n", with: "\n        ") + "\n")
    }
  }

  /// Waits for a key (Enter when input is not a terminal); false when the person quits (q or end).
  private func waitForKey() -> Bool {
    guard isatty(STDIN_FILENO) == 1 else { return readLine() != nil }
    if Terminal.outputIsTerminal {
      Terminal.standardOutput(paint("        (any key: next answer; q: stop)", "2"))
    }
    defer { if Terminal.outputIsTerminal { Terminal.standardOutput("\r\u{1B}[K") } }
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    var byte: UInt8 = 0
    let n = read(STDIN_FILENO, &byte, 1)
    return n == 1 && byte != UInt8(ascii: "q") && byte != 4
  }
}
