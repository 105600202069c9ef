import ArgumentParser
import CoachKit
import Foundation

/// The exit codes coach uses (documented in the README), after sysexits.h.
enum ExitStatus {
  /// Problems found: lint errors, failed dialog tests, a replay that diverges.
  static let problems: Int32 = 1
  /// The command line was wrong (unknown option, missing argument, bad value).
  static let usage: Int32 = 64
  /// A dialog script has errors.
  static let badScript: Int32 = 65
  /// No such session, dialog or file.
  static let notFound: Int32 = 66
  /// The store cannot be written.
  static let cannotCreate: Int32 = 73
  /// Reading or writing failed (a damaged record, a full disk).
  static let ioError: Int32 = 74
  /// The session is open in another coach process.
  static let locked: Int32 = 75
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
  static func code(for error: StoreError) -> Int32 {
    switch error {
    case .invalidID: usage
    case .unknownSession, .ambiguous: notFound
    case .locked: locked
    case .cannotCreate, .cannotWrite: cannotCreate
    case .writeFailed, .diskFull, .cannotRead, .notARecord, .emptyRecord, .corrupt: ioError
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
