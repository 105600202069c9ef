import Foundation

/// One numbered step of the team store's schema: `Migrations/NNNN-name.sql`, embedded in the
/// program at build time (the EmbedMigrations plugin). `coach org init` runs the ones a
/// database lacks, in order, in one transaction.
public struct Migration: Equatable, Sendable {
  public var version: Int
  public var name: String
  public var sql: String

  public init(version: Int, name: String, sql: String) {
    self.version = version
    self.name = name
    self.sql = sql
  }

  /// The statements of the file, in order, each without its `;`.
  public var statements: [String] { Self.split(sql) }

  /// The migrations this coach carries, by version.
  public static let all: [Migration] = BuiltinMigrations.files.compactMap { file in
    guard let data = Data(base64Encoded: file.base64), let sql = String(data: data, encoding: .utf8),
      let dash = file.name.firstIndex(of: "-"), let version = Int(file.name[..<dash])
    else { return nil }
    let name = String(file.name[file.name.index(after: dash)...].dropLast(4))
    return Migration(version: version, name: name, sql: sql)
  }.sorted { $0.version < $1.version }

  /// The schema version this coach knows: its last migration's.
  public static var latest: Int { all.last?.version ?? 0 }

  /// Splits SQL text into statements at the semicolons outside quotes (`'…'`, `"…"`),
  /// dollar-quoted bodies (`$$…$$`, `$tag$…$tag$`) and comments; empty statements and comments
  /// alone are dropped.
  public static func split(_ sql: String) -> [String] {
    let text = Array(sql.unicodeScalars)
    var statements: [String] = []
    var current = String.UnicodeScalarView()
    var meaningful = false
    var i = 0
    func flush() {
      let statement = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
      if meaningful, !statement.isEmpty { statements.append(statement) }
      current = String.UnicodeScalarView()
      meaningful = false
    }
    while i < text.count {
      let c = text[i]
      let next: Unicode.Scalar? = i + 1 < text.count ? text[i + 1] : nil
      if c == "-", next == "-" {
        while i < text.count, text[i] != "\n" { i += 1 }
        continue
      }
      if c == "/", next == "*" {
        i += 2
        while i + 1 < text.count, !(text[i] == "*" && text[i + 1] == "/") { i += 1 }
        i += 2
        continue
      }
      if c == ";" {
        flush()
        i += 1
        continue
      }
      if c == "'" || c == "\"" {
        current.append(c)
        i += 1
        while i < text.count {
          current.append(text[i])
          if text[i] == c {
            if i + 1 < text.count, text[i + 1] == c {
              current.append(text[i + 1])
              i += 2
              continue
            }
            i += 1
            break
          }
          i += 1
        }
        meaningful = true
        continue
      }
      if c == "$" {
        // A dollar quote's tag: $$ or $name$.
        var j = i + 1
        while j < text.count,
          text[j] == "_" || text[j].properties.isAlphabetic || ("0"..."9").contains(text[j])
        {
          j += 1
        }
        if j < text.count, text[j] == "$", !(i > 0 && text[i - 1].properties.isAlphabetic) {
          let tag = Array(text[i...j])
          current.unicodeScalars(append: tag)
          var k = j + 1
          while k < text.count {
            if text[k] == "$", k + tag.count <= text.count, Array(text[k..<(k + tag.count)]) == tag {
              current.unicodeScalars(append: tag)
              k += tag.count
              break
            }
            current.append(text[k])
            k += 1
          }
          i = k
          meaningful = true
          continue
        }
      }
      current.append(c)
      if !c.properties.isWhitespace { meaningful = true }
      i += 1
    }
    flush()
    return statements
  }
}

extension String.UnicodeScalarView {
  fileprivate mutating func unicodeScalars(append scalars: [Unicode.Scalar]) {
    append(contentsOf: scalars)
  }
}
