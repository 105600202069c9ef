import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// The people of a store, one person each whatever the spelling: names are compared without
/// case, accents or repeated spaces (``key(_:)``), a person is shown as last written (or as
/// renamed), and a near miss (`Dnaa`, `Dana R`) is told apart from someone new.
///
/// Renames and merges live in `<store>/people.json` (`{"version":1,"names":{"<key>":"Name"}}`,
/// mode 0600): a record is never rewritten for them. The other names come from the index.
public struct PeopleBook: Sendable {
  public let store: SessionStore
  /// Name key → the person's name as shown, from renames and merges.
  private var renamed: [String: String]

  public init(store: SessionStore) {
    self.store = store
    renamed = Self.read(store)
  }

  /// Name key → the spelling last written in a session with it, over the whole index (read
  /// only for what needs everyone: starting a session with a known person reads their file).
  private var spellings: [String: String] {
    var spellings: [String: String] = [:]
    for entry in SessionIndex(store: store).entries().sorted(by: { $0.startedAt < $1.startedAt }) {
      if let with = entry.with { spellings[Self.key(with)] = with }
    }
    return spellings
  }

  /// The spelling last written in a session with the name `key`, from that person's file.
  private func spelling(_ key: String) -> String? {
    SessionIndex(store: store).sessions(withKey: key).entries.max { $0.startedAt < $1.startedAt }?.with
  }

