internal import CEditLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension EditLineReader {
  /// `coach-complete`, bound to Tab: asks ``completer`` for candidates for the text before the
  /// cursor, then inserts their common prefix, or lists them below the line and draws the prompt
  /// and the line again under the list.
  func complete() -> UInt8 {
    guard let completer else { return UInt8(CC_REFRESH_BEEP) }
    let line = el_wline(editLine).pointee
    let before = String(wide: line.buffer, count: line.cursor - line.buffer)
    switch Completion.plan(textBeforeCursor: before, candidates: completer(before)) {
    case .none:
      return UInt8(CC_REFRESH_BEEP)
    case .unchanged:
      return UInt8(CC_NORM)
    case .replace(let word, let replacement):
      el_deletestr(editLine, Int32(word.unicodeScalars.count))
      _ = replacement.withWideCString { el_winsertstr(editLine, $0) }
      return UInt8(CC_REFRESH)
    case .list(let candidates):
      let rows = Completion.layout(candidates, width: TerminalText.columns())
      write("\r\n" + rows.joined(separator: "\r\n") + "\r\n")
      // libedit now believes the screen is blank from the cursor, which is true: redraw there.
      coach_el_refresh(editLine)
      return UInt8(CC_NORM)
    }
  }
}
