import Foundation
import TextLayout

/// A small terminal emulator: enough of xterm to turn coach's output (text, CR, LF, BS, cursor
/// moves, erases; colours ignored) into the text a person sees, with the scrollback kept.
public enum Screen {
  /// The rendered screen: every line from the first (trailing spaces trimmed), and the cursor.
  public struct State: Sendable {
    public var lines: [String]
    public var row: Int
    public var column: Int
    public var text: String { lines.joined(separator: "\n") }
  }

  public static func render(_ output: String, columns: Int) -> State {
    var rows: [[Character]] = [[]]
    var row = 0
    var column = 0
    var pendingWrap = false
    func put(_ character: Character) {
      // A character of no width (a lone mark) joins the one before it.
      let width = Self.width(of: character)
      guard width > 0 else {
        if column > 0, row < rows.count, column - 1 < rows[row].count {
          rows[row][column - 1] = Character(String(rows[row][column - 1]) + String(character))
        }
        return
      }
      if pendingWrap || column + width > columns {
        row += 1
        column = 0
        pendingWrap = false
      }
      while rows.count <= row { rows.append([]) }
      while rows[row].count < column + width { rows[row].append(" ") }
      rows[row][column] = character
      if width == 2 { rows[row][column + 1] = "\u{0}" }
      column += width
      if column >= columns {
        column = columns - 1
        pendingWrap = true
      }
    }
    var characters = Array(output)[...]
    while let character = characters.popFirst() {
      switch character {
      case "\r":
        column = 0
        pendingWrap = false
      case "\n", "\r\n":
        if character == "\r\n" { column = 0 }
        row += 1
        pendingWrap = false
        while rows.count <= row { rows.append([]) }
      case "\u{8}":
        column = max(0, column - 1)
        pendingWrap = false
      case "\u{7}":
        break
      case "\u{1B}":
        guard characters.first == "[" else {
          characters = characters.dropFirst()
          continue
        }
        characters = characters.dropFirst()
        var parameters = ""
        while let next = characters.first, !(next.isLetter || next == "~" || next == "@") {
          parameters.append(next)
          characters = characters.dropFirst()
        }
        let final = characters.popFirst() ?? " "
        let count = Int(parameters) ?? 1
        pendingWrap = false
        switch final {
        case "A": row = max(0, row - count)
        case "B":
          row += count
          while rows.count <= row { rows.append([]) }
        case "C": column = min(columns - 1, column + count)
        case "D": column = max(0, column - count)
        case "G": column = min(columns - 1, max(0, count - 1))
        case "@":  // insert blanks, shifting the rest of the line right
          if rows[row].count > column {
            rows[row].insert(contentsOf: repeatElement(" ", count: count), at: column)
            if rows[row].count > columns { rows[row].removeSubrange(columns...) }
          }
        case "P":  // delete characters, shifting the rest of the line left
          if rows[row].count > column {
            rows[row].removeSubrange(column..<min(rows[row].count, column + count))
          }
        case "K":
          if rows[row].count > column { rows[row].removeSubrange(column...) }
        case "J":
          if rows[row].count > column { rows[row].removeSubrange(column...) }
          rows.removeSubrange((row + 1)...)
        default: break  // colours, bracketed paste switches
        }
      default:
        put(character)
      }
    }
    let lines = rows.map { line in
      String(line.filter { $0 != "\u{0}" }).replacingOccurrences(
        of: #"\s+$"#, with: "", options: .regularExpression)
    }
    return State(lines: lines, row: row, column: column)
  }

  /// Lines of `output` as shown, without escape sequences (for text written line by line).
  public static func visibleLines(of output: String) -> [String] {
    render(output, columns: 1000).lines
  }

  /// Columns a character takes, as the product measures them (TextLayout's one width
  /// function): a test that checks wrapping against the emulator checks it against the product.
  public static func width(of character: Character) -> Int {
    DisplayWidth.of(character)
  }

  public static func width(of line: String) -> Int {
    DisplayWidth.of(line)
  }

  /// Replaces what changes from run to run: elapsed times and session ids.
  public static func normalised(_ screen: String) -> String {
    screen.replacing(#/\d+:\d\d(?= ?\/)/#, with: "m:ss")
      .replacing(#/\b[0-9a-f]{12}\b/#, with: "<id>")
  }
}
