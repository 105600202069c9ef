import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where session records live: `<store>/sessions/<id>.jsonl`, files 0600 in 0700 folders
/// (DESIGN 5).
public struct SessionStore: Sendable {
  /// The store's root folder.
  public let root: String

  public init(root: String) {
    self.root = root
  }

  /// The store named by `--store`, else `$COACH_HOME`, else `$XDG_DATA_HOME/coach`, else
  /// `~/.local/share/coach`.
  public static func resolve(option: String?, environment: [String: String], configured: String? = nil)
    -> SessionStore
  {
    if let option, !option.isEmpty { return SessionStore(root: option) }
    if let home = environment["COACH_HOME"], !home.isEmpty { return SessionStore(root: home) }
    if let configured, !configured.isEmpty { return SessionStore(root: configured) }
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return SessionStore(root: xdg + "/coach") }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return SessionStore(root: home + "/.local/share/coach")
  }

  public var sessionsFolder: String { root + "/sessions" }
  /// Where coach 0.1 kept every line typed, per dialog and for every person (`/private`
  /// text included): removed on the first run that finds it (``removeOldHistory()``).
  public var historyFolder: String { root + "/history" }

  /// Removes the line history coach 0.1 kept (``historyFolder``): its files are unlinked (a
  /// link is removed, never followed), then the folder. Returns how many files went, or nil
  /// when there was no such folder.
  public func removeOldHistory() -> Int? {
    guard StoreFile.type(of: historyFolder) == .directory else { return nil }
    var removed = 0
    for entry in StoreFile.entries(of: historyFolder) where entry.type != .directory {
      if unlink(historyFolder + "/" + entry.name) == 0 { removed += 1 }
    }
    rmdir(historyFolder)
    return removed
  }

  /// Creates the store's folders (0700) when missing.
  public func prepare() throws(StoreError) {
    try Self.makeFolder(root)
    try Self.makeFolder(sessionsFolder)
  }

  /// Told of each file or folder of a store whose mode was made private again (it was open to
  /// other users): its path, its mode before and after. The command line warns with it.
  public static var permissionsRepaired: @Sendable (String, UInt32, UInt32) -> Void {
    get { StoreFile.repaired }
    set { StoreFile.repaired = newValue }
  }

  /// Makes the store's folders private again (0700) where others can read, enter or write
  /// them, telling ``StoreFile/repaired`` of each; the files are made private (0600) as they are
  /// opened.
  public func repairFolderModes() {
    for folder in [root, sessionsFolder, root + "/people"] { StoreFile.repairFolderMode(folder) }
  }

  /// Creates `path` and its missing parents with mode 0700.
  public static func makeFolder(_ path: String) throws(StoreError) {
    switch StoreFile.type(of: path) {
    case .directory?: return
    case nil: break
    case .symbolicLink? where StoreFile.folderStamp(path) != nil: return
    case let type?:
      throw StoreError.cannotCreate(path: path, reason: "it exists and is \(StoreFile.describe(type))")
    }
    if let slash = path.lastIndex(of: "/"), slash > path.startIndex {
      try makeFolder(String(path[..<slash]))
    }
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
    }
  }

  /// Whether `id` may name a session: letters, digits, `-` and `_`, so that it can never become
  /// a path outside the store.
  public static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.count <= 64
      && id.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
          || $0 == "_"
      }
  }

  /// The record file of session `id`.
  public func path(of id: String) throws(StoreError) -> String {
    guard Self.isValidID(id) else { throw StoreError.invalidID(id) }
    return sessionsFolder + "/" + id + ".jsonl"
  }

  /// The ids of every stored session, sorted: the regular files `<id>.jsonl` of the sessions
  /// folder (see ``strayFiles()`` for the rest).
  public func sessionIDs() -> [String] {
    var ids: [String] = []
    for (name, type) in StoreFile.entries(of: sessionsFolder)
    where type == .regular && name.hasSuffix(".jsonl") {
      let id = String(name.dropLast(6))
      if Self.isValidID(id) { ids.append(id) }
    }
    return ids.sorted()
  }

  /// What is named like a record in the sessions folder but is not a regular file (a symbolic
  /// link, a FIFO, a folder): never opened, reported by the commands that list sessions.
  public func strayFiles() -> [StoreError] {
    StoreFile.entries(of: sessionsFolder).compactMap { name, type in
      guard name.hasSuffix(".jsonl"), type != .regular, Self.isValidID(String(name.dropLast(6))) else {
        return nil
      }
      return StoreError.notARecord(
        path: sessionsFolder + "/" + name, what: type.map(StoreFile.describe) ?? "not a regular file")
    }
  }

  /// The one session whose id is `prefix` or starts with it.
  public func resolve(_ prefix: String) throws(StoreError) -> String {
    let trimmed = prefix.trimmedSpaces
    guard Self.isValidID(trimmed) else { throw StoreError.invalidID(prefix) }
    let ids = sessionIDs()
    if ids.contains(trimmed) { return trimmed }
    let matches = ids.filter { $0.hasPrefix(trimmed) }
    switch matches.count {
    case 0: throw StoreError.unknownSession(trimmed)
    case 1: return matches[0]
    default: throw StoreError.ambiguous(trimmed, candidates: matches)
    }
  }

  /// A new random session id: 12 lower-case hex digits.
  public static func newID() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<12).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }.joined()
  }

  /// Starts the record of a new session, writing its header durably, and adds it to the index.
  public func create(header: SessionHeader) throws(StoreError) -> SessionRecording {
    try prepare()
    let index = SessionIndex(store: self)
    return try index.locked { () throws(StoreError) -> SessionRecording in
      index.refreshIfStale()
      let indexWasCurrent = index.isCurrent
      let writer = try RecordWriter.create(
        path: path(of: header.id), folder: sessionsFolder, sessionID: header.id,
        header: Array(JSON.encode(header.record).utf8))
      index.add(header, wasCurrent: indexWasCurrent)
      return SessionRecording(store: self, header: header, writer: writer, events: [])
    }
  }

  /// Opens session `id` to go on with it: takes its lock first (so that two processes never both
  /// resume it), reads it, and repairs its end (see ``RecordWriter/repair(_:)``).
  public func reopen(_ id: String) throws(StoreError) -> (recording: SessionRecording, record: SessionRecord)
  {
    let writer = try RecordWriter(appendingTo: path(of: id), sessionID: id)
    let record = try read(id)
    try writer.repair(record.tail)
    return (
      SessionRecording(store: self, header: record.header, writer: writer, events: record.events), record
    )
  }

  /// Keeps what a session has come to (its status, answers, actions and typed lines) in the
  /// index, so that listing sessions and starting later ones with the person need not read its
  /// record.
  func remember(_ header: SessionHeader, record: SessionRecord, stamp: String) {
    let index = SessionIndex(store: self)
    index.remember([(header.id, stamp, SessionState(record))])
    if let with = header.with {
      index.remember([SessionOutcome(id: header.id, stamp: stamp, record: record)], person: with)
    }
  }

  /// Opens an existing record to add events, taking its lock.
  public func openForAppend(_ id: String) throws(StoreError) -> RecordWriter {
    try RecordWriter(appendingTo: path(of: id), sessionID: id)
  }

  /// Reads session `id` (without its prompt events, with `skippingPrompts`).
  public func read(_ id: String, skippingPrompts: Bool = false) throws(StoreError) -> SessionRecord {
    try SessionRecord.read(path: path(of: id), id: id, skippingPrompts: skippingPrompts)
  }
}

extension SessionStore {
  /// Deletes session `id`: its record, then what the index keeps of it (its lines, the outcome
  /// cached in its person's file), which the next read of the index rebuilds without it. A
  /// session open in another coach process is refused.
  public func delete(_ id: String) throws(StoreError) {
    let path = try path(of: id)
    let writer = try RecordWriter(appendingTo: path, sessionID: id)
    let index = SessionIndex(store: self)
    try index.locked { () throws(StoreError) in
      guard unlink(path) == 0 else {
        throw StoreError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
      }
      StoreFile.syncFolder(sessionsFolder)
      TeamDigest.remove(from: self)
      index.refreshIfStale()
    }
    _ = writer
  }
}
