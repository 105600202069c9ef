import CoachKit

extension DiagnosticCode {
  /// What the problem is, why it matters and how to fix it.
  var summary: String {
    switch self {
    case .yamlSyntax:
      "The file is not valid YAML, so nothing else in it can be checked. The usual causes are text holding ': ' that is not quoted, keys that do not line up, tabs used for indentation, and a quote or bracket that is never closed."
    case .unknownKey:
      "A key that coach does not know, often a typo: it would be silently ignored, so lint refuses it. Fix the spelling (the hint suggests the closest key) or remove it."
    case .missingKey:
      "A required key is missing: a dialog needs 'id', 'title' and 'steps'; a step needs 'id', 'ask' and 'kind'; a section 'id' and 'title'; a flag 'id', 'if' and 'text'; a 'next' entry 'goto'. An empty file is reported here too."
    case .wrongType:
      "A value has the wrong shape: text where a list is expected, a mapping where text is expected, a word where a number or true/false is expected. Write the value in the form the key takes (see docs/dialog-format.md)."
    case .invalidValue:
      "A value has the right shape but is not one coach accepts: an unknown answer kind, a duration or date form it cannot read, a currency that is not a three-letter code, a version below 1. The hint shows what is accepted."
    case .invalidID:
      "Ids are stable keys in records, replay and expressions, so they are restricted: a step, section or flag id uses lower-case letters, digits and '_', starting with a letter (close_rate); a dialog id uses '-' instead (one-on-one)."
    case .tooComplex:
      "The script is over 1 MiB, or has more than 100000 nodes once YAML aliases are expanded (an 'alias bomb'), or uses an alias as a mapping key (comparing keys would expand it, however large). Coach stops reading rather than spend unbounded time and memory. Remove aliases that repeat large parts, write keys out, or split the dialog."
    case .duplicateKey:
      "The same key is given twice in one mapping; YAML keeps only one of the values, so the other is lost without a word. Keep one of them."
    case .duplicateStep:
      "Two steps have the same id. Records, replay and expressions find answers by step id, so each step needs its own; a 'goto' or an expression naming the id means the first of them."
    case .duplicateSection:
      "Two sections have the same id, so steps naming it, and the section time budgets, would be ambiguous. Give each section its own id."
    case .unknownGotoTarget:
      "A 'next' (or a 'goto' in it) names a step that does not exist: the dialog would have nowhere to go. Fix the id (the hint suggests the closest step), or write 'end'."
    case .unknownSection:
      "A step names a section that is not declared under 'sections'. Fix the id, or declare the section."
    case .unreachableStep:
      "No path from the first step leads to this step: nothing jumps to it, and the step before it always goes elsewhere (or cannot be reached itself). It would never be asked; link it in with a 'next', or remove it."
    case .neverEnds:
      "Every path from this step loops back without ever reaching the end, so a session that gets here can never finish. Add a branch that leads on, or to 'end'. Each closed loop is reported once, at its first step."
    case .reservedName:
      "The id is a word expressions or 'next' already use ('with', 'by', 'today', 'previous', 'last', 'settings', 'end', 'true', 'false', 'null', 'and', 'or', 'not', 'in', 'contains'), so an answer stored under it could not be read. Choose another id."
    case .duplicateFlag:
      "Two flags have the same id; records keep raised flags by id, so one would hide the other. Give each flag its own id."
    case .expressionSyntax:
      "A condition, or an expression between braces in a text, cannot be parsed. Common slips: '=' for '==', '&&' and '||' for 'and' and 'or', an unclosed parenthesis or quote, '{' without '}' (write '{{' for a literal brace)."
    case .unknownVariable:
      "An expression or a piped text names something that is neither a step id, a computed value nor a built-in name (with, by, today, previous.<id>), a step another dialog does not have (last.<dialog>.<id>), or a setting the script does not declare (settings.<id>). It is usually a typo; the hint suggests the closest name."
    case .possiblyUnset:
      "The expression reads an answer that may not be given yet when it is evaluated: the step comes later, is optional, or is only asked on some paths. The value is then null (shown as —); that can be intended, but check it."
    case .typeMismatch:
      "An expression mixes values of the wrong types: a condition that is not yes/no, text compared with '<', arithmetic on text, a function given the wrong kind of value. Compare or convert the value so the types agree."
    case .unknownFunction:
      "An expression calls a function that does not exist, or gives it the wrong number of arguments. The functions are count, len, days_until, empty, has_number, words, abs, round, min, max, signed, if, default, is_default and recent."
    case .unknownDialog:
      "A 'last.<dialog>.<step>' reference names a dialog coach does not have (shipped, or in the folder of the script and --prompts), so it could never be read. Fix the dialog id; the hint suggests the closest one. An unknown step of a known dialog is C021."
    case .valueCycle:
      "A computed value (under 'values') reads itself, directly or through other values, so it could never be worked out. Compute it from answers, or from values that do not lead back to it."
    case .notAChoice:
      "A choice answer is compared with a value that is not one of its choices, so the comparison is always false. Compare with a choice's value (the slug of its label, e.g. 'closed-won' for 'Closed won')."
    case .duplicateChoice:
      "Two choices of a step have the same value (labels are compared by their slug, so 'Email' and 'email' are the same), and an answer could not tell them apart. Give each choice its own value."
    case .impossibleBounds:
      "'min' is above 'max' (or a date 'min' after 'max', or a multi-choice asks for more picks than it has choices), so no answer could ever be accepted. Swap or correct the bounds."
    case .badAnchors:
      "A rating needs anchors (what each score means, at least two) so scores are given against the same standard; a scale's anchors must lie between its 'min' and 'max'. Write the anchors, within the range."
    case .timeboxMismatch:
      "The sections' time budgets add up to more than the dialog's own 'timebox', so the meeting cannot keep to both. Shorten a section or lengthen the meeting."
    case .noChoices:
      "A choice or multi-choice step has no 'choices' (or an empty list), so nothing could be picked. List the choices."
    case .optionNotForKind:
      "The step has an option that belongs to another answer kind (e.g. 'min' on a text step), so it would be ignored. Remove it, or change the kind; the hint names the kinds that take it."
    case .duplicatePerson:
      "The team file lists the same person twice (names are compared without case, accents or extra spaces), so which role and cadence hold would be a guess. Keep one entry; coach people merge joins two spellings of one person."
    case .unknownManager:
      "A person's reports_to names someone who is not in the team file (or themselves), so the reporting tree that coach due, coach report --team and the team store follow has a gap. Add the manager to the team, or correct the name."
    case .reportingCycle:
      "Following reports_to from a person comes back to them (A reports to B, B to A), so no one is at the top of that line. Make one of them report to someone outside the loop, or to no one."
    case .unknownRitual:
      "A person's cadence names a dialog that coach does not have (a typo, or a dialog folder not given with --prompts), so nothing could be due for it. Fix the name; coach dialogs lists the dialogs."
    case .controlCharacter:
      "A text holds a control character (an escape, a bell, a C1 code) or a bidirectional override. Printed raw, such a character could retitle the terminal, write the clipboard or make text read other than it is; coach shows it as a visible escape instead. Remove it; a line break is written with a block scalar (|)."
    case .unreadableFile:
      "The file cannot be read: it does not exist, is a folder, a FIFO or anything else but a regular file, the system refuses to read it (permissions, an I/O error), or its bytes are not UTF-8 text. Nothing in it can be checked. Check the path and its permissions, or save the file as UTF-8. A file over 1 MiB is C007."
    case .noTests:
      "A dialog test file (coach test, docs/dialog-tests.md) has no 'tests', or an empty list of them, so running it would check nothing and pass. List at least one test: a 'name' and the 'steps' typed."
    case .emptyExpectation:
      "A step of a dialog test has an empty 'say' or 'ask'. Every text contains the empty text, so the check would hold whatever coach says or asks. Give the words to look for, or leave the key out."
    case .unknownTestedDialog:
      "The 'dialog' of a test file names no dialog coach has: not a shipped one, not one in --prompts, and no script at that path relative to the test file. Fix the id (the hint suggests the closest one) or the path; coach dialogs lists the dialogs."
    }
  }

