/// What Tab does with the completer's candidates, and how an ambiguous set is listed. Pure, so
/// that it is tested without a terminal.
enum Completion: Equatable {
  /// Nothing matches: beep.
  case none
  /// The word is already the only candidate.
  case unchanged
  /// Replace the last word with this text (a unique candidate or a longer common prefix).
  case replace(word: String, with: String)
  /// Several candidates and nothing to add: show them.
  case list([String])

  /// The text after the last space or tab of `text`: the word Tab completes.
  static func lastWord(of text: String) -> String {
    guard let space = text.lastIndex(where: { $0 == " " || $0 == "\t" }) else { return text }
    return String(text[text.index(after: space)...])
  }

  /// Decides what to do for `textBeforeCursor` given `candidates` (duplicates ignored). A
  /// candidate may carry a description after a tab (`3a34…\tone-on-one with Dana`): only the
  /// part before it is inserted, and a list shows both.
  static func plan(textBeforeCursor: String, candidates: [String]) -> Completion {
    var seen = Set<String>()
    let listed = candidates.filter { !$0.isEmpty && seen.insert(Self.word(of: $0)).inserted }
    let unique = listed.map(Self.word(of:))
    let word = lastWord(of: textBeforeCursor)
    guard let first = unique.first else { return .none }
    if unique.count == 1 { return first == word ? .unchanged : .replace(word: word, with: first) }
    let common = commonPrefix(of: unique)
    if common.count > word.count { return .replace(word: word, with: common) }
    return .list(listed)
  }

  /// What a candidate inserts: the part before a tab.
  static func word(of candidate: String) -> String {
    candidate.firstIndex(of: "\t").map { String(candidate[..<$0]) } ?? candidate
  }

  /// The longest common prefix, by characters (a grapheme is never split).
  static func commonPrefix(of strings: [String]) -> String {
    guard var prefix = strings.first.map(Array.init) else { return "" }
    for string in strings.dropFirst() {
      let characters = Array(string)
      var length = 0
      while length < min(prefix.count, characters.count), prefix[length] == characters[length] {
        length += 1
      }
      prefix.removeSubrange(length...)
    }
    return String(prefix)
  }

  /// The candidates in columns, sorted down the columns like `ls`, that fit `width` columns;
  /// control characters shown as `?`.
  static func layout(_ candidates: [String], width: Int) -> [String] {
    let shown = candidates.map { candidate -> String in
      let inserted = word(of: candidate)
      let bare = inserted.hasSuffix(" ") ? String(inserted.dropLast()) : inserted
      let note = candidate.firstIndex(of: "\t").map { "  " + candidate[candidate.index(after: $0)...] } ?? ""
      return TerminalText.sanitised(bare + note)
    }
    let widths = shown.map(TerminalText.width(of:))
    let columnWidth = (widths.max() ?? 0) + 2
    let columns = max(1, min(shown.count, (width + 2) / max(columnWidth, 1)))
    let rows = (shown.count + columns - 1) / columns
    return (0..<rows).map { row in
      var line = ""
      for column in 0..<columns {
        let index = column * rows + row
        guard index < shown.count else { break }
        line += shown[index]
        if column < columns - 1, index + rows < shown.count {
          line += String(repeating: " ", count: columnWidth - widths[index])
        }
      }
      return line
    }
  }
}
