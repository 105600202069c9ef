import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A cache of the org's facts, `<store>/team/org.cache` (mode 0600): for each person below this
/// login and each person they met, the ``PersonFacts`` of their sessions, so that `coach due
/// --team` and `coach report --team` read a few kilobytes a pair instead of every pulled
/// record. Like the mirror it is derived: removing it costs one slower view.
///
/// A pair's facts hold while its sessions are the ones, at the revisions, they were worked out
/// from (``signature(of:)``, over what the mirror's index says) and the dialogs track the same
/// metrics. A sync that pulls a changed session changes its revision, and so its pair's line.
/// When every pair of a pull was worked out, the cache names that pull (its ``token``): until
/// the next pull, a view reads the cache alone, not the index's sessions.
///
/// The file is a header line, then a line of facts a pair (with only the due dates of its open
/// commitments), then a line of commitments a pair, in the same order. The header gives the
/// length of the facts, so that a view that only counts commitments (`report --team`) reads no
/// further: with a hundred open items a person, they are most of the cache.
struct OrgDigest {
  static let layout = "4"

  let path: String
  let metrics: String
  private var lines: [Pair: Line] = [:]
  private var changed = false
  /// The pull (``TeamMirror/sessionsToken()``) whose every pair the cache holds, when it does.
  private(set) var token: String?

  /// An owner (a login) and the name key of a person they met.
  struct Pair: Hashable {
    var owner: String
    var key: String
  }

  struct Line {
    var name: String
    var signature: String
    var facts: PersonFacts
  }

  /// Reads the cache of `mirror`, kept for `metrics`; a cache for other metrics, of another
  /// layout or unreadable, is empty. When the cache holds the whole of pull `countingFor`, its
  /// open commitments are read as their due dates alone (``PersonFacts/Open/counted(due:)``):
  /// enough to count them, and what is overdue.
  init(mirror: TeamMirror, metrics: [String: Set<String>], countingFor pull: String? = nil) {
    path = mirror.root + "/org.cache"
    self.metrics = TeamDigest.signature(of: metrics)
    // The header alone, or, when it is longer (the metrics of many dialogs), the whole file.
    guard var head = StoreFile.readPrefix(path, count: Self.headerLimit) else { return }
    if !head.contains(Self.newline), head.count == Self.headerLimit { head = CacheFiles.read(path) ?? [] }
    guard let end = head.firstIndex(of: Self.newline),
      let header = try? JSON.decode(bytes: head[..<end]), header["layout"].string == Self.layout,
      header["metrics"].string == self.metrics, let size = header["facts_bytes"].number, size >= 0,
      size < Double(Int32.max)
    else { return }
    token = header["pulled"].string
    let counting = pull != nil && token == pull
    let factsEnd = end + 1 + Int(size)
    guard let bytes = counting ? StoreFile.readPrefix(path, count: factsEnd) : CacheFiles.read(path),
      bytes.count >= factsEnd
    else { return }
    // A line a pair in each part, in the same order (each part ends with a newline).
    let rows = Self.lines(of: bytes, in: (end + 1)..<factsEnd).map { bytes[$0] }
    var commitments = Self.lines(of: bytes, in: factsEnd..<bytes.count)[...]
    var damaged = false
    // A pair that cannot be read is worked out again: the cache no longer holds the whole pull.
    defer { if damaged { token = nil } }
    for row in rows {
      let items = counting ? nil : commitments.popFirst().map { bytes[$0] }
      guard let value = try? JSON.decode(bytes: row), let owner = value["owner"].string,
        let key = value["key"].string, let name = value["name"].string,
        let signature = value["sessions"].string, var facts = try? PersonFacts(record: value["facts"]),
        let dues = value["open_due"].array
      else {
        damaged = true
        continue
      }
      if counting {
        facts.open = dues.map { PersonFacts.Open.counted(due: $0.string) }
      } else {
        guard let items, let list = try? JSON.decode(bytes: items).array,
          let open = try? list.map({ item throws(RecordProblem) in try PersonFacts.Open(record: item) })
        else {
          damaged = true
          continue
        }
        facts.open = open
      }
      lines[Pair(owner: owner, key: key)] = Line(name: name, signature: signature, facts: facts)
    }
  }

  /// The lines of `bytes` within `range`, each without its newline (a last line without one
  /// is left out: the file was cut short). `memchr`, as the cache is tens of megabytes.
  static func lines(of bytes: [UInt8], in range: Range<Int>) -> [Range<Int>] {
    bytes.withUnsafeBufferPointer { buffer in
      var lines: [Range<Int>] = []
      guard let base = buffer.baseAddress else { return lines }
      var start = range.lowerBound
      while start < range.upperBound,
        let found = memchr(base + start, Int32(Self.newline), range.upperBound - start)
      {
        let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        lines.append(start..<end)
        start = end + 1
      }
      return lines
    }
  }

  /// The header's length read first (a longer one is read with the rest).
  static let headerLimit = 4096
  private static let newline = UInt8(ascii: "\n")

  /// What `sessions` (id → revision) are, as one text.
  static func signature(of sessions: [(id: String, revision: Int64)]) -> String {
    let text = sessions.sorted { $0.id < $1.id }.map { "\($0.id):\($0.revision)\n" }.joined()
    return SHA256.hex(of: SHA256.digest(Array(text.utf8)))
  }

  /// The cached line of `pair`, when it was made from the sessions of `signature`.
  func line(_ pair: Pair, signature: String) -> Line? {
    guard let line = lines[pair], line.signature == signature else { return nil }
    return line
  }

  /// Keeps `line` for `pair`.
  mutating func keep(_ line: Line, for pair: Pair) {
    lines[pair] = line
    changed = true
  }

  /// Every pair's line, by owner, then by the person's name key.
  var byOwner: [String: [String: Line]] {
    var owners: [String: [String: Line]] = [:]
    for (pair, line) in lines { owners[pair.owner, default: [:]][pair.key] = line }
    return owners
  }

  /// Names the pull whose every pair the cache now holds (nil: it holds only some).
  mutating func seal(_ pull: String?) {
    guard pull != token else { return }
    token = pull
    changed = true
  }

  /// Drops the pairs not in `live` (their sessions are no longer visible).
  mutating func keepOnly(_ live: Set<Pair>) {
    let gone = lines.keys.filter { !live.contains($0) }
    for pair in gone { lines[pair] = nil }
    if !gone.isEmpty { changed = true }
  }

  /// Writes the cache anew when something changed (a failure only costs the next view time).
  func save() {
    guard changed else { return }
    var facts = ""
    var commitments = ""
    for (pair, line) in lines.sorted(by: { ($0.key.owner, $0.key.key) < ($1.key.owner, $1.key.key) }) {
      var rest = line.facts
      let open = rest.open
      rest.open = []
      facts += JSON.encode([
        "owner": .string(pair.owner), "key": .string(pair.key), "name": .string(line.name),
        "sessions": .string(line.signature), "facts": rest.record,
        "open_due": .array(open.map { .optional($0.item.due) }),
      ])
      facts += "\n"
      commitments += JSON.encode(.array(open.map(\.record)))
      commitments += "\n"
    }
    let header: Value = [
      "layout": .string(Self.layout), "metrics": .string(metrics), "pulled": .optional(token),
      "facts_bytes": .number(Double(facts.utf8.count)),
    ]
    let text = JSON.encode(header) + "\n" + facts + commitments
    CacheFiles.replace(path, with: Array(text.utf8))
  }
}
