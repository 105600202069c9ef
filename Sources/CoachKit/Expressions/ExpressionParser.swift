/// A syntax error in an expression, with the character offset where it was found.
public struct ExpressionSyntaxError: Error, Equatable, Sendable {
  public var message: String
  public var offset: Int
  public var hint: String?
}

/// Parses expression text into an ``Expression``.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons (`== != < <= > >= in contains`),
/// `+ -`, `* / %`, unary `-`, then literals, names, calls, lists and parentheses.
public struct ExpressionParser {
  private var tokens: [Token]
  private var position = 0
  /// How deeply the expression nests so far (parentheses, lists, calls, `not`, unary minus).
  private var depth = 0
  /// The deepest an expression may nest: parsing is recursive, and nothing a script says may
  /// exhaust the stack.
  public static let maximumDepth = 64

  /// Parses `text` as a whole expression.
  public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
    var parser = ExpressionParser(tokens: try Lexer.tokenize(text))
    let expression = try parser.parseOr()
    guard parser.peek.kind == .end else {
      var hint =
        parser.peek.text == "=" ? "compare with '=='" : "join conditions with 'and' or 'or'"
      if parser.peek.text == ".", case .variable(let v, _) = expression, v.isSession {
        hint =
          "only 'previous.<step id>', 'last.<dialog>.<step id>' and 'settings.<id>' take a '.'"
          + (Suggestion.closest(to: v.name, in: ["previous", "last", "settings"]).map {
            ": did you mean '\($0)'?"
          } ?? "")
      }
      throw ExpressionSyntaxError(
        message: "unexpected \(parser.peek.kind.describe(parser.peek.text)) after the expression",
        offset: parser.peek.offset, hint: hint)
    }
    return expression
  }

  private init(tokens: [Token]) {
    self.tokens = tokens
  }

  private var peek: Token { tokens[position] }

  private mutating func advance() -> Token {
    let token = tokens[position]
    if token.kind != .end { position += 1 }
    return token
  }

  private mutating func accept(_ word: String) -> Token? {
    if (peek.kind == .word || peek.kind == .symbol), peek.text == word { return advance() }
    return nil
  }

  private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
    var left = try parseAnd()
    while let token = accept("or") {
      left = .binary(.or, left, try parseAnd(), at: token.offset)
    }
    return left
  }

  private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
    var left = try parseNot()
    while let token = accept("and") {
      left = .binary(.and, left, try parseNot(), at: token.offset)
    }
    return left
  }

  /// Goes one level deeper, refusing past ``maximumDepth``.
  private mutating func enter(at offset: Int) throws(ExpressionSyntaxError) {
    depth += 1
    if depth > Self.maximumDepth {
      throw ExpressionSyntaxError(
        message: "the expression nests too deeply (more than \(Self.maximumDepth) levels)", offset: offset,
        hint: "split it into simpler conditions")
    }
  }

  private mutating func parseNot() throws(ExpressionSyntaxError) -> Expression {
    if let token = accept("not") {
      try enter(at: token.offset)
      defer { depth -= 1 }
      return .unary(.not, try parseNot(), at: token.offset)
    }
    return try parseComparison()
  }

  private static let comparisons: [String: BinaryOperator] = [
    "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
    ">=": .greaterOrEqual, "in": .in, "contains": .contains,
  ]

  private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
    let left = try parseSum()
    if peek.kind == .symbol, peek.text == "=" {
      throw ExpressionSyntaxError(
        message: "'=' is not an operator", offset: peek.offset, hint: "compare with '=='")
    }
    if peek.kind == .symbol || peek.kind == .word, let op = Self.comparisons[peek.text] {
      let token = advance()
      let right = try parseSum()
      if peek.kind == .symbol || peek.kind == .word, Self.comparisons[peek.text] != nil {
        throw ExpressionSyntaxError(
          message: "comparisons cannot be chained", offset: peek.offset,
          hint: "write 'a < b and b < c'")
      }
      return .binary(op, left, right, at: token.offset)
    }
    return left
  }

  private mutating func parseSum() throws(ExpressionSyntaxError) -> Expression {
    var left = try parseProduct()
    while peek.kind == .symbol, peek.text == "+" || peek.text == "-" {
      let token = advance()
      let op: BinaryOperator = token.text == "+" ? .add : .subtract
      left = .binary(op, left, try parseProduct(), at: token.offset)
    }
    return left
  }

  private mutating func parseProduct() throws(ExpressionSyntaxError) -> Expression {
    var left = try parseUnary()
    while peek.kind == .symbol, ["*", "/", "%"].contains(peek.text) {
      let token = advance()
      let op: BinaryOperator = token.text == "*" ? .multiply : token.text == "/" ? .divide : .remainder
      left = .binary(op, left, try parseUnary(), at: token.offset)
    }
    return left
  }

  private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
    if peek.kind == .symbol, peek.text == "-" {
      let token = advance()
      try enter(at: token.offset)
      defer { depth -= 1 }
      return .unary(.negate, try parseUnary(), at: token.offset)
    }
    return try parsePrimary()
  }

  private static let reservedWords: Set<String> = ["and", "or", "not", "in", "contains"]

  private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
    let token = advance()
    switch token.kind {
    case .number:
      return .literal(.number(Double(token.text) ?? 0), at: token.offset)
    case .string:
      return .literal(.string(token.text), at: token.offset)
    case .word:
      switch token.text {
      case "true": return .literal(.bool(true), at: token.offset)
      case "false": return .literal(.bool(false), at: token.offset)
      case "null": return .literal(.null, at: token.offset)
      default: break
      }
      if Self.reservedWords.contains(token.text) {
        throw ExpressionSyntaxError(
          message: "expected a value before '\(token.text)'", offset: token.offset, hint: nil)
      }
      if accept("(") != nil {
        try enter(at: token.offset)
        defer { depth -= 1 }
        var arguments: [Expression] = []
        if accept(")") == nil {
          repeat {
            arguments.append(try parseOr())
          } while accept(",") != nil
          try expect(")", closing: "'\(token.text)('")
        }
        return .call(token.text, arguments, at: token.offset)
      }
      if token.text == "previous" {
        guard accept(".") != nil else {
          throw ExpressionSyntaxError(
            message: "'previous' needs a step id", offset: token.offset,
            hint: "write 'previous.<step id>', e.g. 'previous.close_rate'")
        }
        let name = advance()
        guard name.kind == .word else {
          throw ExpressionSyntaxError(
            message: "expected a step id after 'previous.'", offset: name.offset, hint: nil)
        }
        return .variable(Variable(name: name.text, previous: true), at: token.offset)
      }
      if token.text == "last" {
        return try parseLast(token)
      }
      if token.text == "settings" {
        return try parseSetting(token)
      }
      return .variable(Variable(name: token.text), at: token.offset)
    case .symbol where token.text == "(":
      try enter(at: token.offset)
      defer { depth -= 1 }
      let inner = try parseOr()
      try expect(")", closing: "the '('")
      return inner
    case .symbol where token.text == "[":
      try enter(at: token.offset)
      defer { depth -= 1 }
      var elements: [Expression] = []
      if accept("]") == nil {
        repeat {
          elements.append(try parseOr())
        } while accept(",") != nil
        try expect("]", closing: "the list's '['")
      }
      return .list(elements, at: token.offset)
    case .end:
      throw ExpressionSyntaxError(
        message: "the expression ends too early", offset: token.offset, hint: nil)
    default:
      throw ExpressionSyntaxError(
        message: "unexpected \(token.kind.describe(token.text))", offset: token.offset, hint: nil)
    }
  }

  /// `last.<dialog id>.<step id>`: the dialog id may hold '-', which the lexer reads as a
  /// minus; its words and dashes are joined back while they touch.
  private mutating func parseLast(_ token: Token) throws(ExpressionSyntaxError) -> Expression {
    let hint = "write 'last.<dialog id>.<step id>', e.g. 'last.ceo-alignment.field_time'"
    guard let dot = accept(".") else {
      throw ExpressionSyntaxError(
        message: "'last' needs a dialog and a step id", offset: token.offset, hint: hint)
    }
    var dialog = ""
    var end = dot.offset + 1
    while peek.offset == end,
      peek.kind == .word || peek.kind == .number || (peek.kind == .symbol && peek.text == "-")
    {
      let part = advance()
      dialog += part.text
      end = part.offset + part.text.count
    }
    guard !dialog.isEmpty else {
      throw ExpressionSyntaxError(message: "expected a dialog id after 'last.'", offset: end, hint: hint)
    }
    guard accept(".") != nil else {
      throw ExpressionSyntaxError(
        message: "expected '.' and a step id after 'last.\(dialog)'", offset: peek.offset, hint: hint)
    }
    let name = advance()
    guard name.kind == .word else {
      throw ExpressionSyntaxError(
        message: "expected a step id after 'last.\(dialog).'", offset: name.offset, hint: hint)
    }
    return .variable(Variable(name: name.text, source: .last(dialog: dialog)), at: token.offset)
  }

  /// `settings.<id>`, the id being words joined by '.' (`settings.time_targets.field`).
  private mutating func parseSetting(_ token: Token) throws(ExpressionSyntaxError) -> Expression {
    var name = ""
    while accept(".") != nil {
      let part = advance()
      guard part.kind == .word else {
        throw ExpressionSyntaxError(
          message: "expected a setting's name after 'settings\(name).'", offset: part.offset,
          hint: "write 'settings.<id>', e.g. 'settings.time_targets.field'")
      }
      name += (name.isEmpty ? "" : ".") + part.text
    }
    guard !name.isEmpty else {
      throw ExpressionSyntaxError(
        message: "'settings' needs a setting's name", offset: token.offset,
        hint: "write 'settings.<id>', e.g. 'settings.time_targets.field'")
    }
    return .variable(Variable(name: name, source: .settings), at: token.offset)
  }

  private mutating func expect(_ symbol: String, closing what: String) throws(ExpressionSyntaxError) {
    guard accept(symbol) != nil else {
      throw ExpressionSyntaxError(
        message: "expected '\(symbol)'", offset: peek.offset,
        hint: "add '\(symbol)' to close \(what)")
    }
  }
}
