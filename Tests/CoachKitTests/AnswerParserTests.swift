import CoachKit
import Testing

/// Every answer kind, with good input (and its normalised value) and bad input (and the message).
struct AnswerParserTests {
  let parser = AnswerParser(today: CalendarDay(year: 2026, month: 11, day: 23)!)  // a Monday

  static let good: [(AnswerKind, String, Value)] = [
    (.text, "  Closed Acme  ", "Closed Acme"),
    (.text, "line one\nline two", "line one\nline two"),
    (.yesNo, "y", true), (.yesNo, "YES", true), (.yesNo, "nope", false), (.yesNo, "n.", false),
    (.scale(min: 1, max: 5, anchors: [1: "Poor", 5: "Great"]), "4", 4),
    (.scale(min: 1, max: 5, anchors: [1: "Poor", 5: "Great"]), "gr", 5),
    (.scale(min: 1, max: 5, anchors: [:]), "3/5", 3),
    (.number(NumberOptions(min: 0, max: 500, unit: "calls")), "120 calls", 120),
    (.number(NumberOptions()), "1,200", 1200), (.number(NumberOptions()), "1.5k", 1500),
    (.number(NumberOptions()), "-3.25", -3.25),
    (.number(NumberOptions(integer: true)), "12", 12),
    (.percent(min: 0, max: 100), "35", 35), (.percent(min: 0, max: 100), "35.5 %", 35.5),
    (.percent(min: -100, max: 100), "-12%", -12),
    (.money(min: nil, max: nil, currency: "USD"), "$12,500", 12500),
    (.money(min: nil, max: nil, currency: "USD"), "12.5k", 12500),
    (.money(min: nil, max: nil, currency: "USD"), "1.2m USD", 1_200_000),
    (.money(min: nil, max: nil, currency: "EUR"), "€ 99.99", 99.99),
    (.date(earliest: nil, latest: nil), "2026-12-01", "2026-12-01"),
    (.date(earliest: nil, latest: nil), "today", "2026-11-23"),
    (.date(earliest: nil, latest: nil), "tomorrow", "2026-11-24"),
    (.date(earliest: nil, latest: nil), "friday", "2026-11-27"),
    (.date(earliest: nil, latest: nil), "next monday", "2026-11-30"),
    (.date(earliest: nil, latest: nil), "+7d", "2026-11-30"),
    (.date(earliest: nil, latest: nil), "+2w", "2026-12-07"),
    (.date(earliest: nil, latest: nil), "in 3 days", "2026-11-26"),
    (.date(earliest: nil, latest: nil), "+3m", "2027-02-23"),
    (.date(earliest: nil, latest: nil), "1 dec", "2026-12-01"),
    (.date(earliest: nil, latest: nil), "Jan 5", "2027-01-05"),
    (.date(earliest: "today", latest: "+90d"), "+30d", "2026-12-23"),
    (.choice(choices), "2", "new-markets"), (.choice(choices), "new m", "new-markets"),
    (.choice(choices), "REFERRALS", "referrals"), (.choice(choices), "one", "one-or-two-accounts"),
    // Words of the label, in order, each whole or by its start; a space for a dash of the value.
    (.choice(choices), "large accounts", "one-or-two-accounts"),
    (.choice(choices), "two large", "one-or-two-accounts"),
    (.choice(choices), "new products", "new-products"), (.choice(choices), "new prod", "new-products"),
    (.choice(choices), "new-markets", "new-markets"),
    (
      .multiChoice(choices, min: nil, max: nil), "large acc, referrals", ["one-or-two-accounts", "referrals"]
    ),
    (.multiChoice(choices, min: nil, max: nil), "1, 3", ["one-or-two-accounts", "new-products"]),
    (.multiChoice(choices, min: nil, max: nil), "1 3", ["one-or-two-accounts", "new-products"]),
    (.multiChoice(choices, min: nil, max: nil), "referrals, new m, referrals", ["referrals", "new-markets"]),
    (.rating(anchors: [1: "None", 4: "Strong"], competency: nil, evidence: true), "3", 3),
    (.rating(anchors: [1: "None", 4: "Strong"], competency: nil, evidence: true), "str", 4),
    (
      .action(owner: nil, requireDue: false), "Call Beta @dana due:+2d",
      ["type": "action", "text": "Call Beta", "owner": "dana", "due": "2026-11-25"]
    ),
    (
      .action(owner: nil, requireDue: false), "Call Beta",
      ["type": "action", "text": "Call Beta", "owner": nil, "due": nil]
    ),
    (.actionReview, "done", ["status": "done", "due": nil]),
    (.actionReview, "X", ["status": "dropped", "due": nil]),
    (.actionReview, "moved to friday", ["status": "open", "due": "2026-11-27"]),
    (.actionReview, "keep", ["status": "open", "due": nil]),
  ]

  static let choices = [
    Choice(value: "one-or-two-accounts", label: "One or two large accounts"),
    Choice(value: "new-markets", label: "New markets"),
    Choice(value: "new-products", label: "New products"),
    Choice(value: "referrals", label: "Referrals"),
  ]

