import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What never changes about a session: its header's facts, kept in `<store>/index.jsonl` so that
/// finding a person's sessions or listing them all does not read every record.
///
/// The index is a cache: `<store>/index.state` holds the sessions folder's modification time when
/// the index last matched it. When the folder has changed since (a session created, a record
/// copied in or removed), the index is brought up to date by reading the first line of each
/// record it does not know, and dropping those that are gone.
public struct SessionIndex: Sendable {
  /// One session, as its header says.
  public struct Entry: Equatable, Sendable {
    public var id: String
    public var dialogID: String
    public var dialogTitle: String
    public var with: String?
    public var by: String?
    public var startedAt: Date

    public var json: Value {
      [
        "id": .string(id), "dialog": .string(dialogID), "title": .string(dialogTitle),
        "with": .optional(with), "by": .optional(by), "started_at": .string(Clock.iso8601(startedAt)),
      ]
    }

    init?(json: Value) {
      guard let id = json["id"].string, let dialog = json["dialog"].string,
        let started = json["started_at"].string.flatMap(Clock.parseISO8601)
      else { return nil }
      self.init(
        id: id, dialogID: dialog, dialogTitle: json["title"].string ?? dialog, with: json["with"].string,
        by: json["by"].string, startedAt: started)
    }

    init(id: String, dialogID: String, dialogTitle: String, with: String?, by: String?, startedAt: Date) {
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

  public let store: SessionStore
  var indexPath: String { store.root + "/index.jsonl" }
  var statePath: String { store.root + "/index.state" }

  public init(store: SessionStore) {
    self.store = store
  }

  /// Every session, brought up to date with the sessions folder; records whose first line cannot
  /// be read are left out (the commands that read them whole say why).
  public func entries() -> [Entry] {
    entries(matching: nil)
  }

  /// The entries; with `needle`, only the index lines holding it (lower-cased) are decoded.
  private func entries(matching needle: String?) -> [Entry] {
    let stamp = Self.modificationStamp(store.sessionsFolder)
    let bytes = [UInt8](FileManager.default.contents(atPath: indexPath) ?? Data())
    if let stamp, stamp == (try? String(contentsOfFile: statePath, encoding: .utf8)) {
      guard let needle else { return decode(JSON.lines(bytes), matching: nil) }
      return decode(Self.lines(of: bytes, containing: Array(needle.utf8)), matching: nil)
    }
    let lines = JSON.lines(bytes)
    // Out of date: learn the records added, forget those removed.
    let ids = Set(store.sessionIDs())
    let known = Set(lines.compactMap(Self.id(in:)))
    var added: [Entry] = []
    for id in ids.subtracting(known).sorted() {
      if let header = try? store.readHeader(id) { added.append(Entry(header)) }
    }
    if known.isSubset(of: ids) {
      append(added, stamp: stamp)
      let needleBytes = needle.map { Array($0.utf8) }
      return decode(lines, matching: needle)
        + added.filter { entry in
          needleBytes.map { Self.containsLowercased(Array(JSON.encode(entry.json).utf8)[...], $0) } ?? true
        }
    }
    // Records were removed: keep the lines of those still there, as they are, without decoding.
    let kept = lines.filter { line in Self.id(in: line).map(ids.contains) ?? false }
    var rewritten: [UInt8] = []
    rewritten.reserveCapacity(bytes.count)
    for line in kept {
      rewritten += line
      rewritten.append(UInt8(ascii: "\n"))
    }
    for entry in added { rewritten += Array((JSON.encode(entry.json) + "\n").utf8) }
    replace(with: rewritten, stamp: stamp)
    let needleBytes = needle.map { Array($0.utf8) }
    return decode(
      needleBytes.map { Self.lines(of: rewritten, containing: $0) } ?? JSON.lines(rewritten), matching: nil)
  }

  /// Whether the index matched the sessions folder when last brought up to date.
  var isCurrent: Bool {
    guard let stamp = Self.modificationStamp(store.sessionsFolder) else { return false }
    return stamp == (try? String(contentsOfFile: statePath, encoding: .utf8))
  }

  /// Records that session `header` was just created. When the index was current before the
  /// record was created (`wasCurrent`), it is current again with this entry, and the next reader
  /// need not look at the folder. (Every session coach creates adds itself this way; only
  /// records copied in from elsewhere are found by looking.)
  func add(_ header: SessionHeader, wasCurrent: Bool) {
    append([Entry(header)], stamp: wasCurrent ? Self.modificationStamp(store.sessionsFolder) : nil)
  }

  /// The session id of an index line, found without decoding it: `…,"id":"…",…`.
  static func id(in line: ArraySlice<UInt8>) -> String? {
    let key = Array(",\"id\":\"".utf8)
    guard line.count > key.count else { return nil }
    var i = line.startIndex
    while i + key.count <= line.endIndex {
      if line[i] == key[0], line[i..<(i + key.count)].elementsEqual(key) {
        let start = i + key.count
        guard let end = line[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: line[start..<end], as: UTF8.self)
      }
      i += 1
    }
    return nil
  }

  /// The sessions with `person` (names compared without case).
  public func entries(with person: String) -> [Entry] {
    let name = Self.key(person)
    // As the name stands in an index line: JSON-escaped.
    let escaped = String(JSON.encode(.string(name)).dropFirst().dropLast()).lowercased()
    return entries(matching: escaped).filter { $0.with.map(Self.key) == name }
  }

  /// A name as compared: trimmed, without case.
  public static func key(_ name: String) -> String {
    name.trimmedSpaces.lowercased()
  }

  private func decode(_ lines: [ArraySlice<UInt8>], matching needle: String?) -> [Entry] {
    var seen: Set<String> = []
    var entries: [Entry] = []
    let needle = needle.map { Array($0.utf8) }
    for line in lines where !line.isEmpty {
      if let needle, !Self.containsLowercased(line, needle) { continue }
      guard let value = try? JSON.decode(bytes: line), let entry = Entry(json: value),
        seen.insert(entry.id).inserted
      else { continue }
      entries.append(entry)
    }
    return entries
  }

  /// Writes the whole index anew (atomically), then the state.
  private func replace(with bytes: [UInt8], stamp: String?) {
    guard (try? store.prepare()) != nil else { return }
    let temporary = indexPath + ".tmp-\(getpid())"
    guard
      FileManager.default.createFile(
        atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]),
      rename(temporary, indexPath) == 0
    else { return }
    if let stamp {
      FileManager.default.createFile(
        atPath: statePath, contents: Data(stamp.utf8), attributes: [.posixPermissions: 0o600])
    }
  }

