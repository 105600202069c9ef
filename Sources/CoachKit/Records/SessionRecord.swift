import Foundation

/// A session record read back: its header, its events, and what was tolerated at its end (a
/// last line cut off by a process killed, or a disk that filled, while writing it).
public struct SessionRecord: Sendable {
  public var path: String
  public var header: SessionHeader
  public var events: [Event]
  public var warnings: [String]
  /// How the file ends; ``RecordWriter/repair(_:)`` puts it right before more is appended.
  public var tail: Tail

  /// How a record file ends.
  public enum Tail: Equatable, Sendable {
    /// With a newline after its last event.
    case clean
    /// Its last event is whole but lacks the newline after it: the newline is added.
    case unterminated
    /// A last line that is not a whole event (cut off while it was written) was left out: the
    /// file is cut back to its first `keptBytes` bytes.
    case torn(keptBytes: Int)
  }

  /// Reads and checks the record at `path`; a corrupt or foreign file is an error naming the
  /// file and line. With `id` (a record of the store), its header must name that session.
  public static func read(path: String, id: String? = nil, skippingPrompts: Bool = false) throws(StoreError)
    -> SessionRecord
  {
    let name = String(path.split(separator: "/").last ?? "")
    let bytes = try StoreFile.readRecord(
      path, id: id ?? String(name.hasSuffix(".jsonl") ? name.dropLast(6) : name[...]), repairing: id != nil)
    let record = try parse(bytes, path: path, skippingPrompts: skippingPrompts)
    if let id, record.header.id != id {
      throw StoreError.corrupt(
        path: path, line: 1,
        message:
          "the header names session \(Sanitizer.inline(record.header.id, limit: 40)), not \(id): the record was copied or renamed (name it \(Sanitizer.inline(record.header.id, limit: 40)).jsonl, or remove it)"
      )
    }
    return record
  }

  /// Parses the bytes of a record.
  /// With `skippingPrompts`, prompt events are left out unread (for what only needs answers,
  /// actions and statuses; see ``RecordLine/isPrompt(_:)``).
  public static func parse(_ data: Data, path: String, skippingPrompts: Bool = false) throws(StoreError)
    -> SessionRecord
  {
    try parse([UInt8](data), path: path, skippingPrompts: skippingPrompts)
  }

  public static func parse(_ bytes: [UInt8], path: String, skippingPrompts: Bool = false) throws(StoreError)
    -> SessionRecord
  {
    var lines = JSON.lines(bytes)
    let endsWithNewline = bytes.last == UInt8(ascii: "\n")
    if endsWithNewline { lines.removeLast() }
    guard let first = lines.first, !first.isEmpty else {
      throw StoreError.emptyRecord(path: path)
    }
    // A header cut off while it was written: the only line, without its newline, starting as
    // every header does.
    let headerIsTorn = lines.count == 1 && !endsWithNewline && first.starts(with: "{\"".utf8)
    let header: SessionHeader
    do {
      guard String(validating: first, as: UTF8.self) != nil else {
        throw RecordProblem("the line is not UTF-8 text: not a coach record")
      }
      header = try SessionHeader(record: try JSON.decode(bytes: first))
    } catch let problem as RecordProblem {
      if headerIsTorn { throw StoreError.emptyRecord(path: path) }
      throw StoreError.corrupt(path: path, line: 1, message: problem.message)
    } catch {
      if headerIsTorn { throw StoreError.emptyRecord(path: path) }
      throw StoreError.corrupt(path: path, line: 1, message: "not a coach session record (\(error))")
    }
    var events: [Event] = []
    var warnings: [String] = []
    var tail = lines.count == 1 && !endsWithNewline ? Tail.unterminated : .clean
    events.reserveCapacity(lines.count)
    var offset = first.count + 1
    for (i, line) in lines.enumerated().dropFirst() {
      defer { offset += line.count + 1 }
      let isLast = i == lines.count - 1
      if skippingPrompts, !isLast, RecordLine.isPrompt(line) { continue }
      let problem: String
      if String(validating: line, as: UTF8.self) == nil {
        problem = "the line is not UTF-8 text"
      } else {
        do {
          let event = try Event(record: try JSON.decode(bytes: line))
          if isLast && !endsWithNewline { tail = .unterminated }
          if !(skippingPrompts && event.kind == .prompt) { events.append(event) }
          continue
        } catch let error as RecordProblem {
          problem = "the line is not a coach event (\(error.message))"
        } catch {
          problem = line.isEmpty ? "the line is empty" : "the line is not valid JSON"
        }
      }
      if isLast && !endsWithNewline {
        warnings.append(
          "\(path):\(i + 1): the last line is incomplete (the session was cut off while writing it) and was left out"
        )
        tail = .torn(keptBytes: offset)
        break
      }
      if line.isEmpty { continue }
      throw StoreError.corrupt(
        path: path, line: i + 1, message: "\(problem); the record is damaged (fix or remove that line)")
    }
    return SessionRecord(path: path, header: header, events: events, warnings: warnings, tail: tail)
  }

  /// The lines the person typed that are worth recalling in a later line: answers and parts of
  /// answers, notes (private ones never), actions and commands, oldest first.
  public var answeredLines: [String] {
    events.compactMap { event in
      switch event.body {
      case .answer, .partial, .action: return event.raw
      case .note(let note): return note.isPrivate ? nil : note.raw
      default: return nil
      }
    }.filter { !$0.isEmpty }
  }

  /// What the events add up to.
  public var log: SessionLog {
    var log = SessionLog()
    for event in events { log.apply(event) }
    return log
  }
}
