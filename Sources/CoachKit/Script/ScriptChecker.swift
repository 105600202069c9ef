/// Checks a script as a whole, after each node has been read: ids, sections, gotos, the flow
/// (unreachable steps, steps that can never end, answers possibly unset) and expression types.
struct ScriptChecker {
  var reader: ScriptReader
  let script: Script

  /// Names an id cannot take, because expressions and `next` give them another meaning.
  static let reserved: Set<String> = [
    "with", "by", "today", "previous", "last", "settings", "end", "true", "false", "null", "and", "or", "not",
    "in",
    "contains",
  ]

  init(reader: ScriptReader, script: Script) {
    self.reader = reader
    self.script = script
  }

  mutating func check(
    sections: [SourceLocation], steps: [StepSource],
    flags: [(id: SourceLocation, condition: TextOrigin, text: TextOrigin)],
    templates: [(Template, TextOrigin)], timeboxLocation: SourceLocation?,
    values: [(id: SourceLocation, expression: TextOrigin)] = [], settings: [SourceLocation] = []
  ) {
    checkSections(sections)
    checkStepIDs(steps)
    checkFlagIDs(flags.map(\.id))
    checkValueIDs(values.map(\.id), steps: steps)
    checkSettingIDs(settings)
    checkTargets(steps)
    let flow = Flow(script: script)
    for i in flow.unreachable {
      reader.report(
        .unreachableStep, at: steps[i].id, "step '\(script.steps[i].id)' can never be reached",
        hint: i > 0 && flow.unreachable.contains(i - 1)
          ? "no 'next' leads to it, and the step before it can never be reached either"
          : "no 'next' leads to it and the step before it always goes elsewhere")
    }
    for i in flow.neverEnding {
      reader.report(
        .neverEnds, at: steps[i].id,
        "from step '\(script.steps[i].id)' the dialog can never reach its end",
        hint: "every path from here loops; add a branch that leads on or to 'end'")
    }
    checkExpressions(steps, flow: flow, flags: flags, templates: templates, values: values)
    checkTimebox(timeboxLocation)
  }

  private mutating func checkSections(_ locations: [SourceLocation]) {
    var seen: [String: Int] = [:]
    for (i, section) in script.sections.enumerated() where !section.id.isEmpty {
      if let first = seen[section.id] {
        reader.report(
          .duplicateSection, at: locations[i],
          "section '\(section.id)' is defined twice (first at line \(locations[first].line))")
      } else {
        seen[section.id] = i
      }
    }
  }

  private mutating func checkStepIDs(_ sources: [StepSource]) {
    var seen: [String: Int] = [:]
    let sectionIDs = script.sections.map(\.id)
    for (i, step) in script.steps.enumerated() {
      if !ScriptReader.isValidID(step.id) {
        reader.report(
          .invalidID, at: sources[i].id, "step id '\(step.id)' is not valid",
          hint: "use lower-case letters, digits and '_', starting with a letter (e.g. close_rate)")
      } else if Self.reserved.contains(step.id) {
        reader.report(
          .reservedName, at: sources[i].id, "'\(step.id)' is reserved and cannot be a step id",
          hint: "the reserved names are \(Self.reserved.sorted().joined(separator: ", "))")
      }
      if let first = seen[step.id] {
        reader.report(
          .duplicateStep, at: sources[i].id,
          "step id '\(step.id)' is used twice (first at line \(sources[first].id.line))",
          hint: "records and replay find answers by id: give each step its own")
      } else {
        seen[step.id] = i
      }
      if let section = step.sectionID, let at = sources[i].section, !sectionIDs.contains(section) {
        reader.report(
          .unknownSection, at: at, "unknown section '\(section)'",
          hint: Suggestion.closest(to: section, in: sectionIDs).map { "did you mean '\($0)'?" }
            ?? (sectionIDs.isEmpty
              ? "declare it under 'sections'" : "the sections are \(sectionIDs.joined(separator: ", "))"))
      }
    }
  }

  private mutating func checkFlagIDs(_ locations: [SourceLocation]) {
    var seen: Set<String> = []
    for (i, flag) in script.flags.enumerated() where !seen.insert(flag.id).inserted {
      reader.report(.duplicateFlag, at: locations[i], "flag '\(flag.id)' is defined twice")
    }
  }

