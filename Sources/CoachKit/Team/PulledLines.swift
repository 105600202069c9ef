/// The sessions of the mirror's index as `team/pulled` keeps them: a first line
/// `coach-pulled 1 <token>` (the token new at every pull, what the views' cache is keyed by),
/// then a line a session, `<id>\t<revision>\t<owner>\t<machine>\t<with>`, the person empty
/// when unknown. Read by every
/// sync and by a view whose cache is stale: plain lines, not an object a session (100,000
/// entries took a third of a second as JSON). A tab, a newline or a backslash in a field is
/// written `\t`, `\n` or `\\`, so that a name from the team store cannot break a line; a line
/// that does not parse is left out (its session is pulled again).
enum PulledLines {
  static let magic = "coach-pulled 1 "
  /// The longest first line read for its token alone.
  static let headerLimit = 256

  /// The lines of `sessions`, by id, under `token`.
  static func encode(_ sessions: [String: TeamMirror.Entry], token: String) -> [UInt8] {
    var out: [UInt8] = Array((magic + token + "\n").utf8)
    out.reserveCapacity(sessions.count * 64)
    for id in sessions.keys.sorted() {
      let entry = sessions[id]!
      let fields = [id, String(entry.revision), entry.owner, entry.machine, entry.with ?? ""]
      for (n, field) in fields.enumerated() {
        if n > 0 { out.append(tab) }
        escape(field, into: &out)
      }
      out.append(newline)
    }
    return out
  }

  /// The token of the lines that start with `head` (their first line), nil when it is not one.
  static func token(_ head: ArraySlice<UInt8>) -> String? {
    guard let end = head.firstIndex(of: newline) else { return nil }
    let line = String(decoding: head[..<end], as: UTF8.self)
    guard line.hasPrefix(magic) else { return nil }
    let token = String(line.dropFirst(magic.count))
    return token.isEmpty ? nil : token
  }

  /// The sessions in `bytes`, by id, and their token (nil, with no sessions, for lines that do
  /// not start with one).
  static func decode(_ bytes: [UInt8]) -> (sessions: [String: TeamMirror.Entry], token: String?) {
    guard let token = token(bytes[...]) else { return ([:], nil) }
    var sessions: [String: TeamMirror.Entry] = [:]
    for line in bytes.split(separator: newline).dropFirst() {
      let fields = line.split(separator: tab, maxSplits: 4, omittingEmptySubsequences: false)
      guard fields.count == 5, let revision = Int64(String(decoding: fields[1], as: UTF8.self)) else {
        continue
      }
      let id = unescape(fields[0])
      let owner = unescape(fields[2])
      guard SessionStore.isValidID(id), !owner.isEmpty else { continue }
      let with = unescape(fields[4])
      sessions[id] = TeamMirror.Entry(
        owner: owner, machine: unescape(fields[3]), revision: revision, with: with.isEmpty ? nil : with)
    }
    return (sessions, token)
  }

  private static let tab = UInt8(ascii: "\t")
  private static let newline = UInt8(ascii: "\n")
  private static let backslash = UInt8(ascii: "\\")

  private static func escape(_ field: String, into out: inout [UInt8]) {
    for byte in field.utf8 {
      switch byte {
      case tab: out += [backslash, UInt8(ascii: "t")]
      case newline: out += [backslash, UInt8(ascii: "n")]
      case backslash: out += [backslash, backslash]
      default: out.append(byte)
      }
    }
  }

  private static func unescape(_ field: ArraySlice<UInt8>) -> String {
    guard field.contains(backslash) else { return String(decoding: field, as: UTF8.self) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(field.count)
    var escaped = false
    for byte in field {
      if escaped {
        bytes.append(byte == UInt8(ascii: "t") ? tab : byte == UInt8(ascii: "n") ? newline : byte)
        escaped = false
      } else if byte == backslash {
        escaped = true
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
