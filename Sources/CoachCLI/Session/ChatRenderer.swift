import CoachKit
import Foundation
import LineEditing
import TextLayout

/// Chat-style text: coach's lines and the person's visibly distinct, words wrapped at the
/// terminal's width, the prompt showing the section, step n of N and the section's clock, which
/// stays current while the person types. Plain (no escape codes) unless the palette colours.
final class ChatRenderer: SessionRenderer {
  let chat: ChatText
  var palette: Palette { chat.palette }
  /// Echo each line read (when input is not a terminal, so the output reads as a transcript).
  let echoInput: Bool
  /// Show the section, step and time in the input prompt, kept current (on a terminal).
  let statusInPrompt: Bool
  private let output: TextSink
  private let now: () -> Date
  /// The question being asked, for completion, and when it was shown (for the clock).
  private(set) var currentPrompt: Prompt?
  private var shownAt = Date()
  private var lastSection: String??
  private var lastPromptKey: String?
  /// Sections whose over-budget notice was given.
  private var warnedSections: Set<String> = []
  /// The input prompt was shown and no line has been read since (so a newline is owed).
  private var awaitingLine = false

  static let youLabel = "  you › "

  init(
    palette: Palette, width: @escaping () -> Int?, echoInput: Bool, statusInPrompt: Bool,
    output: TextSink = StandardOutput(), now: @escaping () -> Date = Date.init
  ) {
    self.chat = ChatText(palette: palette, width: width)
    self.echoInput = echoInput
    self.statusInPrompt = statusInPrompt
    self.output = output
    self.now = now
  }

  // MARK: - Input

  var inputPrompt: LinePrompt {
    awaitingLine = echoInput
    guard statusInPrompt, currentPrompt != nil else {
      let label = palette.paint(Self.youLabel, .boldGreen)
      return LinePrompt(label)
    }
    return LinePrompt(refreshInterval: 5, notice: { [weak self] in self?.liveNotice() }) { [weak self] in
      self?.statusPrompt() ?? Self.youLabel
    }
  }

  /// `Progress 2/19 0:33/5:00 you › `, shortened to leave room to type: the section's title
  /// goes first, then the step, on a narrow terminal.
  func statusPrompt() -> String {
    guard let p = currentPrompt else { return palette.paint(Self.youLabel, .boldGreen) }
    let elapsed = p.elapsed + max(0, Int(now().timeIntervalSince(shownAt)))
    var time = Clock.format(seconds: elapsed)
    if let budget = p.budget { time += "/" + Clock.format(seconds: budget) }
    let title = p.sectionTitle.map { DisplayWidth.truncate(Sanitizer.flat($0), to: 24) }
    // Thirty columns at least are left to type in.
    let room = (chat.width() ?? 100) - 30
    let candidates = [
      [title, "\(p.step)/\(p.steps)", time].compactMap { $0 }.joined(separator: " "),
      "\(p.step)/\(p.steps) \(time)",
      time,
    ]
    let you = palette.paint("you ›", .boldGreen) + " "
    guard let status = candidates.first(where: { DisplayWidth.of($0) + 6 <= room }) else { return you }
    let over = p.budget.map { elapsed > $0 } ?? false
    return palette.paint(status, over ? .boldYellow : .dim) + " " + you
  }

  /// The notice that the section's budget has passed, once, while the person is typing.
  private func liveNotice() -> String? {
    guard let p = currentPrompt, let budget = p.budget, let section = p.sectionID,
      !warnedSections.contains(section)
    else { return nil }
    let elapsed = p.elapsed + max(0, Int(now().timeIntervalSince(shownAt)))
    guard elapsed > budget else { return nil }
    warnedSections.insert(section)
    return chat.speak(overBudget(p, elapsed: elapsed), .boldYellow).dropLastNewline
  }

  private func overBudget(_ p: Prompt, elapsed: Int) -> String {
    "\(p.sectionTitle ?? p.sectionID ?? "This part") is over its \(Clock.format(seconds: p.budget ?? 0)) budget (\(Clock.format(seconds: elapsed)) so far)."
  }

