import Foundation

/// Results filled in by concurrent work (`DispatchQueue.concurrentPerform`), each in its own
/// slot, read in order once the work is done.
final class ConcurrentResults<Result>: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var values: [Result?]

  init(count: Int) {
    values = Array(repeating: nil, count: count)
  }

  func set(_ index: Int, _ result: Result) {
    lock.lock()
    values[index] = result
    lock.unlock()
  }
}
