import ArgumentParser
import CoachKit
import Foundation

/// The exit codes coach uses (documented in the README), after sysexits.h.
public enum ExitStatus {
  /// Problems found: lint errors, failed dialog tests, a replay that diverges.
  public static let problems: Int32 = 1
  /// The command line was wrong (unknown option, missing argument, bad value).
  public static let usage: Int32 = 64
  /// A dialog script has errors.
  public static let badScript: Int32 = 65
  /// No such session, dialog or file.
  public static let notFound: Int32 = 66
  /// The store cannot be written.
  public static let cannotCreate: Int32 = 73
  /// Reading or writing failed (a damaged record, a full disk).
  public static let ioError: Int32 = 74
  /// The session is open in another coach process (or another sync runs on the store).
  public static let locked: Int32 = 75
  /// The team store cannot be reached (offline, refused, TLS), or has no (or another) schema;
  /// or this coach was built without the team store.
  public static let unavailable: Int32 = 69
  /// The team store refused the login, or the login may not do what was asked.
  public static let noPermission: Int32 = 77
  /// No team store is configured.
  public static let notConfigured: Int32 = 78
}

/// A failure to report as `coach: message` on stderr, exiting with `code`.
struct Failure: Error {
  var message: String
  var code: Int32
  /// More for a program, added to the `--jsonl` `error` line (e.g. the `candidates` of a name).
  var details: [String: Value] = [:]

  init(_ message: String, code: Int32, details: [String: Value] = [:]) {
    self.message = message
    self.code = code
    self.details = details
  }

  init(_ error: StoreError) {
    self.message = error.description
    self.code = ExitStatus.code(for: error)
  }
}

extension ExitStatus {
  /// The one table from a store error to its exit code.
  public static func code(for error: StoreError) -> Int32 {
    switch error {
    case .invalidID: usage
    case .unknownSession, .ambiguous: notFound
    case .locked: locked
    case .cannotCreate, .cannotWrite: cannotCreate
    case .writeFailed, .diskFull, .diskFullAtStart, .cannotRead, .notARecord, .emptyRecord, .corrupt: ioError
    }
  }
}

extension ParsableCommand {
  /// Runs `body`, turning a ``Failure`` into its message and exit code.
  func reporting(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let failure as Failure {
      Terminal.standardError("coach: " + failure.message + "\n")
      throw ExitCode(failure.code)
    } catch let error as StoreError {
      let failure = Failure(error)
      Terminal.standardError("coach: " + failure.message + "\n")
      throw ExitCode(failure.code)
    }
  }
}
