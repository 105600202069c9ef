internal import CEditLine
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension EditLineReader {
  /// Ctrl-R (`coach-search`): an incremental search of the history, newest first, that ends the
  /// way bash's and zsh's do.
  ///
  /// The prompt reads `search: TEXT` (`search (not found): TEXT`) and the line shows the match.
  /// Typing narrows the search, Backspace widens it, Ctrl-R again looks further back. Enter
  /// accepts the match and submits it; Ctrl-G or Esc cancels and puts the line back as it was;
  /// any other editing key (an arrow, Home, End, Delete, Ctrl-A, Ctrl-E, …) accepts the match and
  /// then does what it does. Ctrl-C cancels, and clears the line as Ctrl-C does.
  func search() -> UInt8 {
    let (original, before) = line
    let originalCursor = before.unicodeScalars.count
    var query = ""
    // The entry shown, and where the last match was found.
    var found: (entry: Int, offset: Int)?
    var failed = false

    func find(from start: Int) -> (entry: Int, offset: Int)? {
      guard !query.isEmpty else { return nil }
      var index = min(start, entries.count - 1)
      while index >= 0 {
        let entry = entries[index]
        if let range = entry.range(of: query, options: .caseInsensitive) {
          return (index, entry[..<range.lowerBound].unicodeScalars.count)
        }
        index -= 1
      }
      return nil
    }

    func show() {
      searchPrompt = (failed ? "search (not found): " : "search: ") + query + " › "
      if let found {
        setLine(entries[found.entry], cursor: found.offset)
      } else if query.isEmpty {
        setLine(original, cursor: originalCursor)
      }
      repaint()
    }

    func finish(_ text: String?, cursor: Int? = nil) {
      searchPrompt = nil
      if let text {
        setLine(text, cursor: cursor ?? text.unicodeScalars.count)
      } else if let cursor {
        setLine(line.text, cursor: cursor)
      }
      repaint()
    }

    show()
    while true {
      let key = nextKey(until: nextRefresh)
      switch key {
      case .timeout:
        refresh()
      case .endOfFile, .failure:
        finish(original, cursor: originalCursor)
        return UInt8(CC_EOF)
      case .signal(let signal):
        if Self.isTerminating(signal) {
          terminatingSignal = signal
          return UInt8(CC_EOF)
        }
        if signal == SIGINT {
          finish(original, cursor: originalCursor)
          return interrupt()
        }
        if let redraw = react(to: signal), redraw == Self.redrawKey { show() }
      case .scalar(let scalar):
        switch scalar.value {
        case 0x12:  // Ctrl-R: further back
          if let current = found, let next = find(from: current.entry - 1) {
            found = next
            failed = false
          } else if !query.isEmpty {
            failed = true
          }
          show()
        case 0x07, 0x1B:  // Ctrl-G, Esc: cancel
          finish(original, cursor: originalCursor)
          return UInt8(CC_REFRESH)
        case 0x03:  // Ctrl-C
          finish(original, cursor: originalCursor)
          return interrupt()
        case 0x08, 0x7F:  // Backspace: a shorter query, searched again from the newest
          if !query.isEmpty { query.unicodeScalars.removeLast() }
          found = find(from: entries.count - 1)
          failed = found == nil && !query.isEmpty
          show()
        case 0x0A, 0x0D:  // Enter: accept and submit
          finish(nil)
          pendingKeys.append(wchar_t(bitPattern: scalar.value))
          return UInt8(CC_REFRESH)
        case 0..<0x20:  // another control key: accept, then let it act
          finish(nil, cursor: found?.offset)
          pendingKeys.append(wchar_t(bitPattern: scalar.value))
          return UInt8(CC_REFRESH)
        default:
          query.unicodeScalars.append(scalar)
          if let next = find(from: found?.entry ?? entries.count - 1) {
            found = next
            failed = false
          } else {
            failed = true
          }
          show()
        }
      case .meta(let scalar):
        // Esc, then a character typed at once: the search is cancelled, the character typed.
        finish(original, cursor: originalCursor)
        pendingKeys.append(wchar_t(bitPattern: scalar.value))
        return UInt8(CC_REFRESH)
      case .sequence(let scalars):
        // An arrow, Home, End, Delete, a paste: accept the match, then let the key act.
        finish(nil, cursor: found?.offset)
        pendingKeys += scalars.map { wchar_t(bitPattern: $0.value) }
        return UInt8(CC_REFRESH)
      }
    }
  }
}
