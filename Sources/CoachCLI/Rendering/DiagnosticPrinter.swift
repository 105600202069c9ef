import CoachKit
import TextLayout

/// Prints diagnostics as `file:line:col: error[CODE]: message`, then the source line, a caret
/// under the column and the hint; or as JSON for editors and CI.
struct DiagnosticPrinter {
  /// The text of each file, to quote source lines.
  var sources: [String: String] {
    didSet { lines = Self.split(sources) }
  }
  var palette: Palette
  /// The lines of each source, split once (a file may have thousands of diagnostics).
  private var lines: [String: [Substring]]

  init(sources: [String: String], palette: Palette = .plain) {
    self.sources = sources
    self.palette = palette
    lines = Self.split(sources)
  }

  private static func split(_ sources: [String: String]) -> [String: [Substring]] {
    // By bytes: a CR LF is one Character to Swift, and would not split.
    sources.mapValues { text in
      text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
  }

  private func paint(_ text: String, _ style: Style) -> String {
    palette.paint(text, style)
  }

  /// One diagnostic, with its source line and caret.
  func render(_ d: Diagnostic) -> String {
    let severity = d.severity == .error ? paint("error", .boldRed) : paint("warning", .boldYellow)
    var out =
      paint("\(Sanitizer.inline(d.file, limit: 200)):\(d.line):\(d.column):", .bold)
      + " \(severity)[\(d.code.rawValue)]: \(Sanitizer.flat(d.message))\n"
    let gutter = String(d.line).count + 1
    if let fileLines = lines[d.file], d.line >= 1, d.line <= fileLines.count {
      var line = String(fileLines[d.line - 1])
      if line.hasSuffix("\r") { line.removeLast() }
      var column = d.column
      // A very long line is shown as a window around the column.
      let scalars = Array(line.unicodeScalars)
      if scalars.count > 120 {
        let start = max(0, min(column - 1 - 40, scalars.count - 120))
        var window = String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + 120)]))
        if start > 0 { window = "…" + window }
        if start + 120 < scalars.count { window += "…" }
        column = column - start + (start > 0 ? 1 : 0)
        line = window
      }
      let shown = Sanitizer.visible(line, keepLines: false)
      out += String(repeating: " ", count: gutter) + paint("|", .blue) + "\n"
      out += paint(DisplayWidth.pad(String(d.line), to: gutter) + "|", .blue) + " " + shown + "\n"
      // The caret goes under the column, counting the columns the line shows before it.
      let prefix = line.unicodeScalars.prefix(max(0, column - 1))
      let width = DisplayWidth.of(
        Sanitizer.visible(String(String.UnicodeScalarView(prefix)), keepLines: false))
      out +=
        String(repeating: " ", count: gutter) + paint("|", .blue) + " " + String(repeating: " ", count: width)
        + paint("^", .boldGreen) + "\n"
    }
    if let hint = d.hint {
      out +=
        String(repeating: " ", count: gutter) + paint("= hint:", .boldCyan) + " \(Sanitizer.flat(hint))\n"
    }
    return out
  }

  /// Every diagnostic, then a summary line.
  func render(_ diagnostics: [Diagnostic], files: Int) -> String {
    var out = diagnostics.map(render).joined(separator: "\n")
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.count - errors
    if !diagnostics.isEmpty { out += "\n" }
    let checked = "\(files) file\(files == 1 ? "" : "s") checked"
    if diagnostics.isEmpty {
      out += "\(checked): no problems\n"
    } else {
      out +=
        "\(checked): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
    }
    return out
  }

  /// The diagnostics as a JSON array (one object each, keys sorted).
  static func json(_ diagnostics: [Diagnostic]) -> String {
    JSON.encodePretty(
      .array(
        diagnostics.map {
          [
            "file": .string($0.file), "line": .number(Double($0.line)),
            "column": .number(Double($0.column)), "severity": .string($0.severity.rawValue),
            "code": .string($0.code.rawValue), "message": .string($0.message),
            "hint": .optional($0.hint),
          ]
        })) + "\n"
  }

}
