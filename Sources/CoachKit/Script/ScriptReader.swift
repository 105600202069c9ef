import Foundation
internal import Yams

/// Walks the YAML of a script, building the model and reporting each problem at its node.
struct ScriptReader {
  let file: String
  var diagnostics: [Diagnostic] = []
  /// The script's text, split into lines, to place what a scalar holds and explain YAML errors.
  var lines: [[Character]] = []
  /// Nodes left to visit: stops alias bombs and absurdly large scripts.
  private var budget = 100_000
  private var overBudget = false

  init(file: String) {
    self.file = file
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
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = problem
      if let context { message += " \(context.text)" }
      let hint: String? =
        problem.contains("tab") ? "indent with spaces, not tabs"
        : problem.contains("nesting") ? "the script is nested too deeply"
        : problem.contains("mapping values") ? "quote text that holds ': ' (e.g. ask: \"Why: because\")"
        : nil
      report(.yamlSyntax, at: SourceLocation(line: mark.line, column: mark.column), message, hint: hint)
    case .reader(let problem, let offset, _, _):
      report(.yamlSyntax, at: SourceLocation(line: 1, column: 1), "\(problem)\(offset.map { " at byte \($0)" } ?? "")")
    default:
      report(.yamlSyntax, at: SourceLocation(line: 1, column: 1), "\(error)")
    }
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
      origin.places = TextOrigin.places(
        of: scalar.string, style: style, start: origin.location, in: lines)
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
        "the script has too many nodes (over 100000, counting what aliases repeat)",
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
      report(.wrongType, at: location(node), "\(what) must be a mapping of keys to values, not \(describe(node))")
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
    return scalar.string
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

  /// A duration: `30m`, `90s`, `1h`, `1h30m`, or a whole number of minutes.
  mutating func duration(_ node: Node, what: String) -> Int? {
    guard let text = string(node, what: what) else { return nil }
    if let minutes = Int(text), minutes > 0 { return minutes * 60 }
    var total = 0
    var digits = ""
    var valid = !text.isEmpty
    for c in text.lowercased() where c != " " {
      if c.isNumber {
        digits.append(c)
      } else if let n = Int(digits), let unit = ["h": 3600, "m": 60, "s": 1][String(c)] {
        total += n * unit
        digits = ""
      } else {
        valid = false
        break
      }
    }
    guard valid, digits.isEmpty, total > 0 else {
      report(
        .invalidValue, at: location(node), "\(what) '\(text)' is not a duration",
        hint: "write e.g. 30m, 90s, 1h or 1h30m")
      return nil
    }
    return total
  }

  mutating func template(_ node: Node, what: String) -> (Template, TextOrigin)? {
    guard let text = string(node, what: what) else { return nil }
    let origin = origin(node)
    do {
      return (try Template.parse(text), origin)
    } catch {
      report(.expressionSyntax, at: origin.location(at: error.offset), "in \(what): \(error.message)", hint: error.hint)
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
      report(.expressionSyntax, at: origin.location(at: error.offset), "in \(what): \(error.message)", hint: error.hint)
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
    return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
      && id.count <= 64
  }
}
