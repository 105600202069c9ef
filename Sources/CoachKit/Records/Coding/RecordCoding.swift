import Foundation

/// A value of the record format, mapped to and from its JSON here, at the file edge.
///
/// Each record type (events, the header, action items, the folded record, index lines) gives
/// its mapping in its own `+Coding.swift` file; nothing else reads a record by its keys. The
/// mapping is written out rather than synthesised because records are read in bulk
/// (`replay --check --all` over 10,000 of them): building the typed value straight from the
/// parsed JSON is about four times faster than going through `Decoder` containers. `Codable`
/// conformance comes from the same mapping, so `JSONEncoder` and `JSONDecoder` read and write
/// the very same format.
public protocol RecordCodable: Codable {
  /// Reads the value from its JSON; the problem says what is missing or wrong.
  init(record: Value) throws(RecordProblem)
  /// The value as JSON.
  var record: Value { get }
}

extension RecordCodable {
  public init(from decoder: any Decoder) throws {
    try self.init(record: Value(from: decoder))
  }

  public func encode(to encoder: any Encoder) throws {
    try record.encode(to: encoder)
  }
}

/// Why a record line could not be read.
public struct RecordProblem: Error, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The members of one JSON object of a record, read with their types checked: a member that
/// is missing where it is needed, or of another type, is a ``RecordProblem`` naming it.
struct RecordFields {
  let object: [String: Value]
  /// What the object is, for messages (`an event`, `the header`).
  let what: String

  init(_ value: Value, _ what: String) throws(RecordProblem) {
    guard case .object(let object) = value else { throw RecordProblem("\(what) is not a JSON object") }
    self.object = object
    self.what = what
  }

  private func problem(_ key: String, _ expected: String) -> RecordProblem {
    RecordProblem(
      object[key] == nil
        ? "\(what) lacks its \"\(key)\"" : "the \"\(key)\" of \(what) is not \(expected)")
  }

  /// The member, or null.
  func value(_ key: String) -> Value { object[key] ?? .null }

  func string(_ key: String) throws(RecordProblem) -> String {
    guard case .string(let s)? = object[key] else { throw problem(key, "a string") }
    return s
  }

  /// A string, or nil when the member is missing or null.
  func optionalString(_ key: String) throws(RecordProblem) -> String? {
    switch object[key] {
    case nil, .null?: return nil
    case .string(let s)?: return s
    default: throw problem(key, "a string")
    }
  }

  func bool(_ key: String) throws(RecordProblem) -> Bool {
    guard case .bool(let b)? = object[key] else { throw problem(key, "true or false") }
    return b
  }

  /// A number, or nil when missing or null.
  func optionalNumber(_ key: String) throws(RecordProblem) -> Double? {
    switch object[key] {
    case nil, .null?: return nil
    case .number(let n)?: return n
    default: throw problem(key, "a number")
    }
  }

  /// A whole number within the range of `Int`, or nil when missing or null.
  func optionalInteger(_ key: String) throws(RecordProblem) -> Int? {
    guard let n = try optionalNumber(key) else { return nil }
    guard let i = Int(exactly: n) else { throw problem(key, "a whole number") }
    return i
  }

  /// An ISO 8601 time as ``Clock/iso8601(_:)`` writes it.
  func date(_ key: String) throws(RecordProblem) -> Date {
    guard let date = try optionalDate(key) else { throw problem(key, "a time") }
    return date
  }

  func optionalDate(_ key: String) throws(RecordProblem) -> Date? {
    guard let text = try optionalString(key) else { return nil }
    guard let date = Clock.parseISO8601(text) else { throw problem(key, "a time (2026-12-01T09:30:00.000Z)") }
    return date
  }

  /// An array of strings; missing or null is empty.
  func strings(_ key: String) throws(RecordProblem) -> [String] {
    switch object[key] {
    case nil, .null?: return []
    case .array(let items)?:
      var strings: [String] = []
      strings.reserveCapacity(items.count)
      for item in items {
        guard case .string(let s) = item else { throw problem(key, "a list of strings") }
        strings.append(s)
      }
      return strings
    default: throw problem(key, "a list of strings")
    }
  }

  /// A member of a closed set, by its raw value.
  func member<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(RecordProblem) -> T
  where T.RawValue == String {
    guard let member = try optionalMember(key, type) else { throw problem(key, "one of the known values") }
    return member
  }

  func optionalMember<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(RecordProblem) -> T?
  where T.RawValue == String {
    guard let text = try optionalString(key) else { return nil }
    guard let member = T(rawValue: text) else {
      throw RecordProblem(
        "the \"\(key)\" of \(what) is '\(Sanitizer.inline(text, limit: 30))', which this coach does not know")
    }
    return member
  }

  /// A nested record value.
  func decode<T: RecordCodable>(_ key: String, _ type: T.Type) throws(RecordProblem) -> T {
    try T(record: value(key))
  }

  /// An array of record values; missing or null is empty.
  func decodeArray<T: RecordCodable>(_ key: String, _ type: T.Type) throws(RecordProblem) -> [T] {
    switch object[key] {
    case nil, .null?: return []
    case .array(let items)?:
      var values: [T] = []
      values.reserveCapacity(items.count)
      for item in items { values.append(try T(record: item)) }
      return values
    default: throw problem(key, "a list")
    }
  }

  /// An object of values; missing or null is empty.
  func objectMembers(_ key: String) throws(RecordProblem) -> [String: Value] {
    switch object[key] {
    case nil, .null?: return [:]
    case .object(let members)?: return members
    default: throw problem(key, "an object")
    }
  }
}

extension Value {
  /// `string`, or null when nil: for optional members written as `null`.
  static func optional(_ date: Date?) -> Value {
    date.map { .string(Clock.iso8601($0)) } ?? .null
  }
}
