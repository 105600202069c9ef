/// Text with piped values: `Is {with} on plan?`, `Last time: {previous.close_rate}`.
///
/// Anything between braces is an expression; `{{` and `}}` stand for literal braces.
public struct Template: Equatable, Sendable {
  public enum Part: Equatable, Sendable {
    case text(String)
    /// An expression and its character offset in the template's source.
    case expression(Expression, offset: Int)
  }

  public var parts: [Part]
  public var source: String

  /// Text with nothing piped.
  public init(literal: String) {
    self.parts = [.text(literal)]
    self.source = literal
  }

  /// Parses `source`; on a syntax error the offset is from the start of `source`.
  public static func parse(_ source: String) throws(ExpressionSyntaxError) -> Template {
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    let bytes = source.utf8
    // Most texts have no braces: one text part, without walking their characters.
    guard bytes.contains(where: { $0 == open || $0 == close }) else {
      return Template(parts: [.text(source)], source: source)
    }
    /// Offsets count characters, as the columns of diagnostics do: counted on from the last
    /// offset asked for (they are asked in order), so the whole text is walked once.
    var counted = (index: source.startIndex, offset: 0)
    func offset(_ index: String.Index) -> Int {
      if index < counted.index { counted = (source.startIndex, 0) }
      counted = (index, counted.offset + source.distance(from: counted.index, to: index))
      return counted.offset
    }
    var parts: [Part] = []
    var text = ""
    var i = bytes.startIndex
    var literal = i  // where the text not yet added starts
    while i < bytes.endIndex {
      let c = bytes[i]
      let next = bytes.index(after: i)
      guard c == open || c == close else {
        i = next
        continue
      }
      text += source[literal..<i]
      if next < bytes.endIndex, bytes[next] == c {  // `{{` or `}}`: a literal brace
        text.append(c == open ? "{" : "}")
        i = bytes.index(after: next)
        literal = i
        continue
      }
      guard c == open else {
        throw ExpressionSyntaxError(
          message: "'}' without '{'", offset: offset(i), hint: "write '}}' for a literal brace")
      }
      guard let end = bytes[next...].firstIndex(of: close) else {
        throw ExpressionSyntaxError(
          message: "'{' is not closed", offset: offset(i), hint: "write '{{' for a literal brace")
      }
      let expression: Expression
      do {
        expression = try ExpressionParser.parse(String(source[next..<end]))
      } catch {
        throw ExpressionSyntaxError(
          message: error.message, offset: offset(i) + 1 + error.offset, hint: error.hint)
      }
      if !text.isEmpty { parts.append(.text(text)) }
      text = ""
      parts.append(.expression(expression, offset: offset(i) + 1))
      i = bytes.index(after: end)
      literal = i
    }
    text += source[literal..<bytes.endIndex]
    if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
    return Template(parts: parts, source: source)
  }

  private init(parts: [Part], source: String) {
    self.parts = parts
    self.source = source
  }

  /// The expressions between its braces.
  public var expressions: [Expression] {
    parts.compactMap { part in
      if case .expression(let e, _) = part { return e }
      return nil
    }
  }

  /// Every variable the template reads.
  public var variables: [Variable] {
    parts.flatMap { part -> [Variable] in
      if case .expression(let e, _) = part { return e.variables }
      return []
    }
  }

  /// The text with each expression evaluated and formatted by `format`.
  public func render(
    in context: some EvaluationContext, format: (Expression, Value) -> String
  ) -> String {
    var out = ""
    for part in parts {
      switch part {
      case .text(let t): out += t
      case .expression(let e, _): out += format(e, Evaluator.evaluate(e, in: context))
      }
    }
    return out
  }
}