  /// A name as compared: without case, accents, or leading, trailing and repeated spaces.
  public static func key(_ name: String) -> String {
    name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  var path: String { store.root + "/people.json" }

  // MARK: - Who is who

  /// The person a name is, as shown; nil for a name no session and no rename has.
  public func person(_ name: String) -> String? {
    let key = Self.key(name)
    return renamed[key] ?? spelling(key)
  }

  /// How `name` is shown: as its person, else as given.
  public func display(_ name: String) -> String {
    person(name) ?? name
  }

  /// How `name` is shown when the caller already knows the spelling last written of each name
  /// key (a listing of sessions, newest first, does): without reading the person's file.
  public func display(_ name: String, latest: [String: String]) -> String {
    let key = Self.key(name)
    return renamed[key] ?? latest[key] ?? name
  }

  /// Everyone known, as shown, sorted.
  public var everyone: [String] {
    var shown: [String: String] = [:]
    for (key, name) in spellings where renamed[key] == nil { shown[key] = name }
    for name in renamed.values { shown[Self.key(name)] = name }
    return shown.values.sorted { Self.key($0) < Self.key($1) }
  }

  /// Every name key that is `person` (their own and those renamed or merged into them).
  public func keys(of person: String) -> Set<String> {
    let target = Self.key(renamed[Self.key(person)] ?? person)
    var keys: Set<String> = [Self.key(person), target]
    for (key, name) in renamed where Self.key(name) == target { keys.insert(key) }
    return keys
  }

  /// What a name given for a new session is.
  public enum Match: Equatable, Sendable {
    /// Someone known, as shown.
    case known(String)
    /// No one known is near it.
    case new
    /// Not known, but close to these people: likely a typo or a shortened name.
    case nearMiss([String])
  }

  /// The position in `names` of the one `name` means: the same name (any spelling), else the
  /// only one it is a short form or a typo of (`Max` for Max Power, ``isNear(_:_:)``).
  public static func position(of name: String, in names: [String]) -> Int? {
    let key = Self.key(name)
    let keys = names.map(Self.key)
    if let i = keys.firstIndex(of: key) { return i }
    let near = keys.indices.filter { isNear(key, keys[$0]) }
    return near.count == 1 ? near[0] : nil
  }

  public func match(_ name: String) -> Match {
    if let person = person(name) { return .known(person) }
    let key = Self.key(name)
    let near = everyone.filter { Self.isNear(key, Self.key($0)) }
    return near.isEmpty ? .new : .nearMiss(near)
  }

  /// Whether the name `key` is likely `other` written short or with a typo: `Dana` or `Dana R`
  /// for `Dana Reyes` (each word the start of the other's), `Dnaa` for `Dana` and `Dana Reys`
  /// for `Dana Reyes` (one word one edit away). Short names an edit apart that differ in
  /// length are two names (`Ana` and `Dana`), not a typo.
  public static func isNear(_ key: String, _ other: String) -> Bool {
    let words = key.split(separator: " ")
    let others = other.split(separator: " ")
    if words.count < others.count || (words.count == others.count && words.count > 1),
      zip(words, others).allSatisfy({ $1.hasPrefix($0) })
    {
      return true
    }
    guard words.count == others.count else { return false }
    var typos = 0
    for (word, otherWord) in zip(words, others) where word != otherWord {
      guard Suggestion.distance(String(word), String(otherWord)) == 1,
        min(word.count, otherWord.count) > 3 || word.count == otherWord.count
      else { return false }
      typos += 1
    }
    return typos == 1
  }

  // MARK: - Renames and merges

  /// Why a change to the people could not be made.
  public enum Problem: Error, Equatable, CustomStringConvertible {
    case unknown(String, candidates: [String])
    case same(String)
    case taken(String)
    case invalidName(String)

    public var description: String {
      switch self {
      case .unknown(let name, let candidates):
        return
          "no one called '\(Sanitizer.inline(name, limit: 40))' is in the store"
          + (candidates.isEmpty
            ? ": coach people lists them" : "; did you mean \(candidates.joined(separator: " or "))?")
      case .same(let name): return "'\(Sanitizer.inline(name, limit: 40))' is already that person"
      case .taken(let name):
        return
          "'\(Sanitizer.inline(name, limit: 40))' is someone else already: coach people merge joins two people into one"
      case .invalidName(let name):
        return
          "'\(Sanitizer.inline(name, limit: 40))' is not a name: names are plain text without control or invisible characters"
      }
    }
  }

  /// Shows `old` (and every spelling of them) as `new`.
  public mutating func rename(_ old: String, to new: String) throws(Problem) {
    let new = new.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    guard !new.isEmpty, !Sanitizer.hasHiddenCharacters(new) else { throw .invalidName(new) }
    guard let person = person(old) else { throw .unknown(old, candidates: nearMisses(old)) }
    if let other = self.person(new), Self.key(other) != Self.key(person) { throw .taken(new) }
    if person == new { throw .same(new) }
    for key in keys(of: person) { renamed[key] = new }
    renamed[Self.key(new)] = new
  }

  /// Makes `from` the same person as `into`: their sessions, actions and trends become one.
  public mutating func merge(_ from: String, into: String) throws(Problem) {
    guard let source = person(from) else { throw .unknown(from, candidates: nearMisses(from)) }
    guard let target = person(into) else { throw .unknown(into, candidates: nearMisses(into)) }
    guard Self.key(source) != Self.key(target) else { throw .same(into) }
    for key in keys(of: source) { renamed[key] = target }
  }

  /// Forgets every name of `person` (when their data is removed).
  public mutating func forget(_ person: String) {
    for key in keys(of: person) { renamed[key] = nil }
  }

  private func nearMisses(_ name: String) -> [String] {
    if case .nearMiss(let candidates) = match(name) { return candidates }
    return []
  }

  // MARK: - The file

  static func read(_ store: SessionStore) -> [String: String] {
    guard let bytes = StoreFile.read(store.root + "/people.json", repairing: true),
      let value = try? JSON.decode(bytes: bytes[...]),
      let names = try? RecordFields(value, "the people file").objectMembers("names")
    else { return [:] }
    return names.compactMapValues(\.string)
  }

  /// Writes the renames durably (0600, replaced whole: a reader sees the old file or the new).
  public func save() throws(StoreError) {
    try store.prepare()
    let text = JSON.encodePretty(["version": 1, "names": .object(renamed.mapValues(Value.string))]) + "\n"
    try StoreFile.replaceDurably(path, with: Array(text.utf8))
  }
}
