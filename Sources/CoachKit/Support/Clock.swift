import Foundation

/// Time for the engine, injected so that sessions, tests and replays are deterministic.
public struct Clock: Sendable {
  public var now: @Sendable () -> Date

  public init(now: @escaping @Sendable () -> Date) {
    self.now = now
  }

  /// The wall clock; or, when `$COACH_NOW` holds an ISO 8601 time (`2026-03-02T09:00:00Z`),
  /// a clock that starts there and runs on at the wall clock's pace, so that tests and demos
  /// can hold sessions on the dates they need.
  public static let system: Clock = {
    guard let text = ProcessInfo.processInfo.environment["COACH_NOW"], let start = parseISO8601(text) else {
      return Clock(now: { Date() })
    }
    let offset = start.timeIntervalSince(Date())
    return Clock(now: { Date().addingTimeInterval(offset) })
  }()

  /// Today, in `timeZone`, by the ``system`` clock.
  public static func today(timeZone: TimeZone = .current) -> CalendarDay {
    CalendarDay(system.now(), timeZone: timeZone)
  }

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

  /// Parses what ``iso8601(_:)`` writes (and the same without milliseconds or with more
  /// digits of a second): `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
  public static func parseISO8601(_ text: String) -> Date? {
    var text = text
    return text.withUTF8 { b -> Date? in
      func digits(_ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var n = 0
        for i in at..<(at + count) {
          let d = Int(b[i]) - 48
          guard (0...9).contains(d) else { return nil }
          n = n * 10 + d
        }
        return n
      }
      guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
        b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[b.count - 1] == UInt8(ascii: "Z"),
        let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2), let hour = digits(11, 2),
        let minute = digits(14, 2), let second = digits(17, 2), hour < 24, minute < 60, second < 61,
        let date = CalendarDay(year: year, month: month, day: day)
      else { return nil }
      var fraction = 0.0
      if b.count > 20 {
        guard b[19] == UInt8(ascii: "."), b.count > 21 else { return nil }
        var scale = 0.1
        for i in 20..<(b.count - 1) {
          let d = Int(b[i]) - 48
          guard (0...9).contains(d) else { return nil }
          fraction += Double(d) * scale
          scale /= 10
        }
      }
      let seconds = date.ordinal * 86_400 + hour * 3600 + minute * 60 + second
      return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
  }
}