  private mutating func checkValueIDs(_ locations: [SourceLocation], steps: [StepSource]) {
    var seen: [String: Int] = [:]
    for (i, value) in script.values.enumerated() {
      if Self.reserved.contains(value.id) {
        reader.report(
          .reservedName, at: locations[i], "'\(value.id)' is reserved and cannot be a value id",
          hint: "the reserved names are \(Self.reserved.sorted().joined(separator: ", "))")
      }
      if let first = seen[value.id] {
        reader.report(
          .duplicateStep, at: locations[i],
          "value id '\(value.id)' is used twice (first at line \(locations[first].line))")
      } else if let step = script.index(of: value.id) {
        reader.report(
          .duplicateStep, at: locations[i],
          "'\(value.id)' is a step id (line \(steps[step].id.line)) and a value id",
          hint: "expressions read both by their id: give the value its own")
      } else {
        seen[value.id] = i
      }
    }
  }

  private mutating func checkSettingIDs(_ locations: [SourceLocation]) {
    var seen: Set<String> = []
    for (i, setting) in script.settings.enumerated() where !seen.insert(setting.id).inserted {
      reader.report(.duplicateKey, at: locations[i], "setting '\(setting.id)' is declared twice")
    }
  }

  /// The types of the computed values, worked out in the order they read each other; each value
  /// that reads itself (through others too) is reported once.
  private mutating func valueTypes(
    _ locations: [(id: SourceLocation, expression: TextOrigin)], base: TypeChecker
  ) -> [String: VariableInfo] {
    var types: [String: VariableInfo] = [:]
    var state: [String: Int] = [:]  // 1: being worked out, 2: done
    var cyclic: Set<String> = []
    // An explicit stack keeps deep chains of values from exhausting the call stack.
    for start in script.values.indices where state[script.values[start].id] == nil {
      var stack: [(index: Int, expanded: Bool)] = [(start, false)]
      while let (i, expanded) = stack.popLast() {
        let value = script.values[i]
        if expanded {
          var checker = base
          checker.variables.merge(types) { $1 }
          for dependency in value.expression.variables
          where dependency.isSession && cyclic.contains(dependency.name) {
            checker.variables[dependency.name] = VariableInfo(type: .any)
          }
          types[value.id] = VariableInfo(
            type: cyclic.contains(value.id) ? .any : checker.check(value.expression).type)
          state[value.id] = 2
          continue
        }
        guard state[value.id] == nil else { continue }
        state[value.id] = 1
        stack.append((i, true))
        for dependency in value.expression.variables where dependency.isSession {
          guard let j = script.values.firstIndex(where: { $0.id == dependency.name }) else { continue }
          if state[dependency.name] == 1 {
            if cyclic.insert(dependency.name).inserted,
              let at = locations.indices.contains(j) ? locations[j].id : nil
            {
              reader.report(
                .valueCycle, at: at, "value '\(dependency.name)' reads itself (through '\(value.id)')",
                hint: "compute it from answers, or from values that do not lead back to it")
            }
          } else if state[dependency.name] == nil {
            stack.append((j, false))
          }
        }
      }
    }
    return types
  }

  private mutating func checkTargets(_ sources: [StepSource]) {
    let ids = script.steps.map(\.id)
    for (i, step) in script.steps.enumerated() {
      for (b, branch) in step.next.enumerated() {
        guard case .step(let target) = branch.target, script.index(of: target) == nil else {
          continue
        }
        reader.report(
          .unknownGotoTarget, at: sources[i].branches[b].target,
          "unknown step '\(target)' in goto",
          hint: Suggestion.closest(to: target, in: ids).map { "did you mean '\($0)'?" }
            ?? "write a step id, or 'end'")
      }
    }
  }

