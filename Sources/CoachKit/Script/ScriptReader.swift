import Foundation
internal import Yams

/// Walks the YAML of a script, building the model and reporting each problem at its node.
struct ScriptReader {
  let file: String
  /// What is read, in messages: `the script`, `the config file`, `the team file`.
  var document: String
  /// The other dialogs `last.<dialog>.<id>` may read; nil leaves those references unchecked
  /// (when a dialog is read only for its outline).
  var dialogs: DialogDirectory?
  /// Whether the script read is checked (flow, expressions, types); not when only another
  /// dialog's outline is wanted.
  var checks = true
  var diagnostics: [Diagnostic] = []
  /// The script's text, split into lines when first needed (to place what a scalar holds and
  /// explain YAML errors: only when something is wrong).
  var source = SourceLines("")
  var lines: [[Character]] { source.lines }
  /// The most nodes a script may have, counting what aliases repeat.
  static let nodeLimit = 100_000
  /// Nodes left to visit: stops alias bombs and absurdly large scripts.
  private var budget = nodeLimit
  private var overBudget = false

  init(file: String, document: String = "the script", dialogs: DialogDirectory? = nil) {
    self.file = file
    self.document = document
    self.dialogs = dialogs
  }

  // MARK: reporting

  mutating func report(
    _ code: DiagnosticCode, at location: SourceLocation, _ message: String, hint: String? = nil
  ) {
    diagnostics.append(
      Diagnostic(
        file: file, line: location.line, column: location.column, code: code, message: message,
        hint: hint))
  }

  mutating func reportYAML(_ error: YamlError) {
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
      report(.yamlSyntax, at: at, message, hint: hint)
    case .duplicatedKeysInMapping(let duplicates, let context):
      // Yams refuses the whole file; point at the second time the key is given.
      let key = duplicates.first ?? ""
      let first = SourceLocation(line: context.mark.line, column: context.mark.column)
      report(
        .duplicateKey, at: repeated(key, after: first) ?? first,
        "'\(key)' is given twice in the same mapping (first at line \(first.line))",
        hint: "keep one of them")
    case .reader(let problem, let offset, _, _):
      report(
        .yamlSyntax, at: SourceLocation(line: 1, column: 1),
        "\(problem)\(offset.map { " at byte \($0)" } ?? "")")
    default:
      report(.yamlSyntax, at: SourceLocation(line: 1, column: 1), "\(error)")
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

  /// Walks the whole tree, counting the nodes aliases repeat, and reports a script too large to
  /// read (an alias bomb) under the top-level key that holds it. Returns whether it is small enough.
  mutating func checkSize(_ root: Node) -> Bool {
    var remaining = Self.nodeLimit
    let parts: [(Node, SourceLocation)] =
      if case .mapping(let m) = root { m.map { ($0.value, location($0.key)) } } else {
        [(root, location(root))]
      }
    for (node, at) in parts where !Self.fits(node, budget: &remaining) {
      report(
        .tooComplex, at: at,
        "\(document) has too many nodes (over \(Self.nodeLimit), counting what aliases repeat)",
        hint: "remove YAML aliases that repeat large parts, or split the dialog")
      return false
    }
    return true
  }

  /// Whether `node` has no more nodes than `budget`, counting what aliases repeat; spends the
  /// budget. Stops as soon as it runs out, however large the tree.
  static func fits(_ node: Node, budget: inout Int) -> Bool {
    var stack = [node]
    while let node = stack.popLast() {
      budget -= 1
      if budget < 0 { return false }
      switch node {
      case .mapping(let m):
        for (k, v) in m {
          stack.append(k)
          stack.append(v)
        }
      case .sequence(let s): stack.append(contentsOf: s)
      default: break
      }
    }
    return true
  }

  func location(_ node: Node) -> SourceLocation {
    node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
      ?? SourceLocation(line: 1, column: 1)
  }

  func origin(_ node: Node) -> TextOrigin {
    let quoted = node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
    var origin = TextOrigin(location: location(node), lead: quoted ? 1 : 0)
    if let scalar = node.scalar {
      let style: TextOrigin.ScalarStyle =
        switch scalar.style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal, .folded: .block
        default: .plain
        }
      origin.scalar = (scalar.string, style, source)
    }
    return origin
  }

