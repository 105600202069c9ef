import Foundation

/// The styles coach prints in: SGR parameters, in one place.
enum Style: String, Sendable {
  case plain = "0"
  case bold = "1"
  case dim = "2"
  case red = "31"
  case blue = "34"
  case cyan = "36"
  case boldRed = "1;31"
  case boldGreen = "1;32"
  case boldYellow = "1;33"
  case boldBlue = "1;34"
  case boldMagenta = "1;35"
  case boldCyan = "1;36"
}

/// Paints text in a ``Style`` when colour is on, and leaves it plain otherwise.
///
/// Colour is on only where ``Palette/allowsColor(for:environment:setting:)`` says: the stream
/// is a terminal, `NO_COLOR` is unset, `TERM` is set and is not `dumb`, and the config file's
/// `color` does not turn it off.
struct Palette: Sendable {
  let enabled: Bool

  static let plain = Palette(enabled: false)

  /// `text` in `style`: the style's escape sequence, the text, a reset.
  func paint(_ text: String, _ style: Style) -> String {
    guard enabled, style != .plain, !text.isEmpty else { return text }
    return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
  }

  /// Whether colour is wanted: `always`, `never`, or (`auto`) where the stream allows it.
  enum Setting: String, Sendable, CaseIterable {
    case auto, always, never
  }

  /// The setting of this run (the config file's `color`).
  nonisolated(unsafe) static var setting = Setting.auto

  /// The palette for stream `fd`.
  static func forStream(_ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Palette
  {
    Palette(enabled: allowsColor(for: fd, environment: environment, setting: setting))
  }

  /// The one colour policy: never with `NO_COLOR` set or `TERM` unset or `dumb`; else as the
  /// config file's `color` says: `never`, `always` (also into a pipe, for `less -R`), or
  /// (`auto`) only on a terminal.
  static func allowsColor(for fd: Int32, environment: [String: String], setting: Setting) -> Bool {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
    switch setting {
    case .never: return false
    case .always: return true
    case .auto: return isatty(fd) == 1
    }
  }
}
