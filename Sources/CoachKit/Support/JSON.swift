import Foundation

/// Deterministic JSON: keys sorted, no insignificant white space, integers without a fraction.
/// Used for records, folded records and the `--jsonl` protocol, so equal values give equal bytes.
public enum JSON {
  /// Serialises `value` on one line.
  public static func encode(_ value: Value) -> String {
    var out = ""
    out.reserveCapacity(128)
    write(value, to: &out)
    return out
  }

  /// Serialises `value` with two-space indentation, for people.
  public static func encodePretty(_ value: Value) -> String {
    var out = ""
    writePretty(value, indent: 0, to: &out)
    return out
  }

  /// Parses one JSON document.
  public static func decode(_ text: some StringProtocol) throws(JSONError) -> Value {
    var text = String(text)
    let result = text.withUTF8 { bytes in
      var parser = JSONParser(bytes: bytes)
      return Result { () throws(JSONError) in try parser.parseDocument() }
    }
    return try result.get()
  }

  /// Parses one JSON document from UTF-8 bytes.
  public static func decode(_ data: Data) throws(JSONError) -> Value {
    try decode(bytes: [UInt8](data)[...])
  }

  /// Parses one JSON document from UTF-8 bytes, without copying them into a string first.
  public static func decode(bytes: ArraySlice<UInt8>) throws(JSONError) -> Value {
    let result = bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer)
      return Result { () throws(JSONError) in try parser.parseDocument() }
    }
    return try result.get()
  }

  /// The lines of `bytes` (split at `\n`), without copying them.
  public static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
  }

  static func write(_ value: Value, to out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += formatNumber(n)
    case .string(let s): writeString(s, to: &out)
    case .array(let a):
      out += "["
      for (i, element) in a.enumerated() {
        if i > 0 { out += "," }
        write(element, to: &out)
      }
      out += "]"
    case .object(let o):
      out += "{"
      for (i, key) in o.keys.sorted().enumerated() {
        if i > 0 { out += "," }
        writeString(key, to: &out)
        out += ":"
        write(o[key]!, to: &out)
      }
      out += "}"
    }
  }

  static func writePretty(_ value: Value, indent: Int, to out: inout String) {
    let pad = String(repeating: "  ", count: indent + 1)
    let closePad = String(repeating: "  ", count: indent)
    switch value {
    case .array(let a) where !a.isEmpty:
      out += "[\n"
      for (i, element) in a.enumerated() {
        out += pad
        writePretty(element, indent: indent + 1, to: &out)
        out += i == a.count - 1 ? "\n" : ",\n"
      }
      out += closePad + "]"
    case .object(let o) where !o.isEmpty:
      out += "{\n"
      let keys = o.keys.sorted()
      for (i, key) in keys.enumerated() {
        out += pad
        writeString(key, to: &out)
        out += ": "
        writePretty(o[key]!, indent: indent + 1, to: &out)
        out += i == keys.count - 1 ? "\n" : ",\n"
      }
      out += closePad + "}"
    default:
      write(value, to: &out)
    }
  }

  /// Formats a number as JSON: whole numbers without a fraction, others with the shortest
  /// representation that reads back the same.
  static func formatNumber(_ n: Double) -> String {
    guard n.isFinite else { return "null" }
    if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
    return "\(n)"
  }

  static func writeString(_ s: String, to out: inout String) {
    out += "\""
    // Most strings are printable ASCII without quotes or backslashes: copied as they are.
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
    {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
          || scalar.value == 0x2028 || scalar.value == 0x2029
        {
          out += "\\u" + hex4(scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  private static func hex4(_ v: UInt32) -> String {
    let digits = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
