/// The escape sequences the line editor lets through to libedit: those bound to an editing
/// function (arrows, Home, End, Delete, Ctrl-arrows, the start of a bracketed paste). Any other
/// sequence (a function key, Page Up, Insert, Shift-Tab, ...) is dropped whole, so that no byte
/// of it ever lands in a line.
enum EscapeSequence {
  /// The sequences bound to editing functions, without their leading ESC.
  static let bound: Set<String> = [
    "[A", "[B", "[C", "[D", "OA", "OB", "OC", "OD",  // arrows
    "[H", "OH", "[1~", "[7~",  // Home
    "[F", "OF", "[4~", "[8~",  // End
    "[3~",  // Delete
    "[1;5C", "[5C", "[1;5D", "[5D", "[1;3C", "[1;3D",  // Ctrl- and Alt-arrows
    "[200~",  // bracketed paste
  ]

  /// What followed an ESC.
  enum Read: Equatable {
    /// A sequence (`[A`, `OH`, `[1;5C`), complete.
    case sequence(String)
    /// ESC then one other character: an Alt (Meta) key.
    case meta(Unicode.Scalar)
    /// ESC alone.
    case alone
  }

  /// Reads what follows an ESC from `next`, which returns the next scalar, or nil when none
  /// came in time. A CSI sequence ends at its final byte (`@` to `~`); one that runs past 32
  /// characters is given up.
  static func read(_ next: () -> Unicode.Scalar?) -> Read {
    guard let first = next() else { return .alone }
    switch first {
    case "[":
      var body = "["
      while body.unicodeScalars.count < 32, let scalar = next() {
        body.unicodeScalars.append(scalar)
        if (0x40...0x7E).contains(scalar.value) { return .sequence(body) }
      }
      return .sequence(body)
    case "O":
      guard let scalar = next() else { return .sequence("O") }
      return .sequence("O" + String(scalar))
    default:
      return .meta(first)
    }
  }
}
