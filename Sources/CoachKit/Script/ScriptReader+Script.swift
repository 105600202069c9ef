internal import Yams

extension ScriptReader {
  static let topKeys = [
    "id", "title", "version", "description", "about", "cadence", "timebox", "intro", "outro",
    "settings", "sections", "steps", "values", "flags",
  ]
  static let valueKeys = ["id", "value", "label", "kind", "unit", "currency"]
  static let settingKeys = ["id", "default", "label"]
  static let sectionKeys = ["id", "title", "timebox", "tip"]
  static let stepKeys = [
    "id", "section", "ask", "kind", "tip", "required", "when", "next", "after", "label", "trend",
  ]
  static let flagKeys = ["id", "if", "text"]
  /// The keys of an entry of a list `next`.
  static let branchKeys = ["if", "goto"]
  /// The keys of a choice written as a mapping.
  static let choiceKeys = ["value", "label"]
  /// The options each kind takes, beyond the common step keys.
  static let kindOptions: [String: [String]] = [
    "text": [], "yes-no": [], "scale": ["min", "max", "anchors"],
    "number": ["min", "max", "unit", "integer", "target"], "percent": ["min", "max", "target"],
    "money": ["min", "max", "currency", "target"], "date": ["min", "max"], "choice": ["choices"],
    "multi-choice": ["choices", "min", "max"], "list": ["min", "max"],
    "rating": ["anchors", "competency", "evidence"],
    "action": ["owner", "require_due"], "action-review": [],
  ]

  mutating func readScript(_ root: Node, origin: String, sha256: String) -> Script? {
    guard let pairs = mapping(root, what: "the dialog") else { return nil }
    checkKeys(pairs, allowed: Self.topKeys, what: "the dialog")
    requireKeys(["id", "title", "steps"], in: pairs, at: root, what: "the dialog")
    var id = ""
    var title = ""
    var version = 1
    var summary: String?
    var timebox: Int?
    var intro: Template?
    var outro: Template?
    var parts = ScriptChecker.Parts()
    var about = Script.Subject.person
    var cadence: Script.Cadence?
    for (key, _, value) in pairs {
      switch key {
      case "id":
        if let s = string(value, what: "'id'") {
          id = s
          if !Self.isValidDialogID(s) {
            report(.invalidDialogID(s), at: location(value))
          }
        }
      case "title": title = string(value, what: "'title'") ?? ""
      case "version":
        if let n = integer(value, what: "'version'") {
          if n < 1 { report(.versionBelowOne, at: location(value)) }
          version = n
        }
      case "description": summary = string(value, what: "'description'")
      case "about":
        if let word = string(value, what: "'about'") {
          if let subject = Script.Subject(rawValue: word) {
            about = subject
          } else {
            report(.unknownSubject(word), at: location(value))
          }
        }
      case "cadence": cadence = readCadence(value, what: "'cadence'")
      case "values":
        for node in sequence(value, what: "'values'") ?? [] {
          if let computed = readValue(node) { parts.values.append(computed) }
        }
      case "settings":
        for node in sequence(value, what: "'settings'") ?? [] {
          if let setting = readSetting(node) { parts.settings.append(setting) }
        }
      case "timebox":
        timebox = duration(value, what: "'timebox'")
        parts.timebox = location(value)
      case "intro":
        if let (t, o) = template(value, what: "'intro'") {
          intro = t
          parts.templates.append((t, o))
        }
      case "outro":
        if let (t, o) = template(value, what: "'outro'") {
          outro = t
          parts.templates.append((t, o))
        }
      case "sections":
        for node in sequence(value, what: "'sections'") ?? [] {
          if let section = readSection(node) {
            parts.sections.append(Located(value: section, source: location(node)))
          }
        }
      case "steps":
        let nodes = sequence(value, what: "'steps'") ?? []
        if nodes.isEmpty, case .sequence = value {
          report(.noSteps, at: location(value))
        }
        var currentSection: String?
        for node in nodes {
          if var step = readStep(node) {
            if step.value.sectionID == nil { step.value.sectionID = currentSection }
            currentSection = step.value.sectionID
            parts.steps.append(step)
          }
        }
      case "flags":
        for node in sequence(value, what: "'flags'") ?? [] {
          if let flag = readFlag(node) { parts.flags.append(flag) }
        }
      default: break
      }
    }
    var script = Script(
      id: id, title: title, version: version, summary: summary, timebox: timebox, intro: intro,
      outro: outro, sections: parts.sections.map(\.value), steps: parts.steps.map(\.value),
      flags: parts.flags.map(\.value),
      origin: origin, sha256: sha256)
    script.about = about
    script.cadence = cadence
    script.add(values: parts.values.map(\.value), settings: parts.settings.map(\.value))
    // Read for its outline only (another dialog's steps, for `last.`): its flow and
    // expressions are that dialog's to check when it loads itself.
    guard checks else { return script }
    var checker = ScriptChecker(script: script, file: file, dialogs: dialogs)
    checker.check(parts)
    nodes.diagnostics.append(contentsOf: checker.diagnostics)
    for dialog in script.referencedDialogs {
      if let outline = dialogs?.outline(dialog) { script.external[dialog] = outline }
    }
    return script
  }

  /// A cadence (`7d`, `2w`, or `none`: how often a dialog is held with a person), in a script
  /// or the team file.
  mutating func readCadence(_ node: Node, what: String) -> Script.Cadence? {
    guard let text = string(node, what: what) else { return nil }
    guard let cadence = Script.Cadence(text) else {
      report(.notACadence(what, text), at: location(node))
      return nil
    }
    return cadence
  }