  func didRead(_ line: String) {
    awaitingLine = false
    guard echoInput else { return }
    output.write(Sanitizer.visible(line).replacingOccurrences(of: "\n", with: "\n" + ChatText.indent) + "\n")
  }

  // MARK: - Output

  func show(_ outputs: [Output]) {
    var text = awaitingLine ? "\n" : ""
    awaitingLine = false
    var afterError = false
    for output in outputs {
      switch output {
      case .say(let said, let tone):
        text += chat.speak(said, Self.style(tone))
      case .error(_, let message):
        text += chat.speak("! " + message, .red)
        afterError = true
      case .end(let status):
        text += chat.speak(status == .completed ? "Session complete." : "Session paused.", .dim)
      case .prompt(let prompt):
        text += describe(prompt, afterError: afterError)
      case .help(let card):
        text += help(card)
      case .agenda(let agenda):
        text += self.agenda(agenda)
      }
    }
    self.output.write(text)
  }

  /// `outputs` as plain text without the `coach › ` labels (for the machine mode's `say`).
  func plainText(_ outputs: [Output]) -> String {
    let captured = CapturedOutput()
    let renderer = ChatRenderer(
      palette: .plain, width: { nil }, echoInput: false, statusInPrompt: false, output: captured)
    renderer.show(outputs)
    return captured.text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in
        line.hasPrefix(ChatText.coachLabel)
          ? line.dropFirst(ChatText.coachLabel.count) : line.dropFirst(min(line.count, ChatText.indent.count))
      }
      .joined(separator: "\n").trimmingCharacters(in: .newlines)
  }

  static func style(_ tone: Output.Tone) -> Style {
    switch tone {
    case .normal: .plain
    case .tip: .cyan
    case .flag: .boldMagenta
    case .warning: .boldYellow
    case .info: .dim
    }
  }

  private func describe(_ p: Prompt, afterError: Bool) -> String {
    var out = ""
    let elapsedShown = currentPrompt.map { $0.elapsed + Int(now().timeIntervalSince(shownAt)) }
    currentPrompt = p
    shownAt = now()
    if lastSection == nil || lastSection! != p.sectionID {
      lastSection = .some(p.sectionID)
      out += "\n" + palette.paint(header(p), .bold) + "\n"
      // The section's tip, once, as the section starts.
      if let tip = p.sectionTip {
        out += chat.wrapped(Sanitizer.visible(tip), indent: ChatText.indent).map {
          ChatText.indent + palette.paint($0, .cyan) + "\n"
        }.joined()
      }
    }
    // Said before the question: the section ran over its budget (unless said live already).
    if p.isOverBudget, let section = p.sectionID, !warnedSections.contains(section) {
      warnedSections.insert(section)
      out += chat.speak(overBudget(p, elapsed: max(p.elapsed, elapsedShown ?? 0)), .boldYellow)
    }
    let part = p.part?.rawValue ?? ""
    // A review asks about one carried item after another under the same step: each is new.
    let key = p.id + "#" + part + "#\(p.items.count)" + (p.part == .review ? "#" + p.text : "")
    let repeated = key == lastPromptKey
    let sameStep = lastPromptKey?.hasPrefix(p.id + "#" + part + "#") ?? false
    lastPromptKey = key
    if repeated, p.part != .item || p.items.isEmpty {
      // Asked again: after an error, the error said what to type; after a command, a reminder.
      return afterError ? out : out + chat.aside("back to: " + p.text)
    }
    if p.part == .item, sameStep, !p.items.isEmpty {
      // The next item of a list: the items so far stand in for the question.
      // (A list at its most finishes by itself, so there is always room for another.)
      let count = "\(p.items.count) item\(p.items.count == 1 ? "" : "s") so far"
      let room = p.max.map { " (at most \(Int($0)))" } ?? ""
      return out + chat.aside(count + room + ": next item, or an empty line to finish")
    }
    out += chat.speak(p.text, .bold)
    var details: [String] = []
    for (i, choice) in p.choices.enumerated() { details.append("  \(i + 1)  \(choice.label)") }
    for anchor in p.anchors { details.append("  \(anchor.score)  \(anchor.label)") }
    details += p.items.map { "  • \($0)" }
    out += chat.block(details, hang: 3)
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
    if let was = p.previousAnswer { hint += "; was: " + ChatText.snippet(was, limit: 60) }
    if let last = p.lastTimeShown { hint += "; last time: " + ChatText.snippet(last, limit: 60) }
    if p.hasTip { hint += "; /tip for guidance" }
    out += chat.aside(hint)
    return out
  }

  /// `── Progress against plan · step 2 of 19 · 0:00 / 5:00 ──`, shortened to fit the width.
  private func header(_ p: Prompt) -> String {
    var time = Clock.format(seconds: p.elapsed)
    var shortTime = time
    if let budget = p.budget {
      time += " / " + Clock.format(seconds: budget)
      shortTime += "/" + Clock.format(seconds: budget)
    }
    let title = p.sectionTitle.map(Sanitizer.flat)
    let forms = [
      [title, "step \(p.step) of \(p.steps)", time].compactMap { $0 },
      [title, "\(p.step)/\(p.steps)", shortTime].compactMap { $0 },
      ["\(p.step)/\(p.steps)", shortTime],
    ]
    let width = chat.width() ?? .max
    for parts in forms {
      let line = "── " + parts.joined(separator: " · ") + " ──"
      if DisplayWidth.of(line) <= width { return line }
    }
    return DisplayWidth.truncate("── " + forms[1].joined(separator: " · "), to: max(10, width))
  }

  private func help(_ card: HelpCard) -> String {
    var out = chat.speak("Type your answer and press Enter. This question takes \(card.accepts).", .dim)
    var lines: [String] = []
    if card.isOptional { lines.append("It is optional: an empty line or /skip leaves it out.") }
    lines.append("Commands:")
    out += chat.block(lines)
    let table = TextTable(
      [.init(), .init(minimum: 12, flexible: true)], rows: card.commands.map { [$0.usage, $0.summary] },
      indent: "  ")
    out += chat.table(table).map { ChatText.indent + palette.paint($0, .dim) + "\n" }.joined()
    out += chat.block([
      "Commands may be shortened (/h, /act). Start a line with // to answer with a leading slash."
    ])
    return out
  }

  private func agenda(_ agenda: Agenda) -> String {
    var table = TextTable([
      .init(minimum: 1), .init(minimum: 10, maximum: 40, flexible: true), .init(alignment: .right), .init(),
    ])
    for section in agenda.sections {
      let mark =
        switch section.state {
        case .current: ">"
        case .done: "*"
        case .ahead: " "
        }
      let time =
        Clock.format(seconds: section.spent)
        + (section.budget.map { " / " + Clock.format(seconds: $0) } ?? "")
      table.rows.append([
        mark, section.title, time, section.overBy.map { "over by " + Clock.format(seconds: $0) } ?? "",
      ])
    }
    var out = ""
    let lines = chat.table(table)
    for (i, line) in lines.enumerated() {
      out += (i == 0 ? palette.paint(ChatText.coachLabel, .boldBlue) : ChatText.indent) + line + "\n"
    }
    var summary =
      "Step \(agenda.step) of \(agenda.steps); \(agenda.answered) answered; \(Clock.format(seconds: agenda.elapsed))"
    if let timebox = agenda.timebox { summary += " of \(Clock.format(seconds: timebox))" }
    var notes = [summary + " so far."]
    if agenda.actions > 0 {
      notes.append("\(agenda.actions) action item\(agenda.actions == 1 ? "" : "s") recorded.")
    }
    if !agenda.flags.isEmpty {
      notes.append("Flags:")
      notes += agenda.flags.map { "  ⚑ " + $0 }
    }
    out += lines.isEmpty ? chat.speak(notes.joined(separator: "\n")) : chat.block(notes, hang: 4)
    return out
  }
}

extension String {
  fileprivate var dropLastNewline: String {
    hasSuffix("\n") ? String(dropLast()) : self
  }
}
