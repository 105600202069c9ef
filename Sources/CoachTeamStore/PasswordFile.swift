import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// libpq's password file (`$PGPASSFILE`, else `~/.pgpass`): lines
/// `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped, `#`
/// starting a comment. As libpq does, the file is ignored when others can read it (its mode
/// must be 0600 or stricter), and `localhost` matches a Unix socket in the default folder.
public struct PasswordFile: Sendable {
  public struct Entry: Equatable, Sendable {
    public var host: String
    public var port: String
    public var database: String
    public var user: String
    public var password: String
  }

  public var path: String
  public var entries: [Entry]

  /// The file `environment` names, or nil when there is none to read. `warning` is told why a
  /// file was not read (too open).
  public static func load(environment: [String: String], warning: (String) -> Void = { _ in })
    -> PasswordFile?
  {
    let path: String
    if let named = environment["PGPASSFILE"], !named.isEmpty {
      path = named
    } else {
      let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
      path = home + "/.pgpass"
    }
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    if info.st_mode & 0o077 != 0 {
      warning(
        "\(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))): it is not read; chmod 600 it"
      )
      return nil
    }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return PasswordFile(path: path, text: text)
  }

  public init(path: String, text: String) {
    self.path = path
    entries = text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
      let line = line.hasSuffix("\r") ? line.dropLast() : line
      if line.hasPrefix("#") { return nil }
      let fields = Self.fields(line)
      guard fields.count >= 5 else { return nil }
      return Entry(
        host: fields[0], port: fields[1], database: fields[2], user: fields[3],
        password: fields[4...].joined(separator: ":"))
    }
  }

  /// The password of the first entry that matches.
  public func password(for url: DatabaseURL, login: String) -> String? {
    let host = url.passwordFileHost
    let database = url.database ?? login
    for entry in entries {
      func matches(_ field: String, _ value: String) -> Bool { field == "*" || field == value }
      let hostMatches =
        matches(entry.host, host) || (url.socketFolder != nil && matches(entry.host, url.socketFolder!))
      if hostMatches, matches(entry.port, String(url.port)), matches(entry.database, database),
        matches(entry.user, login)
      {
        return entry.password
      }
    }
    return nil
  }

  /// The fields of a line, split at unescaped colons, with `\:` and `\\` unescaped.
  static func fields(_ line: Substring) -> [String] {
    var fields: [String] = []
    var current = ""
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == ":" {
        fields.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    fields.append(current)
    return fields
  }
}