  /// A minimal, complete dialog script that triggers this code.
  var example: String {
    let head = "id: weekly\ntitle: Weekly check-in\n"
    let mood = "  - id: mood\n    ask: How was the week?\n    kind: text\n"
    switch self {
    case .yamlSyntax:
      return head + """
        steps:
          - id: goal
            ask: Goal: what did you plan for the week?
            kind: text

        """
    case .unknownKey:
      return head + "steps:\n" + mood + "    tipp: Let them talk first.\n"
    case .missingKey:
      return head + """
        steps:
          - id: mood
            kind: text

        """
    case .wrongType:
      return head + "steps:\n" + mood + "    required: sometimes\n"
    case .invalidValue:
      return head + """
        steps:
          - id: on_plan
            ask: Are you on plan?
            kind: yes/no

        """
    case .invalidID:
      return head + """
        steps:
          - id: Close-Rate
            ask: What was the close rate?
            kind: percent

        """
    case .tooComplex:
      var text = head + "description:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
      for (name, previous) in zip(["b", "c", "d", "e", "f"], ["a", "b", "c", "d", "e"]) {
        let items = Array(repeating: "*" + previous, count: 10).joined(separator: ", ")
        text += "  - &\(name) [\(items)]\n"
      }
      return text + "steps:\n" + mood
    case .duplicateKey:
      return head + "steps:\n" + mood + "    ask: What went well?\n"
    case .duplicateStep:
      return head + "steps:\n" + mood + """
          - id: mood
            ask: And how do you feel now?
            kind: text

        """
    case .duplicateSection:
      return head + """
        sections:
          - {id: review, title: Last week}
          - {id: review, title: Next week}
        steps:
          - id: mood
            section: review
            ask: How was the week?
            kind: text

        """
    case .unknownGotoTarget:
      return head + """
        steps:
          - id: ready
            ask: Ready to wrap up?
            kind: yes-no
            next:
              - {if: ready, goto: wrap_upp}
          - id: wrap_up
            ask: Anything else?
            kind: text

        """
    case .unknownSection:
      return head + """
        sections:
          - {id: review, title: Last week}
        steps:
          - id: mood
            section: reveiw
            ask: How was the week?
            kind: text

        """
    case .unreachableStep:
      return head + "steps:\n" + mood + """
            next: end
          - id: extra
            ask: Anything else?
            kind: text

        """
    case .neverEnds:
      return head + """
        steps:
          - id: plan
            ask: What is the plan?
            kind: text
            next: check
          - id: check
            ask: Is the plan clear?
            kind: yes-no
            next: plan

        """
    case .reservedName:
      return head + """
        steps:
          - id: with
            ask: Who is the meeting with?
            kind: text

        """
    case .duplicateFlag:
      return head + """
        steps:
          - id: close_rate
            ask: What was the close rate?
            kind: percent
        flags:
          - {id: low_close, if: close_rate < 20, text: The close rate is low.}
          - {id: low_close, if: close_rate < 10, text: The close rate is very low.}

        """
    case .expressionSyntax:
      return head + """
        steps:
          - id: on_plan
            ask: Are you on plan?
            kind: yes-no
          - id: recovery
            ask: What is the plan to get back on track?
            kind: text
            when: on_plan = false

        """
    case .unknownVariable:
      return head + """
        steps:
          - id: close_rate
            ask: What was the close rate?
            kind: percent
          - id: why
            ask: Why {close_rat}%?
            kind: text

        """
    case .possiblyUnset:
      return head + """
        steps:
          - id: summary
            ask: Anything to add to {notes}?
            kind: text
          - id: notes
            ask: Any notes?
            kind: text

        """
    case .typeMismatch:
      return head + """
        steps:
          - id: notes
            ask: What happened?
            kind: text
          - id: follow_up
            ask: What is the follow-up?
            kind: text
            when: notes > 5

        """
    case .unknownFunction:
      return head + """
        steps:
          - id: notes
            ask: What happened?
            kind: text
          - id: more
            ask: That was {wordz(notes)} words. Anything to add?
            kind: text

        """
    case .unknownDialog:
      return head + """
        steps:
          - id: field_share
            ask: "Last time you agreed {last.ceo-alignmnt.field_time} in the field. What share was it this week?"
            kind: percent

        """
    case .valueCycle:
      return head + """
        steps:
          - id: calls
            ask: How many calls this week?
            kind: number
        values:
          - {id: total, value: calls + extra}
          - {id: extra, value: total / 10}

        """
    case .notAChoice:
      return head + """
        steps:
          - id: stage
            ask: Which stage is the deal in?
            kind: choice
            choices: [Discovery, Proposal, Closed won]
          - id: lessons
            ask: What made it work?
            kind: text
            when: stage == "won"

        """
    case .duplicateChoice:
      return head + """
        steps:
          - id: channel
            ask: Which channel works best?
            kind: choice
            choices: [Email, Phone, email]

        """
    case .impossibleBounds:
      return head + """
        steps:
          - id: meetings
            ask: How many meetings this week?
            kind: number
            min: 10
            max: 5

        """
    case .badAnchors:
      return head + """
        steps:
          - id: coaching
            ask: How well does the manager coach?
            kind: rating

        """
    case .timeboxMismatch:
      return head + """
        timebox: 10m
        sections:
          - {id: review, title: Last week, timebox: 8m}
          - {id: plan, title: Next week, timebox: 5m}
        steps:
          - id: mood
            section: review
            ask: How was the week?
            kind: text

        """
    case .noChoices:
      return head + """
        steps:
          - id: channel
            ask: Which channel works best?
            kind: choice

        """
    case .optionNotForKind:
      return head + "steps:\n" + mood + "    min: 1\n"
    case .controlCharacter:
      return head + "steps:\n  - id: mood\n    ask: \"How was the week?\\e]0;hi\\a\"\n    kind: text\n"
    case .duplicatePerson:
      return team + "  - name: Dana Reyes\n    role: rep\n  - name: dana reyes\n    role: manager\n"
    case .unknownManager:
      return team + "  - name: Dana Reyes\n    role: rep\n    reports_to: Max Power\n"
    case .reportingCycle:
      return team
        + "  - name: Dana Reyes\n    role: manager\n    reports_to: Sam Lee\n  - name: Sam Lee\n    role: manager\n    reports_to: Dana Reyes\n"
    case .unknownRitual:
      return team + "  - name: Dana Reyes\n    role: rep\n    cadence:\n      one-on-on: 7d\n"
    case .unreadableFile:
      return "mkdir \(exampleFile)\ncoach lint \(exampleFile)\n"
    case .noTests:
      return "dialog: one-on-one\ntests: []\n"
    case .emptyExpectation:
      return """
        dialog: one-on-one
        with: Dana
        tests:
          - name: attainment is said back
            steps:
              - {expect: plan_attainment, answer: "38", say: ""}
            end: paused

        """
    case .unknownTestedDialog:
      return """
        dialog: one-on-on
        with: Dana
        tests:
          - name: pauses at once
            steps:
              - {expect: plan_attainment, answer: /pause}
            end: paused

        """
    }
  }

