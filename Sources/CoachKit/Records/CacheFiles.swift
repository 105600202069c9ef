import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file operations of the store's caches (the index and the people files): whole reads,
/// appends, atomic replacement and a lock, through ``StoreFile``. A cache that cannot be
/// written is simply not kept: every operation here fails quietly.
enum CacheFiles {
  /// The bytes of `path`, or nil when it cannot be read.
  static func read(_ path: String) -> [UInt8]? {
    StoreFile.read(path, repairing: true)
  }

  /// Appends `lines` (each without its newline) to `path`, creating the file (0600) only when
  /// `creating`. Returns whether they were written.
  @discardableResult
  static func append(_ lines: [String], to path: String, creating: Bool) -> Bool {
    guard !lines.isEmpty else { return true }
    let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
    guard
      let fd = try? StoreFile.open(
        path, .writeOnly, options: creating ? [.append, .create] : [.append], permissions: [.ownerReadWrite],
        repairing: true)
    else { return false }
    defer { try? fd.close() }
    return (try? StoreFile.write(bytes, to: fd)) != nil
  }

  /// Writes `path` anew (0600), atomically: readers see the old file or the new one.
  @discardableResult
  static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
    let temporary = path + ".tmp-\(getpid())"
    unlink(temporary)
    guard
      let fd = try? StoreFile.open(
        temporary, .writeOnly, options: [.create, .exclusiveCreate, .truncate], permissions: [.ownerReadWrite]
      )
    else { return false }
    let written = (try? StoreFile.write(bytes, to: fd)) != nil
    try? fd.close()
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
    let fd = try? StoreFile.open(
      path, .readWrite, options: .create, permissions: [.ownerReadWrite], repairing: true)
    if let fd { _ = StoreFile.lock(fd, wait: true) }
    defer { try? fd?.close() }
    return try body()
  }

  /// A folder's stamp (see ``StoreFile/folderStamp(_:)``).
  static func folderStamp(_ path: String) -> String? {
    StoreFile.folderStamp(path)
  }

  /// A regular file's size and modification time: it changes whenever the file is written.
  static func fileStamp(_ path: String) -> String? {
    StoreFile.stamp(path)
  }
}
