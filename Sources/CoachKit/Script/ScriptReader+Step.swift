internal import Yams

extension ScriptReader {
  mutating func readStep(_ node: Node) -> Sourced<Step, StepSource>? {
    guard let pairs = mapping(node, what: "a step") else { return nil }
    let kindName = pairs.first { $0.key == "kind" }.flatMap { $0.value.scalar?.string }
    let options = kindName.flatMap { Self.kindOptions[$0] } ?? []
    var elsewhere: [String: String] = [:]
    for (kind, keys) in Self.kindOptions.sorted(by: { $0.key < $1.key }) {
      for key in keys where !options.contains(key) {
        elsewhere[key, default: ""] += (elsewhere[key] == nil ? "" : ", ") + kind
      }
    }
    let what = kindName.map { "a \($0) step" } ?? "a step"
    checkKeys(
      pairs, allowed: Self.stepKeys + options, what: what,
      elsewhere: Self.kindOptions[kindName ?? ""] == nil ? [:] : elsewhere)
    requireKeys(["id", "ask", "kind"], in: pairs, at: node, what: "the step")

    var source = StepSource(id: location(node))
    var id = ""
    var sectionID: String?
    var ask: Template?
    var tip: Template?
    var after: Template?
    var required = true
    var when: Expression?
    var kind: AnswerKind?
    var values: [String: Node] = [:]
    var label: String?
    var trendNode: Node?
    for (key, _, value) in pairs {
      switch key {
      case "id":
        id = string(value, what: "the step 'id'") ?? ""
        source.id = location(value)
      case "section":
        sectionID = string(value, what: "'section'")
        source.section = location(value)
      case "ask":
        if let (t, o) = template(value, what: "'ask'") {
          ask = t
          source.templates.append((t, o))
        }
      case "tip":
        if let (t, o) = template(value, what: "'tip'") {
          tip = t
          source.templates.append((t, o))
        }
      case "label": label = string(value, what: "'label'")
      case "trend": trendNode = value
      case "after":
        if let (t, o) = template(value, what: "'after'") {
          after = t
          source.templates.append((t, o))
        }
      case "required": required = boolean(value, what: "'required'") ?? true
      case "when":
        if let (e, o) = expression(value, what: "'when'") {
          when = e
          source.when = o
        }
      case "next": readNext(value, source: &source)
      case "kind":
        if let name = string(value, what: "'kind'"), Self.kindOptions[name] == nil {
          report(.unknownKind(name), at: location(value))
        }
      default: values[key] = value
      }
    }
    if let kindName, Self.kindOptions[kindName] != nil,
      let kindNode = pairs.first(where: { $0.key == "kind" })?.value
    {
      // What the kind lacks (choices, anchors) is reported at the kind.
      kind = readKind(kindName, values, at: kindNode)
    }
    var target: Expression?
    if let node = values["target"], let (e, o) = expression(node, what: "'target'") {
      target = e
      source.target = o
    }
    var evidenceAsk: Template?
    if kindName == "rating", let node = values["evidence"], let text = node.scalar?.string,
      Self.booleanWords[text.lowercased()] == nil, let (t, o) = template(node, what: "'evidence'")
    {
      evidenceAsk = t
      source.templates.append((t, o))
    }
    // A step whose question or kind is broken is still registered (the script is invalid anyway),
    // so that other steps naming it do not get spurious errors.
    guard !id.isEmpty else { return nil }
    var step = Step(
      id: id, sectionID: sectionID, ask: ask ?? Template(literal: ""), kind: kind ?? .text, tip: tip,
      required: required, when: when, next: source.branches.map(\.value), after: after)
    step.evidenceAsk = evidenceAsk
    step.label = label
    step.target = target
    if let trendNode {
      switch (trendNode.scalar?.string.lowercased(), step.kind) {
      case ("false", _), ("no", _): break
      case (let word?, .number), (let word?, .percent), (let word?, .money), (let word?, .scale),
        (let word?, .rating):
        if ["true", "yes", "higher"].contains(word) {
          step.trend = .higher
        } else if word == "lower" {
          step.trend = .lower
        } else {
          report(.notATrend(word), at: location(trendNode))
        }
      default:
        report(.trendNotForKind(step.kind.name.rawValue), at: location(trendNode))
      }
    }
    return Sourced(value: step, source: source)
  }

