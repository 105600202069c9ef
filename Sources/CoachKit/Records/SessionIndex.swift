import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the store keeps so that listing sessions, or starting one with a person, does not read
/// every record:
///
/// - `<store>/index.jsonl`: one line per session with what never changes about it (its header's
///   facts), and lines giving a session's status with its record's stamp;
/// - `<store>/people/<hash>.jsonl`, one file per person: the lines of their sessions, and lines
///   giving what each record adds up to (status, answers, action items: ``SessionOutcome``);
/// - `<store>/index.state`: the modification times of the `sessions` and `people` folders when
///   all of this last matched them.
///
/// It is all a cache. When a folder has changed behind coach's back (a record copied in or
/// removed, a file deleted), the index learns the records it does not know from their first
/// line and forgets those gone; a status or outcome is trusted only while its record's size and
/// modification time are those it was cached with. Writers hold `<store>/index.lock`.
public struct SessionIndex: Sendable {
  /// One session, as its header says.
  public struct Entry: Equatable, Sendable {
    public var id: String
    public var dialogID: String
    public var dialogTitle: String
    public var with: String?
    public var by: String?
    public var startedAt: Date

    public init(
      id: String, dialogID: String, dialogTitle: String, with: String?, by: String?, startedAt: Date
    ) {
      self.id = id
      self.dialogID = dialogID
      self.dialogTitle = dialogTitle
      self.with = with
      self.by = by
      self.startedAt = startedAt
    }

    init(_ header: SessionHeader) {
      self.init(
        id: header.id, dialogID: header.dialogID, dialogTitle: header.dialogTitle, with: header.with,
        by: header.by, startedAt: header.startedAt)
    }
  }

  /// What an index file holds, decoded.
  struct Lines {
    /// The sessions, each once, in the order of the file.
    var entries: [Entry] = []
    /// Statuses, with the stamps of the records they were read from.
    var states: [String: (stamp: String, state: SessionState)] = [:]
    /// What records add up to (in a person's file).
    var outcomes: [String: SessionOutcome] = [:]
  }

  public let store: SessionStore
  var indexPath: String { store.root + "/index.jsonl" }
  var statePath: String { store.root + "/index.state" }
  var lockPath: String { store.root + "/index.lock" }
  var peopleFolder: String { store.root + "/people" }
  /// The layout of the files; a state written by another layout is not current.
  static let layout = "5"

  public init(store: SessionStore) {
    self.store = store
  }

  // MARK: Reading

  /// Every session, brought up to date with the sessions folder; records whose first line cannot
  /// be read are left out (the commands that read them whole say why).
  public func entries() -> [Entry] {
    listing().entries
  }

  /// Every session, and the statuses known, with the stamps of the records they were read from.
  public func listing() -> (entries: [Entry], states: [String: (stamp: String, state: SessionState)]) {
    // On a store coach cannot write (mounted read-only, say), the index as it should be.
    let unsaved = bringUpToDate()
    let lines = Self.decode(unsaved ?? CacheFiles.read(indexPath) ?? [])
    return (lines.entries, lines.states)
  }

  /// The sessions with `person` (names compared without case).
  public func entries(with person: String) -> [Entry] {
    sessions(with: person).entries
  }

  /// The sessions with `person`, and the outcomes cached for them, from the person's file alone.
  public func sessions(with person: String) -> (entries: [Entry], outcomes: [String: SessionOutcome]) {
    sessions(withKey: Self.key(person))
  }

  /// The sessions held with a name whose key is `key`, and the outcomes cached for them.
  public func sessions(withKey key: String) -> (entries: [Entry], outcomes: [String: SessionOutcome]) {
    if let unsaved = bringUpToDate() {
      // The person's file cannot be trusted or written: their entries from the whole index.
      let lines = Self.decode(unsaved)
      return (lines.entries.filter { $0.with.map(Self.key) == key }, [:])
    }
    let lines = Self.decode(CacheFiles.read(personPath(key)) ?? [])
    return (lines.entries.filter { $0.with.map(Self.key) == key }, lines.outcomes)
  }

  /// The people sessions were held with, each once, as last written, sorted.
  public func people() -> [String] {
    var names: [String: String] = [:]
    for entry in entries() {
      if let with = entry.with { names[Self.key(with)] = with }
    }
    return names.values.sorted()
  }

  /// A name as compared (see ``PeopleBook/key(_:)``).
  public static func key(_ name: String) -> String {
    PeopleBook.key(name)
  }

  /// Whether the index matched the sessions and people folders when last brought up to date.
  var isCurrent: Bool {
    guard let state = currentState(), access(indexPath, F_OK) == 0 else { return false }
    return CacheFiles.read(statePath).map { String(decoding: $0, as: UTF8.self) } == state
  }

  // MARK: Writing

