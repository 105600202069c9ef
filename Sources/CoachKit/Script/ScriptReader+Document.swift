import Foundation
internal import Yams

/// Reading a YAML document whole, for every reader built on ``ScriptReader`` (dialog scripts,
/// the config file, the team file): its text from a file, then its nodes, each problem
/// reported as a located diagnostic.
extension ScriptReader {
  /// Documents larger than this are refused before parsing.
  static let maxBytes = 1 << 20

  /// The UTF-8 text of the file at `path` (a regular file, links followed, at most 1 MiB), or
  /// nil with the problem reported.
  mutating func readText(path: String) -> String? {
    let start = SourceLocation(line: 1, column: 1)
    let bytes: [UInt8]
    do {
      bytes = try StoreFile.readDocument(path, limit: Self.maxBytes)
    } catch .tooLarge(let size) {
      report(
        .tooComplex, at: start, "\(document) is \(size) bytes; the limit is \(Self.maxBytes)",
        hint: document == "the script" ? "split it into several dialogs" : nil)
      return nil
    } catch {
      report(
        .yamlSyntax, at: start, "cannot read the file: \(error.reason)",
        hint: "check the path and its permissions")
      return nil
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let (at, byte) = ScriptLoader.firstInvalidUTF8(in: Data(bytes))
      report(
        .yamlSyntax, at: at,
        "the file is not UTF-8 text (byte 0x\(String(format: "%02X", byte)) cannot be read)",
        hint: "save it as UTF-8")
      return nil
    }
    return text
  }

  /// The nodes of `text`, or nil with the problems reported: too large, YAML syntax, an alias
  /// used as a key, too many nodes, or nothing in it (`emptyHint` says what it needs).
  mutating func compose(_ text: String, emptyHint: String) -> Node? {
    source = SourceLines(text)
    let start = SourceLocation(line: 1, column: 1)
    guard text.utf8.count <= Self.maxBytes else {
      report(.tooComplex, at: start, "\(document) is \(text.utf8.count) bytes; the limit is \(Self.maxBytes)")
      return nil
    }
    let root: Node?
    do {
      // The basic resolver: scalars are read as text by the reader, so Yams need not match
      // each one against its tag patterns.
      root = try AliasKeys.compose(text)
    } catch let refused as AliasKeys.Refused {
      report(
        .tooComplex, at: refused.at, "a YAML alias is used as a mapping key",
        hint: "write the key out: aliases may stand only for values")
      return nil
    } catch let error as YamlError {
      reportYAML(error)
      return nil
    } catch {
      report(.yamlSyntax, at: start, "\(error)")
      return nil
    }
    guard let root else {
      report(.missingKey, at: start, "the file is empty", hint: emptyHint)
      return nil
    }
    return checkSize(root) ? root : nil
  }
}
