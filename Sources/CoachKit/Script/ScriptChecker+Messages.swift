// The messages of the checks of a script as a whole: ids, sections, gotos, the flow, values
// and the time budgets.
extension Diagnostic.Message {
  /// A step no path reaches (C014); `afterUnreachable`: the step before it is unreachable too.
  static func unreachableStep(_ id: String, afterUnreachable: Bool) -> Self {
    Self(
      .unreachableStep, "step '\(id)' can never be reached",
      hint: afterUnreachable
        ? "no 'next' leads to it, and the step before it can never be reached either"
        : "no 'next' leads to it and the step before it always goes elsewhere")
  }

  /// A step from which every path loops (C015).
  static func neverEnds(_ id: String) -> Self {
    Self(
      .neverEnds, "from step '\(id)' the dialog can never reach its end",
      hint: "every path from here loops; add a branch that leads on or to 'end'")
  }

  /// A section id given twice (C011).
  static func duplicateSection(_ id: String, firstLine: Int) -> Self {
    Self(.duplicateSection, "section '\(id)' is defined twice (first at line \(firstLine))")
  }

  /// A step id that is not lower-case words joined by '_' (C006).
  static func invalidStepID(_ id: String) -> Self {
    Self(
      .invalidID, "step id '\(id)' is not valid",
      hint: "use lower-case letters, digits and '_', starting with a letter (e.g. close_rate)")
  }

  /// A reserved name used as the id of a step or a value (`what`) (C016).
  static func reservedID(_ id: String, of what: String) -> Self {
    Self(
      .reservedName, "'\(id)' is reserved and cannot be a \(what) id",
      hint: "the reserved names are \(ScriptChecker.reserved.sorted().joined(separator: ", "))")
  }

  /// A step id used twice (C010).
  static func duplicateStepID(_ id: String, firstLine: Int) -> Self {
    Self(
      .duplicateStep, "step id '\(id)' is used twice (first at line \(firstLine))",
      hint: "records and replay find answers by id: give each step its own")
  }

  /// A value id used twice (C010).
  static func duplicateValueID(_ id: String, firstLine: Int) -> Self {
    Self(.duplicateStep, "value id '\(id)' is used twice (first at line \(firstLine))")
  }

  /// A value id that is also a step's (C010).
  static func valueIDIsAStepID(_ id: String, stepLine: Int) -> Self {
    Self(
      .duplicateStep, "'\(id)' is a step id (line \(stepLine)) and a value id",
      hint: "expressions read both by their id: give the value its own")
  }

  /// A step's section that is not declared (C013).
  static func unknownSection(_ section: String, sections: [String]) -> Self {
    Self(
      .unknownSection, "unknown section '\(section)'",
      hint: Suggestion.closest(to: section, in: sections).map { "did you mean '\($0)'?" }
        ?? (sections.isEmpty
          ? "declare it under 'sections'" : "the sections are \(sections.joined(separator: ", "))"))
  }

  /// A flag id given twice (C017).
  static func duplicateFlag(_ id: String) -> Self {
    Self(.duplicateFlag, "flag '\(id)' is defined twice")
  }

  /// A setting id declared twice (C008).
  static func duplicateSetting(_ id: String) -> Self {
    Self(.duplicateKey, "setting '\(id)' is declared twice")
  }

  /// A computed value that reads itself, through `through` (C027).
  static func valueCycle(_ id: String, through: String) -> Self {
    Self(
      .valueCycle, "value '\(id)' reads itself (through '\(through)')",
      hint: "compute it from answers, or from values that do not lead back to it")
  }

  /// A `goto` to a step the dialog does not have (C012).
  static func unknownGotoTarget(_ target: String, steps: [String]) -> Self {
    Self(
      .unknownGotoTarget, "unknown step '\(target)' in goto",
      hint: Suggestion.closest(to: target, in: steps).map { "did you mean '\($0)'?" }
        ?? "write a step id, or 'end'")
  }

  /// What the type checker found in an expression (C021–C025); its text is the checker's.
  static func expressionIssue(_ issue: ExpressionIssue) -> Self {
    Self(issue.code, issue.message, hint: issue.hint)
  }

  /// A `target` that is not a number (C023).
  static func targetNotANumber(_ type: ValueType) -> Self {
    Self(.typeMismatch, "a target must be a number, but this is \(type)")
  }

  /// Sections whose time budgets add up to more than the dialog's (C033).
  static func budgetsOverTimebox(_ budgets: Int, _ total: Int) -> Self {
    Self(
      .timeboxMismatch,
      "the sections' budgets add up to \(ScriptChecker.duration(budgets)), more than the dialog's \(ScriptChecker.duration(total))",
      hint: "shorten a section or lengthen the meeting")
  }
}
