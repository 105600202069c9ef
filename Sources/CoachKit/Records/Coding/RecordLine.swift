/// The byte-level shortcuts that read record and index lines without decoding them: the only
/// code outside the `+Coding.swift` mappings that knows how a line is laid out.
///
/// They rely on one invariant of the writer, ``JSON/encode(_:)``: an object's keys are written
/// in sorted order, with no white space, and a string's `"` and `\` are always escaped. So:
///
/// - an event whose members all sort before `type` ends with `"type":"<kind>"}`: prompts
///   (`at id kind part text`), pauses (`at raw reason`), resumes (`at`) and ends (`at status`);
///   answers (`value`) and `/back` (`undo`, `was`) do not;
/// - an index line about a session's status or outcome starts `{"id":"…","stamp":"…",` (ids are
///   letters, digits, `-` and `_`; stamps digits, `.` and a space), and a status line is exactly
///   `{"id":"…","stamp":"…","status":"…"}`.
///
/// `RecordLineTests` checks every shortcut against a full decode, over every golden record and
/// fuzzed lines.
public enum RecordLine {
  private static let promptTail = Array("\"type\":\"prompt\"}".utf8)

  /// Whether the event line is a prompt, from its last member alone.
  public static func isPrompt(_ line: ArraySlice<UInt8>) -> Bool {
    line.count > promptTail.count && line.suffix(promptTail.count).elementsEqual(promptTail)
  }

  private static let statusTails: [(Event.Kind, [UInt8])] = [
    (.end, Array("\"type\":\"end\"}".utf8)), (.pause, Array("\"type\":\"pause\"}".utf8)),
    (.resume, Array("\"type\":\"resume\"}".utf8)),
  ]

  /// The kind of an event line that changes a session's status (end, pause, resume), from its
  /// last member alone; nil for any other line.
  public static func statusEventKind(_ line: ArraySlice<UInt8>) -> Event.Kind? {
    for (kind, tail) in statusTails
    where line.count > tail.count && line.suffix(tail.count).elementsEqual(tail) {
      return kind
    }
    return nil
  }

  /// `{"id":"…","stamp":"…",`: how an index line about a session's status or outcome starts.
  public static func indexLinePrefix(id: String, stamp: String) -> String {
    "{\"id\":" + JSON.encode(.string(id)) + ",\"stamp\":" + JSON.encode(.string(stamp)) + ","
  }

  /// An index line giving a session's state, with the stamp of the record it was read from:
  /// `{"id":"…","stamp":"…","status":"paused","seconds":312,"step":"forecast"}`.
  public static func statusLine(id: String, stamp: String, state: SessionState) -> String {
    var line = indexLinePrefix(id: id, stamp: stamp) + "\"status\":\"\(state.status.rawValue)\""
    if let seconds = state.seconds { line += ",\"seconds\":\(seconds)" }
    if let step = state.step { line += ",\"step\":" + JSON.encode(.string(step)) }
    return line + "}"
  }

  private static let idStart = Array("{\"id\":\"".utf8)

  /// The session id of an index line about a session's status or outcome, read from its start;
  /// nil for the other lines (entries start with `{"by":` or `{"dialog":`).
  public static func indexedSessionID(_ line: ArraySlice<UInt8>) -> String? {
    guard line.starts(with: idStart) else { return nil }
    let rest = line.dropFirst(idStart.count)
    guard let end = rest.firstIndex(of: UInt8(ascii: "\"")), rest[end...].starts(with: "\",\"stamp\":".utf8)
    else { return nil }
    return String(decoding: rest[..<end], as: UTF8.self)
  }

  /// The id, stamp and state of a status line (see ``statusLine(id:stamp:state:)``); nil for
  /// any other line.
  public static func state(ofStatusLine line: ArraySlice<UInt8>) -> (
    id: String, stamp: String, state: SessionState
  )? {
    guard line.count < 512, line.last == UInt8(ascii: "}") else { return nil }
    // The first twelve quotes: `{"id":"…","stamp":"…","status":"…"` (``statusLine`` writes the
    // keys in this order), each part between two of them compared in place.
    var quotes: [Int] = []
    quotes.reserveCapacity(12)
    var i = line.startIndex
    while i < line.endIndex, quotes.count < 12 {
      if line[i] == UInt8(ascii: "\"") { quotes.append(i) }
      i += 1
    }
    guard quotes.count == 12 else { return nil }
    /// The bytes between quote `n - 1` and quote `n` (part 0 is before the first).
    func part(_ n: Int) -> ArraySlice<UInt8> {
      line[(n == 0 ? line.startIndex : quotes[n - 1] + 1)..<quotes[n]]
    }
    guard part(0).elementsEqual("{".utf8), part(1).elementsEqual("id".utf8),
      part(2).elementsEqual(":".utf8), part(4).elementsEqual(",".utf8),
      part(5).elementsEqual("stamp".utf8),
      part(6).elementsEqual(":".utf8), part(8).elementsEqual(",".utf8),
      part(9).elementsEqual("status".utf8), part(10).elementsEqual(":".utf8),
      !part(3).contains(UInt8(ascii: "\\")), !part(7).contains(UInt8(ascii: "\\")),
      let status = SessionStatus(rawValue: String(decoding: part(11), as: UTF8.self))
    else { return nil }
    var state = SessionState(status: status)
    // What follows the status: `}`, or `,"seconds":N,"step":"…"}` (read as a small object).
    let rest = Array(line[(quotes[11] + 1)...])
    if rest != [UInt8(ascii: "}")] {
      guard rest.first == UInt8(ascii: ","),
        let extra = try? JSON.decode(bytes: ([UInt8(ascii: "{")] + rest.dropFirst())[...])
      else { return nil }
      state.seconds = extra["seconds"].number.flatMap { $0 >= 0 && $0 < 1e12 ? Int($0) : nil }
      state.step = extra["step"].string
    }
    return (String(decoding: part(3), as: UTF8.self), String(decoding: part(7), as: UTF8.self), state)
  }
}
