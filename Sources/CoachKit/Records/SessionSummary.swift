import Foundation
import SystemPackage

/// One line's worth of a session, for lists.
public struct SessionSummary: Equatable, Sendable {
  public var id: String
  public var dialogID: String
  public var dialogTitle: String
  public var with: String?
  public var by: String?
  public var status: SessionStatus
  public var startedAt: Date
  /// Whole seconds spent in the session, pauses left out.
  public var seconds: Int?
  /// The step a session that has not completed stopped at.
  public var step: String?

  public var json: Value {
    [
      "id": .string(id), "dialog": .string(dialogID), "title": .string(dialogTitle),
      "with": .optional(with), "by": .optional(by), "status": .string(status.rawValue),
      "started_at": .string(Clock.iso8601(startedAt)),
      "seconds": seconds.map { .number(Double($0)) } ?? .null,
      "step": .optional(step),
    ]
  }
}

extension SessionStore {
  /// Every session, newest first, and a message for each record that could not be read (a
  /// damaged record never hides the others). Headers come from the index; each state (status,
  /// time spent, where it stopped) from the index while the record is unchanged since it was
  /// read, else from the record.
  public func summaries() -> (sessions: [SessionSummary], problems: [String]) {
    var sessions: [SessionSummary] = []
    var problems: [String] = []
    let index = SessionIndex(store: self)
    let (entries, known) = index.listing()
    var learned: [(id: String, stamp: String, state: SessionState)] = []
    for entry in entries {
      do {
        let path = try path(of: entry.id)
        let stamp = CacheFiles.fileStamp(path)
        let state: SessionState
        if let stamp, let cached = known[entry.id], cached.stamp == stamp, cached.state.seconds != nil {
          state = cached.state
        } else {
          // A record read whole gives the time and the step; one that cannot be (a damaged
          // line, or an event this coach does not know) still gives its status, from its end,
          // and says what is wrong with it each time it is listed, as show does.
          do {
            state = SessionState(try read(entry.id))
          } catch {
            problems.append("\(error)")
            state = SessionState(status: try status(of: entry.id))
          }
          if let stamp { learned.append((entry.id, stamp, state)) }
        }
        sessions.append(
          SessionSummary(
            id: entry.id, dialogID: entry.dialogID, dialogTitle: entry.dialogTitle, with: entry.with,
            by: entry.by, status: state.status, startedAt: entry.startedAt, seconds: state.seconds,
            step: state.step))
      } catch {
        problems.append("\(error)")
      }
    }
    index.remember(learned)
    // Records the index could not read a header from.
    let indexed = Set(entries.map(\.id))
    for id in sessionIDs() where !indexed.contains(id) {
      do {
        _ = try readHeader(id)
      } catch {
        problems.append("\(error)")
      }
    }
    problems += strayFiles().map(\.description)
    sessions.sort { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    return (sessions, problems)
  }

  /// The status of session `id`, from the last pause, resume or end event of its record,
  /// read from its end.
  public func status(of id: String) throws(StoreError) -> SessionStatus {
    let path = try path(of: id)
    let fd: FileDescriptor
    do {
      fd = try StoreFile.open(path, .readOnly, repairing: true)
    } catch .missing {
      throw StoreError.unknownSession(id)
    } catch .notRegular(let what) {
      throw StoreError.notARecord(path: path, what: what)
    } catch {
      throw StoreError.cannotRead(path: path, reason: error.reason)
    }
    defer { try? fd.close() }
    let size = (try? fd.stat().size) ?? 0
    var window: Int64 = 16 * 1024
    while true {
      let start = max(0, size - window)
      guard (try? fd.seek(offset: start, from: .start)) != nil, let data = try? StoreFile.readAll(fd) else {
        throw StoreError.cannotRead(path: path, reason: "it could not be read")
      }
      var lines = JSON.lines(data)
      if start > 0 { lines.removeFirst() }  // it may start inside a line
      for line in lines.reversed() {
        guard RecordLine.statusEventKind(line) != nil,
          let event = try? Event(record: JSON.decode(bytes: line))
        else { continue }
        switch event.body {
        case .end(let end): return end.status
        case .pause: return .paused
        default: return .inProgress
        }
      }
      if start == 0 { return .inProgress }
      window *= 4
    }
  }
}
