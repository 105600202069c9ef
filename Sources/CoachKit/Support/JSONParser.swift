/// What is wrong with a JSON text, and at which byte.
public struct JSONError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var offset: Int
  public var description: String { "\(message) at byte \(offset + 1)" }
}

/// A small, strict JSON parser over UTF-8 bytes (RFC 8259), used to read records back.
struct JSONParser {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  private var depth = 0
  private static let maxDepth = 512
  /// The members of the objects being read, innermost last: an object's dictionary is made
  /// once, at its size, when it closes (growing it member by member rehashed it at each
  /// doubling, a third of the time of reading a large cache).
  private var members: [(key: String, value: Value)] = []

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  mutating func parseDocument() throws(JSONError) -> Value {
    let value = try parseValue()
    skipSpace()
    if index < bytes.count { throw fail("unexpected text after the JSON value") }
    return value
  }

  private func fail(_ message: String) -> JSONError {
    JSONError(message: message, offset: index)
  }

  private mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func parseValue() throws(JSONError) -> Value {
    skipSpace()
    guard index < bytes.count else { throw fail("unexpected end of JSON") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    default: return .number(try parseNumber())
    }
  }

  private mutating func expectWord(_ word: StaticString) throws(JSONError) {
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw fail("unexpected end of JSON") }
    let start = word.utf8Start
    for i in 0..<count where bytes[index + i] != start[i] {
      throw fail("invalid literal")
    }
    index += count
  }

  private mutating func enter() throws(JSONError) {
    depth += 1
    if depth > Self.maxDepth { throw fail("JSON nested too deeply") }
  }

  private mutating func parseObject() throws(JSONError) -> Value {
    try enter()
    defer { depth -= 1 }
    index += 1
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object([:])
    }
    let base = members.count
    while true {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw fail("expected a string key")
      }
      let key = try parseString()
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw fail("expected ':'")
      }
      index += 1
      let value = try parseValue()
      members.append((key, value))
      skipSpace()
      guard index < bytes.count else { throw fail("unexpected end of JSON") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        var object = [String: Value](minimumCapacity: members.count - base)
        // A key given twice keeps its last value.
        for member in members[base...] { object[member.key] = member.value }
        members.removeSubrange(base...)
        return .object(object)
      }
      throw fail("expected ',' or '}'")
    }
  }

  private mutating func parseArray() throws(JSONError) -> Value {
    try enter()
    defer { depth -= 1 }
    index += 1
    var elements: [Value] = []
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      elements.append(try parseValue())
      skipSpace()
      guard index < bytes.count else { throw fail("unexpected end of JSON") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      throw fail("expected ',' or ']'")
    }
  }

  private mutating func parseString() throws(JSONError) -> String {
    index += 1
    let start = index
    // Fast path: no escapes.
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        return s
      }
      if b == UInt8(ascii: "\\") || b < 0x20 { break }
      index += 1
    }
    var scalars = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let b = bytes[index]
      switch b {
      case UInt8(ascii: "\""):
        index += 1
        return String(decoding: scalars, as: UTF8.self)
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { throw fail("unexpected end of JSON") }
        let e = bytes[index]
        index += 1
        switch e {
        case UInt8(ascii: "\""): scalars.append(0x22)
        case UInt8(ascii: "\\"): scalars.append(0x5C)
        case UInt8(ascii: "/"): scalars.append(0x2F)
        case UInt8(ascii: "b"): scalars.append(0x08)
        case UInt8(ascii: "f"): scalars.append(0x0C)
        case UInt8(ascii: "n"): scalars.append(0x0A)
        case UInt8(ascii: "r"): scalars.append(0x0D)
        case UInt8(ascii: "t"): scalars.append(0x09)
        case UInt8(ascii: "u"):
          var code = try parseHex4()
          if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count,
            bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try parseHex4()
            if (0xDC00...0xDFFF).contains(low) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else {
              code = 0xFFFD
            }
          }
          let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
          scalars.append(contentsOf: Array(String(scalar).utf8))
        default: throw fail("invalid escape in string")
        }
      default:
        if b < 0x20 { throw fail("control character in string") }
        scalars.append(b)
        index += 1
      }
    }
    throw fail("unterminated string")
  }

  private mutating func parseHex4() throws(JSONError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw fail("unexpected end of JSON") }
    var code: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[index]
      let digit: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw fail("invalid \\u escape")
      }
      code = code << 4 | digit
      index += 1
    }
    return code
  }

  private mutating func parseNumber() throws(JSONError) -> Double {
    let start = index
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    var digits = 0
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
        UInt8(ascii: "-"):
        break
      default:
        if digits == 0 { throw fail("unexpected character") }
        return try number(from: start)
      }
      index += 1
    }
    if digits == 0 { throw fail("unexpected end of JSON") }
    return try number(from: start)
  }

  private func number(from start: Int) throws(JSONError) -> Double {
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    guard let n = Double(text) else { throw JSONError(message: "invalid number", offset: start) }
    return n
  }
}
