extension StringProtocol {
  /// The text without white space (spaces, tabs, line breaks) at either end. Pure Swift: much
  /// faster than Foundation's `trimmingCharacters(in:)` on the paths every answer takes.
  public var trimmed: String {
    String(trimmingEnds { $0.properties.isWhitespace })
  }

  /// The text without spaces and tabs at either end (line breaks kept).
  public var trimmedSpaces: String {
    String(trimmingEnds { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" })
  }

  func trimmingEnds(_ drop: (Unicode.Scalar) -> Bool) -> Substring.UnicodeScalarView {
    let scalars = Substring(self).unicodeScalars
    guard let first = scalars.firstIndex(where: { !drop($0) }) else { return scalars[scalars.endIndex...] }
    let last = scalars.lastIndex(where: { !drop($0) })!
    return scalars[first...last]
  }
}
