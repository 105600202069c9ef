import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// What this store knows of its last syncs with the team store, kept in
/// `<store>/sync/state.json` (0600): which team store (its id) and login, when the last sync
/// ran and how it ended; and in `<store>/sync/pushed` (0600), what the team store holds of
/// each session, a line each (`<id> <events> <size> <mtime>`: read and written by every sync,
/// so plain lines rather than an object a session). Only a cache: the team store is the truth,
/// and a missing or stale state makes the next sync ask it (it is written after each commit,
/// so it never claims more than the team store has). A state of version 1 kept the sessions in
/// `state.json`; it is read, and written anew as version 2.
public struct SyncState: Equatable, Sendable {
  public static let version = 2

  /// What the team store holds of one session pushed from here.
  public struct Pushed: Equatable, Sendable {
    /// The record's size and modification time when it was pushed.
    public var stamp: String
    /// How many shared events the team store holds.
    public var events: Int

    public init(stamp: String, events: Int) {
      self.stamp = stamp
      self.events = events
    }
  }

  /// The team store's id (`coach.info`), so that another database is never taken for it.
  public var storeID: String?
  /// The database, without its password.
  public var database: String?
  public var login: String?
  public var sessions: [String: Pushed] = [:]
  /// The SHA-256 of the team file pushed, when one was.
  public var teamFile: String?
  public var lastSync: Date?
  /// `ok`, or what went wrong the last time.
  public var lastResult: String?
  public var lastPull: Date?

  public init() {}

  /// The state file of `store`.
  public static func path(_ store: SessionStore) -> String { store.root + "/sync/state.json" }
  /// The file of what the team store holds of each session.
  static func pushedPath(_ store: SessionStore) -> String { store.root + "/sync/pushed" }

  /// The state of `store`, or an empty one.
  public static func load(_ store: SessionStore) -> SyncState {
    guard let bytes = CacheFiles.read(path(store)), let value = try? JSON.decode(Data(bytes)),
      let layout = value["version"].number, layout == 1 || layout == Double(version)
    else { return SyncState() }
    var state = SyncState()
    state.storeID = value["store_id"].string
    state.database = value["database"].string
    state.login = value["login"].string
    state.teamFile = value["team_file"].string
    state.lastSync = value["last_sync"].string.flatMap(Clock.parseISO8601)
    state.lastResult = value["last_result"].string
    state.lastPull = value["last_pull"].string.flatMap(Clock.parseISO8601)
    if layout == 1 {
      for (id, entry) in value["sessions"].object ?? [:] {
        guard let stamp = entry["stamp"].string, let events = entry["events"].number else { continue }
        state.sessions[id] = Pushed(stamp: stamp, events: Int(events))
      }
    } else if let lines = CacheFiles.read(pushedPath(store)) {
      state.sessions = parsePushed(lines)
    }
    return state
  }

  /// The lines of `sync/pushed`; a line that is not `<id> <events> <stamp>` is left out (its
  /// session is then checked against the team store again).
  static func parsePushed(_ bytes: [UInt8]) -> [String: Pushed] {
    var sessions: [String: Pushed] = [:]
    for line in bytes.split(separator: UInt8(ascii: "\n")) {
      guard let first = line.firstIndex(of: UInt8(ascii: " ")),
        let second = line[(first + 1)...].firstIndex(of: UInt8(ascii: " ")),
        let events = Int(String(decoding: line[(first + 1)..<second], as: UTF8.self)), events >= 0
      else { continue }
      let id = String(decoding: line[..<first], as: UTF8.self)
      let stamp = String(decoding: line[(second + 1)...], as: UTF8.self)
      guard SessionStore.isValidID(id), !stamp.isEmpty else { continue }
      sessions[id] = Pushed(stamp: stamp, events: events)
    }
    return sessions
  }

  /// Writes the state anew, atomically (0600, in a 0700 folder).
  @discardableResult
  public func save(_ store: SessionStore) -> Bool {
    guard (try? SessionStore.makeFolder(store.root + "/sync")) != nil else { return false }
    var lines = ""
    lines.reserveCapacity(sessions.count * 48)
    for id in sessions.keys.sorted() {
      let pushed = sessions[id]!
      lines += id + " " + String(pushed.events) + " " + pushed.stamp + "\n"
    }
    // What the team store holds first: a state never claims more than that file says.
    guard CacheFiles.replace(Self.pushedPath(store), with: Array(lines.utf8)) else { return false }
    let value: Value = [
      "version": .number(Double(Self.version)),
      "store_id": .optional(storeID),
      "database": .optional(database),
      "login": .optional(login),
      "team_file": .optional(teamFile),
      "last_sync": .optional(lastSync.map(Clock.iso8601)),
      "last_result": .optional(lastResult),
      "last_pull": .optional(lastPull.map(Clock.iso8601)),
    ]
    return CacheFiles.replace(Self.path(store), with: Array((JSON.encode(value) + "\n").utf8))
  }