  mutating func readSection(_ node: Node) -> Section? {
    guard let pairs = mapping(node, what: "a section") else { return nil }
    checkKeys(pairs, allowed: Self.sectionKeys, what: "a section")
    requireKeys(["id", "title"], in: pairs, at: node, what: "the section")
    var section = Section(id: "", title: "")
    for (key, _, value) in pairs {
      switch key {
      case "id":
        section.id = string(value, what: "the section 'id'") ?? ""
        if !section.id.isEmpty, !Self.isValidID(section.id) {
          report(.invalidID(section.id, of: "section"), at: location(value))
        }
      case "title": section.title = string(value, what: "the section 'title'") ?? ""
      case "timebox": section.timebox = duration(value, what: "the section 'timebox'")
      case "tip": section.tip = string(value, what: "the section 'tip'")
      default: break
      }
    }
    return section
  }

  /// A computed value: `{id: total_hours, value: a + b, label: Total, unit: h}`.
  mutating func readValue(_ node: Node) -> Sourced<ComputedValue, ValueSource>? {
    guard let pairs = mapping(node, what: "a computed value") else { return nil }
    checkKeys(pairs, allowed: Self.valueKeys, what: "a computed value")
    requireKeys(["id", "value"], in: pairs, at: node, what: "the computed value")
    var id: String?
    var idLocation = location(node)
    var expression: (Expression, TextOrigin)?
    var label: String?
    var kind: String?
    var kindNode: Node?
    var unit: String?
    var currency = "USD"
    for (key, _, value) in pairs {
      switch key {
      case "id":
        id = string(value, what: "the value 'id'")
        idLocation = location(value)
        if let id, !Self.isValidID(id) {
          report(.invalidID(id, of: "value"), at: idLocation)
        }
      case "value": expression = self.expression(value, what: "the computed value")
      case "label": label = string(value, what: "'label'")
      case "kind":
        kind = string(value, what: "'kind'")
        kindNode = value
      case "unit": unit = string(value, what: "'unit'")
      case "currency": currency = string(value, what: "'currency'") ?? currency
      default: break
      }
    }
    var display: AnswerKind?
    switch kind {
    case nil, "number"?:
      display =
        unit.map { .number(NumberOptions(unit: $0)) } ?? (kind == nil ? nil : .number(NumberOptions()))
    case "percent"?: display = .percent(min: 0, max: 100)
    case "money"?: display = .money(min: nil, max: nil, currency: currency)
    case let other?:
      report(.unknownValueKind(other), at: location(kindNode ?? node))
    }
    guard let id, let expression else { return nil }
    return Sourced(
      value: ComputedValue(id: id, expression: expression.0, label: label, display: display),
      source: ValueSource(id: idLocation, expression: expression.1))
  }

  /// A setting: `{id: time_targets.field, default: 35, label: Target share in the field}`.
  mutating func readSetting(_ node: Node) -> Located<Setting>? {
    guard let pairs = mapping(node, what: "a setting") else { return nil }
    checkKeys(pairs, allowed: Self.settingKeys, what: "a setting")
    requireKeys(["id", "default"], in: pairs, at: node, what: "the setting")
    var id: String?
    var idLocation = location(node)
    var value: Value?
    var label: String?
    for (key, _, node) in pairs {
      switch key {
      case "id":
        id = string(node, what: "the setting 'id'")
        idLocation = location(node)
        if let id, !Self.isValidSettingID(id) {
          report(.invalidSettingID(id), at: idLocation)
        }
      case "default":
        guard let text = string(node, what: "the setting 'default'") else { continue }
        let quoted = node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
        if !quoted, let n = Double(text), n.isFinite {
          value = .number(n)
        } else if !quoted, let b = Self.booleanWords[text.lowercased()] {
          value = .bool(b)
        } else {
          value = .string(text)
        }
      case "label": label = string(node, what: "'label'")
      default: break
      }
    }
    guard let id, let value else { return nil }
    return Located(value: Setting(id: id, defaultValue: value, label: label), source: idLocation)
  }

  static func isValidSettingID(_ id: String) -> Bool {
    id.count <= 128 && !id.isEmpty
      && id.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isValidID(String($0)) }
  }

  mutating func readFlag(_ node: Node) -> Sourced<FlagRule, FlagSource>? {
    guard let pairs = mapping(node, what: "a flag") else { return nil }
    checkKeys(pairs, allowed: Self.flagKeys, what: "a flag")
    requireKeys(["id", "if", "text"], in: pairs, at: node, what: "the flag")
    var id: String?
    var idLocation = location(node)
    var condition: (Expression, TextOrigin)?
    var text: (Template, TextOrigin)?
    for (key, _, value) in pairs {
      switch key {
      case "id":
        id = string(value, what: "the flag 'id'")
        idLocation = location(value)
        if let id, !Self.isValidID(id) {
          report(.invalidID(id, of: "flag"), at: idLocation)
        }
      case "if": condition = expression(value, what: "the flag condition")
      case "text": text = template(value, what: "the flag text")
      default: break
      }
    }
    guard let id, let condition, let text else { return nil }
    return Sourced(
      value: FlagRule(id: id, condition: condition.0, text: text.0),
      source: FlagSource(id: idLocation, condition: condition.1, text: text.1))
  }
}
