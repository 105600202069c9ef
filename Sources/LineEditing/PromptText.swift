/// Turns a prompt that may hold ANSI escape sequences into the form libedit's `EL_PROMPT_ESC`
/// wants: every escape sequence between two marker characters, so that it takes no column.
///
/// libedit prints a marked run together with the visible character that follows it (and drops a
/// run that nothing visible follows), so consecutive sequences are merged into one run, a run is
/// moved past zero-width characters to the next visible one, and a run at the very end goes
/// before the trailing space (or, without one, a space is added after it).
enum PromptText {
  /// The marker: SOH, which never occurs in a prompt (stray ones are removed).
  static let marker: Unicode.Scalar = "\u{01}"

  static func marked(_ prompt: String) -> String {
    let scalars = Array(prompt.unicodeScalars)
    var output: [Unicode.Scalar] = []
    var pending: [Unicode.Scalar] = []
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\u{1B}" {
        let end = escapeEnd(in: scalars, from: index)
        pending += scalars[index..<end]
        index = end
        continue
      }
      index += 1
      if scalar == marker || TerminalText.isControl(scalar) { continue }
      if TerminalText.width(of: scalar) >= 1, !pending.isEmpty {
        output += [marker] + pending + [marker]
        pending = []
      }
      output.append(scalar)
    }
    if !pending.isEmpty {
      let run = [marker] + pending + [marker]
      if output.last == " " {
        output.insert(contentsOf: run, at: output.count - 1)
      } else {
        output += run + [" "]
      }
    }
    return String(String.UnicodeScalarView(output))
  }

  /// The index just past the escape sequence starting at `start` (an ESC): CSI (`ESC [` …
  /// final byte), OSC (`ESC ]` … BEL or `ESC \`), or a two-character escape.
  static func escapeEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int {
    var index = start + 1
    guard index < scalars.count else { return index }
    switch scalars[index] {
    case "[":
      index += 1
      while index < scalars.count {
        let value = scalars[index].value
        index += 1
        if (0x40...0x7E).contains(value) { break }
      }
      return index
    case "]":
      index += 1
      while index < scalars.count {
        if scalars[index] == "\u{07}" { return index + 1 }
        if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" {
          return index + 2
        }
        index += 1
      }
      return index
    default:
      return index + 1
    }
  }
}
