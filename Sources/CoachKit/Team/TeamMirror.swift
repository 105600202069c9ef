import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The read-only copy of what the team store lets this login see, kept by `coach sync` under
/// `<store>/team/` (0700):
///
/// - `sessions/<id>.jsonl`: each visible session of someone else (or of this login on another
///   machine), in its shared form (a header and its shared events: a record like the store's,
///   without private notes), 0600;
/// - `pulled.json`: the store's id, the login, when it was pulled, the part of the reporting
///   tree this login sees and the revision of each team file pulled;
/// - `pulled`: each session's owner (the login that ran it), revision and person, a line each
///   (``PulledLines``), under a first line naming this pull (its token, new at every pull);
/// - `org.cache`: what the org's views read of the records (``OrgDigest``), derived;
/// - `files/<login>.yaml`: the team file of each person below, as they pushed it.
///
/// It lives beside the store's own `sessions/`, never in it: no command that lists, resumes,
/// appends to or deletes the store's sessions ever sees a pulled one. It is written by sync
/// alone (each file replaced whole, atomically; the views keep their cache) and read by the org's
/// views (``OrgView``).
public struct TeamMirror: Sendable {
  public let store: SessionStore

  public init(store: SessionStore) {
    self.store = store
  }

  public var root: String { store.root + "/team" }
  /// The pulled records, as a store of their own (read it; never write to it).
  public var records: SessionStore { SessionStore(root: root) }
  var indexPath: String { root + "/pulled.json" }
  var sessionsPath: String { root + "/pulled" }
  var filesFolder: String { root + "/files" }

  /// A person in the part of the reporting tree this login sees.
  public struct Person: Equatable, Sendable {
    public var login: String
    public var name: String
    public var reportsTo: String?

    public init(login: String, name: String, reportsTo: String?) {
      self.login = login
      self.name = name
      self.reportsTo = reportsTo
    }
  }

  /// One pulled session: whose it is, at which revision it was pulled, and whom it was with
  /// (so that the org's views group sessions without reading them; nil in a mirror pulled by
  /// an earlier coach, whose views then read the record's header).
  public struct Entry: Equatable, Sendable {
    public var owner: String
    public var machine: String
    public var revision: Int64
    public var with: String?

    public init(owner: String, machine: String, revision: Int64, with: String? = nil) {
      self.owner = owner
      self.machine = machine
      self.revision = revision
      self.with = with
    }
  }

  /// What `pulled.json` and `pulled` hold.
  public struct Index: Equatable, Sendable {
    public var storeID: String
    public var login: String
    public var pulledAt: Date
    public var sessions: [String: Entry]
    public var people: [Person]
    /// Login → revision of the team file pulled.
    public var teamFiles: [String: Int64]
    /// The token of the sessions' lines as read (``sessionsToken()``); nil for an index not
    /// read from disk, or of the first layout.
    public internal(set) var token: String?

    public init(
      storeID: String, login: String, pulledAt: Date, sessions: [String: Entry] = [:], people: [Person] = [],
      teamFiles: [String: Int64] = [:]
    ) {
      self.storeID = storeID
      self.login = login
      self.pulledAt = pulledAt
      self.sessions = sessions
      self.people = people
      self.teamFiles = teamFiles
    }
  }

  /// The layout of `pulled.json`: 1 kept the sessions in it (read still), 2 keeps them in
  /// `pulled`.
  static let layout = 2

  /// The index of the last pull, or nil before the first; without its sessions (which a view
  /// with a warm cache does not need) unless `withSessions`.
  public func index(withSessions: Bool = true) -> Index? {
    guard let bytes = CacheFiles.read(indexPath), let value = try? JSON.decode(Data(bytes)),
      let layout = value["version"].number, layout == 1 || layout == Double(Self.layout),
      let storeID = value["store_id"].string, let login = value["login"].string,
      let pulledAt = value["pulled_at"].string.flatMap(Clock.parseISO8601)
    else { return nil }
    var sessions: [String: Entry] = [:]
    var token: String?
    if layout == 1 {
      for (id, entry) in value["sessions"].object ?? [:] {
        guard let owner = entry["owner"].string, let revision = entry["revision"].number else { continue }
        sessions[id] = Entry(
          owner: owner, machine: entry["machine"].string ?? "", revision: Int64(revision),
          with: entry["with"].string)
      }
    } else if withSessions, let lines = CacheFiles.read(sessionsPath) {
      let (read, first) = PulledLines.decode(lines)
      sessions = read
      token = first
    }
    let people = (value["people"].array ?? []).compactMap { person -> Person? in
      guard let login = person["login"].string, let name = person["name"].string else { return nil }
      return Person(login: login, name: name, reportsTo: person["reports_to"].string)
    }
    var files: [String: Int64] = [:]
    for (login, revision) in value["team_files"].object ?? [:] {
      if let revision = revision.number { files[login] = Int64(revision) }
    }
    var index = Index(
      storeID: storeID, login: login, pulledAt: pulledAt, sessions: sessions, people: people, teamFiles: files
    )
    index.token = token
    return index
  }

