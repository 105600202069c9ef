/// Word wrapping by display columns (``DisplayWidth``): lines break at spaces, never inside a
/// word unless the word alone is wider than the line; the text's own line breaks are kept.
public enum TextWrap {
  /// `text` as lines at most `width` columns wide; with `width` nil, its own lines.
  public static func lines(_ text: String, width: Int?) -> [String] {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let width, width > 0 else { return paragraphs.map(String.init) }
    var lines: [String] = []
    for paragraph in paragraphs {
      if DisplayWidth.of(paragraph) <= width {
        lines.append(String(paragraph))
        continue
      }
      var line = ""
      var used = 0
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
        let size = DisplayWidth.of(word)
        if used > 0, used + 1 + size <= width {
          line += " " + word
          used += 1 + size
          continue
        }
        if used > 0 || !line.isEmpty {
          lines.append(line)
          line = ""
          used = 0
        }
        if size <= width {
          line = String(word)
          used = size
          continue
        }
        // A word wider than the line: cut it by characters.
        for character in word {
          let w = DisplayWidth.of(character)
          if used + w > width, used > 0 {
            lines.append(line)
            line = ""
            used = 0
          }
          line.append(character)
          used += w
        }
      }
      lines.append(line)
    }
    return lines
  }

  /// `text` wrapped to `width` with `first` before its first line and `indent` before the
  /// others (a hanging indent); `first` and `indent` should be equally wide.
  public static func hanging(_ text: String, first: String, indent: String, width: Int?) -> [String] {
    let room = width.map { max(20, $0 - DisplayWidth.of(indent)) }
    return lines(text, width: room).enumerated().map { ($0.offset == 0 ? first : indent) + $0.element }
  }
}
