import CoachKit
import LineEditing

/// The `--jsonl` machine mode (DESIGN 3): one JSON object per line on stdout, nothing else.
final class JSONLinesRenderer: SessionRenderer {
  let sessionID: String
  let recordPath: String

  init(sessionID: String, recordPath: String) {
    self.sessionID = sessionID
    self.recordPath = recordPath
  }

  var inputPrompt: LinePrompt { LinePrompt("") }
  /// Sections whose over-budget notice was given.
  private var warnedSections: Set<String> = []

  func didRead(_ line: String) {}

  func show(_ outputs: [Output]) {
    var text = ""
    for output in outputs {
      if case .prompt(let p) = output, p.isOverBudget, let section = p.sectionID,
        !warnedSections.contains(section)
      {
        warnedSections.insert(section)
        let notice = Output.say(
          "\(p.sectionTitle ?? section) is over its \(Clock.format(seconds: p.budget ?? 0)) budget (\(Clock.format(seconds: p.elapsed)) so far).",
          tone: .warning)
        text += JSON.encode(Self.json(notice, session: sessionID, path: recordPath)) + "\n"
      }
      text += JSON.encode(Self.json(output, session: sessionID, path: recordPath)) + "\n"
    }
    Terminal.standardOutput(text)
  }

  static func json(_ output: Output, session: String, path: String) -> Value {
    switch output {
    case .say(let text, let tone):
      return ["type": "say", "text": .string(text), "tone": .string(tone.rawValue)]
    case .error(let step, let message):
      return ["type": "error", "id": .optional(step), "message": .string(message)]
    case .help(let card):
      let renderer = ChatRenderer(palette: .plain, width: { nil }, echoInput: false, statusInPrompt: false)
      return [
        "type": "say", "tone": "info", "text": .string(renderer.plainText([.help(card)])),
        "commands": .array(card.commands.map { ["name": .string($0.name), "usage": .string($0.usage)] }),
      ]
    case .agenda(let agenda):
      let renderer = ChatRenderer(palette: .plain, width: { nil }, echoInput: false, statusInPrompt: false)
      return ["type": "say", "tone": "info", "text": .string(renderer.plainText([.agenda(agenda)]))]
    case .end(let status):
      return [
        "type": "end", "session": .string(session), "status": .string(status.rawValue), "path": .string(path),
      ]
    case .prompt(let p):
      var o: [String: Value] = [
        "type": "prompt", "id": .string(p.id), "kind": .string(p.kind.rawValue), "text": .string(p.text),
        "section": .optional(p.sectionID), "section_title": .optional(p.sectionTitle),
        "step": .number(Double(p.step)), "steps": .number(Double(p.steps)),
        "required": .bool(p.required), "accepts": .string(p.accepts),
        "elapsed": .number(Double(p.elapsed)), "total_elapsed": .number(Double(p.totalElapsed)),
      ]
      if let part = p.part { o["part"] = .string(part.rawValue) }
      if !p.choices.isEmpty {
        o["choices"] = .array(p.choices.map { ["value": .string($0.value), "label": .string($0.label)] })
      }
      if !p.anchors.isEmpty {
        o["anchors"] = .array(
          p.anchors.map { ["score": .number(Double($0.score)), "label": .string($0.label)] })
      }
      if let min = p.min { o["min"] = .number(min) }
      if let max = p.max { o["max"] = .number(max) }
      if let unit = p.unit { o["unit"] = .string(unit) }
      if p.kind == .list || p.part == .item { o["items"] = .array(p.items.map(Value.string)) }
      if let budget = p.budget { o["budget"] = .number(Double(budget)) }
      if let timebox = p.timebox { o["timebox"] = .number(Double(timebox)) }
      if let was = p.previousAnswer { o["previous_answer"] = .string(was) }
      if let last = p.lastTime { o["previous"] = last }
      if let tip = p.sectionTip { o["section_tip"] = .string(tip) }
      return .object(o)
    }
  }
}
