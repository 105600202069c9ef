import Foundation
internal import Yams

/// Reads the nodes of a YAML document with typed reads (mappings with their keys checked, lists,
/// text, numbers, booleans), reporting each problem at its node into ``Diagnostics``, and
/// keeping a node budget against alias bombs. The dialog scripts, the config and team files and
/// the dialog test files are all read through it.
struct NodeReader {
  /// The problems found so far.
  var diagnostics: Diagnostics
  /// What is read, in messages: `the script`, `the config file`, `the team file`, `the test file`.
  let document: String
  /// Whether text holding a control character is reported (``isControl(_:)``); not in a test
  /// file, whose lines may type one on purpose.
  var refusesControlCharacters = true
  /// The document's text, split into lines when first needed (to place what a scalar holds and
  /// explain YAML errors: only when something is wrong).
  var source = SourceLines("")
  /// The most nodes a document may have, counting what aliases repeat.
  static let nodeLimit = 100_000
  /// Nodes left to visit: stops alias bombs and absurdly large documents.
  private var budget = nodeLimit
  private var overBudget = false

  init(file: String, document: String) {
    diagnostics = Diagnostics(file: file)
    self.document = document
  }

  var file: String { diagnostics.file }

  // MARK: reporting

  mutating func report(_ message: Diagnostic.Message, at location: SourceLocation) {
    diagnostics.report(message, at: location)
  }

  /// Reports a YAML error, explained (``YAMLErrorExplainer``).
  mutating func reportYAML(_ error: YamlError) {
    let (message, at) = YAMLErrorExplainer(source: source, document: document).explain(error)
    report(message, at: at)
  }

  func location(_ node: Node) -> SourceLocation {
    node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
      ?? SourceLocation(line: 1, column: 1)
  }

  func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.string.isEmpty ? "nothing" : "the text '\(s.string.prefix(30))'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  // MARK: the node budget

  /// Walks the whole tree, counting the nodes aliases repeat, and reports a document too large
  /// to read (an alias bomb) under the top-level key that holds it. Returns whether it is small
  /// enough.
  mutating func checkSize(_ root: Node) -> Bool {
    var remaining = Self.nodeLimit
    let parts: [(Node, SourceLocation)] =
      if case .mapping(let m) = root { m.map { ($0.value, location($0.key)) } } else {
        [(root, location(root))]
      }
    for (node, at) in parts where !Self.fits(node, budget: &remaining) {
      report(.tooManyNodes(document, limit: Self.nodeLimit), at: at)
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

  /// Spends one node of the budget; false, with the problem reported once, when it has run out.
  mutating func spend() -> Bool {
    if overBudget { return false }
    budget -= 1
    if budget < 0 {
      overBudget = true
      report(.tooManyNodes(document, limit: Self.nodeLimit), at: SourceLocation(line: 1, column: 1))
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
        .wrongShape(what, shouldBe: "a mapping of keys to values", found: describe(node)), at: location(node))
      return nil
    }
    var seen: Set<String> = []
    var pairs: [(String, Node, Node)] = []
    for (k, v) in m {
      guard let key = k.scalar?.string else {
        report(.keyNotText, at: location(k))
        continue
      }
      if !seen.insert(key).inserted {
        report(.duplicateKey(key, in: what), at: location(k))
        continue
      }
      pairs.append((key, k, v))
    }
    return pairs
  }

  mutating func sequence(_ node: Node, what: String) -> [Node]? {
    guard spend() else { return nil }
    guard case .sequence(let s) = node else {
      report(.wrongShape(what, shouldBe: "a list", found: describe(node)), at: location(node))
      return nil
    }
    return Array(s)
  }

  mutating func string(_ node: Node, what: String) -> String? {
    guard spend() else { return nil }
    guard let scalar = node.scalar else {
      report(.wrongShape(what, shouldBe: "text", found: describe(node)), at: location(node))
      return nil
    }
    if refusesControlCharacters, let control = scalar.string.unicodeScalars.first(where: Self.isControl) {
      report(.controlCharacter(control, in: what), at: location(node))
    }
    return scalar.string
  }

  /// Whether a character must not be in a document's text: C0 controls but tab, line feed and
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
      report(.wrongWord(what, shouldBe: "a whole number", text: text), at: location(node))
      return nil
    }
    return n
  }

  mutating func number(_ node: Node, what: String) -> Double? {
    guard let text = string(node, what: what) else { return nil }
    guard let n = Double(text.replacingOccurrences(of: "_", with: "")), n.isFinite else {
      report(.wrongWord(what, shouldBe: "a number", text: text), at: location(node))
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
      report(.wrongWord(what, shouldBe: "true or false", text: text), at: location(node))
      return nil
    }
  }

  // MARK: keys

  /// Reports keys that are not in `allowed`, with a suggestion; `elsewhere` gives, for a key
  /// that belongs to other kinds of step, which.
  mutating func checkKeys(
    _ pairs: [(key: String, keyNode: Node, value: Node)], allowed: [String], what: String,
    elsewhere: [String: String] = [:]
  ) {
    for pair in pairs where !allowed.contains(pair.key) {
      if let kinds = elsewhere[pair.key] {
        report(.optionNotForKind(pair.key, in: what, kinds: kinds), at: location(pair.keyNode))
      } else {
        report(.unknownKey(pair.key, in: what, allowed: allowed), at: location(pair.keyNode))
      }
    }
  }

  /// Reports each required key missing from a mapping at `node`.
  mutating func requireKeys(
    _ keys: [String], in pairs: [(key: String, keyNode: Node, value: Node)], at node: Node,
    what: String
  ) {
    for key in keys where !pairs.contains(where: { $0.key == key }) {
      report(.missingKey(key, in: what), at: location(node))
    }
  }
}