  /// The language the example is written in, for the page's code block.
  var exampleLanguage: String { self == .unreadableFile ? "sh" : "yaml" }

  /// The command whose output the example shows.
  var exampleCommand: String { isTeamFile ? "coach team" : isTestFile ? "coach test" : "coach lint" }

  /// The start of a team file, for the team file's codes.
  private var team: String { "version: 1\npeople:\n" }

  /// The diagnostics of the example: a dialog script's, or a team file's (with the shipped
  /// dialogs known).
  var exampleDiagnostics: [Diagnostic] {
    if self == .unreadableFile {
      // A folder where the script should be: `/` is one on every machine.
      return ScriptLoader.load(path: "/", displayName: exampleFile).diagnostics
    }
    if isTestFile {
      do {
        let file = try DialogTestReader.read(text: example, file: exampleFile)
        if case .failure(let problems) = DialogCatalog(folders: []).dialog(testedBy: file) {
          return problems.diagnostics
        }
        return []
      } catch {
        return error.diagnostics
      }
    }
    if isTeamFile {
      return TeamFile.parse(
        example, file: exampleFile, dialogs: Set(DialogCatalog.builtinNames.map { String($0.dropLast(5)) })
      ).diagnostics
    }
    return ScriptLoader.load(text: example, file: exampleFile).diagnostics
  }

