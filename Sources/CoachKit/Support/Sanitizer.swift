/// Makes text that did not come from coach's own code (anything typed, recorded, read from a
/// script or a file) safe to print back: control characters, escape sequences and invisible
/// characters are shown visibly (`^[`, `\u{9B}`, `\u{200B}`), never sent (DESIGN 5 and 10).
///
/// Invisible characters are made visible too, so that two texts that print alike are alike:
/// "Dana" and "Da\u{200B}na" are not shown as one name. A zero-width joiner between two emoji
/// (as in a family emoji) is kept.
public enum Sanitizer {
  /// `text` with every control and invisible character made visible; newlines and tabs kept
  /// when `keepLines` is true.
  public static func visible(_ text: String, keepLines: Bool = true) -> String {
    // Most text is printable ASCII: nothing to change.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || (keepLines && ($0 == 0x0A || $0 == 0x09)) }) {
      return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    let scalars = Array(text.unicodeScalars)
    for (i, scalar) in scalars.enumerated() {
      switch scalar.value {
      case 0x0A where keepLines, 0x09 where keepLines:
        out.unicodeScalars.append(scalar)
      case 0x00..<0x20:
        out += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
      case 0x7F:
        out += "^?"
      case 0x200D where i > 0 && i + 1 < scalars.count && isEmoji(scalars[i - 1]) && isEmoji(scalars[i + 1]):
        out.unicodeScalars.append(scalar)
      default:
        if isHidden(scalar) {
          out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// `text` on one line, made visible and cut to `limit` characters, for quoting in messages.
  public static func inline(_ text: String, limit: Int = 60) -> String {
    let flat = visible(text, keepLines: false)
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
  }

  /// `text` as one line safe to print: line breaks and tabs become spaces, every other control,
  /// escape and invisible character is made visible.
  public static func flat(_ text: String) -> String {
    // Printable ASCII: nothing to change (and no grapheme breaking to find line breaks).
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    guard text.contains(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }) else {
      return visible(text, keepLines: false)
    }
    var joined = ""
    for character in text {
      joined +=
        character == "\n" || character == "\r\n" || character == "\r" || character == "\t"
        ? " " : String(character)
    }
    return visible(joined, keepLines: false)
  }

  /// Whether `text` holds a character ``visible(_:keepLines:)`` would show escaped (a control,
  /// escape or invisible character), other than line breaks and tabs.
  public static func hasHiddenCharacters(_ text: String) -> Bool {
    visible(text, keepLines: true) != text
  }

  /// C1 controls, line and paragraph separators, bidirectional controls, and characters that
  /// print as nothing: soft hyphen, zero-width spaces and joiners, word joiner and invisible
  /// operators, fillers, the byte-order mark, interlinear annotations, tag characters.
  static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x80..<0xA0, 0xAD, 0x34F, 0x61C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F,
      0x2028...0x202E, 0x2060...0x206F, 0x3164, 0xFEFF, 0xFFA0, 0xFFF9...0xFFFB, 0x1D173...0x1D17A,
      0xE0000...0xE007F:
      return true
    default:
      return false
    }
  }

  private static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= 0x2300 && (scalar.properties.isEmoji || scalar.value == 0xFE0F)
  }
}
