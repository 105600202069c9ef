import Foundation
internal import Yams

/// Reads a dialog test file, reporting each problem with its line.
public enum DialogTestReader {
  /// The problems of a test file that cannot be run.
  public struct Problem: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public var description: String { "\(path):\(line): \(message)" }
  }

  public static func read(path: String) throws(Problem) -> DialogTestFile {
    guard let data = FileManager.default.contents(atPath: path), data.count <= ScriptLoader.maxBytes,
      let text = String(data: data, encoding: .utf8)
    else {
      throw Problem(
        path: path, line: 1, message: "cannot read the test file (missing, not UTF-8, or over 1 MiB)")
    }
    let root: Node
    do {
      // Aliases as keys, or repeating large parts, could take unbounded time (see AliasKeys).
      guard let node = try AliasKeys.compose(text) else {
        throw Problem(path: path, line: 1, message: "the file is empty")
      }
      var budget = ScriptReader.nodeLimit
      guard ScriptReader.fits(node, budget: &budget) else {
        throw Problem(
          path: path, line: 1,
          message:
            "the file has too many nodes (over \(ScriptReader.nodeLimit), counting what aliases repeat)")
      }
      root = node
    } catch let problem as Problem {
      throw problem
    } catch let refused as AliasKeys.Refused {
      throw Problem(
        path: path, line: refused.at.line, message: "a YAML alias is used as a mapping key; write the key out"
      )
    } catch let error as YamlError {
      throw Problem(path: path, line: Self.line(of: error), message: "YAML: \(error)")
    } catch {
      throw Problem(path: path, line: 1, message: "\(error)")
    }
    var reader = Reader(path: path)
    return try reader.file(root)
  }

  static func line(of error: YamlError) -> Int {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
    default: 1
    }
  }

  struct Reader {
    let path: String

    func fail(_ node: Node?, _ message: String) -> Problem {
      Problem(path: path, line: node?.mark?.line ?? 1, message: message)
    }

    func pairs(_ node: Node, _ what: String, allowed: [String]) throws(Problem) -> [String: Node] {
      guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping") }
      var result: [String: Node] = [:]
      for (k, v) in mapping {
        guard let key = k.scalar?.string else { throw fail(k, "keys must be words") }
        guard allowed.contains(key) else {
          let hint = Suggestion.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
          throw fail(
            k, "unknown key '\(key)' in \(what)\(hint); the keys are \(allowed.joined(separator: ", "))")
        }
        result[key] = v
      }
      return result
    }

    func string(_ node: Node?, _ what: String) throws(Problem) -> String? {
      guard let node else { return nil }
      guard let s = node.scalar?.string else { throw fail(node, "\(what) must be text") }
      return s
    }

    /// A YAML value as a record value: numbers, booleans, text, lists and mappings.
    func value(_ node: Node) -> Value {
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

    func answers(_ node: Node?) throws(Problem) -> [String: Value] {
      guard let node else { return [:] }
      guard case .object(let o) = value(node) else {
        throw fail(node, "answers must be a mapping of step ids to values")
      }
      return o
    }

    func strings(_ node: Node?, _ what: String) throws(Problem) -> [String]? {
      guard let node else { return nil }
      guard case .sequence(let s) = node else { throw fail(node, "\(what) must be a list") }
      var result: [String] = []
      for item in s {
        guard let text = item.scalar?.string else { throw fail(item, "\(what) holds step ids") }
        result.append(text)
      }
      return result
    }

    mutating func file(_ root: Node) throws(Problem) -> DialogTestFile {
      let top = try pairs(root, "the test file", allowed: ["dialog", "with", "by", "today", "tests"])
      guard let dialog = try string(top["dialog"], "'dialog'") else {
        throw fail(root, "the test file needs 'dialog' (an id or a script path)")
      }
      let todayText = try string(top["today"], "'today'") ?? "2026-11-23"
      guard let today = CalendarDay(iso: todayText) else {
        throw fail(top["today"], "'today' must be a date, YYYY-MM-DD")
      }
      guard let testsNode = top["tests"], case .sequence(let testNodes) = testsNode, !testNodes.isEmpty else {
        throw fail(top["tests"] ?? root, "'tests' must list at least one test")
      }
      let with = try string(top["with"], "'with'")
      let by = try string(top["by"], "'by'")
      var tests: [DialogTest] = []
      for node in testNodes { tests.append(try test(node, with: with, by: by)) }
      return DialogTestFile(
        path: path, dialog: dialog, dialogLine: top["dialog"]?.mark?.line ?? 1, today: today, tests: tests)
    }

    func test(_ node: Node, with: String?, by: String?) throws(Problem) -> DialogTest {
      let keys = [
        "name", "with", "by", "previous", "earlier", "older", "last", "settings", "open_actions", "steps",
        "end", "answers", "flags", "path",
      ]
      let p = try pairs(node, "a test", allowed: keys)
      guard let name = try string(p["name"], "'name'") else { throw fail(node, "every test needs a 'name'") }
      var context = SessionContext(
        with: try string(p["with"], "'with'") ?? with, by: try string(p["by"], "'by'") ?? by,
        previous: try answers(p["previous"]), earlier: try answers(p["earlier"]),
        settings: try answers(p["settings"]))
      if let older = p["older"] {
        guard case .sequence(let sessions) = older else {
          throw fail(
            older, "'older' must be a list of the answers of the sessions before 'earlier', newest first")
        }
        for session in sessions { context.older.append(try answers(session)) }
      }
      if let last = p["last"] {
        // A dialog id maps to the answers of its last session, or to a list of its last
        // sessions' answers, newest first (for recent(last.<dialog>.<id>)).
        for (dialog, answers) in try answers(last) {
          let sessions: [Value]
          switch answers {
          case .object: sessions = [answers]
          case .array(let list) where !list.isEmpty: sessions = list
          default:
            throw fail(
              last,
              "'last' maps a dialog id to the answers of its last session, or a list of sessions newest first"
            )
          }
          var objects: [[String: Value]] = []
          for session in sessions {
            guard case .object(let o) = session else {
              throw fail(last, "each session under 'last' is a mapping of answers by step id")
            }
            objects.append(o)
          }
          context.last[dialog] = objects[0]
          if objects.count > 1 { context.lastEarlier[dialog] = Array(objects.dropFirst()) }
        }
      }
      if let open = p["open_actions"] {
        guard case .array(let items) = value(open) else { throw fail(open, "'open_actions' must be a list") }
        for (i, item) in items.enumerated() {
          guard let text = item["text"].string else { throw fail(open, "each open action needs a 'text'") }
          context.openActions.append(
            ActionItem(
              id: item["id"].string ?? "earlier:a\(i + 1)", text: text, owner: item["owner"].string,
              due: item["due"].string, origin: item["origin"].string))
        }
      }
      guard let stepsNode = p["steps"], case .sequence(let stepNodes) = stepsNode else {
        throw fail(node, "test '\(name)' needs 'steps': the lines typed, in order")
      }
      var turns: [DialogTest.Turn] = []
      for stepNode in stepNodes {
        let t = try pairs(
          stepNode, "a step of '\(name)'", allowed: ["expect", "part", "ask", "answer", "error", "say"])
        guard let answer = try string(t["answer"], "'answer'") else {
          throw fail(stepNode, "each step needs an 'answer' (the line typed; \"\" for an empty line)")
        }
        var error: String?
        if let e = t["error"] {
          let text = try string(e, "'error'") ?? ""
          // true: must be refused; false: must be accepted (the default); a text: the refusal says it.
          error = ["true", "yes"].contains(text) ? "" : ["false", "no"].contains(text) ? nil : text
        }
        for key in ["say", "ask"] where t[key]?.scalar?.string.isEmpty == true {
          throw fail(t[key], "'\(key)' must not be empty: give the words to look for")
        }
        turns.append(
          DialogTest.Turn(
            expect: try string(t["expect"], "'expect'"), part: try string(t["part"], "'part'"),
            answer: answer,
            error: error, say: try string(t["say"], "'say'"), ask: try string(t["ask"], "'ask'"),
            line: stepNode.mark?.line ?? 1))
      }
      let endText = try string(p["end"], "'end'") ?? "completed"
      guard let end = SessionStatus(rawValue: endText), end != .inProgress else {
        throw fail(p["end"], "'end' is completed or paused, not '\(endText)'")
      }
      return DialogTest(
        name: name, line: node.mark?.line ?? 1, context: context, turns: turns, end: end,
        answers: try answers(p["answers"]), flags: try strings(p["flags"], "'flags'"),
        path: try strings(p["path"], "'path'"))
    }
  }
}