  /// The file name the example is checked under.
  var exampleFile: String {
    isTeamFile ? "team.yaml" : isTestFile ? "example.test.yaml" : Self.exampleFile
  }

  /// The file name examples are linted under.
  static let exampleFile = "example.yaml"

  /// What `coach lint` says about the example: the diagnostics of this code, rendered. Computed
  /// by loading the example, so the documentation cannot drift from the linter.
  var exampleOutput: String {
    // An unreadable file has no text to quote.
    let renderer = DiagnosticPrinter(sources: self == .unreadableFile ? [:] : [exampleFile: example])
    return exampleDiagnostics.filter { $0.code == self }.map(renderer.render).joined(separator: "\n")
  }

  /// The documentation of the code: what it means and an example, as `coach lint --explain`
  /// prints it and docs/diagnostics.md lists it.
  var explanation: String {
    func indented(_ text: String) -> String {
      text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    }
    func trimmed(_ text: String) -> String {
      String(text.reversed().drop { $0 == "\n" }.reversed())
    }
    return """
      \(rawValue): \(title) (\(severity.rawValue))

      \(Self.wrap(summary, width: 80))

      Example:

      \(indented(trimmed(example)))

      \(exampleCommand) says:

      \(indented(trimmed(exampleOutput)))
      """
  }

