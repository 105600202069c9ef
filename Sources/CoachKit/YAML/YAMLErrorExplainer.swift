internal import Yams

/// Says what a libyaml error means in the terms of the file read: an unclosed quote or bracket
/// where it opens, text holding ': ' that must be quoted, keys out of line, tabs, a key given
/// twice; each at the place to fix.
struct YAMLErrorExplainer {
  /// The text read, by lines.
  let source: SourceLines
  /// What is read, in messages: `the script`, `the test file`.
  let document: String

  private var lines: [[Character]] { source.lines }

  /// The diagnostic for `error`, and where it stands.
  func explain(_ error: YamlError) -> (Diagnostic.Message, SourceLocation) {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var at = SourceLocation(line: mark.line, column: mark.column)
      var message = problem
      if let context { message += " \(context.text)" }
      var hint: String?
      let found = character(at: at)
      let atEnd = found == nil && at.line >= lines.count
      if atEnd, let context {
        // Running into the end of the file: what is unclosed starts where the context began.
        at = SourceLocation(line: context.mark.line, column: context.mark.column)
        let opening = character(at: at)
        if context.text.contains("quoted scalar") {
          message = "the quoted text that starts here is never closed"
          hint = "close it with another \(opening.map { "\($0)" } ?? "quote mark")"
        } else if context.text.contains("flow"), let opening, opening == "[" || opening == "{" {
          message = "the '\(opening)' here is never closed"
          hint = "close it with '\(opening == "[" ? "]" : "}")'"
        }
      } else if problem.contains("nesting level") {
        message = "\(document) nests lists or mappings too deeply"
        hint = "YAML allows at most 1000 levels; a dialog, the config or the team file needs fewer than ten"
      } else if found == "\t" || problem.contains("tab") {
        if found == "\t" { message = "YAML does not allow a tab here" }
        hint = "indent with spaces, not tabs"
      } else if problem.contains("mapping values") {
        let before = String(lineText(at.line).unicodeScalars.prefix(max(0, at.column - 1)))
        let key = before.drop { $0 == " " || $0 == "-" }
        if key.contains(": ") {
          // `ask: Goal: what?`: the value holds ': ' and must be quoted.
          let text = lineText(at.line).drop { $0 == " " || $0 == "-" }
          let colon = text.range(of: ": ")!
          let value = text[colon.upperBound...].trimmedSpaces
          message = "text that holds ': ' must be quoted"
          hint =
            value.contains("\"") || value.hasSuffix(":")
            ? "quote it, e.g. ask: \"Why: because\""
            : "quote it: \(text[..<colon.lowerBound]): \"\(value)\""
        } else if key.trimmedSpaces.contains(" ") {
          // A wrapped line of text that holds ': '.
          message = "text that holds ': ' must be quoted"
          hint = "quote the whole text, e.g. ask: \"Why: because\""
        } else {
          // A key further right than the keys above it reads as more of the value before it.
          at.column = before.unicodeScalars.count - String(key).unicodeScalars.count + 1
          message =
            "'\(key.trimmedSpaces)' is indented more than the key above it"
          hint = "line up the keys of a mapping in the same column"
        }
      } else if problem.contains("expected key") || problem.contains("expected '-' indicator") {
        message = "this line's indentation does not match the lines above it"
        hint = "the keys of a mapping, and the '-' items of a list, must start in the same column"
      } else if problem.contains("unknown escape") {
        hint =
          "in double quotes a backslash starts an escape: write \\\\ for one, or use single quotes"
      } else if problem.contains("cannot start any token"), let found {
        hint = "quote the text: '\(found)' cannot start text without quotes"
      } else if let context, context.text.contains("flow") {
        let opening = context.mark.line
        hint =
          opening < at.line
          ? "is the bracket opened on line \(opening) closed? Inside { } and [ ], quote text that holds ',', ':', '[', ']', '{' or '}'"
          : "inside { } and [ ], quote text that holds ',', ':', '[', ']', '{' or '}'"
      }
      return (.yamlSyntax(message, hint: hint), at)
    case .duplicatedKeysInMapping(let duplicates, let context):
      // Yams refuses the whole file; point at the second time the key is given.
      let key = duplicates.first ?? ""
      let first = SourceLocation(line: context.mark.line, column: context.mark.column)
      return (.duplicateKey(key, firstAt: first.line), repeated(key, after: first) ?? first)
    case .reader(let problem, let offset, _, _):
      return (
        .yamlSyntax("\(problem)\(offset.map { " at byte \($0)" } ?? "")"),
        SourceLocation(line: 1, column: 1)
      )
    default:
      return (.yamlSyntax("\(error)"), SourceLocation(line: 1, column: 1))
    }
  }

  /// The text of line `n` (from 1), empty past the end.
  private func lineText(_ n: Int) -> String {
    n >= 1 && n <= lines.count ? String(lines[n - 1]) : ""
  }

  /// The character at a line and column (columns count Unicode scalars, as libyaml's do); nil
  /// at the end of a line or past the end of the text.
  private func character(at location: SourceLocation) -> Character? {
    guard location.line >= 1, location.line <= lines.count else { return nil }
    var column = 1
    for c in lines[location.line - 1] {
      if column == location.column { return c }
      column += c.unicodeScalars.count
    }
    return nil
  }

  /// Where `key`, first given at `first`, is given again in the same mapping: in the same
  /// column on a later line for a block mapping, further along for a flow one.
  private func repeated(_ key: String, after first: SourceLocation) -> SourceLocation? {
    let forms = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
    let block = String(lineText(first.line).unicodeScalars.prefix(max(0, first.column - 1)))
      .allSatisfy { $0 == " " || $0 == "-" }
    for n in first.line...max(first.line, lines.count) {
      let scalars = Array(lineText(n).unicodeScalars)
      for i in scalars.indices {
        let column = i + 1
        if n == first.line && column <= first.column { continue }
        if block {
          guard column == first.column, scalars[..<i].allSatisfy({ $0 == " " || $0 == "-" }) else {
            continue
          }
        } else if i > 0, !" ,{".unicodeScalars.contains(scalars[i - 1]) {
          continue
        }
        for form in forms where scalars[i...].starts(with: form) {
          let rest = scalars[(i + form.count)...].drop { $0 == " " }
          if rest.first == ":" { return SourceLocation(line: n, column: column) }
        }
      }
    }
    return nil
  }
}

extension Diagnostic.Message {
  /// A key Yams found twice in one mapping (C008).
  static func duplicateKey(_ key: String, firstAt line: Int) -> Self {
    Self(
      .duplicateKey, "'\(key)' is given twice in the same mapping (first at line \(line))",
      hint: "keep one of them")
  }
}
