import CoachKit

/// What went wrong with the team store, said so a person knows what to do. Never carries a
/// password: URLs are shown ``DatabaseURL/redacted``, and a server's error is reduced to its
/// message (a query's parameters are never repeated).
public enum TeamStoreError: Error, Equatable, CustomStringConvertible {
  /// No database was named: not by `--database`, `COACH_DATABASE_URL` nor the config file.
  case notConfigured
  /// The database URL cannot be read.
  case badURL(String)
  /// The server cannot be reached (offline, refused, timed out, TLS failed).
  case unreachable(url: String, reason: String)
  /// The server refused the login (wrong password, no such role, not allowed by pg_hba.conf).
  case loginRefused(url: String, login: String, reason: String)
  /// The database has no team store (`coach org init` was not run), or a newer one.
  case noSchema(url: String, reason: String)
  /// The login may not do this (not a member of the team store, not an administrator).
  case notAllowed(login: String, reason: String)
  /// A request the command cannot carry out (an unknown manager, a loop in the tree).
  case invalid(String)
  /// Another `coach sync` is running on this store.
  case busy(store: String)
  /// The server answered with an error while syncing.
  case server(String)
  /// The local store failed.
  case local(StoreError)

  public var description: String {
    switch self {
    case .notConfigured:
      return
        "no team store is configured: give --database postgresql://LOGIN@HOST/DATABASE, or set COACH_DATABASE_URL"
    case .badURL(let reason):
      return "the database URL cannot be read: \(reason)"
    case .unreachable(let url, let reason):
      return
        "cannot reach the team store at \(url): \(reason); nothing was lost, everything stays on this laptop: sync again when it can be reached"
    case .loginRefused(let url, let login, let reason):
      return
        "the team store at \(url) refused the login '\(login)': \(reason) (check the password in the config file or ~/.pgpass)"
    case .noSchema(let url, let reason):
      return "\(url) \(reason)"
    case .notAllowed(let login, let reason):
      return "'\(login)' \(reason)"
    case .invalid(let reason):
      return reason
    case .busy(let store):
      return "another coach sync is running on the store \(store): wait for it to finish"
    case .server(let reason):
      return "the team store answered: \(reason)"
    case .local(let error):
      return error.description
    }
  }
}
