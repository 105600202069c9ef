#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A history file in libedit's format (a `_HiStOrY_V2_` first line, then one entry a line with
/// backslash, newline, tab and other control characters written as `\ooo` octal escapes), which
/// is only ever appended to: a line is added with one `write` on an `O_APPEND` descriptor under
/// an exclusive `flock`, so concurrent sessions do not lose each other's entries (libedit's
/// `H_SAVE` rewrites the whole file). The file is private: mode 0600, its new directories 0700.
struct HistoryFile {
  static let cookie = "_HiStOrY_V2_"

  let path: String

  /// Whether `line` belongs in the history after `previous`: not empty, not starting with a
  /// space (the usual way to keep a line out of the history), not blank, and not equal to the
  /// entry before it.
  static func shouldRemember(_ line: String, after previous: String?) -> Bool {
    guard let first = line.unicodeScalars.first, first != " " else { return false }
    if line.allSatisfy(\.isWhitespace) { return false }
    return line != previous
  }

  /// The newest `limit` entries, oldest first, without adjacent duplicates or space-led lines.
  /// A missing or unreadable file has none.
  func load(limit: Int) -> [String] {
    guard let bytes = Self.readAll(path) else { return [] }
    var entries: [String] = []
    var first = true
    for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
      defer { first = false }
      if first, rawLine.elementsEqual(Self.cookie.utf8) { continue }
      let entry = Self.decode(rawLine)
      if Self.shouldRemember(entry, after: entries.last) { entries.append(entry) }
    }
    return Array(entries.suffix(limit))
  }

  /// Appends `line`, creating the file (0600, with the cookie) and its directories (0700).
  func append(_ line: String) throws(Failure) {
    try Self.makeDirectories(for: path)
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
    defer { close(fd) }
    guard flock(fd, LOCK_EX) == 0 else {
      throw Failure(operation: "lock", path: path, code: errno)
    }
    defer { flock(fd, LOCK_UN) }
    var status = stat()
    guard fstat(fd, &status) == 0 else {
      throw Failure(operation: "stat", path: path, code: errno)
    }
    if status.st_mode & 0o777 != 0o600 { fchmod(fd, 0o600) }
    var record = Array((Self.encode(line) + "\n").utf8)
    if status.st_size == 0 { record = Array((Self.cookie + "\n").utf8) + record }
    try Self.writeAll(record, to: fd, path: path)
  }

  /// The file form of an entry: `\`, control characters and DEL as `\ooo` octal escapes (as
  /// libedit's `strvis` writes them), everything else as UTF-8.
  static func encode(_ line: String) -> String {
    var encoded = ""
    for scalar in line.unicodeScalars {
      if scalar == "\\" {
        encoded += "\\\\"
      } else if scalar.value < 0x20 || scalar.value == 0x7F {
        let octal = String(scalar.value, radix: 8)
        encoded += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
      } else {
        encoded.unicodeScalars.append(scalar)
      }
    }
    return encoded
  }

  /// Reverses `encode`; also reads the C-style escapes `\n`, `\t`, `\r`, `\s` that `strvis` may
  /// write. Octal escapes are bytes, so a multibyte character written as `\ooo\ooo` comes back.
  static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let input = Array(bytes)
    var output: [UInt8] = []
    output.reserveCapacity(input.count)
    var index = 0
    while index < input.count {
      let byte = input[index]
      index += 1
      guard byte == UInt8(ascii: "\\"), index < input.count else {
        output.append(byte)
        continue
      }
      let next = input[index]
      switch next {
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var value = 0
        var digits = 0
        while digits < 3, index < input.count,
          (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(input[index])
        {
          value = value * 8 + Int(input[index] - UInt8(ascii: "0"))
          index += 1
          digits += 1
        }
        output.append(UInt8(truncatingIfNeeded: value))
      default:
        if let unescaped = simpleEscapes[next] {
          output.append(unescaped)
          index += 1
        } else {
          output.append(byte)
        }
      }
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// `\\`, `\n`, `\t`, `\r`, `\s` and the bytes they stand for.
  private static let simpleEscapes: [UInt8: UInt8] = [
    UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09,
    UInt8(ascii: "r"): 0x0D, UInt8(ascii: "s"): 0x20,
  ]

  private static func readAll(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count > 0 {
        bytes += chunk[0..<count]
      } else if count == 0 {
        return bytes
      } else if errno != EINTR {
        return nil
      }
    }
  }

  private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String)
    throws(Failure)
  {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw Failure(operation: "write", path: path, code: errno)
      }
      offset += written
    }
  }

  /// Creates the missing directories above `path`, each with mode 0700.
  private static func makeDirectories(for path: String) throws(Failure) {
    let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    var prefix = ""
    for (index, component) in components.enumerated() {
      prefix += (index == 0 ? "" : "/") + component
      if prefix.isEmpty || component.isEmpty || component == "." { continue }
      if mkdir(prefix, 0o700) != 0, errno != EEXIST {
        throw Failure(operation: "mkdir", path: prefix, code: errno)
      }
    }
  }
}

extension HistoryFile {
  /// Why a history line could not be written.
  struct Failure: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32

    var description: String {
      "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
  }
}
