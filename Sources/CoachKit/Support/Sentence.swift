/// Joining pieces of text into sentences without doubled punctuation (".;", "?.").
public enum Sentence {
  /// `text` ended with a full stop, unless it already ends with one, `?`, `!` or `…`.
  public static func end(_ text: String) -> String {
    guard let last = text.last, !".?!…:".contains(last) else { return text }
    return text + "."
  }

  /// `parts` joined with `separator` (`"; "`), each part's own closing full stop dropped
  /// first, so that `Off plan.` and `Forecast fell.` give `Off plan; Forecast fell`.
  public static func join(_ parts: [String], separator: String = "; ") -> String {
    parts.map { $0.hasSuffix(".") && !$0.hasSuffix("...") ? String($0.dropLast()) : $0 }
      .joined(separator: separator)
  }
}
