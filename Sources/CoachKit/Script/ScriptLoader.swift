import Foundation
internal import Yams

/// Loads a dialog script from YAML, collecting every problem found (DESIGN 4.2) rather than
/// stopping at the first.
public enum ScriptLoader {
  /// Scripts larger than this are refused before parsing.
  public static let maxBytes = ScriptReader.maxBytes

  /// The result of loading: the script when it has no errors, and every diagnostic.
  public struct Result: Sendable {
    public var script: Script?
    public var diagnostics: [Diagnostic]
    /// The text read (to quote its lines in diagnostics); nil when it could not be read.
    public var text: String?
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  }

  /// Loads the script in `text`; `file` names it in diagnostics, `origin` in records. Its
  /// `last.<dialog>.<id>` references are checked against `dialogs` (nil: not checked).
  public static func load(
    text: String, file: String, origin: String? = nil, dialogs: DialogDirectory? = .shipped,
    checking: Bool = true
  ) -> Result {
    var reader = ScriptReader(file: file, dialogs: dialogs)
    reader.checks = checking
    guard let root = reader.compose(text, emptyHint: "a dialog needs at least 'id', 'title' and 'steps'")
    else {
      return Result(script: nil, diagnostics: reader.diagnostics, text: text)
    }
    let digest = SHA256.hex(of: Array(text.utf8))
    let script = reader.readScript(root, origin: origin ?? file, sha256: digest)
    let diagnostics = reader.diagnostics.sorted {
      ($0.line, $0.column, $0.code.rawValue) < ($1.line, $1.column, $1.code.rawValue)
    }
    let hasErrors = diagnostics.contains { $0.severity == .error }
    return Result(script: hasErrors ? nil : script, diagnostics: diagnostics, text: text)
  }

  /// Lower-case hex of `bytes`.
  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Loads the script in the file at `path` (a regular file: a FIFO or a folder is refused,
  /// never waited on); its `last.<dialog>.<id>` references read the dialogs beside it, then
  /// those of `folders`, then the shipped ones.
  public static func load(
    path: String, displayName: String? = nil, folders: [String] = [], checking: Bool = true
  ) -> Result {
    let name = displayName ?? path
    var reader = ScriptReader(file: name)
    guard let text = reader.readText(path: path) else {
      return Result(script: nil, diagnostics: reader.diagnostics)
    }
    return load(
      text: text, file: name, origin: path, dialogs: checking ? .folders([folder(of: path)] + folders) : nil,
      checking: checking)
  }

  /// The folder of `path` (`.` for a bare file name).
  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// Where the first byte that is not valid UTF-8 stands (columns count the characters before
  /// it), and that byte.
  static func firstInvalidUTF8(in data: Data) -> (SourceLocation, UInt8) {
    let bytes = [UInt8](data)
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var location = SourceLocation(line: 1, column: 1)
    var offset = 0
    var afterReturn = false
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
        if scalar == "\n" && afterReturn {
          // The second half of a CRLF.
        } else if scalar == "\n" || scalar == "\r" {
          location = SourceLocation(line: location.line + 1, column: 1)
        } else {
          location.column += 1
        }
        afterReturn = scalar == "\r"
      case .emptyInput:
        return (location, 0)
      case .error:
        return (location, offset < bytes.count ? bytes[offset] : 0)
      }
    }
  }
}
