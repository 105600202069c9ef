/// What went wrong with the session store, said so a person knows what to do. The command line
/// maps each case to its exit code in one table (`ExitStatus`).
public enum StoreError: Error, Equatable, CustomStringConvertible {
  /// A session id with characters ids never have (`/`, `..`).
  case invalidID(String)
  /// No session has this id or prefix.
  case unknownSession(String)
  /// Several sessions start with this prefix.
  case ambiguous(String, candidates: [String])
  /// Another coach process has the session open.
  case locked(String)
  /// The store's folder cannot be made (a file is in the way, no permission, a read-only disk).
  case cannotCreate(path: String, reason: String)
  /// The store cannot be written (read-only, no permission).
  case cannotWrite(path: String, reason: String)
  /// Writing a record failed (an I/O error); what was recorded before is kept.
  case writeFailed(path: String, reason: String)
  /// The disk is full; what was recorded before is kept.
  case diskFull(path: String)
  /// The disk is full before a session could start: nothing was recorded, there is nothing to
  /// resume.
  case diskFullAtStart(folder: String)
  /// A record cannot be read (permissions, an I/O error).
  case cannotRead(path: String, reason: String)
  /// Something other than a regular file is named like a record (a link, a FIFO, a folder).
  case notARecord(path: String, what: String)
  /// A record with nothing in it: its session was cut off before it started.
  case emptyRecord(path: String)
  /// A record whose line `line` is damaged or foreign.
  case corrupt(path: String, line: Int, message: String)

  public var description: String {
    switch self {
    case .invalidID(let id):
      return
        "'\(Sanitizer.inline(id, limit: 40))' is not a session id: ids are letters and digits (see coach sessions)"
    case .unknownSession(let prefix):
      return "no session matches '\(Sanitizer.inline(prefix, limit: 40))': coach sessions lists them"
    case .ambiguous(let prefix, let candidates):
      return
        "'\(Sanitizer.inline(prefix, limit: 40))' matches \(candidates.count) sessions: \(candidates.prefix(10).joined(separator: ", "))\(candidates.count > 10 ? ", …" : ""); type more of the id"
    case .locked(let id):
      return
        "session \(id) is open in another coach process: finish or pause it there first (or end that process)"
    case .cannotCreate(let path, let reason):
      return
        "\(Sanitizer.inline(path, limit: 200)): cannot create the store (\(reason)); use --store or COACH_HOME to pick a writable place"
    case .cannotWrite(let path, let reason):
      return
        "\(Sanitizer.inline(path, limit: 200)): the store cannot be written (\(reason)); what was recorded before is kept"
    case .writeFailed(let path, let reason):
      return "\(Sanitizer.inline(path, limit: 200)): \(reason); what was recorded before is kept"
    case .diskFull(let path):
      return
        "\(Sanitizer.inline(path, limit: 200)): the disk is full; what was recorded before is kept: free some space, then coach resume"
    case .diskFullAtStart(let folder):
      return
        "\(Sanitizer.inline(folder, limit: 200)): the disk is full, so the session could not start (nothing of it was recorded): free some space, then start it again"
    case .cannotRead(let path, let reason):
      return "\(Sanitizer.inline(path, limit: 200)): cannot read the record (\(reason))"
    case .notARecord(let path, let what):
      return
        "\(Sanitizer.inline(path, limit: 200)): not a session record: it is \(what), which coach does not open; remove it from the store"
    case .emptyRecord(let path):
      return
        "\(Sanitizer.inline(path, limit: 200)): the record is empty: its session was cut off before it started (coach delete removes it)"
    case .corrupt(let path, let line, let message):
      return "\(Sanitizer.inline(path, limit: 200)):\(line): \(message)"
    }
  }
}
