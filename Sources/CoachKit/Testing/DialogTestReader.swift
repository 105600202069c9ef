import Foundation
internal import Yams

/// Reads a dialog test file (docs/dialog-tests.md) through ``NodeReader``, as scripts are read:
/// every problem is reported, each with its line, column and code.
public enum DialogTestReader {
  /// The problems of a test file that cannot be run: every one found, located.
  public struct Problems: Error, CustomStringConvertible {
    /// In the order of the file.
    public var diagnostics: [Diagnostic]
    /// The text read, to quote its lines; nil when the file could not be read.
    public var text: String?

    public init(diagnostics: [Diagnostic], text: String? = nil) {
      self.diagnostics = diagnostics
      self.text = text
    }
    /// One line a problem: `file:line:column: error[CODE]: message`.
    public var description: String {
      diagnostics.map {
        "\($0.file):\($0.line):\($0.column): \($0.severity.rawValue)[\($0.code.rawValue)]: \($0.message)"
      }.joined(separator: "\n")
    }
  }

  /// What a test file's problems call it.
  static let document = "the test file"

  /// The test file at `path` (a regular file, at most 1 MiB, UTF-8).
  public static func read(path: String) throws(Problems) -> DialogTestFile {
    var nodes = NodeReader(file: path, document: document)
    guard let text = nodes.readText(path: path) else {
      throw Problems(diagnostics: nodes.diagnostics.sorted, text: nil)
    }
    return try read(text: text, file: path)
  }

  /// The test file in `text`; `file` names it in diagnostics and is where a script path in
  /// `dialog` is found from.
  public static func read(text: String, file: String) throws(Problems) -> DialogTestFile {
    var reader = Reader(nodes: NodeReader(file: file, document: document))
    // A test types lines, and may type a control character on purpose to see what coach does.
    reader.nodes.refusesControlCharacters = false
    let root = reader.nodes.compose(
      text, emptyHint: "a test file needs 'dialog' and 'tests' (see docs/dialog-tests.md)")
    let testFile = root.flatMap { reader.file($0, text: text) }
    guard let testFile, !reader.nodes.diagnostics.hasErrors else {
      throw Problems(diagnostics: reader.nodes.diagnostics.sorted, text: text)
    }
    return testFile
  }

  static let fileKeys = ["dialog", "with", "by", "today", "tests"]
  static let testKeys = [
    "name", "with", "by", "previous", "earlier", "older", "last", "settings", "open_actions", "steps",
    "end", "answers", "flags", "path",
  ]
  static let stepKeys = ["expect", "part", "ask", "answer", "error", "say"]
  static let actionKeys = ["id", "text", "owner", "due", "origin"]

  /// The day tests run on when the file gives no `today`: a Monday.
  static let defaultToday = CalendarDay(iso: "2026-11-23")!

  struct Reader {
    var nodes: NodeReader

    /// The pairs of a mapping by key, with unknown keys reported; nil when it is not a mapping.
    mutating func pairs(_ node: Node, what: String, allowed: [String]) -> [String: Node]? {
      guard let pairs = nodes.mapping(node, what: what) else { return nil }
      nodes.checkKeys(pairs, allowed: allowed, what: what)
      var result: [String: Node] = [:]
      for pair in pairs where allowed.contains(pair.key) { result[pair.key] = pair.value }
      return result
    }

    mutating func string(_ node: Node?, _ what: String) -> String? {
      node.flatMap { nodes.string($0, what: what) }
    }

    /// A mapping of step ids (or setting ids) to answers, as record values.
    mutating func answers(_ node: Node?, _ what: String) -> [String: Value] {
      guard let node else { return [:] }
      guard nodes.mapping(node, what: what) != nil, case .object(let o) = Self.value(node) else { return [:] }
      return o
    }

    /// A list of words (step or flag ids).
    mutating func strings(_ node: Node?, _ what: String) -> [String]? {
      guard let node else { return nil }
      guard let items = nodes.sequence(node, what: what) else { return nil }
      return items.compactMap { nodes.string($0, what: "an item of \(what)") }
    }

    /// A YAML value as a record value: numbers, booleans, text, lists and mappings.
    static func value(_ node: Node) -> Value {
      switch node {
      case .scalar(let scalar):
        if scalar.style == .plain {
          switch scalar.string {
          case "true", "yes": return true
          case "false", "no": return false
          case "null", "~": return .null
          default: if let n = Double(scalar.string) { return .number(n) }
          }
        }
        return .string(scalar.string)
      case .sequence(let s): return .array(s.map(value))
      case .mapping(let m):
        var o: [String: Value] = [:]
        for (k, v) in m { o[k.scalar?.string ?? ""] = value(v) }
        return .object(o)
      case .alias: return .null
      }
    }

