// line-echo: reads lines with EditLineReader and prints each event on a line of its own, so that
// the pty tests in LineEditingTests see exactly what was read:
//
//   EVENT line "<the line, JSON-escaped>"
//   EVENT interrupted | EVENT endOfFile | EVENT terminated
//   TERMIOS restored | TERMIOS changed     (after the last event: compared with the start)
//   BYE
//
// Environment: LINE_ECHO_PROMPT (default: a coloured `echo> `), LINE_ECHO_HISTORY (history
// file; none by default). The completer offers the words below that start with the word before
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
  reader = try EditLineReader(historyFile: environment("LINE_ECHO_HISTORY"), name: "line-echo")
} catch {
  emit("ERROR \(error)")
  exit(1)
}
reader.completer = { before in
  let word = before.split(separator: " ", omittingEmptySubsequences: false).last ?? ""
  if word == "/exit" { exit(3) }
  return words.filter { $0.hasPrefix(word) }
}

while true {
  switch reader.read(prompt: prompt) {
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