  /// Runs `body` holding the index's lock.
  func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    try CacheFiles.withLock(lockPath, body)
  }

  /// Brings the index up to date when the folders have changed since it last matched them.
  /// Returns the index as it should be when it could not be written (a read-only store), so
  /// that readers still see every session; nil when the files are current.
  @discardableResult
  func bringUpToDate() -> [UInt8]? {
    guard !isCurrent else { return nil }
    return locked { refreshIfStale() }
  }

  /// With the lock held: learns the records added to the sessions folder, forgets those
  /// removed, and rebuilds the people files when they cannot be trusted. Returns the index's
  /// bytes when they could not all be written.
  @discardableResult
  func refreshIfStale() -> [UInt8]? {
    guard !isCurrent, access(store.sessionsFolder, F_OK) == 0 else { return nil }
    let saved = CacheFiles.read(statePath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let bytes = CacheFiles.read(indexPath)
    // Each line's session, and for an entry line the person's name key.
    var lines: [IndexLine] = []
    var known: Set<String> = []
    for line in JSON.lines(bytes ?? []) where !line.isEmpty {
      if let id = RecordLine.indexedSessionID(line) {
        lines.append(IndexLine(id: id, isEntry: false, person: nil, bytes: line))
        continue
      }
      guard let entry = try? Entry(record: JSON.decode(bytes: line)) else { continue }
      lines.append(IndexLine(id: entry.id, isEntry: true, person: entry.with.map(Self.key), bytes: line))
      known.insert(entry.id)
    }
    let ids = Set(store.sessionIDs())
    var added: [Entry] = []
    for id in ids.subtracting(known).sorted() {
      if let header = try? store.readHeader(id) { added.append(Entry(header)) }
    }
    let removed = !known.isSubset(of: ids)
    if removed { lines.removeAll { !ids.contains($0.id) } }
    for entry in added {
      lines.append(
        IndexLine(
          id: entry.id, isEntry: true, person: entry.with.map(Self.key),
          bytes: Array(JSON.encode(entry.record).utf8)[...]))
    }
    var rewritten: [UInt8] = []
    rewritten.reserveCapacity(bytes?.count ?? 0)
    for line in lines {
      rewritten += line.bytes
      rewritten.append(UInt8(ascii: "\n"))
    }
    if removed || bytes == nil {
      guard CacheFiles.replace(indexPath, with: rewritten) else { return rewritten }
    } else {
      guard CacheFiles.append(added.map { JSON.encode($0.record) }, to: indexPath, creating: false) else {
        return rewritten
      }
    }
    let parts = saved.split(separator: " ")
    let peopleCurrent =
      !removed && parts.count == 3 && parts[0] == Self.layout
      && parts[2] == CacheFiles.folderStamp(peopleFolder) ?? "none"
    if peopleCurrent {
      guard addToPeople(added) else { return rewritten }
    } else {
      guard rebuildPeople(lines) else { return rewritten }
    }
    saveState()
    return nil
  }

  /// A line of the index, as a refresh sees it.
  struct IndexLine {
    var id: String
    var isEntry: Bool
    /// The name key of the session's person, on an entry line.
    var person: String?
    var bytes: ArraySlice<UInt8>
  }

  /// With the lock held: records that session `header` was just created. When the index was
  /// current before the record was created (`wasCurrent`), it is current again with this
  /// entry, and the next reader need not look at the folders.
  func add(_ header: SessionHeader, wasCurrent: Bool) {
    let entry = Entry(header)
    guard CacheFiles.append([JSON.encode(entry.record)], to: indexPath, creating: false), addToPeople([entry])
    else { return }
    if wasCurrent { saveState() }
  }

  /// Records the statuses of sessions, with the stamps of the records they were read from.
  func remember(_ states: [(id: String, stamp: String, state: SessionState)]) {
    guard !states.isEmpty else { return }
    let lines = states.map { RecordLine.statusLine(id: $0.id, stamp: $0.stamp, state: $0.state) }
    locked { _ = CacheFiles.append(lines, to: indexPath, creating: false) }
  }

  /// Keeps the outcomes of sessions with `person` in the person's file (when there is one: it
  /// is created with the person's first session).
  func remember(_ outcomes: [SessionOutcome], person: String) {
    guard !outcomes.isEmpty else { return }
    let path = personPath(Self.key(person))
    locked { _ = CacheFiles.append(outcomes.map(\.line), to: path, creating: false) }
  }

  // MARK: Files

  /// The file of the person whose name compares as `key`.
  func personPath(_ key: String) -> String {
    peopleFolder + "/" + SHA256.hex(of: Array(key.utf8)).prefix(32) + ".jsonl"
  }

  /// The state of the folders now: the layout, then the stamps of `sessions` and `people`.
  private func currentState() -> String? {
    guard let sessions = CacheFiles.folderStamp(store.sessionsFolder) else { return nil }
    return "\(Self.layout) \(sessions) \(CacheFiles.folderStamp(peopleFolder) ?? "none")"
  }

  private func saveState() {
    guard let state = currentState() else { return }
    CacheFiles.replace(statePath, with: Array(state.utf8))
  }

  /// Appends entries to their people's files.
  private func addToPeople(_ entries: [Entry]) -> Bool {
    let withPeople = entries.filter { $0.with != nil }
    guard !withPeople.isEmpty else { return true }
    guard (try? SessionStore.makeFolder(peopleFolder)) != nil else { return false }
    for (key, group) in Dictionary(grouping: withPeople, by: { Self.key($0.with ?? "") }) {
      guard CacheFiles.append(group.map { JSON.encode($0.record) }, to: personPath(key), creating: true)
      else { return false }
    }
    return true
  }

  /// Writes every person's file anew from the entry lines of the index, keeping the outcomes
  /// already cached for sessions still there, and removes the files of people without sessions.
  private func rebuildPeople(_ lines: [IndexLine]) -> Bool {
    guard (try? SessionStore.makeFolder(peopleFolder)) != nil else { return false }
    var people: [String: [Int]] = [:]
    for (i, line) in lines.enumerated() where line.isEntry {
      if let person = line.person { people[person, default: []].append(i) }
    }
    var written: Set<String> = []
    for (key, group) in people {
      let path = personPath(key)
      let ids = Set(group.map { lines[$0].id })
      var bytes: [UInt8] = []
      for i in group {
        bytes += lines[i].bytes
        bytes.append(UInt8(ascii: "\n"))
      }
      for line in JSON.lines(CacheFiles.read(path) ?? [])
      where RecordLine.indexedSessionID(line).map(ids.contains) ?? false {
        bytes += line
        bytes.append(UInt8(ascii: "\n"))
      }
      guard CacheFiles.replace(path, with: bytes) else { return false }
      written.insert(String(path.dropFirst(peopleFolder.count + 1)))
    }
    for name in (try? FileManager.default.contentsOfDirectory(atPath: peopleFolder)) ?? []
    where !written.contains(name) {
      unlink(peopleFolder + "/" + name)
    }
    return true
  }

  /// The lines of an index file, decoded; lines that cannot be read are passed over.
  static func decode(_ bytes: [UInt8]) -> Lines {
    var lines = Lines()
    var seen: Set<String> = []
    for line in JSON.lines(bytes) where !line.isEmpty {
      if let (id, stamp, state) = RecordLine.state(ofStatusLine: line) {
        lines.states[id] = (stamp, state)
        continue
      }
      guard let value = try? JSON.decode(bytes: line) else { continue }
      if RecordLine.indexedSessionID(line) != nil {
        if let outcome = try? SessionOutcome(record: value) {
          if lines.states[outcome.id]?.stamp != outcome.stamp {
            lines.states[outcome.id] = (outcome.stamp, SessionState(status: outcome.status))
          }
          lines.outcomes[outcome.id] = outcome
        }
      } else if let entry = try? Entry(record: value), seen.insert(entry.id).inserted {
        lines.entries.append(entry)
      }
    }
    return lines
  }
}

