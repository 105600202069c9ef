import Foundation

/// Where the team store is: a PostgreSQL connection URL, as libpq reads one
/// (`postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=...`), parsed once.
///
/// `host` may be a Unix socket's folder, given as `?host=/run/postgresql` or percent-encoded in
/// the authority (`postgresql://dana@%2Frun%2Fpostgresql/org`). The password, when the URL has
/// one, is kept apart so that the URL can be shown (``redacted``) without it.
public struct DatabaseURL: Equatable, Sendable, CustomStringConvertible {
  public var user: String?
  public var password: String?
  /// A host name or address, or the folder of a Unix socket (starts with `/`); nil: the
  /// default socket folder, `/var/run/postgresql`.
  public var host: String?
  public var port: Int
  public var database: String?
  public var sslMode: SSLMode
  /// `sslrootcert`: the certificates to trust for `verify-ca` and `verify-full`.
  public var sslRootCertificate: String?
  /// `connect_timeout`, in seconds.
  public var connectTimeout: Int
  /// The parameters given that coach does not read.
  public var otherParameters: [String: String]

  /// libpq's `sslmode`: whether to use TLS, and what to check of the server's certificate.
  public enum SSLMode: String, Sendable, CaseIterable {
    /// No TLS.
    case disable
    /// TLS when the server offers it (coach treats `allow` as `prefer`); the certificate is not
    /// checked.
    case allow, prefer
    /// TLS or no connection; the certificate is not checked.
    case require
    /// TLS, with a certificate signed by a trusted authority.
    case verifyCA = "verify-ca"
    /// TLS, with a trusted certificate for the host named.
    case verifyFull = "verify-full"
  }

  /// The folder of the Unix socket when the host is one (or none is given).
  public var socketFolder: String? {
    guard let host else { return "/var/run/postgresql" }
    return host.hasPrefix("/") ? host : nil
  }

  /// The socket's path, `<folder>/.s.PGSQL.<port>`, when the host is a Unix socket.
  public var socketPath: String? {
    socketFolder.map { $0 + "/.s.PGSQL.\(port)" }
  }

  /// The host field of a `.pgpass` line for this URL: `localhost` for a socket in a default
  /// folder, the folder for another socket, else the host.
  public var passwordFileHost: String {
    if let folder = socketFolder {
      return ["/var/run/postgresql", "/run/postgresql", "/tmp"].contains(folder) ? "localhost" : folder
    }
    return host ?? "localhost"
  }

  /// The login: the URL's user, else `$PGUSER`, else the name of the user running coach.
  public func login(environment: [String: String]) -> String {
    if let user, !user.isEmpty { return user }
    if let user = environment["PGUSER"], !user.isEmpty { return user }
    if let user = environment["USER"], !user.isEmpty { return user }
    return NSUserName()
  }

  /// The URL without its password, as it may be shown and kept (`coach sync --status`).
  public var redacted: String {
    var text = "postgresql://"
    if let user { text += Self.encode(user) + "@" }
    if let host, !host.hasPrefix("/") {
      text += host.contains(":") ? "[\(host)]" : host
    }
    let isSocket = host?.hasPrefix("/") == true
    if port != 5432, !isSocket { text += ":\(port)" }
    text += "/" + (database.map(Self.encode) ?? "")
    var query: [String] = []
    if let host, isSocket { query.append("host=" + Self.encode(host)) }
    if port != 5432, isSocket { query.append("port=\(port)") }
    if sslMode != .prefer { query.append("sslmode=" + sslMode.rawValue) }
    if let sslRootCertificate { query.append("sslrootcert=" + Self.encode(sslRootCertificate)) }
    if !query.isEmpty { text += "?" + query.joined(separator: "&") }
    return text
  }

  public var description: String { redacted }

