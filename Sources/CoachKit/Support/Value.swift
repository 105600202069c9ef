/// A typed value: an answer, the result of an expression, or any part of a record.
///
/// It maps one to one onto JSON, so answers are recorded and folded with their types intact.
public enum Value: Equatable, Hashable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([Value])
  case object([String: Value])

  /// The string, when this is one.
  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The number, when this is one.
  public var number: Double? {
    if case .number(let n) = self { return n }
    return nil
  }

  /// The boolean, when this is one.
  public var bool: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, when this is an array.
  public var array: [Value]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, when this is an object.
  public var object: [String: Value]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// Whether this is `null`.
  public var isNull: Bool { self == .null }

  /// The member `key` of an object, or `null`.
  public subscript(key: String) -> Value {
    object?[key] ?? .null
  }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(arrayLiteral elements: Value...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, Value)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  public init(nilLiteral: ()) { self = .null }
}

extension Value {
  /// A string, or `null` when `string` is nil.
  public static func optional(_ string: String?) -> Value {
    string.map(Value.string) ?? .null
  }
}

extension Value: Codable {
  /// Any JSON value, from any decoder.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let b = try? container.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? container.decode(Double.self) {
      self = .number(n)
    } else if let s = try? container.decode(String.self) {
      self = .string(s)
    } else if let a = try? container.decode([Value].self) {
      self = .array(a)
    } else {
      self = .object(try container.decode([String: Value].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let b): try container.encode(b)
    case .number(let n): try container.encode(n)
    case .string(let s): try container.encode(s)
    case .array(let a): try container.encode(a)
    case .object(let o): try container.encode(o)
    }
  }
}
