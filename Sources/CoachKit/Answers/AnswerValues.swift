/// The answers that are more than a string, a number, a boolean or a list, as recorded: a
/// rating, and the action agreed at an action step. (A review of carried action items is the
/// list of those items as decided: ``ActionItem``s.) Their JSON is in `AnswerValues+Coding.swift`;
/// ``Value`` gives typed views of any answer (``Value/rating``).

/// A rating's answer: the score against the step's anchors, and the evidence for it.
public struct Rating: Equatable, Sendable {
  public var score: Double
  public var min: Double
  public var max: Double
  /// The anchor of the score, as written in the script.
  public var anchor: String?
  /// What is rated (the step's `competency`, else its id).
  public var competency: String
  public var evidence: String?

  public init(
    score: Double, min: Double, max: Double, anchor: String?, competency: String, evidence: String? = nil
  ) {
    self.score = score
    self.min = min
    self.max = max
    self.anchor = anchor
    self.competency = competency
    self.evidence = evidence
  }
}

/// The answer of an action step: `TEXT [@owner] [due:DATE]`, read.
public struct AgreedAction: Equatable, Sendable {
  public var text: String
  public var owner: String?
  /// `YYYY-MM-DD`.
  public var due: String?

  public init(text: String, owner: String?, due: String?) {
    self.text = text
    self.owner = owner
    self.due = due
  }
}
