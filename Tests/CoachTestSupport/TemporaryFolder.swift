import Foundation

/// A new folder path under the system's temporary folder (not created), removed with
/// everything in it when the value goes: a suite that holds one cleans up after each test.
public final class TemporaryFolder: Sendable {
  public let path: String

  public init(_ prefix: String) {
    path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }
}
