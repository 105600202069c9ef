/// Checks a script as a whole, after each node has been read: ids, sections, gotos, the flow
/// (unreachable steps, steps that can never end, answers possibly unset) and expression types,
/// reporting into diagnostics of its own.
struct ScriptChecker {
  /// The parts of a script as read, each with where it stands in the text.
  struct Parts {
    var sections: [Located<Section>] = []
    var steps: [Sourced<Step, StepSource>] = []
    var flags: [Sourced<FlagRule, FlagSource>] = []
    var values: [Sourced<ComputedValue, ValueSource>] = []
    var settings: [Located<Setting>] = []
    /// The templates of the dialog itself (`intro`, `outro`).
    var templates: [(Template, TextOrigin)] = []
    /// Where the dialog's `timebox` is given.
    var timebox: SourceLocation?
  }

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

  /// Checks `parts`, the parts the script was built from.
  mutating func check(_ parts: Parts) {
    checkSections(parts.sections)
    checkStepIDs(parts.steps, sections: parts.sections)
    checkFlagIDs(parts.flags)
    checkValueIDs(parts.values, steps: parts.steps)
    checkSettingIDs(parts.settings)
    checkTargets(parts.steps)
    let flow = Flow(script: script)
    for i in flow.unreachable {
      diagnostics.report(
        .unreachableStep(
          parts.steps[i].value.id, afterUnreachable: i > 0 && flow.unreachable.contains(i - 1)),
        at: parts.steps[i].source.id)
    }
    for i in flow.neverEnding {
      diagnostics.report(.neverEnds(parts.steps[i].value.id), at: parts.steps[i].source.id)
    }
    checkExpressions(parts, flow: flow)
    checkTimebox(parts.timebox)
  }

  private mutating func checkSections(_ sections: [Located<Section>]) {
    var seen: [String: SourceLocation] = [:]
    for section in sections where !section.value.id.isEmpty {
      if let first = seen[section.value.id] {
        diagnostics.report(.duplicateSection(section.value.id, firstLine: first.line), at: section.source)
      } else {
        seen[section.value.id] = section.source
      }
    }
  }

  private mutating func checkStepIDs(_ steps: [Sourced<Step, StepSource>], sections: [Located<Section>]) {
    var seen: [String: SourceLocation] = [:]
    let sectionIDs = sections.map(\.value.id)
    for part in steps {
      let (step, source) = (part.value, part.source)
      if !ScriptReader.isValidID(step.id) {
        diagnostics.report(.invalidStepID(step.id), at: source.id)
      } else if Self.reserved.contains(step.id) {
        diagnostics.report(.reservedID(step.id, of: "step"), at: source.id)
      }
      if let first = seen[step.id] {
        diagnostics.report(.duplicateStepID(step.id, firstLine: first.line), at: source.id)
      } else {
        seen[step.id] = source.id
      }
      if let section = step.sectionID, let at = source.section, !sectionIDs.contains(section) {
        diagnostics.report(.unknownSection(section, sections: sectionIDs), at: at)
      }
    }
  }

  private mutating func checkFlagIDs(_ flags: [Sourced<FlagRule, FlagSource>]) {
    var seen: Set<String> = []
    for flag in flags where !seen.insert(flag.value.id).inserted {
      diagnostics.report(.duplicateFlag(flag.value.id), at: flag.source.id)
    }
  }

  private mutating func checkValueIDs(
    _ values: [Sourced<ComputedValue, ValueSource>], steps: [Sourced<Step, StepSource>]
  ) {
    var seen: [String: SourceLocation] = [:]
    for value in values {
      let id = value.value.id
      let at = value.source.id
      if Self.reserved.contains(id) {
        diagnostics.report(.reservedID(id, of: "value"), at: at)
      }
      if let first = seen[id] {
        diagnostics.report(.duplicateValueID(id, firstLine: first.line), at: at)
      } else if let step = script.index(of: id) {
        diagnostics.report(.valueIDIsAStepID(id, stepLine: steps[step].source.id.line), at: at)
      } else {
        seen[id] = at
      }
    }
  }

  private mutating func checkSettingIDs(_ settings: [Located<Setting>]) {
    var seen: Set<String> = []
    for setting in settings where !seen.insert(setting.value.id).inserted {
      diagnostics.report(.duplicateSetting(setting.value.id), at: setting.source)
    }
  }

  /// The types of the computed values, worked out in the order they read each other; each value
  /// that reads itself (through others too) is reported once.
  private mutating func valueTypes(
    _ values: [Sourced<ComputedValue, ValueSource>], base: TypeChecker
  ) -> [String: VariableInfo] {
    var types: [String: VariableInfo] = [:]
    var state: [String: Int] = [:]  // 1: being worked out, 2: done
    var cyclic: Set<String> = []
    // An explicit stack keeps deep chains of values from exhausting the call stack.
    for start in values.indices where state[values[start].value.id] == nil {
      var stack: [(index: Int, expanded: Bool)] = [(start, false)]
      while let (i, expanded) = stack.popLast() {
        let value = values[i].value
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
          guard let j = values.firstIndex(where: { $0.value.id == dependency.name }) else { continue }
          if state[dependency.name] == 1 {
            if cyclic.insert(dependency.name).inserted {
              diagnostics.report(.valueCycle(dependency.name, through: value.id), at: values[j].source.id)
            }
          } else if state[dependency.name] == nil {
            stack.append((j, false))
          }
        }
      }
    }
    return types
  }

  private mutating func checkTargets(_ steps: [Sourced<Step, StepSource>]) {
    let ids = steps.map(\.value.id)
    for step in steps {
      for branch in step.source.branches {
        guard case .step(let target) = branch.value.target, script.index(of: target) == nil else {
          continue
        }
        diagnostics.report(.unknownGotoTarget(target, steps: ids), at: branch.source.target)
      }
    }
  }

  private mutating func checkExpressions(_ parts: Parts, flow: Flow) {
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
    for (name, info) in valueTypes(parts.values, base: base) where variables[name] == nil {
      variables[name] = info
    }
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
    for (i, part) in parts.steps.enumerated() {
      let (step, source) = (part.value, part.source)
      let before = unreachable.contains(i) ? nil : flow.definitelySet[i]
      var checker = base
      checker.variables = variables
      checker.definitelySet = before
      if let when = step.when, let origin = source.when {
        run(checker.checkCondition(when), origin)
      }
      for (template, origin) in source.templates where template != step.after {
        runTemplate(template, origin, checker)
      }
      // `after` is said only once the step is answered, optional or not.
      checker.definitelySet = before.map { $0.union([step.id]) }
      if let after = step.after,
        let origin = source.templates.first(where: { $0.template == after })?.origin
      {
        runTemplate(after, origin, checker)
      }
      for branch in source.branches {
        if let condition = branch.value.condition, let origin = branch.source.condition {
          run(checker.checkCondition(condition), origin)
        }
      }
      if let target = step.target, let origin = source.target {
        let (type, issues) = checker.check(target)
        run(issues, origin)
        if !ValueType.number.accepts(type) {
          diagnostics.report(.targetNotANumber(type), at: origin.location(at: target.start))
        }
      }
    }
    var loose = base
    loose.variables = variables
    for value in parts.values {
      run(loose.check(value.value.expression).issues, value.source.expression)
    }
    for flag in parts.flags {
      run(loose.checkCondition(flag.value.condition), flag.source.condition)
      runTemplate(flag.value.text, flag.source.text, loose)
    }
    for (template, origin) in parts.templates {
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
