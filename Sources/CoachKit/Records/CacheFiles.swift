import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file operations of the store's caches (the index and the people files): whole reads,
/// appends, atomic replacement, a lock, and the stamps that tell when a cached fact is stale.
/// A cache that cannot be written is simply not kept: every operation here fails quietly.
enum CacheFiles {
  /// The bytes of `path`, or nil when it cannot be read.
  static func read(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var count = 0
    // The size it had, then whatever was appended since.
    while count < bytes.count {
      let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { break }
      count += n
    }
    bytes.removeSubrange(count...)
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    while count == bytes.count {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { break }
      bytes += chunk[..<n]
      count += n
    }
    return bytes
  }

  /// Appends `lines` (each without its newline) to `path`, creating the file (0600) only when
  /// `creating`. Returns whether they were written.
  @discardableResult
  static func append(_ lines: [String], to path: String, creating: Bool) -> Bool {
    guard !lines.isEmpty else { return true }
    var bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
    let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | (creating ? O_CREAT : 0), 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return write(fd, &bytes, bytes.count) == bytes.count
  }

  /// Writes `path` anew (0600), atomically: readers see the old file or the new one.
  @discardableResult
  static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    close(fd)
    guard written, rename(temporary, path) == 0 else {
      unlink(temporary)
      return false
    }
    return true
  }

  /// Runs `body` holding an exclusive lock on `path` (created when missing), so that no two
  /// processes rewrite a cache at once. Without a writable store, `body` runs unlocked (it
  /// cannot write either).
  static func withLock<T, E: Error>(_ path: String, _ body: () throws(E) -> T) throws(E) -> T {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    if fd >= 0 {
      while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    }
    defer { if fd >= 0 { close(fd) } }
    return try body()
  }

  /// A folder's modification time and inode: it changes whenever a file is added to the
  /// folder or removed from it.
  static func folderStamp(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)"
  }

  /// A file's size and modification time: it changes whenever the file is written.
  static func fileStamp(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return stamp(info)
  }

  /// The stamp of an open file.
  static func fileStamp(descriptor fd: Int32) -> String? {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    return stamp(info)
  }

  private static func stamp(_ info: stat) -> String {
    "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
  }
}
