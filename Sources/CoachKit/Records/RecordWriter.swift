import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Appends events to one session record, each batch written whole and made durable
/// (`fdatasync`) before the caller shows the next prompt. Holds an exclusive lock on the file,
/// so a second process on the same session is refused.
public final class RecordWriter {
  public let path: String
  public let sessionID: String
  private let fd: FileDescriptor

  /// Opens the existing record of session `sessionID` at `path` to append to it, taking its
  /// lock.
  init(appendingTo path: String, sessionID: String) throws(StoreError) {
    self.path = path
    self.sessionID = sessionID
    do {
      fd = try StoreFile.open(path, .writeOnly, options: .append, repairing: true)
    } catch .missing {
      throw StoreError.unknownSession(sessionID)
    } catch .notRegular(let what) {
      throw StoreError.notARecord(path: path, what: what)
    } catch {
      guard case .system(let errno) = error else {
        throw StoreError.cannotRead(path: path, reason: error.reason)
      }
      throw Self.failure(errno, path: path)
    }
    guard StoreFile.lock(fd, wait: false) else {
      try? fd.close()
      throw StoreError.locked(sessionID)
    }
  }

  /// Creates the record of a new session whose first line is `header`, atomically: the header
  /// is written and made durable in a hidden file first, which then takes the record's name,
  /// so that a kill or a full disk never leaves an empty or half-written record behind.
  static func create(path: String, folder: String, sessionID: String, header: [UInt8]) throws(StoreError)
    -> RecordWriter
  {
    let temporary = folder + "/.new-" + sessionID + ".jsonl"
    let fd: FileDescriptor
    do {
      fd = try StoreFile.open(
        temporary, .writeOnly, options: [.create, .exclusiveCreate, .append], permissions: [.ownerReadWrite])
    } catch {
      guard case .system(let errno) = error else {
        throw StoreError.cannotWrite(path: path, reason: error.reason)
      }
      throw startFailure(failure(errno, path: path), folder: folder)
    }
    do {
      StoreFile.setMode(fd, 0o600)
      try StoreFile.write(header + [UInt8(ascii: "\n")], to: fd)
      try StoreFile.sync(fd)
    } catch {
      try? fd.close()
      unlink(temporary)
      throw startFailure(failure(error, path: path), folder: folder)
    }
    try? fd.close()
    // `link` fails when the name is taken: two sessions never share a record.
    guard link(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw startFailure(failure(Errno(rawValue: code), path: path), folder: folder)
    }
    unlink(temporary)
    StoreFile.syncFolder(folder)
    return try RecordWriter(appendingTo: path, sessionID: sessionID)
  }

  deinit {
    try? fd.close()
  }

  /// Puts the end of the record right before more is appended: the newline after a last event
  /// that lost it is added; a torn last line (which the reader warned about and left out) is
  /// cut, so that the next event starts on a line of its own.
  public func repair(_ tail: SessionRecord.Tail) throws(StoreError) {
    switch tail {
    case .clean:
      return
    case .unterminated:
      try write([UInt8(ascii: "\n")])
    case .torn(let kept):
      do {
        try StoreFile.truncate(fd, to: kept)
        try StoreFile.sync(fd)
      } catch {
        throw Self.failure(error, path: path, doing: "repair")
      }
    }
  }

  /// The record's size and modification time now (see ``SessionOutcome``).
  public var stamp: String? {
    StoreFile.stamp(fd)
  }

  /// Appends `events` as lines, then makes them durable.
  public func append(_ events: [Event]) throws(StoreError) {
    guard !events.isEmpty else { return }
    var text = ""
    for event in events {
      text += JSON.encode(event.record)
      text += "\n"
    }
    try write(Array(text.utf8))
  }

  private func write(_ bytes: [UInt8]) throws(StoreError) {
    do {
      try StoreFile.write(bytes, to: fd)
      // The data and the file's new length reach the disk before the next prompt is shown.
      try StoreFile.sync(fd)
    } catch {
      throw Self.failure(error, path: path)
    }
  }

  /// A full disk at a session's start is said as such: no record was made.
  static func startFailure(_ error: StoreError, folder: String) -> StoreError {
    if case .diskFull = error { return .diskFullAtStart(folder: folder) }
    return error
  }

  static func failure(_ errno: Errno, path: String, doing verb: String = "write") -> StoreError {
    let reason = String(cString: strerror(errno.rawValue))
    switch errno {
    case .noSpace, .diskQuotaExceeded: return .diskFull(path: path)
    case .readOnlyFileSystem, .permissionDenied, .notPermitted:
      return .cannotWrite(path: path, reason: reason)
    default: return .writeFailed(path: path, reason: "cannot \(verb) the record (\(reason))")
    }
  }
}
