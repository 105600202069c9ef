import CoachKit
import TextLayout

/// coach's side of the chat as text: `coach › ` before its first line, a hanging indent under
/// it, words wrapped at the terminal's width, styles from a ``Palette``. The session and the
/// home both speak through it, and everything in it that did not come from coach's own code is
/// made safe to print.
struct ChatText {
  static let coachLabel = "coach › "
  static let indent = String(repeating: " ", count: DisplayWidth.of(coachLabel))

  var palette: Palette
  /// The width to wrap at, asked each time (the terminal may be resized); nil: no wrapping.
  var width: () -> Int?

  /// A coach line: labelled, wrapped with a hanging indent, in `style`.
  func speak(_ text: String, _ style: Style = .plain) -> String {
    var out = ""
    for (i, line) in wrapped(Sanitizer.visible(text), indent: Self.indent).enumerated() {
      out +=
        (i == 0 ? palette.paint(Self.coachLabel, .boldBlue) : Self.indent) + palette.paint(line, style) + "\n"
    }
    return out
  }

  /// A dim aside in parentheses under coach's line.
  func aside(_ text: String) -> String {
    wrapped("(" + Sanitizer.visible(text) + ")", indent: Self.indent).map {
      Self.indent + palette.paint($0, .dim) + "\n"
    }.joined()
  }

  /// Lines under coach's label, each wrapped with its continuation indented by `hang` more.
  func block(_ lines: [String], hang: Int = 0) -> String {
    var out = ""
    for line in lines {
      let lead = String(line.prefix { $0 == " " })
      let continuation = Self.indent + lead + String(repeating: " ", count: hang)
      for (i, part) in wrapped(Sanitizer.visible(String(line.dropFirst(lead.count))), indent: continuation)
        .enumerated()
      {
        out += (i == 0 ? Self.indent + lead : continuation) + part + "\n"
      }
    }
    return out
  }

  /// `text` wrapped to what is left of the width after `indent`.
  func wrapped(_ text: String, indent: String) -> [String] {
    TextWrap.lines(text, width: width().map { max(20, $0 - DisplayWidth.of(indent)) })
  }

  /// A table under coach's label: its lines indented, fitted to the width.
  func table(_ table: TextTable) -> [String] {
    table.render(width: width().map { $0 - DisplayWidth.of(Self.indent) })
  }

  /// `text` made into one line of at most `limit` columns, for hints.
  static func snippet(_ text: String, limit: Int) -> String {
    let flat = Sanitizer.flat(
      text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: " / "))
    return DisplayWidth.truncate(flat, to: limit)
  }
}
