/// Fixed-width text cells for the review outputs (`compare`, `report`): one safe line per cell,
/// measured in terminal columns and cut with `…` rather than wrapped.
public enum TextColumns {
  /// `text` as one line safe to print: line breaks and tabs become spaces, every other control
  /// character and escape sequence is made visible by ``Sanitizer``.
  static func flat(_ text: String) -> String {
    var joined = ""
    for character in text {
      joined += character == "\n" || character == "\r\n" || character == "\t" ? " " : String(character)
    }
    return Sanitizer.visible(joined, keepLines: false)
  }

  /// The columns `text` takes on a terminal: wide East Asian characters and emoji take two,
  /// combining marks none.
  static func width(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
  }

  /// `text` cut to at most `limit` columns, ending in `…` when something was cut.
  static func truncate(_ text: String, to limit: Int) -> String {
    guard width(text) > limit else { return text }
    guard limit > 0 else { return "" }
    var out = ""
    var used = 0
    for character in text {
      let w = character.unicodeScalars.reduce(0) { $0 + width(of: $1) }
      if used + w > limit - 1 { break }
      out.append(character)
      used += w
    }
    while out.last == " " { out.removeLast() }
    return out + "…"
  }

  /// `text` cut to `limit` columns and padded with spaces to exactly that width.
  public static func fit(_ text: String, _ limit: Int) -> String {
    let cut = truncate(text, to: limit)
    return cut + String(repeating: " ", count: max(0, limit - width(cut)))
  }

  /// Cells joined by two spaces, without trailing white space.
  static func line(_ cells: [String]) -> String {
    var text = cells.joined(separator: "  ")
    while text.last == " " { text.removeLast() }
    return text
  }

  static func width(of scalar: Unicode.Scalar) -> Int {
    switch scalar.value {
    case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200D, 0x20D0...0x20FF,
      0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xE0100...0xE01EF:
      return 0
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }
}
