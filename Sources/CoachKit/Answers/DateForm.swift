import Foundation

/// The ways a person can type a date (DESIGN 3): `2026-12-01`, `today`, `tomorrow`,
/// `yesterday`, `friday` / `next friday` (the first Friday after today), `+7d`, `+2w`, `+3m`,
/// `in 3 days`, `next week`, `next month`, `1 dec`, `dec 1 2026`.
public enum DateForm {
  /// The day `text` names, counted from `today`; nil when it names none.
  public static func resolve(_ text: String, today: CalendarDay) -> CalendarDay? {
    let s = text.lowercased().trimmedSpaces
      .replacingOccurrences(of: ",", with: " ")
    if let iso = CalendarDay(iso: s.replacingOccurrences(of: "/", with: "-")) { return iso }
    switch s {
    case "today", "now": return today
    case "tomorrow", "tmrw": return today.adding(days: 1)
    case "yesterday": return today.adding(days: -1)
    case "next week": return today.adding(days: 7)
    case "next month": return today.adding(months: 1)
    default: break
    }
    var words = s.split(separator: " ").map(String.init)
    let next = words.first == "next"
    if next || words.first == "this" || words.first == "on" { words.removeFirst() }
    if words.count == 1, let weekday = weekday(words[0]) {
      // `friday`: the coming one; `next friday`: the one of next week (on a Tuesday, not this
      // week's).
      var ahead = ((weekday - today.weekday) + 7) % 7
      if ahead == 0 { ahead = 7 }
      if next, weekday > today.weekday { ahead += 7 }
      return today.adding(days: ahead)
    }
    if let relative = relative(words, today: today) { return relative }
    return monthDay(words, today: today)
  }

  /// Whether `text` has the shape of a relative date (`+7d`, `in 3 weeks`), whatever its count.
  static func looksRelative(_ text: String) -> Bool {
    text.trimmedSpaces.lowercased().contains(#/^([+-]\d+\s*[a-z]+|in\s+\d+\s+[a-z]+)$/#)
  }

  /// `2026-02-30` when `text` is a date of that shape that no calendar has; nil otherwise.
  static func impossibleDate(_ text: String) -> String? {
    let s = text.trimmedSpaces.replacingOccurrences(of: "/", with: "-")
    return s.contains(#/^\d{4}-\d{2}-\d{2}$/#) && CalendarDay(iso: s) == nil ? s : nil
  }

  static func weekday(_ word: String) -> Int? {
    guard word.count >= 3 else { return nil }
    if let i = CalendarDay.weekdayNames.firstIndex(where: { $0.hasPrefix(word) }) { return i + 1 }
    if word == "tues" || word == "thur" || word == "thurs" {
      return word.hasPrefix("tu") ? 2 : 4
    }
    return nil
  }

  /// `+7d`, `+2w`, `+3m`, `+1y`, `-2d`, `in 3 days`, `in a week`.
  static func relative(_ words: [String], today: CalendarDay) -> CalendarDay? {
    var amount: Int
    var unit: String
    if words.count == 1, let sign = words[0].first, sign == "+" || sign == "-" {
      let body = words[0].dropFirst()
      let digits = body.prefix(while: { $0.isNumber })
      guard let n = Int(digits), !digits.isEmpty else { return nil }
      amount = sign == "-" ? -n : n
      unit = String(body.dropFirst(digits.count))
    } else if words.count == 3 || words.count == 2, words[0] == "in" {
      let count = words.count == 3 ? words[1] : "1"
      guard let n = count == "a" || count == "an" || count == "one" ? 1 : Int(count) else {
        return nil
      }
      amount = n
      unit = words.last!
    } else {
      return nil
    }
    // Counts past what any calendar holds are refused here, before arithmetic could overflow.
    guard abs(amount) <= 4_000_000 else { return nil }
    switch unit {
    case "d", "day", "days": return today.adding(days: amount)
    case "w", "wk", "week", "weeks": return today.adding(days: 7 * amount)
    case "m", "mo", "month", "months": return today.adding(months: amount)
    case "y", "yr", "year", "years": return today.adding(months: 12 * amount)
    default: return nil
    }
  }

  /// `1 dec`, `dec 1`, `december 1 2026`, `1 december 2026`: without a year, the next such day.
  static func monthDay(_ words: [String], today: CalendarDay) -> CalendarDay? {
    guard words.count == 2 || words.count == 3 else { return nil }
    func month(_ w: String) -> Int? {
      guard w.count >= 3 else { return nil }
      return CalendarDay.monthNames.firstIndex(where: { $0.hasPrefix(w) }).map { $0 + 1 }
    }
    func day(_ w: String) -> Int? {
      Int(
        w.replacingOccurrences(of: "st", with: "").replacingOccurrences(of: "nd", with: "")
          .replacingOccurrences(of: "rd", with: "").replacingOccurrences(of: "th", with: ""))
    }
    let m: Int
    let d: Int
    if let mm = month(words[0]), let dd = day(words[1]) {
      (m, d) = (mm, dd)
    } else if let dd = day(words[0]), let mm = month(words[1]) {
      (m, d) = (mm, dd)
    } else {
      return nil
    }
    if words.count == 3 {
      guard let y = Int(words[2]) else { return nil }
      return CalendarDay(year: y, month: m, day: d)
    }
    let year = today.components.year
    guard let candidate = CalendarDay(year: year, month: m, day: d) else {
      return CalendarDay(year: year + 1, month: m, day: d)
    }
    return candidate >= today ? candidate : CalendarDay(year: year + 1, month: m, day: d)
  }
}

extension AnswerParser {
  func parseDate(_ text: String, earliest: String?, latest: String?) -> Result<Value, AnswerError> {
    guard let day = DateForm.resolve(text, today: today) else {
      if DateForm.looksRelative(text) {
        return .failure(
          AnswerError(
            "'\(Sanitizer.inline(text, limit: 40))' is out of range: a date goes from \(CalendarDay.first) to \(CalendarDay.last)"
          ))
      }
      if let impossible = DateForm.impossibleDate(text) {
        return .failure(
          AnswerError("\(impossible) is not a day of the calendar: check the month and the day"))
      }
      return .failure(
        AnswerError(
          text.isEmpty
            ? "a date is needed: \(Self.accepted(by: .date(earliest: nil, latest: nil)))"
            : "'\(Sanitizer.inline(text, limit: 40))' is not a date I know: type 2026-12-01, today, tomorrow, friday, next monday, +7d or in 2 weeks"
        ))
    }
    if let lo = earliest.flatMap({ DateForm.resolve($0, today: today) }), day < lo {
      return .failure(AnswerError("\(day) is too early: the date must be \(lo) or later"))
    }
    if let hi = latest.flatMap({ DateForm.resolve($0, today: today) }), day > hi {
      return .failure(AnswerError("\(day) is too late: the date must be \(hi) or earlier"))
    }
    return .success(.string(day.description))
  }
}
