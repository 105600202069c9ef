import TextLayout

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Locale and column arithmetic for text shown on the terminal.
enum TerminalText {
  /// Makes `LC_CTYPE` a UTF-8 locale: the user's (`setlocale(LC_CTYPE, "")`) when it is UTF-8,
  /// `C.UTF-8` otherwise. libedit needs it: in the C locale it drops non-ASCII input and crashes
  /// on a non-ASCII prompt; `wcwidth` needs it too.
  static func ensureUTF8Locale() {
    if setlocale(LC_CTYPE, "") != nil, localeIsUTF8() { return }
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
      if setlocale(LC_CTYPE, name) != nil, localeIsUTF8() { return }
    }
  }

  static func localeIsUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// The columns `scalar` takes on the terminal: 0 for combining and non-printing characters.
  static func width(of scalar: Unicode.Scalar) -> Int {
    DisplayWidth.of(scalar)
  }

  /// The columns `text` takes on one terminal row.
  static func width(of text: String) -> Int {
    DisplayWidth.of(text)
  }

  /// `text` with control characters (C0, DEL, C1) replaced by `?`, safe to print.
  static func sanitised(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// The number of columns of the terminal on `fd` (80 when unknown).
  static func columns(of fd: Int32 = STDOUT_FILENO) -> Int {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }
}