  /// The token of the last pull's sessions (the first line of `pulled`, read alone), nil
  /// before: what the views' cache is keyed by, so that an unchanged mirror is not read.
  public func sessionsToken() -> String? {
    guard let head = StoreFile.readPrefix(sessionsPath, count: PulledLines.headerLimit) else { return nil }
    return PulledLines.token(head[...])
  }

  /// Writes the index anew, atomically: the sessions' lines (under a new token), then
  /// `pulled.json`.
  public func save(_ index: Index) throws(StoreError) {
    try prepare()
    try replace(
      sessionsPath,
      with: PulledLines.encode(index.sessions, token: SessionStore.newID() + SessionStore.newID()))
    var files: [String: Value] = [:]
    for (login, revision) in index.teamFiles { files[login] = .number(Double(revision)) }
    let value: Value = [
      "version": .number(Double(Self.layout)),
      "store_id": .string(index.storeID),
      "login": .string(index.login),
      "pulled_at": .string(Clock.iso8601(index.pulledAt)),
      "people": .array(
        index.people.sorted { $0.login < $1.login }.map {
          ["login": .string($0.login), "name": .string($0.name), "reports_to": .optional($0.reportsTo)]
        }),
      "team_files": .object(files),
    ]
    try replace(indexPath, with: Array((JSON.encode(value) + "\n").utf8))
  }

  /// Creates `team/`, `team/sessions/` and `team/files/` (0700) when missing.
  public func prepare() throws(StoreError) {
    try SessionStore.makeFolder(root)
    try SessionStore.makeFolder(records.sessionsFolder)
    try SessionStore.makeFolder(filesFolder)
  }

  /// Writes the pulled record of session `id`, whole and atomically (0600).
  public func write(_ id: String, bytes: [UInt8]) throws(StoreError) {
    try replace(try records.path(of: id), with: bytes)
  }

  /// Removes the pulled record of session `id` (no longer visible, or deleted by its owner).
  public func remove(_ id: String) {
    guard let path = try? records.path(of: id) else { return }
    unlink(path)
  }

  /// The ids of the pulled records on disk.
  public func recordIDs() -> [String] {
    records.sessionIDs()
  }

  /// Whether `login` can name a file here: what `coach org add-user` accepts.
  static func isSafeLogin(_ login: String) -> Bool {
    SessionStore.isValidID(login.replacingOccurrences(of: ".", with: "_")) && !login.hasPrefix(".")
  }

  /// Writes the team file pulled of `login`; nil removes it.
  public func writeTeamFile(of login: String, _ bytes: [UInt8]?) throws(StoreError) {
    guard Self.isSafeLogin(login) else { return }
    let path = filesFolder + "/" + login + ".yaml"
    if let bytes { try replace(path, with: bytes) } else { unlink(path) }
  }

  /// The team file pulled of `login`.
  public func teamFile(of login: String) -> String? {
    guard Self.isSafeLogin(login), let bytes = CacheFiles.read(filesFolder + "/" + login + ".yaml") else {
      return nil
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The logins whose team files were pulled.
  public func teamFileLogins() -> [String] {
    StoreFile.entries(of: filesFolder).compactMap { name, type in
      guard type == .regular, name.hasSuffix(".yaml") else { return nil }
      return String(name.dropLast(5))
    }.sorted()
  }

  /// Every pulled session, read, with its owner; a record that cannot be read is reported,
  /// never hiding the others.
  public func sessions() -> (sessions: [(owner: String, record: SessionRecord)], problems: [String]) {
    let owners = index()?.sessions ?? [:]
    var found: [(String, SessionRecord)] = []
    var problems: [String] = []
    for id in recordIDs() {
      do {
        found.append((owners[id]?.owner ?? "", try records.read(id)))
      } catch {
        problems.append(error.description)
      }
    }
    return (found, problems)
  }

  private func replace(_ path: String, with bytes: [UInt8]) throws(StoreError) {
    guard CacheFiles.replace(path, with: bytes) else {
      throw StoreError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
  }
}
