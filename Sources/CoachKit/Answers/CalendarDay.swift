import Foundation

/// A calendar date without a time: what date answers, `today` and due dates hold.
public struct CalendarDay: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var ordinal: Int

  public init(ordinal: Int) {
    self.ordinal = ordinal
  }

  /// The day, or nil when the date does not exist.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
      (1...9999).contains(year)
    else { return nil }
    // Days from civil (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    ordinal = era * 146097 + doe - 719468
  }

  /// Parses `YYYY-MM-DD`.
  public init?(iso text: some StringProtocol) {
    // Ten ASCII bytes, digits but for the two dashes: read byte by byte (it is on the path of
    // every due date a team list reads).
    var digits: [Int] = []
    digits.reserveCapacity(8)
    var count = 0
    for byte in text.utf8 {
      count += 1
      guard count <= 10 else { return nil }
      if count == 5 || count == 8 {
        guard byte == UInt8(ascii: "-") else { return nil }
        continue
      }
      guard (48...57).contains(byte) else { return nil }
      digits.append(Int(byte) - 48)
    }
    guard count == 10 else { return nil }
    let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
    self.init(year: y, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
  }

  /// The local calendar day of `date`.
  public init(_ date: Date, timeZone: TimeZone = .current) {
    let seconds = Int(floor(date.timeIntervalSince1970)) + timeZone.secondsFromGMT(for: date)
    ordinal = Int(floor(Double(seconds) / 86_400))
  }

  public var components: (year: Int, month: Int, day: Int) {
    let z = ordinal + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// 1 = Monday … 7 = Sunday.
  public var weekday: Int {
    // 1970-01-01 was a Thursday (4).
    ((ordinal % 7 + 7) % 7 + 3) % 7 + 1
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// A friendly form: `Mon 1 Dec 2026`.
  public var friendly: String {
    let (y, m, d) = components
    return
      "\(Self.weekdayNames[weekday - 1].prefix(3).capitalized) \(d) \(Self.monthNames[m - 1].prefix(3).capitalized) \(y)"
  }

  /// The first and last days coach reads and writes (years 1 to 9999, as ISO 8601 writes them).
  public static let first = CalendarDay(year: 1, month: 1, day: 1)!
  public static let last = CalendarDay(year: 9999, month: 12, day: 31)!

  /// The day `days` later (earlier when negative); nil past year 9999 or before year 1.
  public func adding(days: Int) -> CalendarDay? {
    let (sum, overflow) = ordinal.addingReportingOverflow(days)
    guard !overflow, (Self.first.ordinal...Self.last.ordinal).contains(sum) else { return nil }
    return CalendarDay(ordinal: sum)
  }

  /// The same day `months` later, clamped to the end of a shorter month; nil past year 9999 or
  /// before year 1.
  public func adding(months: Int) -> CalendarDay? {
    let (y, m, d) = components
    guard abs(months) <= 12 * 10_000 else { return nil }
    let total = y * 12 + (m - 1) + months
    guard total >= 0 else { return nil }
    let year = total / 12
    let month = total % 12 + 1
    return CalendarDay(year: year, month: month, day: min(d, Self.daysIn(month: month, year: year)))
  }

  public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.ordinal < b.ordinal }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  static let weekdayNames = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]
  static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
}