  // MARK: - This store's machine

  /// The id of this store on this machine, made at its first sync (`<store>/sync/machine`):
  /// a session arriving from another machine (a copied store) is told apart by it. A store
  /// copied to another machine gets a new id there, as the file also names the machine
  /// (`/etc/machine-id`) it was made on.
  public static func machineID(_ store: SessionStore) throws(StoreError) -> String {
    let path = store.root + "/sync/machine"
    let host = hostFingerprint()
    if let bytes = CacheFiles.read(path), let value = try? JSON.decode(Data(bytes)),
      let id = value["id"].string, value["host"].string == host, SessionStore.isValidID(id)
    {
      return id
    }
    try SessionStore.makeFolder(store.root + "/sync")
    let id = SessionStore.newID() + SessionStore.newID()
    let value: Value = ["id": .string(id), "host": .string(host)]
    guard CacheFiles.replace(path, with: Array((JSON.encode(value) + "\n").utf8)) else {
      throw StoreError.cannotWrite(path: path, reason: "cannot write the machine id")
    }
    return id
  }

  /// A fingerprint of the machine (of `/etc/machine-id`), never the id itself.
  static func hostFingerprint() -> String {
    let id = StoreFile.read("/etc/machine-id") ?? StoreFile.read("/var/lib/dbus/machine-id") ?? []
    return String(SHA256.hex(of: Array("coach:".utf8) + id).prefix(16))
  }

  // MARK: - One sync at a time

  /// Holds `<store>/sync/lock` for one sync; nil when another sync holds it.
  public final class Lock {
    private let fd: FileDescriptor

    init(fd: FileDescriptor) { self.fd = fd }

    deinit { try? fd.close() }
  }

  /// Takes the store's sync lock, without waiting.
  public static func lock(_ store: SessionStore) throws(StoreError) -> Lock? {
    try SessionStore.makeFolder(store.root + "/sync")
    let path = store.root + "/sync/lock"
    let fd: FileDescriptor
    do {
      fd = try StoreFile.open(
        path, .readWrite, options: .create, permissions: [.ownerReadWrite], repairing: true)
    } catch {
      throw StoreError.cannotWrite(path: path, reason: error.reason)
    }
    guard StoreFile.lock(fd, wait: false) else {
      try? fd.close()
      return nil
    }
    return Lock(fd: fd)
  }

  // MARK: - What is waiting

  /// What a sync would push now, from this store alone (no connection).
  public struct Waiting: Equatable, Sendable {
    /// Sessions never pushed.
    public var new: [String] = []
    /// Sessions pushed that changed since (new events).
    public var changed: [String] = []
    /// Sessions pushed that are no longer in the store (deleted here): removed at the next sync.
    public var removed: [String] = []
    /// Whether the team file differs from the one pushed (or was removed).
    public var teamFile: Bool = false

    public var isEmpty: Bool { new.isEmpty && changed.isEmpty && removed.isEmpty && !teamFile }
  }

  /// What is waiting in `store`, given this state (`stamps`: each session's current stamp).
  public func waiting(stamps: [String: String], teamFile sha: String?) -> Waiting {
    var waiting = Waiting()
    for (id, stamp) in stamps.sorted(by: { $0.key < $1.key }) {
      if let pushed = sessions[id] {
        if pushed.stamp != stamp { waiting.changed.append(id) }
      } else {
        waiting.new.append(id)
      }
    }
    waiting.removed = sessions.keys.filter { stamps[$0] == nil }.sorted()
    waiting.teamFile = sha != teamFile
    return waiting
  }

  /// Each session's stamp now (its size and modification time), by id.
  public static func stamps(_ store: SessionStore) -> [String: String] {
    var stamps: [String: String] = [:]
    let ids = store.sessionIDs()
    stamps.reserveCapacity(ids.count)
    for (name, stamp) in StoreFile.stamps(in: store.sessionsFolder, names: ids.map { $0 + ".jsonl" }) {
      stamps[String(name.dropLast(6))] = stamp
    }
    return stamps
  }

  /// The team file of `store` (`<store>/team.yaml`), when there is one.
  public static func teamFile(_ store: SessionStore) -> [UInt8]? {
    StoreFile.read(store.root + "/team.yaml", repairing: true)
  }
}