extension SessionStore {
  /// The header of session `id`, reading only its first line.
  public func readHeader(_ id: String) throws(StoreError) -> SessionHeader {
    let path = try path(of: id)
    let fd: FileDescriptor
    do {
      fd = try StoreFile.open(path, .readOnly, repairing: true)
    } catch .missing {
      throw StoreError.unknownSession(id)
    } catch .notRegular(let what) {
      throw StoreError.notARecord(path: path, what: what)
    } catch {
      throw StoreError.cannotRead(path: path, reason: error.reason)
    }
    defer { try? fd.close() }
    var line: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 8192)
    var sawNewline = false
    while line.count <= 1 << 20 {
      guard let n = try? chunk.withUnsafeMutableBytes({ try fd.read(into: $0) }), n > 0 else { break }
      if let newline = chunk[..<n].firstIndex(of: UInt8(ascii: "\n")) {
        line += chunk[..<newline]
        sawNewline = true
        break
      }
      line += chunk[..<n]
    }
    if line.isEmpty { throw StoreError.emptyRecord(path: path) }
    let header: SessionHeader
    do {
      header = try SessionHeader(record: try JSON.decode(bytes: line[...]))
    } catch let problem as RecordProblem {
      throw sawNewline
        ? StoreError.corrupt(path: path, line: 1, message: problem.message) : .emptyRecord(path: path)
    } catch {
      throw sawNewline
        ? StoreError.corrupt(path: path, line: 1, message: "not a coach session record (\(error))")
        : .emptyRecord(path: path)
    }
    guard header.id == id else {
      throw StoreError.corrupt(
        path: path, line: 1,
        message:
          "the header names session \(Sanitizer.inline(header.id, limit: 40)), not \(id): the record was copied or renamed"
      )
    }
    return header
  }
}
