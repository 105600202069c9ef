// The messages of the script reader's own checks: durations, cadences, templates and
// expressions, ids, kinds and their options.
extension Diagnostic.Message {
  /// A duration that does not read as one (C005).
  static func notADuration(_ what: String, _ text: String) -> Self {
    Self(.invalidValue, "\(what) must be a duration, not '\(text)'", hint: "write e.g. 30m, 90s, 1h or 1h30m")
  }

  /// A duration of more than a day (C005).
  static func overADay(_ what: String, _ text: String) -> Self {
    Self(
      .invalidValue, "\(what) '\(Sanitizer.inline(text, limit: 30))' is longer than a day",
      hint: "a time budget goes up to 24h")
  }

  /// A cadence that does not read as one (C005).
  static func notACadence(_ what: String, _ text: String) -> Self {
    Self(
      .invalidValue,
      "\(what) must be a number of days or weeks, or none, not '\(Sanitizer.inline(text, limit: 30))'",
      hint: "write e.g. 7d, 2w, 30d, 182d (at most ten years), or none for a dialog held once")
  }

  /// A template or expression that does not parse (C020).
  static func syntaxError(_ error: ExpressionSyntaxError, in what: String) -> Self {
    Self(.expressionSyntax, "in \(what): \(error.message)", hint: error.hint)
  }

  /// A dialog id that is not lower-case words joined by '-' (C006).
  static func invalidDialogID(_ id: String) -> Self {
    Self(
      .invalidID, "dialog id '\(id)' is not valid",
      hint: "use lower-case letters, digits and '-', starting with a letter (e.g. one-on-one)")
  }

  /// The id of a section, a computed value or a flag (`what`) that is not valid (C006).
  static func invalidID(_ id: String, of what: String) -> Self {
    Self(
      .invalidID, "\(what) id '\(id)' is not valid",
      hint: "use lower-case letters, digits and '_', starting with a letter")
  }

  /// A setting id that is not words joined by '.' (C006).
  static func invalidSettingID(_ id: String) -> Self {
    Self(
      .invalidID, "setting id '\(id)' is not valid",
      hint: "use words of lower-case letters, digits and '_', joined by '.' (e.g. time_targets.field)")
  }

  /// A `version` below 1 (C005).
  static var versionBelowOne: Self { Self(.invalidValue, "'version' must be 1 or more") }

  /// An `about` other than person or self (C005).
  static func unknownSubject(_ word: String) -> Self {
    Self(
      .invalidValue, "'about' is person or self, not '\(Sanitizer.inline(word, limit: 30))'",
      hint: "self: the session is about whoever runs it (--by), and needs no --with")
  }

  /// An empty `steps` list (C003).
  static var noSteps: Self { Self(.missingKey, "the dialog has no steps") }

  /// A computed value's `kind` other than number, percent or money (C005).
  static func unknownValueKind(_ kind: String) -> Self {
    Self(
      .invalidValue,
      "a computed value's 'kind' is number, percent or money, not '\(Sanitizer.inline(kind, limit: 30))'",
      hint: "it says how the value is shown: 45%, $12,500, or 12 (with its unit)")
  }

  /// A step `kind` coach does not have (C005).
  static func unknownKind(_ name: String) -> Self {
    Self(
      .invalidValue, "unknown kind '\(name)'",
      hint: Suggestion.closest(to: name, in: AnswerKind.names).map { "did you mean '\($0)'?" }
        ?? "the kinds are \(AnswerKind.names.joined(separator: ", "))")
  }

  /// A `trend` other than true, higher or lower (C005).
  static func notATrend(_ word: String) -> Self {
    Self(
      .invalidValue, "'trend' is true, higher or lower, not '\(word)'",
      hint: "higher: the metric should rise (true means the same); lower: it should fall")
  }

  /// A `trend` on a step that is not a metric (C035).
  static func trendNotForKind(_ kind: String) -> Self {
    Self(
      .optionNotForKind, "'trend' applies to metrics, not to \(kind) steps",
      hint: "use it on number, percent, money, scale or rating steps")
  }

  /// A `min` greater than the `max` (C031).
  static func minAboveMax(_ lo: Double, _ hi: Double) -> Self {
    Self(
      .impossibleBounds, "'min' (\(JSON.formatNumber(lo))) is greater than 'max' (\(JSON.formatNumber(hi)))",
      hint: "no answer could be accepted; swap them")
  }

  /// A scale whose `min` is not below its `max` (C031).
  static func scaleBounds(_ lo: Int, _ hi: Int) -> Self {
    Self(.impossibleBounds, "a scale needs 'min' below 'max' (here \(lo) and \(hi))")
  }

  /// An anchor for a score the scale does not have (C032).
  static func anchorOutsideScale(_ score: Int, _ lo: Int, _ hi: Int) -> Self {
    Self(.badAnchors, "anchor \(score) is outside the scale \(lo) to \(hi)")
  }

  /// A currency that is not a three-letter code (C005).
  static func notACurrency(_ code: String) -> Self {
    Self(
      .invalidValue, "'\(code)' is not a currency code",
      hint: "use a three-letter ISO 4217 code such as USD, EUR or GBP")
  }

  /// A date bound that is not a date form (C005).
  static func notADateForm(_ text: String) -> Self {
    Self(.invalidValue, "'\(text)' is not a date form", hint: "write e.g. today, +90d or 2026-01-01")
  }

  /// A date step whose `min` is after its `max` (C031).
  static func dateMinAfterMax(_ lo: String, _ hi: String) -> Self {
    Self(.impossibleBounds, "'min' (\(lo)) is after 'max' (\(hi))")
  }

  /// A choice or multi-choice step without `choices` (C034).
  static func needsChoices(_ kind: String) -> Self {
    Self(.noChoices, "a \(kind) step needs 'choices'")
  }

  /// An empty `choices` list (C034).
  static var emptyChoices: Self { Self(.noChoices, "'choices' is empty") }

  /// A multi-choice step whose `min` asks for more picks than it has choices (C031).
  static func morePicksThanChoices(_ picks: Int, choices: Int) -> Self {
    Self(.impossibleBounds, "'min' asks for \(picks) picks but there are only \(choices) choices")
  }

  /// A choice value given twice (C030).
  static func duplicateChoice(_ value: String, firstAt first: SourceLocation) -> Self {
    Self(
      .duplicateChoice, "choice '\(value)' is given twice (first at \(first.line):\(first.column))",
      hint: "give each choice its own value")
  }

  /// A rating step without `anchors` (C032).
  static var ratingWithoutAnchors: Self {
    Self(
      .badAnchors, "a rating step needs 'anchors'",
      hint: "write what each score means, e.g. anchors: {1: No evidence, 4: Clear, repeated evidence}")
  }

  /// A rating with fewer than two anchors (C032).
  static var tooFewAnchors: Self { Self(.badAnchors, "a rating needs at least two anchors") }

  /// An anchor whose key is not a score (C004).
  static func anchorNotAScore(_ key: String) -> Self {
    Self(.wrongType, "anchor '\(key)' must be a whole number (the score)")
  }
}