  @Test(arguments: good)
  func acceptsAndNormalises(kind: AnswerKind, input: String, expected: Value) {
    #expect(parser.parse(input, as: kind) == .success(expected))
  }

  static let bad: [(AnswerKind, String, String)] = [
    (.text, "   ", "an answer is needed"),
    (.yesNo, "maybe", "'maybe' is not yes or no: answer y or n"),
    (.scale(min: 1, max: 5, anchors: [:]), "7", "7 is out of range: type a whole number from 1 to 5"),
    (.scale(min: 1, max: 5, anchors: [:]), "good", "'good' is not a score"),
    (
      .number(NumberOptions(min: 0, max: 500, unit: "calls")), "600",
      "600 is out of range: type a number from 0 to 500 (calls)"
    ),
    (.number(NumberOptions()), "lots", "'lots' is not a number"),
    (.number(NumberOptions(integer: true)), "2.5", "2.5 is not a whole number"),
    (.percent(min: 0, max: 100), "150", "150 is out of range"),
    (.percent(min: 0, max: 100), "half", "'half' is not a percentage"),
    (
      .money(min: nil, max: nil, currency: "USD"), "-5",
      "-$5 is out of range: the amount must be at least 0 USD"
    ),
    (.money(min: nil, max: nil, currency: "USD"), "a lot", "'a lot' is not an amount"),
    (.date(earliest: nil, latest: nil), "someday", "'someday' is not a date I know"),
    (.date(earliest: nil, latest: nil), "2026-02-30", "2026-02-30 is not a day of the calendar"),
    (
      .date(earliest: nil, latest: nil), "+9223372036854775807d",
      "is out of range: a date goes from 0001-01-01"
    ),
    (.date(earliest: nil, latest: nil), "in 9223372036854775807 days", "is out of range"),
    (.date(earliest: nil, latest: nil), "+2000000000000000000w", "is out of range"),
    (.date(earliest: nil, latest: nil), "+999999999999999999m", "is out of range"),
    (
      .number(NumberOptions()), "99999999999999999999",
      "is too large: coach takes numbers up to 999,999,999,999,999"
    ),
    (
      .money(min: nil, max: nil, currency: "USD"), "1" + String(repeating: "0", count: 308) + "k",
      "is too large"
    ),
    (.percent(min: 0, max: 100), "1" + String(repeating: "0", count: 400), "is too large"),
    (
      .date(earliest: "today", latest: nil), "yesterday",
      "2026-11-22 is too early: the date must be 2026-11-23 or later"
    ),
    (.date(earliest: nil, latest: "+30d"), "+60d", "is too late"),
    (.choice(choices), "new", "'new' could be New markets or New products: type more of it, or its number"),
    (.choice(choices), "9", "there is no choice 9: type 1 to 4 or the start of a name"),
    (.choice(choices), "partners", "'partners' is not a choice"),
    // Words out of order are not a match.
    (.choice(choices), "accounts large", "'accounts large' is not a choice"),
    (.multiChoice(choices, min: 2, max: 3), "1", "pick at least 2 (you picked 1)"),
    (.multiChoice(choices, min: nil, max: 2), "1,2,3", "pick at most 2 (you picked 3)"),
    (.multiChoice(choices, min: nil, max: nil), "1, partners", "'partners' is not a choice"),
    (
      .rating(anchors: [1: "None", 4: "Strong"], competency: nil, evidence: true), "0",
      "0 is out of range: type a whole number from 1 to 4"
    ),
  ]

  @Test(arguments: bad)
  func refusesWithAPreciseMessage(kind: AnswerKind, input: String, message: String) throws {
    guard case .failure(let error) = parser.parse(input, as: kind) else {
      Issue.record("'\(input)' was accepted as \(kind.name)")
      return
    }
    #expect(error.message.contains(message), "\(error.message)")
  }

  @Test func messagesShowControlCharactersVisibly() throws {
    guard case .failure(let error) = parser.parse("\u{1B}[31mred", as: .yesNo) else {
      Issue.record("accepted")
      return
    }
    #expect(!error.message.contains("\u{1B}"))
    #expect(error.message.contains("^[[31mred"))
  }

  @Test func everyKindSaysWhatItAccepts() {
    let kinds: [AnswerKind] = [
      .text, .yesNo, .scale(min: 1, max: 5, anchors: [:]), .number(NumberOptions()),
      .percent(min: 0, max: 100), .money(min: nil, max: nil, currency: "USD"),
      .date(earliest: nil, latest: nil), .choice(Self.choices),
      .multiChoice(Self.choices, min: nil, max: nil), .list(min: nil, max: nil),
      .rating(anchors: [1: "a", 4: "b"], competency: nil, evidence: true),
      .action(owner: nil, requireDue: false), .actionReview,
    ]
    #expect(Set(kinds.map(\.name.rawValue)) == Set(AnswerKind.names))
    for kind in kinds { #expect(!AnswerParser.accepted(by: kind).isEmpty) }
  }
}