  /// Parses `text`; the error says what is wrong with it, without repeating a password.
  public init(_ text: String) throws(TeamStoreError) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let schemeEnd = trimmed.range(of: "://") else {
      throw .badURL("it does not start with postgresql://")
    }
    let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
    guard scheme == "postgresql" || scheme == "postgres" else {
      throw .badURL("the scheme is '\(Self.shown(String(scheme)))', not postgresql://")
    }
    var rest = Substring(trimmed[schemeEnd.upperBound...])
    var queryText: Substring = ""
    if let mark = rest.firstIndex(of: "?") {
      queryText = rest[rest.index(after: mark)...]
      rest = rest[..<mark]
    }
    var authority = rest
    var path: Substring = ""
    if let slash = rest.firstIndex(of: "/") {
      authority = rest[..<slash]
      path = rest[rest.index(after: slash)...]
    }
    user = nil
    password = nil
    if let at = authority.lastIndex(of: "@") {
      let credentials = authority[..<at]
      authority = authority[authority.index(after: at)...]
      if let colon = credentials.firstIndex(of: ":") {
        user = try Self.decode(credentials[..<colon], "the user name")
        password = try Self.decode(credentials[credentials.index(after: colon)...], "the password")
      } else {
        user = try Self.decode(credentials, "the user name")
      }
      if user == "" { user = nil }
    }
    host = nil
    port = 5432
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { throw .badURL("an IPv6 address lacks its ']'") }
      host = String(authority[authority.index(after: authority.startIndex)..<close])
      let after = authority[authority.index(after: close)...]
      if after.hasPrefix(":") {
        portText = after.dropFirst()
      } else if !after.isEmpty {
        throw .badURL("'\(Self.shown(String(after)))' follows the IPv6 address")
      }
    } else if !authority.isEmpty {
      if authority.contains(",") { throw .badURL("coach connects to one host, not a list") }
      if let colon = authority.lastIndex(of: ":") {
        portText = authority[authority.index(after: colon)...]
        authority = authority[..<colon]
      }
      let decoded = try Self.decode(authority, "the host")
      host = decoded.isEmpty ? nil : decoded
    }
    if let portText, !portText.isEmpty {
      guard let number = Int(portText), (1...65535).contains(number) else {
        throw .badURL("the port '\(Self.shown(String(portText)))' is not a number from 1 to 65535")
      }
      port = number
    }
    let name = try Self.decode(path, "the database name")
    database = name.isEmpty ? nil : name
    sslMode = .prefer
    sslRootCertificate = nil
    connectTimeout = 10
    otherParameters = [:]
    for pair in queryText.split(separator: "&") where !pair.isEmpty {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = try Self.decode(parts[0], "a parameter name")
      let value = parts.count > 1 ? try Self.decode(parts[1], "the value of \(key)") : ""
      switch key {
      case "sslmode":
        guard let mode = SSLMode(rawValue: value) else {
          throw .badURL(
            "sslmode '\(Self.shown(value))' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        sslMode = mode
      case "host": host = value.isEmpty ? nil : value
      case "port":
        guard let number = Int(value), (1...65535).contains(number) else {
          throw .badURL("the port '\(Self.shown(value))' is not a number from 1 to 65535")
        }
        port = number
      case "dbname": database = value.isEmpty ? nil : value
      case "user": user = value.isEmpty ? nil : value
      case "password": password = value
      case "sslrootcert": sslRootCertificate = value.isEmpty ? nil : value
      case "connect_timeout":
        guard let seconds = Int(value), seconds >= 0 else {
          throw .badURL("connect_timeout '\(Self.shown(value))' is not a number of seconds")
        }
        connectTimeout = seconds == 0 ? 10 : max(seconds, 2)
      default: otherParameters[key] = value
      }
    }
  }

  // MARK: - Percent encoding

  private static func decode(_ text: Substring, _ what: String) throws(TeamStoreError) -> String {
    guard let decoded = String(text).removingPercentEncoding else {
      throw .badURL("\(what) has a broken %-escape")
    }
    return decoded
  }

  private static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  private static func shown(_ text: String) -> String {
    String(text.prefix(40).map { $0.isLetter || $0.isNumber || "-._:/".contains($0) ? $0 : "?" })
  }
}