    mutating func file(_ root: Node, text: String) -> DialogTestFile? {
      guard let top = pairs(root, what: "the test file", allowed: DialogTestReader.fileKeys) else {
        return nil
      }
      let dialog = string(top["dialog"], "'dialog'")
      if top["dialog"] == nil { nodes.report(.noDialog, at: nodes.location(root)) }
      var today = DialogTestReader.defaultToday
      if let node = top["today"], let text = nodes.string(node, what: "'today'") {
        if let day = CalendarDay(iso: text) {
          today = day
        } else {
          nodes.report(.notADate("'today'", text), at: nodes.location(node))
        }
      }
      let with = string(top["with"], "'with'")
      let by = string(top["by"], "'by'")
      var tests: [DialogTest] = []
      if let node = top["tests"] {
        let testNodes = nodes.sequence(node, what: "'tests'")
        if testNodes?.isEmpty == true { nodes.report(.noTests(given: true), at: nodes.location(node)) }
        for testNode in testNodes ?? [] {
          if let test = test(testNode, with: with, by: by) { tests.append(test) }
        }
      } else {
        nodes.report(.noTests(given: false), at: nodes.location(root))
      }
      guard let dialog else { return nil }
      return DialogTestFile(
        path: nodes.file, dialog: dialog,
        dialogLocation: top["dialog"].map(nodes.location) ?? SourceLocation(line: 1, column: 1), today: today,
        tests: tests, text: text)
    }

    mutating func test(_ node: Node, with: String?, by: String?) -> DialogTest? {
      guard let p = pairs(node, what: "a test", allowed: DialogTestReader.testKeys) else { return nil }
      let name = string(p["name"], "'name'")
      if p["name"] == nil { nodes.report(.missingKey("name", in: "a test"), at: nodes.location(node)) }
      let called = name.map { "test '\($0)'" } ?? "a test"
      var context = SessionContext(
        with: string(p["with"], "'with'") ?? with, by: string(p["by"], "'by'") ?? by,
        previous: answers(p["previous"], "'previous'"), earlier: answers(p["earlier"], "'earlier'"),
        settings: answers(p["settings"], "'settings'"))
      if let older = p["older"] {
        for session in nodes.sequence(older, what: "'older'") ?? [] {
          context.older.append(answers(session, "a session of 'older'"))
        }
      }
      if let last = p["last"] { readLast(last, into: &context) }
      if let open = p["open_actions"] {
        for (i, item) in (nodes.sequence(open, what: "'open_actions'") ?? []).enumerated() {
          guard let fields = pairs(item, what: "an open action", allowed: DialogTestReader.actionKeys) else {
            continue
          }
          guard let text = string(fields["text"], "'text'") else {
            if fields["text"] == nil {
              nodes.report(.missingKey("text", in: "an open action"), at: nodes.location(item))
            }
            continue
          }
          context.openActions.append(
            ActionItem(
              id: string(fields["id"], "'id'") ?? "earlier:a\(i + 1)", text: text,
              owner: string(fields["owner"], "'owner'"), due: string(fields["due"], "'due'"),
              origin: string(fields["origin"], "'origin'")))
        }
      }
      var turns: [DialogTest.Turn] = []
      if let steps = p["steps"] {
        for stepNode in nodes.sequence(steps, what: "'steps'") ?? [] {
          if let turn = turn(stepNode, of: called) { turns.append(turn) }
        }
      } else {
        nodes.report(
          .missingKey("steps", in: called, hint: "list the lines typed, in order"), at: nodes.location(node))
      }
      var end = SessionStatus.completed
      if let node = p["end"], let text = nodes.string(node, what: "'end'") {
        if let status = SessionStatus(rawValue: text), status != .inProgress {
          end = status
        } else {
          nodes.report(.notAnEnd(text), at: nodes.location(node))
        }
      }
      let answers = answers(p["answers"], "'answers'")
      let flags = strings(p["flags"], "'flags'")
      let path = strings(p["path"], "'path'")
      guard let name else { return nil }
      return DialogTest(
        name: name, line: nodes.location(node).line, context: context, turns: turns, end: end,
        answers: answers, flags: flags, path: path)
    }