  /// Appends entries, then the state. A store that cannot be written keeps working without its
  /// index.
  private func append(_ entries: [Entry], stamp: String?) {
    guard (try? store.prepare()) != nil else { return }
    var bytes = Array(entries.map { JSON.encode($0.json) + "\n" }.joined().utf8)
    if !bytes.isEmpty {
      let fd = open(indexPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
      guard fd >= 0 else { return }
      defer { close(fd) }
      guard write(fd, &bytes, bytes.count) == bytes.count else { return }
    }
    if let stamp {
      FileManager.default.createFile(
        atPath: statePath, contents: Data(stamp.utf8), attributes: [.posixPermissions: 0o600])
    }
  }

  /// The lines of `bytes` that contain `needle` (lower-case) with ASCII letters compared without
  /// case: one pass over the bytes, no copies.
  static func lines(of bytes: [UInt8], containing needle: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = needle.first else { return JSON.lines(bytes) }
    let ranges = bytes.withUnsafeBufferPointer { b -> [Range<Int>] in
      func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
      var found: [Range<Int>] = []
      var i = 0
      while i + needle.count <= b.count {
        if lower(b[i]) == first {
          var j = 1
          while j < needle.count, lower(b[i + j]) == needle[j] { j += 1 }
          if j == needle.count {
            var start = i
            while start > 0, b[start - 1] != 10 { start -= 1 }
            var end = i + needle.count
            while end < b.count, b[end] != 10 { end += 1 }
            found.append(start..<end)
            i = end + 1
            continue
          }
        }
        i += 1
      }
      return found
    }
    return ranges.map { bytes[$0] }
  }

  /// Whether `line`, with ASCII letters lower-cased, contains `needle`.
  static func containsLowercased(_ line: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, line.count >= needle.count else { return needle.isEmpty }
    let lowered = line.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    let first = needle[0]
    var i = 0
    while i <= lowered.count - needle.count {
      if lowered[i] == first, lowered[i..<(i + needle.count)].elementsEqual(needle) { return true }
      i += 1
    }
    return false
  }

  /// The folder's modification time, to the nanosecond.
  static func modificationStamp(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
  }
}

extension SessionStore {
  /// The header of session `id`, reading only its first line.
  public func readHeader(_ id: String) throws(StoreError) -> SessionHeader {
    let path = try path(of: id)
    guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.unknownSession(id) }
    defer { try? handle.close() }
    var data = Data()
    while true {
      guard let chunk = try? handle.read(upToCount: 8192), !chunk.isEmpty else { break }
      if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
        data += chunk[chunk.startIndex..<newline]
        break
      }
      data += chunk
      if data.count > 1 << 20 { break }
    }
    do {
      return try SessionHeader(json: try JSON.decode(data))
    } catch let problem as RecordProblem {
      throw StoreError.corrupt(path: path, line: 1, message: problem.message)
    } catch {
      throw StoreError.corrupt(path: path, line: 1, message: "not a coach session record (\(error))")
    }
  }
}
