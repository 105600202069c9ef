import Foundation
internal import Yams

/// Reading a YAML document whole, for every reader built on ``NodeReader`` (dialog scripts, the
/// config file, the team file, dialog test files): its text from a file, then its nodes, each
/// problem reported as a located diagnostic.
extension NodeReader {
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
      report(.tooLarge(document, bytes: size, limit: Self.maxBytes, hinted: true), at: start)
      return nil
    } catch {
      report(.cannotRead(error.reason), at: start)
      return nil
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let (at, byte) = ScriptLoader.firstInvalidUTF8(in: Data(bytes))
      report(.notUTF8(byte: byte), at: at)
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
      report(.tooLarge(document, bytes: text.utf8.count, limit: Self.maxBytes, hinted: false), at: start)
      return nil
    }
    let root: Node?
    do {
      // The basic resolver: scalars are read as text by the reader, so Yams need not match
      // each one against its tag patterns.
      root = try AliasKeys.compose(text)
    } catch let refused as AliasKeys.Refused {
      report(.aliasKey, at: refused.at)
      return nil
    } catch let error as YamlError {
      reportYAML(error)
      return nil
    } catch {
      report(.yamlSyntax("\(error)"), at: start)
      return nil
    }
    guard let root else {
      report(.emptyFile(hint: emptyHint), at: start)
      return nil
    }
    return checkSize(root) ? root : nil
  }
}

extension Diagnostic.Message {
  /// A YAML syntax error (C001), in the parser's words (``YAMLErrorExplainer`` words the ones it
  /// knows).
  static func yamlSyntax(_ problem: String, hint: String? = nil) -> Self {
    Self(.yamlSyntax, problem, hint: hint)
  }

  /// A file that cannot be read: missing, not a regular file, refused by the system (C060).
  static func cannotRead(_ reason: String) -> Self {
    Self(.unreadableFile, "cannot read the file: \(reason)", hint: "check the path and its permissions")
  }

  /// A file whose bytes are not UTF-8 text (C060).
  static func notUTF8(byte: UInt8) -> Self {
    Self(
      .unreadableFile, "the file is not UTF-8 text (byte 0x\(String(format: "%02X", byte)) cannot be read)",
      hint: "save it as UTF-8")
  }

  /// A document over the size limit (C007); `hinted`, with how to make it smaller.
  static func tooLarge(_ document: String, bytes: Int, limit: Int, hinted: Bool) -> Self {
    let hint: String? =
      switch document {
      case "the script": "split it into several dialogs"
      case "the test file": "split it into several test files"
      default: nil
      }
    return Self(
      .tooComplex, "\(document) is \(bytes) bytes; the limit is \(limit)", hint: hinted ? hint : nil)
  }

  /// A YAML alias used as a mapping key (C007).
  static var aliasKey: Self {
    Self(
      .tooComplex, "a YAML alias is used as a mapping key",
      hint: "write the key out: aliases may stand only for values")
  }

  /// A file with nothing in it (C003); `hint` says what it needs.
  static func emptyFile(hint: String) -> Self {
    Self(.missingKey, "the file is empty", hint: hint)
  }
}
