#if TeamStore
  import CoachKit
  import Foundation
  import Logging
  import NIOCore
  import NIOPosix
  import NIOSSL
  import PostgresNIO

  /// One connection to the team store, as one login: the only type that opens PostgreSQL
  /// connections. Every query goes through postgres-nio's `PostgresQuery`, whose interpolations
  /// are bound parameters; errors come back as ``TeamStoreError`` with the server's message and
  /// never a parameter or a password.
  public final class TeamDatabase: @unchecked Sendable {
    public let url: DatabaseURL
    /// The login connected as.
    public let login: String
    let connection: PostgresConnection
    let logger: Logger

    /// Connects as the URL's user (else `$PGUSER`, else the user running coach), with the
    /// password from the URL, else `password` (the config file's), else `.pgpass`; TLS as the
    /// URL's `sslmode` says.
    public static func connect(
      _ url: DatabaseURL, password: String? = nil,
      environment: [String: String] = ProcessInfo.processInfo
        .environment,
      warning: (String) -> Void = { _ in }
    ) async throws(TeamStoreError) -> TeamDatabase {
      let login = url.login(environment: environment)
      let secret =
        url.password ?? password
        ?? PasswordFile.load(environment: environment, warning: warning)?.password(for: url, login: login)
        ?? environment["PGPASSWORD"]
      var configuration: PostgresConnection.Configuration
      if let socket = url.socketPath {
        configuration = .init(
          unixSocketPath: socket, username: login, password: secret, database: url.database)
      } else {
        configuration = .init(
          host: url.host ?? "localhost", port: url.port, username: login, password: secret,
          database: url.database,
          tls: try tls(url))
      }
      configuration.options.connectTimeout = .seconds(Int64(url.connectTimeout))
      configuration.options.additionalStartupParameters = [("application_name", "coach")]
      let logger = Logger(label: "coach.team-store", factory: { _ in SwiftLogNoOpLogHandler() })
      do {
        let connection = try await PostgresConnection.connect(
          configuration: configuration, id: 1, logger: logger)
        return TeamDatabase(url: url, login: login, connection: connection, logger: logger)
      } catch {
        throw Self.connectFailure(error, url: url, login: login, hadPassword: secret != nil)
      }
    }

    init(url: DatabaseURL, login: String, connection: PostgresConnection, logger: Logger) {
      self.url = url
      self.login = login
      self.connection = connection
      self.logger = logger
    }

    /// Closes the connection.
    public func close() async {
      try? await connection.close()
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    public func rows(_ query: PostgresQuery) async throws(TeamStoreError) -> [PostgresRow] {
      do {
        return try await connection.query(query, logger: logger).collect()
      } catch {
        throw Self.failure(error, login: login)
      }
    }

    /// Runs `query`, for what it does.
    public func run(_ query: PostgresQuery) async throws(TeamStoreError) {
      _ = try await rows(query)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(
      _ begin: PostgresQuery = "BEGIN", _ body: () async throws(TeamStoreError) -> T
    ) async throws(TeamStoreError) -> T {
      try await run(begin)
      do {
        let value = try await body()
        try await run("COMMIT")
        return value
      } catch {
        try? await run("ROLLBACK")
        throw error
      }
    }

    // MARK: - Errors

    /// The SQLSTATE of a server error.
    static func sqlState(_ error: any Error) -> String? {
      (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// A server error's message (and its detail and hint), else what failed on the way.
    static func reason(_ error: any Error) -> String {
      if let error = error as? PSQLError {
        if let info = error.serverInfo, let message = info[.message] {
          var text = message
          if let detail = info[.detail] { text += " (\(detail))" }
          if let hint = info[.hint] { text += "; \(hint)" }
          return text
        }
        switch error.code {
        case .sslUnsupported: return "the server does not offer TLS, which sslmode requires"
        case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
        case .authMechanismRequiresPassword: return "the server asks for a password and none was found"
        case .unsupportedAuthMechanism: return "the server asks for a login method coach does not know"
        case .saslError: return "the password was not accepted"
        case .connectionError:
          return error.underlying.map(describe) ?? "the connection failed"
        default: return error.underlying.map(describe) ?? "\(error.code)"
        }
      }
      return describe(error)
    }

    /// A lower-level error (a socket's, TLS's) as a person reads it.
    static func describe(_ error: any Error) -> String {
      if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
      if let error = error as? NIOSSLError { return "TLS failed (\(error))" }
      if let error = error as? BoringSSLError { return "TLS failed (\(error))" }
      if let error = error as? NIOSSLExtraError { return "TLS failed (\(error))" }
      if error is ChannelError { return "the connection failed (\(error))" }
      let text = "\(error)"
      if text.contains("connectTimeout") || text.contains("timeout") { return "no answer in time" }
      if text.contains("NXDOMAIN") || text.contains("resolve") { return "the host name cannot be resolved" }
      return text
    }

    static func connectFailure(_ error: any Error, url: DatabaseURL, login: String, hadPassword: Bool)
      -> TeamStoreError
    {
      let state = sqlState(error)
      switch state {
      case "28P01", "28000":
        return .loginRefused(url: url.redacted, login: login, reason: reason(error))
      case "3D000":
        return .noSchema(url: url.redacted, reason: "has no such database: \(reason(error))")
      case let code? where code.hasPrefix("57") || code.hasPrefix("53") || code.hasPrefix("08"):
        return .unreachable(url: url.redacted, reason: reason(error))
      case _?:
        return .loginRefused(url: url.redacted, login: login, reason: reason(error))
      case nil:
        if let psql = error as? PSQLError,
          psql.code == .authMechanismRequiresPassword || psql.code == .saslError
        {
          return .loginRefused(
            url: url.redacted, login: login,
            reason: hadPassword
              ? "the password was not accepted" : "the server asks for a password and none was found")
        }
        return .unreachable(url: url.redacted, reason: reason(error))
      }
    }

    static func failure(_ error: any Error, login: String) -> TeamStoreError {
      if let error = error as? TeamStoreError { return error }
      switch sqlState(error) {
      case "42501":
        return .notAllowed(login: login, reason: "may not do that in the team store: \(reason(error))")
      case "3F000", "42P01", "42883":
        return .noSchema(
          url: "the database",
          reason: "has no coach team store (\(reason(error))): run coach org init --database URL")
      case let code? where code.hasPrefix("08") || code.hasPrefix("57"):
        return .unreachable(url: "the team store", reason: reason(error))
      case _?:
        return .server(reason(error))
      case nil:
        return .unreachable(url: "the team store", reason: reason(error))
      }
    }

    // MARK: - TLS

    /// The TLS that `sslmode` asks for (over TCP; a Unix socket has none).
    static func tls(_ url: DatabaseURL) throws(TeamStoreError) -> PostgresConnection.Configuration.TLS {
      var configuration = TLSConfiguration.makeClientConfiguration()
      switch url.sslMode {
      case .disable: return .disable
      case .allow, .prefer, .require: configuration.certificateVerification = .none
      case .verifyCA: configuration.certificateVerification = .noHostnameVerification
      case .verifyFull: configuration.certificateVerification = .fullVerification
      }
      if let root = url.sslRootCertificate {
        configuration.trustRoots = .file(root)
      }
      let context: NIOSSLContext
      do {
        context = try NIOSSLContext(configuration: configuration)
      } catch {
        throw .badURL("its TLS settings cannot be used: \(describe(error))")
      }
      switch url.sslMode {
      case .disable: return .disable
      case .allow, .prefer: return .prefer(context)
      case .require, .verifyCA, .verifyFull: return .require(context)
      }
    }
  }
#endif
