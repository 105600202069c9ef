import Foundation
internal import Yams

/// Walks the YAML of a script, building the model and reporting each problem at its node. The
/// generic reading (typed reads, key checks, the node budget, YAML errors) is ``NodeReader``'s;
/// this adds what only scripts have: durations, templates, expressions and ids.
struct ScriptReader {
  /// The node reader, and through it the diagnostics.
  var nodes: NodeReader
  /// The other dialogs `last.<dialog>.<id>` may read; nil leaves those references unchecked
  /// (when a dialog is read only for its outline).
  var dialogs: DialogDirectory?
  /// Whether the script read is checked (flow, expressions, types); not when only another
  /// dialog's outline is wanted.
  var checks = true

  init(file: String, document: String = "the script", dialogs: DialogDirectory? = nil) {
    nodes = NodeReader(file: file, document: document)
    self.dialogs = dialogs
  }

  var file: String { nodes.file }
  /// What is read, in messages: `the script`, `the config file`, `the team file`.
  var document: String { nodes.document }
  /// Every problem reported so far.
  var diagnostics: [Diagnostic] { nodes.diagnostics.all }
  /// The script's text, by lines.
  var source: SourceLines { nodes.source }

  /// Documents larger than this are refused before parsing.
  static let maxBytes = NodeReader.maxBytes

  // MARK: reading through the node reader

  mutating func report(_ message: Diagnostic.Message, at location: SourceLocation) {
    nodes.report(message, at: location)
  }

  mutating func readText(path: String) -> String? { nodes.readText(path: path) }

  mutating func compose(_ text: String, emptyHint: String) -> Node? {
    nodes.compose(text, emptyHint: emptyHint)
  }

  func location(_ node: Node) -> SourceLocation { nodes.location(node) }

  func describe(_ node: Node) -> String { nodes.describe(node) }

  mutating func mapping(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
    nodes.mapping(node, what: what)
  }

  mutating func sequence(_ node: Node, what: String) -> [Node]? { nodes.sequence(node, what: what) }

  mutating func string(_ node: Node, what: String) -> String? { nodes.string(node, what: what) }

  mutating func integer(_ node: Node, what: String) -> Int? { nodes.integer(node, what: what) }

  mutating func number(_ node: Node, what: String) -> Double? { nodes.number(node, what: what) }

  mutating func boolean(_ node: Node, what: String) -> Bool? { nodes.boolean(node, what: what) }

  mutating func checkKeys(
    _ pairs: [(key: String, keyNode: Node, value: Node)], allowed: [String], what: String,
    elsewhere: [String: String] = [:]
  ) {
    nodes.checkKeys(pairs, allowed: allowed, what: what, elsewhere: elsewhere)
  }

  mutating func requireKeys(
    _ keys: [String], in pairs: [(key: String, keyNode: Node, value: Node)], at node: Node,
    what: String
  ) {
    nodes.requireKeys(keys, in: pairs, at: node, what: what)
  }

  // MARK: what only scripts read

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
      report(.notADuration(what, text), at: location(node))
      return nil
    }
    return total
  }

  private mutating func tooLong(_ node: Node, what: String, text: String) -> Int? {
    report(.overADay(what, text), at: location(node))
    return nil
  }

  mutating func template(_ node: Node, what: String) -> (Template, TextOrigin)? {
    guard let text = string(node, what: what) else { return nil }
    let origin = origin(node)
    do {
      return (try Template.parse(text), origin)
    } catch {
      report(.syntaxError(error, in: what), at: origin.location(at: error.offset))
      return nil
    }
  }

  mutating func expression(_ node: Node, what: String) -> (Expression, TextOrigin)? {
    guard nodes.spend() else { return nil }
    let text: String
    if let scalar = node.scalar {
      text = scalar.string
    } else {
      report(.wrongShape(what, shouldBe: "an expression", found: describe(node)), at: location(node))
      return nil
    }
    let origin = origin(node)
    do {
      return (try ExpressionParser.parse(text), origin)
    } catch {
      report(.syntaxError(error, in: what), at: origin.location(at: error.offset))
      return nil
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
