/// Makes text typed by a user safe to print back to a terminal: control characters and escape
/// sequences are shown visibly (`^[`, `\u{9B}`), never sent (DESIGN 5 and 10).
public enum Sanitizer {
  /// `text` with every control character made visible; newlines and tabs kept when
  /// `keepLines` is true.
  public static func visible(_ text: String, keepLines: Bool = true) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A where keepLines, 0x09 where keepLines:
        out.unicodeScalars.append(scalar)
      case 0x00..<0x20:
        out += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
      case 0x7F:
        out += "^?"
      case 0x80..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default:
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` on one line, made visible and cut to `limit` characters, for quoting in messages.
  public static func inline(_ text: String, limit: Int = 60) -> String {
    let flat = visible(text, keepLines: false)
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
  }
}
