import CoachKit
import Foundation

/// Loads scripts for tests.
public enum Scripts {
  /// The script in `yaml`, which must load without errors (the errors are thrown otherwise).
  public static func load(_ yaml: String, file: String = "test.yaml") throws -> Script {
    let result = ScriptLoader.load(text: yaml, file: file)
    guard let script = result.script else {
      throw ScriptErrors(diagnostics: result.diagnostics)
    }
    return script
  }

  /// The repository's root folder, found from this file's place in it.
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The shipped dialog files in `prompts/`.
  public static var shippedFiles: [String] {
    let folder = repositoryRoot.appendingPathComponent("prompts").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
  }

  public static func shippedPath(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("prompts").appendingPathComponent(name).path
  }
}

public struct ScriptErrors: Error, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public var description: String {
    diagnostics.map { "\($0.line):\($0.column): \($0.code.rawValue) \($0.message)" }.joined(separator: "\n")
  }
}

/// A plausible valid answer to a prompt, chosen from what the prompt announces: how a front-end
/// or a test answers a dialog it does not know.
public enum SampleAnswers {
  /// A plausible answer to a `--jsonl` prompt object.
  public static func answer(to prompt: Value) -> String {
    answer(
      kind: prompt["kind"].string ?? "text", part: prompt["part"].string, min: prompt["min"].number,
      max: prompt["max"].number, items: prompt["items"].array?.count ?? 0,
      choices: prompt["choices"].array?.count ?? 0)
  }

  /// The answer `answers` gives the prompt's step, else "Seen on the call" for a rating's
  /// evidence, else a plausible one.
  public static func answer(to prompt: Value, answers: [String: String]) -> String {
    if prompt["part"] == "evidence" { return "Seen on the call" }
    return prompt["id"].string.flatMap { answers[$0] } ?? answer(to: prompt)
  }

  public static func answer(kind: String, part: String?, min: Double?, max: Double?, items: Int, choices: Int)
    -> String
  {
    if part == "evidence" || kind == "text" {
      return "Because of the numbers: 12 deals in Q3, I ran the reviews myself"
    }
    switch kind {
    case "yes-no": return "y"
    case "scale", "rating": return String(Int(max ?? 4))
    case "number":
      let lo = min ?? 0
      let hi = max ?? lo + 100
      return String(Int((lo + hi) / 2 > lo ? (lo + hi) / 2 : lo))
    case "percent": return "\(Int(((min ?? 0) + (max ?? 100)) / 2))%"
    case "money": return "12,500"
    case "date": return "+7d"
    case "action": return "Follow up with the customer @Dana due:+7d"
    case "action-review": return "done"
    case "choice": return choices > 1 ? "2" : "1"
    case "multi-choice": return max.map { $0 >= 2 } ?? true && choices >= 2 ? "1, 2" : "1"
    case "list":
      let needed = Int(min ?? 1)
      return items < Swift.max(needed, 2) ? "Item number \(items + 1)" : ""
    default: return "something"
    }
  }
}