extension Diagnostic.Message {
  /// More nodes than a document may have (C007).
  static func tooManyNodes(_ document: String, limit: Int) -> Self {
    Self(
      .tooComplex, "\(document) has too many nodes (over \(limit), counting what aliases repeat)",
      hint: "remove YAML aliases that repeat large parts, or split the dialog")
  }

  /// A value of another shape than the one expected (C004): `'steps' must be a list, not a mapping`.
  static func wrongShape(_ what: String, shouldBe shape: String, found: String) -> Self {
    Self(.wrongType, "\(what) must be \(shape), not \(found)")
  }

  /// A word that does not read as the value expected (C004): `'version' must be a number, not 'x'`.
  static func wrongWord(_ what: String, shouldBe shape: String, text: String) -> Self {
    Self(.wrongType, "\(what) must be \(shape), not '\(text)'")
  }

  /// A mapping key that is a list or a mapping (C004).
  static var keyNotText: Self { Self(.wrongType, "keys must be plain words") }

  /// A key given twice in one mapping (C008).
  static func duplicateKey(_ key: String, in what: String) -> Self {
    Self(.duplicateKey, "'\(key)' is given twice in \(what)", hint: "keep one of them")
  }

  /// A control character in text (C036).
  static func controlCharacter(_ control: Unicode.Scalar, in what: String) -> Self {
    Self(
      .controlCharacter,
      "\(what) holds the control character U+\(String(format: "%04X", control.value)), "
        + (control.value >= 0x2000
          ? "which makes text read other than it is" : "which a terminal would act on"),
      hint: "remove it; write a line break with a block scalar (|)")
  }

  /// A key that is an option of other kinds of step (C035).
  static func optionNotForKind(_ key: String, in what: String, kinds: String) -> Self {
    Self(.optionNotForKind, "'\(key)' does not apply to \(what)", hint: "it is an option of \(kinds) steps")
  }

  /// A key that is not one of `allowed` (C002), with the closest as a suggestion.
  static func unknownKey(_ key: String, in what: String, allowed: [String]) -> Self {
    Self(
      .unknownKey, "unknown key '\(key)' in \(what)",
      hint: Suggestion.closest(to: key, in: allowed).map { "did you mean '\($0)'?" }
        ?? "the keys are \(allowed.joined(separator: ", "))")
  }

  /// A required key that is not given (C003).
  static func missingKey(_ key: String, in what: String, hint: String? = nil) -> Self {
    Self(.missingKey, "\(what) has no '\(key)'", hint: hint)
  }
}