  /// `next: step_id`, `next: end`, or a list of `{if: condition, goto: step_id}`; the last entry
  /// may leave out `if`. Each branch goes into `source`, with where its parts stand.
  mutating func readNext(_ node: Node, source: inout StepSource) {
    if let target = node.scalar?.string {
      source.branches.append(
        Sourced(
          value: Branch(target: target == "end" ? .end : .step(target)),
          source: BranchSource(target: location(node))))
      return
    }
    for entry in sequence(node, what: "'next'") ?? [] {
      guard let pairs = mapping(entry, what: "a 'next' entry") else { continue }
      checkKeys(pairs, allowed: Self.branchKeys, what: "a 'next' entry")
      requireKeys(["goto"], in: pairs, at: entry, what: "the 'next' entry")
      var condition: (Expression, TextOrigin)?
      var target: (String, SourceLocation)?
      for (key, _, value) in pairs {
        if key == "if" { condition = expression(value, what: "the 'if' condition") }
        if key == "goto", let name = string(value, what: "'goto'") { target = (name, location(value)) }
      }
      if let target {
        source.branches.append(
          Sourced(
            value: Branch(condition: condition?.0, target: target.0 == "end" ? .end : .step(target.0)),
            source: BranchSource(condition: condition?.1, target: target.1)))
      }
    }
  }

  mutating func readKind(_ name: String, _ values: [String: Node], at node: Node) -> AnswerKind? {
    func num(_ key: String) -> Double? { values[key].flatMap { number($0, what: "'\(key)'") } }
    func int(_ key: String) -> Int? { values[key].flatMap { integer($0, what: "'\(key)'") } }
    func bounds(_ lo: Double?, _ hi: Double?) {
      if let lo, let hi, lo > hi, let at = values["min"] {
        report(.minAboveMax(lo, hi), at: location(at))
      }
    }
    switch name {
    case "text": return .text
    case "yes-no": return .yesNo
    case "scale":
      let lo = int("min") ?? 1
      let hi = int("max") ?? 5
      if lo >= hi {
        report(.scaleBounds(lo, hi), at: location(values["min"] ?? values["max"] ?? node))
      }
      let anchors = values["anchors"].map { readAnchors($0) } ?? [:]
      for (score, _) in anchors where !(lo...max(lo, hi)).contains(score) {
        report(.anchorOutsideScale(score, lo, hi), at: location(values["anchors"]!))
      }
      return .scale(min: lo, max: hi, anchors: anchors)
    case "number":
      let lo = num("min")
      let hi = num("max")
      bounds(lo, hi)
      let integer = values["integer"].flatMap { boolean($0, what: "'integer'") } ?? false
      let unit = values["unit"].flatMap { string($0, what: "'unit'") }
      return .number(NumberOptions(min: lo, max: hi, unit: unit, integer: integer))
    case "percent":
      let lo = num("min") ?? 0
      let hi = num("max") ?? 100
      bounds(lo, hi)
      return .percent(min: lo, max: hi)
    case "money":
      let lo = num("min")
      let hi = num("max")
      bounds(lo ?? 0, hi)
      var currency = "USD"
      if let node = values["currency"], let c = string(node, what: "'currency'") {
        if c.count == 3, c.allSatisfy({ $0.isUppercase && $0.isASCII }) {
          currency = c
        } else {
          report(.notACurrency(c), at: location(node))
        }
      }
      return .money(min: lo, max: hi, currency: currency)
    case "date":
      var forms: [String: String] = [:]
      for key in ["min", "max"] {
        guard let node = values[key], let text = string(node, what: "'\(key)'") else { continue }
        let today = CalendarDay(year: 2026, month: 1, day: 1)!
        if DateForm.resolve(text, today: today) == nil {
          report(.notADateForm(text), at: location(node))
        } else {
          forms[key] = text
        }
      }
      if let lo = forms["min"], let hi = forms["max"] {
        let today = CalendarDay(year: 2026, month: 1, day: 1)!
        if let a = DateForm.resolve(lo, today: today), let b = DateForm.resolve(hi, today: today), a > b {
          report(.dateMinAfterMax(lo, hi), at: location(values["min"]!))
        }
      }
      return .date(earliest: forms["min"], latest: forms["max"])
    case "choice", "multi-choice":
      guard let node = values["choices"] else {
        report(.needsChoices(name), at: location(node))
        return nil
      }
      let choices = readChoices(node)
      if name == "choice" { return .choice(choices) }
      let lo = int("min")
      let hi = int("max")
      bounds(lo.map(Double.init), hi.map(Double.init))
      if let lo, lo > choices.count, let at = values["min"] {
        report(.morePicksThanChoices(lo, choices: choices.count), at: location(at))
      }
      return .multiChoice(choices, min: lo, max: hi)
    case "list":
      let lo = int("min")
      let hi = int("max")
      bounds(lo.map(Double.init), hi.map(Double.init))
      return .list(min: lo, max: hi)
    case "action":
      var owner: Template?
      if let node = values["owner"], let (t, _) = template(node, what: "'owner'") { owner = t }
      let requireDue = values["require_due"].flatMap { boolean($0, what: "'require_due'") } ?? false
      return .action(owner: owner, requireDue: requireDue)
    case "action-review":
      return .actionReview
    case "rating":
      guard let node = values["anchors"] else {
        report(.ratingWithoutAnchors, at: location(node))
        return nil
      }
      let anchors = readAnchors(node)
      if anchors.count < 2 {
        report(.tooFewAnchors, at: location(node))
      }
      let competency = values["competency"].flatMap { string($0, what: "'competency'") }
      // `evidence` is true, false, or the question that asks for it.
      var evidence = true
      if let node = values["evidence"], let text = string(node, what: "'evidence'") {
        evidence = Self.booleanWords[text.lowercased()] ?? true
      }
      return .rating(anchors: anchors, competency: competency, evidence: evidence)
    default:
      return nil
    }
  }