  private mutating func checkExpressions(
    _ sources: [StepSource], flow: Flow,
    flags: [(id: SourceLocation, condition: TextOrigin, text: TextOrigin)],
    templates: [(Template, TextOrigin)], values: [(id: SourceLocation, expression: TextOrigin)]
  ) {
    var variables: [String: VariableInfo] = [:]
    // A repeated id means the first step with it, as everywhere else (C010 reports the repeat).
    for step in script.steps where variables[step.id] == nil {
      variables[step.id] = VariableInfo(
        type: step.kind.valueType, choices: step.kind.choices?.map(\.value))
    }
    var settings: [String: VariableInfo] = [:]
    for setting in script.settings where settings[setting.id] == nil {
      let type: ValueType =
        switch setting.defaultValue {
        case .number: .number
        case .bool: .bool
        default: .string
        }
      settings[setting.id] = VariableInfo(type: type)
    }
    var dependencies: [String: Set<String>] = [:]
    for value in script.values { dependencies[value.id] = script.dependencies(of: value.id) }
    let base = TypeChecker(
      variables: variables, dependencies: dependencies, settings: settings, dialogs: reader.dialogs)
    for (name, info) in valueTypes(values, base: base) where variables[name] == nil { variables[name] = info }
    func run(_ issues: [ExpressionIssue], _ origin: TextOrigin, offsetBase: Int = 0) {
      for issue in issues {
        reader.report(
          issue.code, at: origin.location(at: offsetBase + issue.offset), issue.message,
          hint: issue.hint)
      }
    }
    func runTemplate(_ template: Template, _ origin: TextOrigin, _ checker: TypeChecker) {
      for part in template.parts {
        if case .expression(let e, let offset) = part {
          run(checker.check(e).issues, origin, offsetBase: offset)
        }
      }
    }
    let unreachable = Set(flow.unreachable)
    for (i, step) in script.steps.enumerated() {
      let before = unreachable.contains(i) ? nil : flow.definitelySet[i]
      var checker = base
      checker.variables = variables
      checker.definitelySet = before
      if let when = step.when, let origin = sources[i].when {
        run(checker.checkCondition(when), origin)
      }
      for (template, origin) in sources[i].templates where template != step.after {
        runTemplate(template, origin, checker)
      }
      // `after` is said only once the step is answered, optional or not.
      checker.definitelySet = before.map { $0.union([step.id]) }
      if let after = step.after,
        let origin = sources[i].templates.first(where: { $0.template == after })?.origin
      {
        runTemplate(after, origin, checker)
      }
      for (b, branch) in step.next.enumerated() {
        if let condition = branch.condition, let origin = sources[i].branches[b].condition {
          run(checker.checkCondition(condition), origin)
        }
      }
      if let target = step.target, let origin = sources[i].target {
        var (type, issues) = checker.check(target)
        if !ValueType.number.accepts(type) {
          issues.append(
            ExpressionIssue(
              code: .typeMismatch, message: "a target must be a number, but this is \(type)",
              offset: target.start,
              hint: nil))
        }
        run(issues, origin)
      }
    }
    var loose = base
    loose.variables = variables
    for (v, value) in script.values.enumerated() where v < values.count {
      run(loose.check(value.expression).issues, values[v].expression)
    }
    for (f, flag) in script.flags.enumerated() {
      run(loose.checkCondition(flag.condition), flags[f].condition)
      runTemplate(flag.text, flags[f].text, loose)
    }
    for (template, origin) in templates {
      var checker = loose
      if template == script.intro { checker.definitelySet = [] }
      runTemplate(template, origin, checker)
    }
  }

  private mutating func checkTimebox(_ location: SourceLocation?) {
    guard let total = script.timebox, let location else { return }
    let budgets = script.sections.compactMap(\.timebox).reduce(0, +)
    if budgets > total {
      reader.report(
        .timeboxMismatch, at: location,
        "the sections' budgets add up to \(Self.duration(budgets)), more than the dialog's \(Self.duration(total))",
        hint: "shorten a section or lengthen the meeting")
    }
  }

  /// Seconds as the script writes durations: `13m`, `1h30m`, `90s`.
  static func duration(_ seconds: Int) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    let text = (h > 0 ? "\(h)h" : "") + (m > 0 ? "\(m)m" : "") + (s > 0 ? "\(s)s" : "")
    return text.isEmpty ? "0m" : text
  }
}
