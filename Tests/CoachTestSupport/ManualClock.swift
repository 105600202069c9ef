import CoachKit
import Foundation

/// A clock tests move by hand, so that timing and dates are exact.
public final class ManualClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date

  /// Starts at 2026-11-23 09:00:00 UTC (a Monday) unless told otherwise.
  public init(_ start: Date = Date(timeIntervalSince1970: 1_795_424_400)) {
    current = start
  }

  public var now: Date {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  public func advance(seconds: Double) {
    lock.lock()
    current += seconds
    lock.unlock()
  }

  public var clock: Clock { Clock(now: { [self] in now }) }
}