  /// `text` with its words wrapped into lines of at most `width` characters.
  static func wrap(_ text: String, width: Int) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n")
  }

  /// The text of docs/diagnostics.md: every code in order with its title, severity, summary,
  /// example and what `coach lint` says about it.
  static func documentation() -> String {
    func anchor(_ code: DiagnosticCode) -> String {
      "\(code.rawValue) \(code.title)".lowercased()
        .filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }
        .replacingOccurrences(of: " ", with: "-")
    }
    var out = """
      # Diagnostics

      `coach lint` (and every load of a dialog, of the config and team files, and `coach test` for
      dialog test files) reports each problem as `file:line:column: severity[CODE]: message`, with
      the source line, a caret under the column and, when it helps, a hint. Errors stop a dialog
      from running; warnings do not. `coach lint --explain CODE` prints one entry of this page;
      `coach lint --format json` gives the same diagnostics as JSON.

      This page is generated from `Sources/CoachCLI/Rendering/DiagnosticCode+Docs.swift`: each
      example below is linted when the page is made, so the output shown is what `coach lint`
      says. Do not edit it by hand; after changing the source, run
      `COACH_RECORD=1 swift test --filter DiagnosticDocsTests` and check the difference.

      | code | title | severity |
      | --- | --- | --- |

      """
    for code in allCases {
      out += "| [\(code.rawValue)](#\(anchor(code))) | \(code.title) | \(code.severity.rawValue) |\n"
    }
    for code in allCases {
      out += """

        ## \(code.rawValue): \(code.title)

        Severity: \(code.severity.rawValue).

        \(code.summary)

        ```\(code.exampleLanguage)
        \(code.example)```

        `\(code.exampleCommand)` says:

        ```text
        \(code.exampleOutput)```

        """
    }
    return out
  }
}
