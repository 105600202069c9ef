import TextLayout

/// Where the editing line stands on the screen, as libedit lays it out: the prompt and the
/// text from the first column of a row, wrapped at the terminal's width, a wide character that
/// does not fit moved to the next row.
enum LineLayout {
  /// The row (from 0, the prompt's first row) the cursor is on, after `prompt` (as marked by
  /// ``PromptText/marked(_:)``: runs between markers take no column) and `text` (the text
  /// before the cursor), on a terminal `columns` wide.
  static func cursorRow(prompt: String, text: String, columns: Int) -> Int {
    guard columns > 0 else { return 0 }
    var visible: [Unicode.Scalar] = []
    var literal = false
    for scalar in prompt.unicodeScalars {
      if scalar == PromptText.marker {
        literal.toggle()
      } else if !literal {
        visible.append(scalar)
      }
    }
    var row = 0
    var column = 0
    for scalar in visible + Array(text.unicodeScalars) {
      if scalar == "\n" {
        row += 1
        column = 0
        continue
      }
      let width = DisplayWidth.of(scalar)
      if column + width > columns {
        row += 1
        column = 0
      }
      column += width
      if column >= columns {
        row += 1
        column = 0
      }
    }
    return row
  }
}
