import CoachKit
import Foundation
import TextLayout

#if canImport(Glibc)
  import Glibc
#endif

/// Prints a recorded session back as it happened: the dialog is driven again with the inputs
/// the record holds, at their recorded times, and what coach said is shown as it was shown
/// (section headers, the question for each carried action item, echoes, errors, flags). When
/// the script at hand is not the one the session ran, the record's own transcript is printed.
struct ReplayPrinter {
  enum Pace {
    case timed(speed: Double)
    case instant
    case step
  }

  /// Recorded pauses longer than this are cut to it.
  static let longestPause = 3.0

  let pace: Pace
  let palette: Palette
  /// Leave private notes out.
  let shared: Bool
  let width: () -> Int?
  let output: TextSink

  init(
    pace: Pace, palette: Palette, shared: Bool, width: @escaping () -> Int?,
    output: TextSink = StandardOutput()
  ) {
    self.pace = pace
    self.palette = palette
    self.shared = shared
    self.width = width
    self.output = output
  }

  func play(_ record: SessionRecord, script: Script?) {
    let header = record.header
    var title = Sanitizer.inline(header.dialogTitle, limit: 80)
    if let with = header.with { title += " with \(Sanitizer.inline(with, limit: 40))" }
    let day = Clock.iso8601(header.startedAt).prefix(16).replacingOccurrences(of: "T", with: " ")
    output.write(palette.paint("══ \(title) · session \(header.id) · \(day) ══", .bold) + "\n")
    for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
    if let script, script.id == header.dialogID, script.sha256 == header.dialogSHA256 {
      redrive(record, script: script)
    } else {
      output.write(
        ChatText(palette: palette, width: width).aside(
          "the dialog has changed since this session, or is not at hand: shown from the record"))
      transcript(record)
    }
  }

  /// Drives the session's own script again with its recorded inputs and shows what it says.
  private func redrive(_ record: SessionRecord, script: Script) {
    let header = record.header
    let box = ClockBox(header.startedAt)
    let conversation = Conversation(
      script: script, context: header.context, clock: Clock(now: { box.now }),
      timeZone: header.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
    let renderer = ChatRenderer(
      palette: palette, width: width, echoInput: false, statusInPrompt: false, output: output,
      now: { box.now })
    var last = header.startedAt
    let events = record.events
    // Each input is handled again; the events it produces stand for those recorded after it.
    var index = 0
    if events.first?.kind != .resume {
      let reply = conversation.start()
      index = reply.events.count
      renderer.show(reply.outputs)
    }
    while index < events.count {
      let event = events[index]
      box.now = event.at
      let reply: Conversation.Reply
      var hidden = false
      switch event.body {
      case .resume:
        _ = wait(from: last, to: event.at, forKey: false)
        last = event.at
        reply = conversation.resume()
      case .pause(let pause) where pause.raw == nil:
        reply = conversation.interrupt(reason: pause.reason)
      default:
        guard let raw = event.raw, !conversation.isClosed else {
          index += 1
          continue
        }
        if case .note(let note) = event.body { hidden = shared && note.isPrivate }
        if !hidden {
          guard wait(from: last, to: event.at, forKey: true) else { return }
          output.write(
            palette.paint(ChatRenderer.youLabel, .boldGreen)
              + Sanitizer.visible(raw).replacingOccurrences(of: "\n", with: "\n" + ChatText.indent) + "\n")
        }
        last = event.at
        reply = conversation.handle(raw)
      }
      if !hidden { renderer.show(reply.outputs) }
      index += max(1, reply.events.count)
    }
  }

  /// The record's transcript: who said what, when.
  private func transcript(_ record: SessionRecord) {
    let chat = ChatText(palette: palette, width: width)
    var last: Date?
    var previous: FoldedRecord.TranscriptLine?
    for line in FoldedRecord(record, shared: shared).transcript {
      // A list or review ends with the same line as its last part: shown once.
      if let previous, previous.speaker == .you, line.speaker == .you, previous.text == line.text,
        previous.event == .partial, line.event == .answer
      {
        continue
      }
      previous = line
      if let last { guard wait(from: last, to: line.at, forKey: line.speaker == .you) else { return } }
      last = line.at
      if line.speaker == .you {
        output.write(
          palette.paint(ChatRenderer.youLabel, .boldGreen)
            + Sanitizer.visible(line.text).replacingOccurrences(of: "\n", with: "\n" + ChatText.indent) + "\n"
        )
      } else {
        output.write(chat.speak(line.text, line.event == .invalid ? .red : .plain))
      }
    }
  }

  /// Waits as the pace says before what happened at `to` (the last thing shown happened at
  /// `from`); false when the person stops a step-by-step replay.
  private func wait(from: Date, to: Date, forKey: Bool) -> Bool {
    switch pace {
    case .timed(let speed):
      let gap = min(Self.longestPause, max(0, to.timeIntervalSince(from))) / speed
      if gap > 0.01 { usleep(UInt32(gap * 1_000_000)) }
      return true
    case .step:
      return forKey ? waitForKey() : true
    case .instant:
      return true
    }
  }

  /// Waits for a key (Enter when input is not a terminal); false when the person quits (q or end).
  private func waitForKey() -> Bool {
    guard isatty(STDIN_FILENO) == 1 else { return readLine() != nil }
    if Terminal.outputIsTerminal {
      Terminal.standardOutput(palette.paint(ChatText.indent + "(any key: next answer; q: stop)", .dim))
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
