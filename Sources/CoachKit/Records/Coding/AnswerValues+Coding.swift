/// A rating: `{"score","min","max","anchor","competency"[,"evidence"]}`.
extension Rating: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "a rating")
    guard let score = try f.optionalNumber("score") else {
      throw RecordProblem("a rating lacks its \"score\"")
    }
    self.init(
      score: score, min: try f.optionalNumber("min") ?? 1, max: try f.optionalNumber("max") ?? 4,
      anchor: try f.optionalString("anchor"), competency: try f.optionalString("competency") ?? "",
      evidence: try f.optionalString("evidence"))
  }

  public var record: Value {
    var object: [String: Value] = [
      "score": .number(score), "min": .number(min), "max": .number(max), "anchor": .optional(anchor),
      "competency": .string(competency),
    ]
    if let evidence { object["evidence"] = .string(evidence) }
    return .object(object)
  }
}

/// An agreed action: `{"type":"action","text","owner","due"}`.
extension AgreedAction: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "an agreed action")
    guard f.value("type") == .string("action") else { throw RecordProblem("the answer is not an action") }
    self.init(
      text: try f.string("text"), owner: try f.optionalString("owner"), due: try f.optionalString("due"))
  }

  public var record: Value {
    ["type": "action", "text": .string(text), "owner": .optional(owner), "due": .optional(due)]
  }
}

extension Value {
  /// The rating this answer is, when it is one.
  public var rating: Rating? {
    guard case .object(let o) = self, o["score"] != nil else { return nil }
    return try? Rating(record: self)
  }

  /// The action agreed at an action step, when this answer is one.
  public var agreedAction: AgreedAction? {
    guard case .object = self else { return nil }
    return try? AgreedAction(record: self)
  }

  /// The carried action items as decided, when this answer is an action review.
  public var reviewDecisions: [ActionItem]? {
    guard case .array(let items) = self, !items.isEmpty else { return nil }
    var decided: [ActionItem] = []
    for item in items {
      guard case .object = item, let decision = try? ActionItem(record: item) else { return nil }
      decided.append(decision)
    }
    return decided
  }

  /// The number a metric answer holds: the number itself, or a rating's score.
  public var metric: Double? {
    if case .number(let n) = self { return n }
    return rating?.score
  }
}
