import CoachKit

/// Chat-style text: coach's lines and the person's visibly distinct, the prompt showing the
/// section, step n of N and time. Plain (no escape codes) unless colour is allowed.
final class ChatRenderer: SessionRenderer {
  let color: Bool
  /// Wrap text to this width; nil leaves lines as they are.
  private let fixedWidth: Int?
  /// Follow the terminal's width as it is resized.
  private let followsTerminal: Bool
  var width: Int? { followsTerminal ? Terminal.size?.columns ?? fixedWidth : fixedWidth }
  /// Echo each line read (when input is not a terminal, so the output reads as a transcript).
  let echoInput: Bool
  /// Show the section, step and time in the input prompt (on a terminal).
  var statusInPrompt = false
  /// The question being asked, for completion.
  private(set) var currentPrompt: Prompt?
  private var lastSection: String??
  private var lastPromptKey: String?
  /// The input prompt was shown and no line has been read since (so a newline is owed).
  private var awaitingLine = false

  init(color: Bool, width: Int?, echoInput: Bool, followsTerminal: Bool = false) {
    self.color = color
    self.fixedWidth = width
    self.echoInput = echoInput
    self.followsTerminal = followsTerminal
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  static let coachLabel = "coach › "
  static let youLabel = "  you › "
  private static let indent = String(repeating: " ", count: coachLabel.count)

  var inputPrompt: String {
    awaitingLine = echoInput
    guard statusInPrompt, let p = currentPrompt else { return paint(Self.youLabel, "1;32") }
    var time = Clock.format(seconds: p.elapsed)
    if let budget = p.budget { time += "/" + Clock.format(seconds: budget) }
    let status = "\(p.sectionID ?? "") \(p.step)/\(p.steps) \(time)"
    return paint(status, p.isOverBudget ? "1;33" : "2") + " " + paint("you ›", "1;32") + " "
  }

  func didRead(_ line: String) {
    awaitingLine = false
    guard echoInput else { return }
    Terminal.standardOutput(
      Sanitizer.visible(line).replacingOccurrences(of: "\n", with: "\n" + Self.indent) + "\n")
  }

  func show(_ outputs: [Output]) {
    var text = awaitingLine ? "\n" : ""
    awaitingLine = false
    var afterError = false
    for output in outputs {
      switch output {
      case .say(let said, let tone):
        let code: String
        switch tone {
        case .normal: code = "0"
        case .tip: code = "36"
        case .flag: code = "1;35"
        case .warning: code = "1;33"
        case .info: code = "2"
        }
        text += speak(said, code: code)
      case .error(_, let message):
        text += speak("! " + message, code: "31")
        afterError = true
      case .end(let status):
        text += speak(status == .completed ? "Session complete." : "Session paused.", code: "2")
      case .prompt(let prompt):
        text += describe(prompt, afterError: afterError)
      }
    }
    Terminal.standardOutput(text)
  }

  /// A coach line, labelled and wrapped.
  private func speak(_ said: String, code: String) -> String {
    let lines = wrap(said, width: width.map { max(20, $0 - Self.coachLabel.count) })
    var out = ""
    for (i, line) in lines.enumerated() {
      out += (i == 0 ? paint(Self.coachLabel, "1;34") : Self.indent) + paint(line, code) + "\n"
    }
    return out
  }

  private func describe(_ p: Prompt, afterError: Bool) -> String {
    currentPrompt = p
    var out = ""
    let part = p.part?.rawValue ?? ""
    let key = p.id + "#" + part + "#\(p.items.count)"
    if lastSection == nil || lastSection! != p.sectionID {
      lastSection = .some(p.sectionID)
      out += "\n" + paint(header(p), "1") + "\n"
    }
    let repeated = key == lastPromptKey
    let sameStep = lastPromptKey?.hasPrefix(p.id + "#" + part + "#") ?? false
    lastPromptKey = key
    if repeated, p.part != .item || p.items.isEmpty {
      // Asked again: after an error, the error said what to type; after a command, a reminder.
      return afterError ? out : out + aside("back to: " + p.text)
    }
    if p.part == .item, sameStep, !p.items.isEmpty {
      // The next item of a list: the items so far stand in for the question.
      let count = "\(p.items.count) item\(p.items.count == 1 ? "" : "s") so far"
      return out + aside(count + ": next item, or an empty line to finish")
    }
    out += speak(p.text, code: "1")
    var details: [String] = []
    for (i, choice) in p.choices.enumerated() { details.append("\(i + 1)  \(choice.label)") }
    for anchor in p.anchors { details.append("\(anchor.score)  \(anchor.label)") }
    details += p.items.map { "• \($0)" }
    var hint =
      p.choices.isEmpty
      ? p.accepts
      : p.kind == .choice ? "a number or the start of a name" : "numbers or names, separated by commas"
    if p.part == .item {
      hint =
        p.items.isEmpty
        ? "one item a line; an empty line ends the list" : "next item, or an empty line to finish"
    }
    if !p.required { hint += "; optional: Enter or /skip leaves it out" }
    if let was = p.previousAnswer { hint += "; was: \(was)" }
    if let last = p.lastTimeShown { hint += "; last time: \(Sanitizer.inline(last, limit: 60))" }
    if p.hasTip { hint += "; /tip for guidance" }
    for detail in details {
      for line in wrap(detail, width: width.map { max(20, $0 - Self.indent.count - 2) }) {
        out += Self.indent + "  " + line + "\n"
      }
    }
    out += aside(hint)
    return out
  }

  /// A dim aside in parentheses under coach's line, wrapped with the indent.
  private func aside(_ text: String) -> String {
    wrap("(" + text + ")", width: width.map { max(20, $0 - Self.indent.count) })
      .map { Self.indent + paint($0, "2") + "\n" }.joined()
  }

  private func header(_ p: Prompt) -> String {
    var parts: [String] = []
    if let title = p.sectionTitle { parts.append(title) }
    parts.append("step \(p.step) of \(p.steps)")
    var time = Clock.format(seconds: p.elapsed)
    if let budget = p.budget { time += " / " + Clock.format(seconds: budget) }
    parts.append(time)
    return "── " + parts.joined(separator: " · ") + " ──"
  }

  /// Splits `text` into lines no wider than `width` characters, keeping its own line breaks.
  func wrap(_ text: String, width: Int?) -> [String] {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let width else { return paragraphs }
    var lines: [String] = []
    for paragraph in paragraphs {
      if paragraph.count <= width {
        lines.append(paragraph)
        continue
      }
      var line = ""
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
        if line.isEmpty {
          line = String(word)
        } else if line.count + 1 + word.count <= width {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
      }
      lines.append(line)
    }
    return lines
  }
}
