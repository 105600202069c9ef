import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The store's one wall to the operating system: every file of the store is opened, read,
/// written, synced, locked and stamped here, through swift-system's `FileDescriptor` (which
/// retries what a signal interrupts), plus the few calls it lacks (`fdatasync`, `flock`).
///
/// Files are opened without following a symbolic link at the end of their path, without
/// blocking (a FIFO named like a record must not hang coach), and only when they are regular
/// files: a link or a FIFO planted in the store is refused, never read or appended to.
enum StoreFile {
  /// Why a file could not be used.
  enum Failure: Error, Equatable {
    /// There is no such file.
    case missing
    /// The path names something other than a regular file: `a symbolic link`, `a folder`, ….
    case notRegular(String)
    /// The system refused, with this error.
    case system(Errno)
    /// The file is larger than its reader takes (this many bytes).
    case tooLarge(Int)

    /// In words, for messages: `a FIFO (named pipe)`, `Permission denied`.
    var reason: String {
      switch self {
      case .missing: "no such file"
      case .notRegular(let what): "it is \(what), not a file"
      case .system(let errno): String(cString: strerror(errno.rawValue))
      case .tooLarge(let bytes): "it is too large (\(bytes) bytes)"
      }
    }
  }

  /// Opens the regular file at `path`; a symbolic link is refused unless `followingLinks` (for
  /// files the user names, such as a script, never for the store's own). With `repairing` (a
  /// file of the store, which promises 0600), a file others can read or write is made private
  /// again, when it is the store's own: one link, owned by this user. Never any other file:
  /// `coach replay /etc/passwd` must not change the mode of what it is given.
  static func open(
    _ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = [],
    permissions: FilePermissions? = nil, followingLinks: Bool = false, repairing: Bool = false
  ) throws(Failure) -> FileDescriptor {
    let fd: FileDescriptor
    do {
      fd = try FileDescriptor.open(
        FilePath(path), mode,
        options: options.union(
          followingLinks ? [.nonBlocking, .closeOnExec] : [.noFollow, .nonBlocking, .closeOnExec]),
        permissions: permissions)
    } catch let errno as Errno {
      switch errno {
      case .noSuchFileOrDirectory: throw .missing
      case .tooManySymbolicLinkLevels: throw .notRegular("a symbolic link")
      default: throw .system(errno)
      }
    } catch {
      throw .system(.ioError)
    }
    do {
      let status = try fd.stat()
      guard status.type == .regular else {
        try? fd.close()
        throw Failure.notRegular(describe(status.type))
      }
      if repairing, !followingLinks, status.permissions.rawValue & 0o077 != 0, status.linkCount == 1,
        status.userID.rawValue == geteuid()
      {
        repairMode(fd, path: path, mode: UInt32(status.permissions.rawValue), private: 0o600)
      }
    } catch let failure as Failure {
      throw failure
    } catch {
      try? fd.close()
      throw .system((error as? Errno) ?? .ioError)
    }
    return fd
  }

  /// Told of each file or folder of the store whose mode was made private again: its path,
  /// its mode before and after (see ``SessionStore/permissionsRepaired``).
  nonisolated(unsafe) static var repaired: @Sendable (String, UInt32, UInt32) -> Void = { _, _, _ in }

  /// Sets `fd`'s mode to `private` (it was `mode`, open to others) and tells ``repaired``.
  static func repairMode(_ fd: FileDescriptor, path: String, mode: UInt32, private: mode_t) {
    guard fchmod(fd.rawValue, `private`) == 0 else { return }
    repaired(path, UInt32(mode & 0o777), UInt32(`private`))
  }

  /// Makes the folder at `path` private (0700) when others can read, enter or write it.
  static func repairFolderMode(_ path: String) {
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_mode & 0o077 != 0,
      chmod(path, 0o700) == 0
    else { return }
    repaired(path, UInt32(status.st_mode & 0o777), 0o700)
  }

  static func describe(_ type: FileType) -> String {
    switch type {
    case .directory: "a folder"
    case .fifo: "a FIFO (named pipe)"
    case .symbolicLink: "a symbolic link"
    case .socket: "a socket"
    case .characterSpecial, .blockSpecial: "a device"
    case .regular: "a file"
    default: "not a regular file"
    }
  }

