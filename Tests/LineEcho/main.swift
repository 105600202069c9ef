// line-echo: reads lines with EditLineReader and prints each event on a line of its own, so that
// the pty tests in LineEditingTests see exactly what was read:
//
//   EVENT line "<the line, JSON-escaped>"
//   EVENT interrupted | EVENT endOfFile | EVENT terminated
//   TERMIOS restored | TERMIOS changed     (after the last event: compared with the start)
//   BYE
//
// Environment: LINE_ECHO_PROMPT (default: a coloured `echo> `); LINE_ECHO_HISTORY (lines to seed
// the history with, separated by newlines); LINE_ECHO_TICK (seconds: the prompt then shows a
// counter of ticks, `echo 3> `, redrawn at that interval); LINE_ECHO_NOTICE (seconds: after
// that long a notice is printed above the line, once). Lines starting with `/private` are kept
// out of the history. The completer offers the words below that start with the word before
// the cursor; completing `/exit` calls exit(3) in the middle of the read, to test the exit path.

import LineEditing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let words = ["/note", "/next", "/help", "/where", "apple", "apricot", "Zoë", "東京"]

func environment(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}

func json(_ text: String) -> String {
  var escaped = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": escaped += "\\\""
    case "\\": escaped += "\\\\"
    case "\n": escaped += "\\n"
    case "\r": escaped += "\\r"
    case "\t": escaped += "\\t"
    case _ where scalar.value < 0x20 || scalar.value == 0x7F:
      let hex = String(scalar.value, radix: 16)
      escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    default: escaped.unicodeScalars.append(scalar)
    }
  }
  return escaped + "\""
}

func emit(_ text: String) {
  print(text)
  fflush(nil)
}

func terminalAttributes() -> termios? {
  var attributes = termios()
  return tcgetattr(STDIN_FILENO, &attributes) == 0 ? attributes : nil
}

let initial = terminalAttributes()

func reportTerminalAndExit(initial: termios?) -> Never {
  if let initial, let now = terminalAttributes() {
    let same = withUnsafeBytes(of: initial) { a in
      withUnsafeBytes(of: now) { b in a.elementsEqual(b) }
    }
    emit(same ? "TERMIOS restored" : "TERMIOS changed")
  }
  emit("BYE")
  exit(0)
}

let prompt = environment("LINE_ECHO_PROMPT") ?? "\u{1B}[1;36mecho\u{1B}[0m> "
let reader: EditLineReader
do {
  reader = try EditLineReader(name: "line-echo")
} catch {
  emit("ERROR \(error)")
  exit(1)
}
reader.completer = { before in
  let word = before.split(separator: " ", omittingEmptySubsequences: false).last ?? ""
  if word == "/exit" { exit(3) }
  return words.filter { $0.hasPrefix(word) }
}

if let lines = environment("LINE_ECHO_HISTORY") {
  reader.history = lines.split(separator: "\n").map(String.init)
}
reader.remembers = { !$0.hasPrefix("/private") }

func monotonic() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let started = monotonic()
let tick = environment("LINE_ECHO_TICK").flatMap(Double.init)
let noticeAfter = environment("LINE_ECHO_NOTICE").flatMap(Double.init)
var noticed = false
var linePrompt = LinePrompt(prompt)
if let tick {
  linePrompt = LinePrompt(
    refreshInterval: tick,
    notice: {
      guard let noticeAfter, !noticed, monotonic() - started >= noticeAfter else { return nil }
      noticed = true
      return "NOTICE: the time is up"
    }
  ) { "echo \(Int((monotonic() - started) / tick))> " }
}

while true {
  switch reader.read(linePrompt) {
  case .line(let line):
    emit("EVENT line " + json(line))
  case .interrupted:
    emit("EVENT interrupted")
  case .endOfFile:
    emit("EVENT endOfFile")
    reportTerminalAndExit(initial: initial)
  case .terminated:
    emit("EVENT terminated")
    reportTerminalAndExit(initial: initial)
  }
}