  private mutating func spend() -> Bool {
    if overBudget { return false }
    budget -= 1
    if budget < 0 {
      overBudget = true
      report(
        .tooComplex, at: SourceLocation(line: 1, column: 1),
        "\(document) has too many nodes (over \(Self.nodeLimit), counting what aliases repeat)",
        hint: "remove YAML aliases that repeat large parts, or split the dialog")
      return false
    }
    return true
  }

  // MARK: typed reads

  /// The pairs of a mapping, with duplicate and non-text keys reported.
  mutating func mapping(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
    guard spend() else { return nil }
    guard case .mapping(let m) = node else {
      report(
        .wrongType, at: location(node), "\(what) must be a mapping of keys to values, not \(describe(node))")
      return nil
    }
    var seen: Set<String> = []
    var pairs: [(String, Node, Node)] = []
    for (k, v) in m {
      guard let key = k.scalar?.string else {
        report(.wrongType, at: location(k), "keys must be plain words")
        continue
      }
      if !seen.insert(key).inserted {
        report(.duplicateKey, at: location(k), "'\(key)' is given twice in \(what)", hint: "keep one of them")
        continue
      }
      pairs.append((key, k, v))
    }
    return pairs
  }

  mutating func sequence(_ node: Node, what: String) -> [Node]? {
    guard spend() else { return nil }
    guard case .sequence(let s) = node else {
      report(.wrongType, at: location(node), "\(what) must be a list, not \(describe(node))")
      return nil
    }
    return Array(s)
  }

  mutating func string(_ node: Node, what: String) -> String? {
    guard spend() else { return nil }
    guard let scalar = node.scalar else {
      report(.wrongType, at: location(node), "\(what) must be text, not \(describe(node))")
      return nil
    }
    if let control = scalar.string.unicodeScalars.first(where: Self.isControl) {
      report(
        .controlCharacter, at: location(node),
        "\(what) holds the control character U+\(String(format: "%04X", control.value)), "
          + (control.value >= 0x2000
            ? "which makes text read other than it is" : "which a terminal would act on"),
        hint: "remove it; write a line break with a block scalar (|)")
    }
    return scalar.string
  }

  /// Whether a character must not be in a script's text: C0 controls but tab, line feed and
  /// carriage return; DEL and C1; the bidirectional embeddings, overrides and isolates.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: false
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  mutating func integer(_ node: Node, what: String) -> Int? {
    guard let text = string(node, what: what) else { return nil }
    guard let n = Int(text) else {
      report(.wrongType, at: location(node), "\(what) must be a whole number, not '\(text)'")
      return nil
    }
    return n
  }

  mutating func number(_ node: Node, what: String) -> Double? {
    guard let text = string(node, what: what) else { return nil }
    guard let n = Double(text.replacingOccurrences(of: "_", with: "")), n.isFinite else {
      report(.wrongType, at: location(node), "\(what) must be a number, not '\(text)'")
      return nil
    }
    return n
  }