  /// Everything `fd` holds from its current offset: its size when opened, then whatever was
  /// appended since.
  static func readAll(_ fd: FileDescriptor) throws(Failure) -> [UInt8] {
    var size = 0
    if let status = try? fd.stat() { size = Int(clamping: status.size) }
    var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
    var count = 0
    while true {
      if count == bytes.count { bytes += [UInt8](repeating: 0, count: max(16 * 1024, bytes.count / 2)) }
      let n: Int
      do {
        n = try bytes.withUnsafeMutableBytes { buffer in
          try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
        }
      } catch {
        throw .system((error as? Errno) ?? .ioError)
      }
      if n == 0 { break }
      count += n
    }
    bytes.removeSubrange(count...)
    return bytes
  }

  /// The bytes of a file the user names (a script, the config file): a regular file, links
  /// followed, at most `limit` bytes.
  static func readDocument(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    let fd = try open(path, .readOnly, followingLinks: true)
    defer { try? fd.close() }
    if let size = try? fd.stat().size, size > limit { throw .tooLarge(Int(clamping: size)) }
    let bytes = try readAll(fd)
    guard bytes.count <= limit else { throw .tooLarge(bytes.count) }
    return bytes
  }

  /// The bytes of the regular file at `path`, or nil when it cannot be read (for caches and
  /// other small files; `repairing` for the store's own, see ``open(_:_:options:permissions:followingLinks:repairing:)``).
  static func read(_ path: String, repairing: Bool = false) -> [UInt8]? {
    guard let fd = try? open(path, .readOnly, repairing: repairing) else { return nil }
    defer { try? fd.close() }
    return try? readAll(fd)
  }

