/// Checks a script as a whole, after each node has been read: ids, sections, gotos, the flow
/// (unreachable steps, steps that can never end, answers possibly unset) and expression types,
/// reporting into diagnostics of its own.
struct ScriptChecker {
  let script: Script
  /// The other dialogs `last.<dialog>.<id>` may read; nil leaves those references unchecked.
  let dialogs: DialogDirectory?
  /// The problems found, in the order the checks find them.
  private(set) var diagnostics: Diagnostics

  /// Names an id cannot take, because expressions and `next` give them another meaning.
  static let reserved: Set<String> = [
    "with", "by", "today", "previous", "last", "settings", "end", "true", "false", "null", "and", "or", "not",
    "in",
    "contains",
  ]

  init(script: Script, file: String, dialogs: DialogDirectory?) {
    self.script = script
    self.dialogs = dialogs
    diagnostics = Diagnostics(file: file)
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
      diagnostics.report(
        .unreachableStep(script.steps[i].id, afterUnreachable: i > 0 && flow.unreachable.contains(i - 1)),
        at: steps[i].id)
    }
    for i in flow.neverEnding {
      diagnostics.report(.neverEnds(script.steps[i].id), at: steps[i].id)
    }
    checkExpressions(steps, flow: flow, flags: flags, templates: templates, values: values)
    checkTimebox(timeboxLocation)
  }

  private mutating func checkSections(_ locations: [SourceLocation]) {
    var seen: [String: Int] = [:]
    for (i, section) in script.sections.enumerated() where !section.id.isEmpty {
      if let first = seen[section.id] {
        diagnostics.report(.duplicateSection(section.id, firstLine: locations[first].line), at: locations[i])
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
        diagnostics.report(.invalidStepID(step.id), at: sources[i].id)
      } else if Self.reserved.contains(step.id) {
        diagnostics.report(.reservedID(step.id, of: "step"), at: sources[i].id)
      }
      if let first = seen[step.id] {
        diagnostics.report(.duplicateStepID(step.id, firstLine: sources[first].id.line), at: sources[i].id)
      } else {
        seen[step.id] = i
      }
      if let section = step.sectionID, let at = sources[i].section, !sectionIDs.contains(section) {
        diagnostics.report(.unknownSection(section, sections: sectionIDs), at: at)
      }
    }
  }

  private mutating func checkFlagIDs(_ locations: [SourceLocation]) {
    var seen: Set<String> = []
    for (i, flag) in script.flags.enumerated() where !seen.insert(flag.id).inserted {
      diagnostics.report(.duplicateFlag(flag.id), at: locations[i])
    }
  }

  private mutating func checkValueIDs(_ locations: [SourceLocation], steps: [StepSource]) {
    var seen: [String: Int] = [:]
    for (i, value) in script.values.enumerated() {
      if Self.reserved.contains(value.id) {
        diagnostics.report(.reservedID(value.id, of: "value"), at: locations[i])
      }
      if let first = seen[value.id] {
        diagnostics.report(.duplicateValueID(value.id, firstLine: locations[first].line), at: locations[i])
      } else if let step = script.index(of: value.id) {
        diagnostics.report(.valueIDIsAStepID(value.id, stepLine: steps[step].id.line), at: locations[i])
      } else {
        seen[value.id] = i
      }
    }
  }

  private mutating func checkSettingIDs(_ locations: [SourceLocation]) {
    var seen: Set<String> = []
    for (i, setting) in script.settings.enumerated() where !seen.insert(setting.id).inserted {
      diagnostics.report(.duplicateSetting(setting.id), at: locations[i])
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
              diagnostics.report(.valueCycle(dependency.name, through: value.id), at: at)
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
        diagnostics.report(.unknownGotoTarget(target, steps: ids), at: sources[i].branches[b].target)
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
      variables: variables, dependencies: dependencies, settings: settings, dialogs: dialogs)
    for (name, info) in valueTypes(values, base: base) where variables[name] == nil { variables[name] = info }
    func run(_ issues: [ExpressionIssue], _ origin: TextOrigin, offsetBase: Int = 0) {
      for issue in issues {
        diagnostics.report(.expressionIssue(issue), at: origin.location(at: offsetBase + issue.offset))
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
        let (type, issues) = checker.check(target)
        run(issues, origin)
        if !ValueType.number.accepts(type) {
          diagnostics.report(.targetNotANumber(type), at: origin.location(at: target.start))
        }
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
      diagnostics.report(.budgetsOverTimebox(budgets, total), at: location)
    }
  }

  /// Seconds as the script writes durations: `13m`, `1h30m`, `90s`.
  static func duration(_ seconds: Int) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    let text = (h > 0 ? "\(h)h" : "") + (m > 0 ? "\(m)m" : "") + (s > 0 ? "\(s)s" : "")
    return text.isEmpty ? "0m" : text
  }
}
