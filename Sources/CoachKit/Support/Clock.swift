import Foundation

/// Time for the engine, injected so that sessions, tests and replays are deterministic.
public struct Clock: Sendable {
  public var now: @Sendable () -> Date

  public init(now: @escaping @Sendable () -> Date) {
    self.now = now
  }

  /// The wall clock.
  public static let system = Clock(now: { Date() })

  /// `m:ss`, or `h:mm:ss` past an hour.
  public static func format(seconds: Int) -> String {
    let s = max(0, seconds)
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60)
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return h > 0 ? "\(h):\(two(m)):\(two(sec))" : "\(m):\(two(sec))"
  }

  /// An ISO 8601 UTC timestamp with milliseconds: `2026-11-22T15:12:06.123Z`.
  public static func iso8601(_ date: Date) -> String {
    let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let seconds = Int(ms / 1000) - (ms < 0 && ms % 1000 != 0 ? 1 : 0)
    let millis = Int(((ms % 1000) + 1000) % 1000)
    let day = CalendarDay(ordinal: Int((Double(seconds) / 86_400).rounded(.down)))
    let secondOfDay = seconds - day.ordinal * 86_400
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    let three = { (n: Int) in n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
    return
      "\(day)T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)).\(three(millis))Z"
  }

  /// Parses what ``iso8601(_:)`` writes (and the same without milliseconds).
  public static func parseISO8601(_ text: String) -> Date? {
    let parts = text.split(separator: "T")
    guard parts.count == 2, let day = CalendarDay(iso: parts[0]), parts[1].hasSuffix("Z") else {
      return nil
    }
    let time = parts[1].dropLast().split(separator: ":")
    guard time.count == 3, let h = Int(time[0]), let m = Int(time[1]), let s = Double(time[2]) else {
      return nil
    }
    return Date(
      timeIntervalSince1970: Double(day.ordinal * 86_400 + h * 3600 + m * 60) + s)
  }
}