  mutating func readAnchors(_ node: Node) -> [Int: String] {
    guard let pairs = mapping(node, what: "'anchors'") else { return [:] }
    var anchors: [Int: String] = [:]
    for (key, keyNode, value) in pairs {
      guard let score = Int(key) else {
        report(.anchorNotAScore(key), at: location(keyNode))
        continue
      }
      anchors[score] = string(value, what: "anchor \(score)")
    }
    return anchors
  }

  mutating func readChoices(_ node: Node) -> [Choice] {
    guard let entries = sequence(node, what: "'choices'") else { return [] }
    if entries.isEmpty { report(.emptyChoices, at: location(node)) }
    var choices: [Choice] = []
    var seen: [String: SourceLocation] = [:]
    for entry in entries {
      var choice: Choice?
      if entry.scalar != nil, let label = string(entry, what: "a choice") {
        choice = Choice(value: Self.slug(label), label: label)
      } else if let pairs = mapping(entry, what: "a choice") {
        checkKeys(pairs, allowed: Self.choiceKeys, what: "a choice")
        requireKeys(["value"], in: pairs, at: entry, what: "the choice")
        let value = pairs.first { $0.key == "value" }.flatMap { string($0.value, what: "'value'") }
        let label = pairs.first { $0.key == "label" }.flatMap { string($0.value, what: "'label'") }
        if let value { choice = Choice(value: value, label: label ?? value) }
      }
      guard let choice else { continue }
      if let first = seen[choice.value] {
        report(.duplicateChoice(choice.value, firstAt: first), at: location(entry))
      } else {
        seen[choice.value] = location(entry)
        choices.append(choice)
      }
    }
    return choices
  }

  static let booleanWords = [
    "true": true, "yes": true, "on": true, "false": false, "no": false, "off": false,
  ]

  /// `New markets` → `new-markets`.
  static func slug(_ label: String) -> String {
    var out = ""
    for c in label.lowercased() {
      if c.isLetter || c.isNumber {
        out.append(c)
      } else if !out.isEmpty, out.last != "-" {
        out.append("-")
      }
    }
    while out.last == "-" { out.removeLast() }
    return out.isEmpty ? label : out
  }
}
