/// `{"id","text","owner","due","status","step"[,"origin"]}`, with `null` for what is unknown.
extension ActionItem: RecordCodable {
  public init(record value: Value) throws(RecordProblem) {
    let f = try RecordFields(value, "an action item")
    self.init(
      id: try f.string("id"), text: try f.string("text"), owner: try f.optionalString("owner"),
      due: try f.optionalString("due"), status: try f.optionalMember("status", Status.self) ?? .open,
      step: try f.optionalString("step"), origin: try f.optionalString("origin"))
  }

  public var record: Value {
    var object: [String: Value] = [
      "id": .string(id), "text": .string(text), "owner": .optional(owner), "due": .optional(due),
      "status": .string(status.rawValue), "step": .optional(step),
    ]
    if let origin { object["origin"] = .string(origin) }
    return .object(object)
  }
}