    /// `last`: a dialog id maps to the answers of its last session, or to a list of its last
    /// sessions' answers, newest first (for recent(last.<dialog>.<id>)).
    mutating func readLast(_ node: Node, into context: inout SessionContext) {
      for pair in nodes.mapping(node, what: "'last'") ?? [] {
        let sessions: [Node]
        switch pair.value {
        case .mapping: sessions = [pair.value]
        case .sequence(let list) where !list.isEmpty: sessions = Array(list)
        default:
          nodes.report(.notLastSessions(pair.key), at: nodes.location(pair.value))
          continue
        }
        var objects: [[String: Value]] = []
        for session in sessions {
          guard nodes.mapping(session, what: "a session of '\(pair.key)' under 'last'") != nil,
            case .object(let o) = Self.value(session)
          else { continue }
          objects.append(o)
        }
        guard let newest = objects.first else { continue }
        context.last[pair.key] = newest
        if objects.count > 1 { context.lastEarlier[pair.key] = Array(objects.dropFirst()) }
      }
    }

    /// One line of a test's exchange.
    mutating func turn(_ node: Node, of test: String) -> DialogTest.Turn? {
      let what = "a step of \(test)"
      guard let t = pairs(node, what: what, allowed: DialogTestReader.stepKeys) else { return nil }
      let answer = string(t["answer"], "'answer'")
      if t["answer"] == nil {
        nodes.report(
          .missingKey("answer", in: what, hint: "the line typed; \"\" for an empty line"),
          at: nodes.location(node))
      }
      var error: String?
      if let node = t["error"], let text = nodes.string(node, what: "'error'") {
        // true: must be refused; false: must be accepted (the default); a text: the refusal says it.
        error = ["true", "yes"].contains(text) ? "" : ["false", "no"].contains(text) ? nil : text
      }
      var say: String?
      var ask: String?
      for key in ["say", "ask"] {
        guard let node = t[key], let text = nodes.string(node, what: "'\(key)'") else { continue }
        if text.isEmpty { nodes.report(.emptyExpectation(key), at: nodes.location(node)) }
        if key == "say" { say = text } else { ask = text }
      }
      let expect = string(t["expect"], "'expect'")
      let part = string(t["part"], "'part'")
      guard let answer else { return nil }
      return DialogTest.Turn(
        expect: expect, part: part, answer: answer, error: error, say: say, ask: ask,
        line: nodes.location(node).line)
    }
  }
}

// The messages of test files, beside the codes of their own (C070–C072) and the shared ones
// they use.
extension Diagnostic.Message {
  /// A test file that does not say which dialog it tests (C003).
  static var noDialog: Self {
    .missingKey(
      "dialog", in: "the test file",
      hint: "name the dialog tested: an id, or a script path relative to this file")
  }

  /// A test file whose `tests` is missing or empty (C070).
  static func noTests(given: Bool) -> Self {
    Self(
      .noTests, given ? "'tests' lists no test" : "the test file has no 'tests'",
      hint: "list at least one test: a name and the steps typed (see docs/dialog-tests.md)")
  }

  /// A `say` or `ask` with nothing to look for: any text would hold it (C071).
  static func emptyExpectation(_ key: String) -> Self {
    Self(
      .emptyExpectation,
      "'\(key)' is empty, so it would hold whatever coach \(key == "say" ? "says" : "asks")",
      hint: "give the words to look for, or leave out '\(key)'")
  }

  /// A `today` that is not a date (C005).
  static func notADate(_ what: String, _ text: String) -> Self {
    Self(
      .invalidValue, "\(what) must be a date, not '\(Sanitizer.inline(text, limit: 30))'",
      hint: "write it as YYYY-MM-DD, e.g. 2026-11-23")
  }

  /// An `end` other than completed or paused (C005).
  static func notAnEnd(_ text: String) -> Self {
    Self(
      .invalidValue, "'end' is completed or paused, not '\(Sanitizer.inline(text, limit: 30))'",
      hint: "paused: the test ends with /pause")
  }

  /// A dialog under `last` given neither a session's answers nor a list of them (C004).
  static func notLastSessions(_ dialog: String) -> Self {
    Self(
      .wrongType, "'last' maps '\(dialog)' to neither a session's answers nor a list of sessions",
      hint: "give the answers of its last session by step id, or a list of sessions newest first")
  }

  /// The dialog a test file names, which coach does not have (C072).
  static func unknownTestedDialog(_ dialog: String, candidates: [String]) -> Self {
    Self(
      .unknownTestedDialog, "no dialog '\(Sanitizer.inline(dialog, limit: 60))'",
      hint: Suggestion.closest(to: dialog, in: candidates).map {
        "did you mean '\($0)'? (coach dialogs lists them)"
      }
        ?? "coach dialogs lists them; a script path is relative to the test file")
  }
}
