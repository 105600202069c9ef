import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Appends events to one session record, each batch written whole and fsync'd before the
/// caller shows the next prompt. Holds an exclusive lock on the file, so a second process on
/// the same session is refused.
public final class RecordWriter {
  public let path: String
  private let fd: Int32

  init(path: String, creating: Bool, sessionID: String) throws(StoreError) {
    self.path = path
    let flags = O_WRONLY | O_APPEND | O_CLOEXEC | (creating ? O_CREAT | O_EXCL : 0)
    let fd = open(path, flags, 0o600)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT { throw StoreError.unknownSession(sessionID) }
      throw StoreError.io(path: path, message: "cannot open the record (\(String(cString: strerror(code))))")
    }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      close(fd)
      throw StoreError.locked(sessionID)
    }
    if creating { fchmod(fd, 0o600) }
    self.fd = fd
  }

  /// Cuts an incomplete last line (left by a process killed while writing), so that the next
  /// event starts on a line of its own. Call it after reading the record, which warns about it.
  public func cutTornTail() throws(StoreError) {
    let size = lseek(fd, 0, SEEK_END)
    guard size > 0 else { return }
    let reader = open(path, O_RDONLY | O_CLOEXEC)
    guard reader >= 0 else { return }
    defer { close(reader) }
    var position = size
    let chunk = 4096
    var buffer = [UInt8](repeating: 0, count: chunk)
    // Find the last newline, reading backwards.
    while position > 0 {
      let start = max(0, position - off_t(chunk))
      let count = Int(position - start)
      let n = pread(reader, &buffer, count, start)
      guard n == count else { return }
      if let last = buffer[0..<count].lastIndex(of: 10) {
        let end = start + off_t(last) + 1
        if end == size { return }
        if ftruncate(fd, end) != 0 { throw failure(errno, doing: "repair") }
        return
      }
      position = start
    }
  }

  deinit {
    close(fd)
  }

  /// The record's size and modification time now (see ``SessionOutcome``).
  public var stamp: String? {
    CacheFiles.fileStamp(descriptor: fd)
  }

  /// Appends `events` as lines, then makes them durable.
  public func append(_ events: [Event]) throws(StoreError) {
    guard !events.isEmpty else { return }
    var text = ""
    for event in events {
      text += JSON.encode(event.json)
      text += "\n"
    }
    try write(text)
  }

  func append(line: String) throws(StoreError) {
    try write(line + "\n")
  }

  private func write(_ text: String) throws(StoreError) {
    var text = text
    let result: Int32 = text.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += n
      }
      return 0
    }
    if result != 0 { throw failure(result, doing: "write") }
    // The data and the file's new length reach the disk before the next prompt is shown.
    while fdatasync(fd) != 0 {
      if errno != EINTR { throw failure(errno, doing: "sync") }
    }
  }

  private func failure(_ code: Int32, doing verb: String) -> StoreError {
    let detail =
      code == ENOSPC
      ? "the disk is full; what was recorded before is kept: free some space, then coach resume"
      : "cannot \(verb) the record (\(String(cString: strerror(code)))); what was recorded before is kept"
    return StoreError.io(path: path, message: detail)
  }

  /// Makes a new file's name durable in its folder.
  func syncFolder(_ folder: String) throws(StoreError) {
    let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dfd >= 0 else { return }
    defer { close(dfd) }
    _ = fsync(dfd)
  }
}