  mutating func boolean(_ node: Node, what: String) -> Bool? {
    guard let text = string(node, what: what) else { return nil }
    switch text.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      report(.wrongType, at: location(node), "\(what) must be true or false, not '\(text)'")
      return nil
    }
  }

  /// The longest duration a script may give: a day.
  static let longestDuration = 24 * 3600

  /// A duration: `30m`, `90s`, `1h`, `1h30m`, or a whole number of minutes; at most a day.
  mutating func duration(_ node: Node, what: String) -> Int? {
    guard let text = string(node, what: what) else { return nil }
    let cleaned = text.lowercased().filter { $0 != " " }
    var total = 0
    var valid = !cleaned.isEmpty
    if valid, cleaned.allSatisfy(\.isNumber) {
      guard let minutes = Int(cleaned), minutes <= Self.longestDuration / 60 else {
        return tooLong(node, what: what, text: text)
      }
      total = minutes * 60
    } else {
      var digits = ""
      for c in cleaned {
        if c.isNumber {
          digits.append(c)
        } else if let n = Int(digits), let unit = ["h": 3600, "m": 60, "s": 1][String(c)] {
          // Each part is checked before it is added: nothing a script says can overflow.
          guard n <= Self.longestDuration, total + n * unit <= Self.longestDuration else {
            return tooLong(node, what: what, text: text)
          }
          total += n * unit
          digits = ""
        } else {
          valid = false
          break
        }
      }
      if !digits.isEmpty { valid = false }
    }
    guard valid, total > 0 else {
      report(
        .invalidValue, at: location(node), "\(what) must be a duration, not '\(text)'",
        hint: "write e.g. 30m, 90s, 1h or 1h30m")
      return nil
    }
    return total
  }

  private mutating func tooLong(_ node: Node, what: String, text: String) -> Int? {
    report(
      .invalidValue, at: location(node),
      "\(what) '\(Sanitizer.inline(text, limit: 30))' is longer than a day",
      hint: "a time budget goes up to 24h")
    return nil
  }

  mutating func template(_ node: Node, what: String) -> (Template, TextOrigin)? {
    guard let text = string(node, what: what) else { return nil }
    let origin = origin(node)
    do {
      return (try Template.parse(text), origin)
    } catch {
      report(
        .expressionSyntax, at: origin.location(at: error.offset), "in \(what): \(error.message)",
        hint: error.hint)
      return nil
    }
  }

  mutating func expression(_ node: Node, what: String) -> (Expression, TextOrigin)? {
    guard spend() else { return nil }
    let text: String
    if let scalar = node.scalar {
      text = scalar.string
    } else {
      report(.wrongType, at: location(node), "\(what) must be an expression, not \(describe(node))")
      return nil
    }
    let origin = origin(node)
    do {
      return (try ExpressionParser.parse(text), origin)
    } catch {
      report(
        .expressionSyntax, at: origin.location(at: error.offset), "in \(what): \(error.message)",
        hint: error.hint)
      return nil
    }
  }

  /// Reports keys that are not in `allowed`, with a suggestion.
  mutating func checkKeys(
    _ pairs: [(key: String, keyNode: Node, value: Node)], allowed: [String], what: String,
    elsewhere: [String: String] = [:]
  ) {
    for pair in pairs where !allowed.contains(pair.key) {
      if let kinds = elsewhere[pair.key] {
        report(
          .optionNotForKind, at: location(pair.keyNode),
          "'\(pair.key)' does not apply to \(what)", hint: "it is an option of \(kinds) steps")
      } else {
        report(
          .unknownKey, at: location(pair.keyNode), "unknown key '\(pair.key)' in \(what)",
          hint: Suggestion.closest(to: pair.key, in: allowed).map { "did you mean '\($0)'?" }
            ?? "the keys are \(allowed.joined(separator: ", "))")
      }
    }
  }

  /// Reports each required key missing from a mapping at `node`.
  mutating func requireKeys(
    _ keys: [String], in pairs: [(key: String, keyNode: Node, value: Node)], at node: Node,
    what: String
  ) {
    for key in keys where !pairs.contains(where: { $0.key == key }) {
      report(.missingKey, at: location(node), "\(what) has no '\(key)'")
    }
  }

  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.string.isEmpty ? "nothing" : "the text '\(s.string.prefix(30))'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  static func isValidID(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
      && id.count <= 64
  }

  static func isValidDialogID(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    return id.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
    }
      && id.count <= 64
  }
}
