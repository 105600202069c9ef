/// A token of expression text.
struct Token: Equatable {
  enum Kind: Equatable {
    case number, string, word, symbol, end

    func describe(_ text: String) -> String {
      switch self {
      case .number: return "number \(text)"
      case .string: return "string \"\(text)\""
      case .word: return "'\(text)'"
      case .symbol: return "'\(text)'"
      case .end: return "end of expression"
      }
    }
  }

  var kind: Kind
  var text: String
  var offset: Int
}

/// Splits expression text into tokens.
enum Lexer {
  private static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
  private static let symbols: Set<Character> = [
    "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "%", "<", ">", "=", "!",
  ]

  static func tokenize(_ text: String) throws(ExpressionSyntaxError) -> [Token] {
    let chars = Array(text)
    var tokens: [Token] = []
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c.isWhitespace {
        i += 1
        continue
      }
      let start = i
      if c.isNumber && c.isASCII {
        while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." { i += 1 }
        let number = String(chars[start..<i])
        guard Double(number) != nil else {
          throw ExpressionSyntaxError(message: "invalid number '\(number)'", offset: start, hint: nil)
        }
        tokens.append(Token(kind: .number, text: number, offset: start))
      } else if c.isLetter || c == "_" {
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
        tokens.append(Token(kind: .word, text: String(chars[start..<i]), offset: start))
      } else if c == "\"" || c == "'" {
        i += 1
        var value = ""
        while i < chars.count, chars[i] != c {
          if chars[i] == "\\", i + 1 < chars.count {
            i += 1
          }
          value.append(chars[i])
          i += 1
        }
        guard i < chars.count else {
          throw ExpressionSyntaxError(
            message: "unterminated string", offset: start, hint: "close it with \(c)")
        }
        i += 1
        tokens.append(Token(kind: .string, text: value, offset: start))
      } else if i + 1 < chars.count, twoCharacterSymbols.contains(String(chars[i...i + 1])) {
        let symbol = String(chars[i...i + 1])
        if symbol == "&&" || symbol == "||" {
          throw ExpressionSyntaxError(
            message: "'\(symbol)' is not an operator", offset: start,
            hint: "write '\(symbol == "&&" ? "and" : "or")'")
        }
        tokens.append(Token(kind: .symbol, text: symbol, offset: start))
        i += 2
      } else if symbols.contains(c) {
        if c == "!" {
          throw ExpressionSyntaxError(
            message: "'!' is not an operator", offset: start, hint: "write 'not'")
        }
        tokens.append(Token(kind: .symbol, text: String(c), offset: start))
        i += 1
      } else {
        throw ExpressionSyntaxError(
          message: "unexpected character '\(c)'", offset: start, hint: nil)
      }
    }
    tokens.append(Token(kind: .end, text: "", offset: chars.count))
    return tokens
  }
}