  /// The first `count` bytes (or fewer) of the store's regular file at `path`, or nil when it
  /// cannot be read: a file's header, without reading the rest.
  static func readPrefix(_ path: String, count: Int) -> [UInt8]? {
    guard let fd = try? open(path, .readOnly, repairing: true) else { return nil }
    defer { try? fd.close() }
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let n: Int
      do {
        n = try bytes.withUnsafeMutableBytes { buffer in
          try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
        }
      } catch {
        return nil
      }
      if n == 0 { break }
      filled += n
    }
    return Array(bytes[..<filled])
  }

  /// The bytes of the record of session `id` at `path`; `repairing` when it is one of the
  /// store's records (not a file the user names).
  static func readRecord(_ path: String, id: String, repairing: Bool) throws(StoreError) -> [UInt8] {
    let fd: FileDescriptor
    do {
      fd = try open(path, .readOnly, repairing: repairing)
    } catch .missing {
      throw StoreError.unknownSession(id)
    } catch .notRegular(let what) {
      throw StoreError.notARecord(path: path, what: what)
    } catch {
      throw StoreError.cannotRead(path: path, reason: error.reason)
    }
    defer { try? fd.close() }
    do {
      return try readAll(fd)
    } catch {
      throw StoreError.cannotRead(path: path, reason: error.reason)
    }
  }

  /// Writes all of `bytes` at the end of the file (opened with `.append`).
  static func write(_ bytes: [UInt8], to fd: FileDescriptor) throws(Errno) {
    do {
      try fd.writeAll(bytes)
    } catch {
      throw (error as? Errno) ?? .ioError
    }
  }

  /// Makes what was written to `fd` durable: its data and length (`fdatasync`), or everything
  /// (`fsync`, for folders).
  static func sync(_ fd: FileDescriptor, dataOnly: Bool = true) throws(Errno) {
    while (dataOnly ? fdatasync(fd.rawValue) : fsync(fd.rawValue)) != 0 {
      guard errno == EINTR else { throw Errno(rawValue: errno) }
    }
  }

  /// Takes an exclusive lock on `fd`: waiting for it, or (without `wait`) failing at once when
  /// another process holds it.
  static func lock(_ fd: FileDescriptor, wait: Bool) -> Bool {
    while flock(fd.rawValue, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
      guard errno == EINTR else { return false }
    }
    return true
  }

  /// Sets the file's mode bits.
  static func setMode(_ fd: FileDescriptor, _ mode: mode_t) {
    _ = fchmod(fd.rawValue, mode)
  }

  /// Cuts the file to `size` bytes.
  static func truncate(_ fd: FileDescriptor, to size: Int) throws(Errno) {
    do {
      try fd.resize(to: Int64(size))
    } catch {
      throw (error as? Errno) ?? .ioError
    }
  }

  /// The size and modification time of an open file: it changes whenever the file is written
  /// (see ``SessionOutcome``).
  static func stamp(_ fd: FileDescriptor) -> String? {
    guard let status = try? fd.stat() else { return nil }
    return "\(status.size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
  }

  /// The stamp of the regular file at `path` (not following a link), or nil.
  /// A store file open to others is made private again on the way (the stat is there), when it
  /// is the store's own (one link, this user's).
  static func stamp(_ path: String) -> String? {
    guard let status = try? FilePath(path).stat(followTargetSymlink: false), status.type == .regular else {
      return nil
    }
    let mode = UInt32(status.permissions.rawValue)
    if mode & 0o077 != 0, status.linkCount == 1, status.userID.rawValue == geteuid(),
      fchmodat(AT_FDCWD, path, 0o600, AT_SYMLINK_NOFOLLOW) == 0
    {
      repaired(path, mode & 0o777, 0o600)
    }
    return "\(status.size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
  }

  /// The stamps of the regular files `names` of `folder` (not following links), by name: one
  /// `fstatat` each against the open folder, without making a path of each name (what a sync
  /// of 10,000 records does first). Files open to others are made private again, as by
  /// ``stamp(_:)-(String)``.
  static func stamps(in folder: String, names: [String]) -> [String: String] {
    let directory = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard directory >= 0 else { return [:] }
    defer { Glibc.close(directory) }
    var stamps: [String: String] = [:]
    stamps.reserveCapacity(names.count)
    var status = stat()
    for name in names {
      guard fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG
      else {
        continue
      }
      // Only the store's own: one link, this user's (a file linked in is left as it is).
      let mode = UInt32(status.st_mode) & 0o777
      if mode & 0o077 != 0, status.st_nlink == 1, status.st_uid == geteuid(),
        fchmodat(directory, name, 0o600, 0) == 0
      {
        repaired(folder + "/" + name, mode, 0o600)
      }
      stamps[name] = "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }
    return stamps
  }

  /// A folder's modification time and inode: it changes whenever a file is added to the
  /// folder or removed from it.
  static func folderStamp(_ path: String) -> String? {
    guard let status = try? FilePath(path).stat(), status.type == .directory else { return nil }
    return "\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)-\(status.inode.rawValue)"
  }

  /// What is at `path`, not following a link: nil when nothing is.
  static func type(of path: String) -> FileType? {
    (try? FilePath(path).stat(followTargetSymlink: false))?.type
  }

  /// The mode bits (permissions) of `path`, not following a link.
  static func permissions(of path: String) -> mode_t? {
    (try? FilePath(path).stat(followTargetSymlink: false)).map { mode_t($0.mode.permissions.rawValue) }
  }

  /// The names in `folder` with the type each has (from the folder itself, without a `stat`
  /// each where the file system says), `.` and `..` left out.
  static func entries(of folder: String) -> [(name: String, type: FileType?)] {
    guard let directory = opendir(folder) else { return [] }
    defer { closedir(directory) }
    var entries: [(String, FileType?)] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != ".", name != ".." else { continue }
      let type: FileType? =
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_REG): .regular
        case Int32(DT_DIR): .directory
        case Int32(DT_LNK): .symbolicLink
        case Int32(DT_FIFO): .fifo
        case Int32(DT_SOCK): .socket
        case Int32(DT_CHR): .characterSpecial
        case Int32(DT_BLK): .blockSpecial
        default: Self.type(of: folder + "/" + name)
        }
      entries.append((name, type))
    }
    return entries
  }

  /// Replaces the file at `path` with `bytes`, durably (written, synced, renamed over it, the
  /// folder synced) and privately (0600): a reader sees the old file or the new one, never half.
  static func replaceDurably(_ path: String, with bytes: [UInt8]) throws(StoreError) {
    let temporary = path + ".new"
    do {
      let fd = try open(temporary, .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
      defer { try? fd.close() }
      setMode(fd, 0o600)
      try write(bytes, to: fd)
      try sync(fd)
    } catch {
      unlink(temporary)
      let reason =
        if let failure = error as? Failure { failure.reason } else if let errno = error as? Errno {
          String(cString: strerror(errno.rawValue))
        } else { "\(error)" }
      throw StoreError.cannotWrite(path: path, reason: reason)
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw StoreError.cannotWrite(path: path, reason: reason)
    }
    syncFolder(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
  }

  /// Makes a new file's name durable in its folder.
  static func syncFolder(_ folder: String) {
    guard let fd = try? FileDescriptor.open(FilePath(folder), .readOnly, options: [.directory, .closeOnExec])
    else { return }
    defer { try? fd.close() }
    try? sync(fd, dataOnly: false)
  }
}
