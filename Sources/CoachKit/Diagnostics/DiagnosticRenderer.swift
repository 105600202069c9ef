/// Renders diagnostics as `file:line:col: error[CODE]: message`, then the source line, a caret
/// under the column and the hint; or as JSON for editors and CI.
public struct DiagnosticRenderer {
  /// The text of each file, to quote source lines.
  public var sources: [String: String]
  /// Whether to colour the output (only on a terminal, never with NO_COLOR or TERM=dumb).
  public var color: Bool

  public init(sources: [String: String], color: Bool = false) {
    self.sources = sources
    self.color = color
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// One diagnostic, with its source line and caret.
  public func render(_ d: Diagnostic) -> String {
    let severity = d.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
    var out =
      paint("\(d.file):\(d.line):\(d.column):", "1") + " \(severity)[\(d.code.rawValue)]: \(d.message)\n"
    let gutter = String(d.line).count + 1
    if let text = sources[d.file], var line = Self.line(d.line, of: text) {
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
      out += String(repeating: " ", count: gutter) + paint("|", "34") + "\n"
      out +=
        paint(String(d.line).padding(toLength: gutter, withPad: " ", startingAt: 0) + "|", "34") + " " + shown
        + "\n"
      // The caret goes under the column, counting what the line shows before it.
      let prefix = line.unicodeScalars.prefix(max(0, column - 1))
      let width = Sanitizer.visible(String(String.UnicodeScalarView(prefix)), keepLines: false).count
      out +=
        String(repeating: " ", count: gutter) + paint("|", "34") + " " + String(repeating: " ", count: width)
        + paint("^", "1;32") + "\n"
    }
    if let hint = d.hint {
      out += String(repeating: " ", count: gutter) + paint("= hint:", "1;36") + " \(hint)\n"
    }
    return out
  }

  /// Every diagnostic, then a summary line.
  public func render(_ diagnostics: [Diagnostic], files: Int) -> String {
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
  public static func json(_ diagnostics: [Diagnostic]) -> String {
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

  /// Line `n` (1-based) of `text`, without its line ending (LF or CRLF).
  static func line(_ n: Int, of text: String) -> String? {
    var current = 1
    for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if current == n {
        var bytes = Substring(line)
        if bytes.hasSuffix("\r") { bytes = bytes.dropLast() }
        return String(bytes)
      }
      current += 1
    }
    return nil
  }
}
