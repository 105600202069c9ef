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
    var parts: [Part] = []
    var text = ""
    let chars = Array(source)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
        text.append("{")
        i += 2
      } else if c == "}", i + 1 < chars.count, chars[i + 1] == "}" {
        text.append("}")
        i += 2
      } else if c == "{" {
        guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
          throw ExpressionSyntaxError(
            message: "'{' is not closed", offset: i, hint: "write '{{' for a literal brace")
        }
        let inner = String(chars[(i + 1)..<close])
        let expression: Expression
        do {
          expression = try ExpressionParser.parse(inner)
        } catch {
          throw ExpressionSyntaxError(
            message: error.message, offset: i + 1 + error.offset, hint: error.hint)
        }
        if !text.isEmpty { parts.append(.text(text)) }
        text = ""
        parts.append(.expression(expression, offset: i + 1))
        i = close + 1
      } else if c == "}" {
        throw ExpressionSyntaxError(
          message: "'}' without '{'", offset: i, hint: "write '}}' for a literal brace")
      } else {
        text.append(c)
        i += 1
      }
    }
    if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
    return Template(parts: parts, source: source)
  }

  private init(parts: [Part], source: String) {
    self.parts = parts
    self.source = source
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
