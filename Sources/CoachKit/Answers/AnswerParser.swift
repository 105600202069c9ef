import Foundation

/// Why an answer was not accepted, said so that the person knows what to type instead.
public struct AnswerError: Error, Equatable, Sendable {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }
}

/// Parses, validates and normalises one line typed as the answer to a step (DESIGN 3).
public struct AnswerParser {
  public var today: CalendarDay

  public init(today: CalendarDay) {
    self.today = today
  }

  /// The typed value of `raw` as an answer of `kind`. Rating and list answers, which take
  /// several lines, are parsed a line at a time by ``parseScore(_:anchors:)`` and
  /// ``parseItem(_:)``.
  public func parse(_ raw: String, as kind: AnswerKind) -> Result<Value, AnswerError> {
    let text = raw.trimmed
    switch kind {
    case .text:
      return text.isEmpty
        ? .failure(AnswerError("an answer is needed: type it, then Enter")) : .success(.string(text))
    case .yesNo:
      return parseYesNo(text)
    case .scale(let min, let max, let anchors):
      return parseScore(text, min: min, max: max, anchors: anchors).map { .number(Double($0)) }
    case .number(let options):
      return parseNumber(text, options: options)
    case .percent(let min, let max):
      return parsePercent(text, min: min, max: max)
    case .money(let min, let max, let currency):
      return parseMoney(text, min: min, max: max, currency: currency)
    case .date(let earliest, let latest):
      return parseDate(text, earliest: earliest, latest: latest)
    case .choice(let choices):
      return parseChoice(text, choices).map { .string($0.value) }
    case .multiChoice(let choices, let min, let max):
      return parseMultiChoice(text, choices, min: min, max: max)
    case .list:
      return parseItem(text).map { .array([.string($0)]) }
    case .rating(let anchors, _, _):
      let (lo, hi) = Self.bounds(of: anchors)
      return parseScore(text, min: lo, max: hi, anchors: anchors).map { .number(Double($0)) }
    case .action(_, let requireDue):
      return parseAction(text, owner: nil, requireDue: requireDue)
    case .actionReview:
      return parseReview(text).map {
        ["status": .string($0.status.rawValue), "due": .optional($0.due?.description)]
      }
    }
  }

  /// What a step of `kind` accepts, in a few words (shown with prompts and errors).
  public static func accepted(by kind: AnswerKind) -> String {
    switch kind {
    case .text: return "any text"
    case .yesNo: return "yes or no (y/n)"
    case .scale(let min, let max, _): return "a whole number from \(min) to \(max)"
    case .number(let o):
      var s = o.integer ? "a whole number" : "a number"
      if let lo = o.min, let hi = o.max {
        s += " from \(JSON.formatNumber(lo)) to \(JSON.formatNumber(hi))"
      } else if let lo = o.min {
        s += " of at least \(JSON.formatNumber(lo))"
      } else if let hi = o.max {
        s += " of at most \(JSON.formatNumber(hi))"
      }
      if let unit = o.unit { s += " (\(unit))" }
      return s
    case .percent(let min, let max):
      return "a percentage from \(JSON.formatNumber(min)) to \(JSON.formatNumber(max)), e.g. 35 or 35%"
    case .money(let min, _, let currency):
      let example = currencySymbol(currency).map { "\($0)12,500" } ?? "12500 \(currency)"
      return "an amount in \(currency), e.g. \(example) or 12.5k"
        + ((min ?? 0) < 0 ? "" : " (not negative)")
    case .date:
      return "a date: 2026-12-01, today, tomorrow, friday, next monday, +7d, +2w, in 3 days"
    case .choice(let choices):
      return "one of: " + choiceList(choices) + " (a number or the start of a name)"
    case .multiChoice(let choices, _, _):
      return "one or more of: " + choiceList(choices) + ", separated by commas"
    case .list: return "one item a line; an empty line ends the list"
    case .rating(let anchors, _, _):
      let (lo, hi) = bounds(of: anchors)
      return "a score from \(lo) to \(hi)"
    case .action(_, let requireDue):
      return
        "the action, then @owner and \(requireDue ? "" : "optionally ")due:DATE (e.g. Call Acme's CFO @dana due:friday)"
    case .actionReview:
      return "done, drop, a new due date (friday, +7d, 2026-12-01), or open to leave it as it is"
    }
  }

  static func choiceList(_ choices: [Choice]) -> String {
    choices.enumerated().map { "\($0.offset + 1) \($0.element.label)" }.joined(separator: ", ")
  }

  /// The lowest and highest score of a rating's anchors.
  public static func bounds(of anchors: [Int: String]) -> (Int, Int) {
    (anchors.keys.min() ?? 1, anchors.keys.max() ?? 4)
  }

  // MARK: yes-no

  private static let yes: Set<String> = [
    "y", "yes", "yeah", "yep", "true", "t", "sure", "ok", "oui", "ja", "si", "sí",
  ]
  private static let no: Set<String> = ["n", "no", "nope", "nah", "false", "f", "non", "nein"]

  func parseYesNo(_ text: String) -> Result<Value, AnswerError> {
    let word = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".!"))
    if Self.yes.contains(word) { return .success(.bool(true)) }
    if Self.no.contains(word) { return .success(.bool(false)) }
    if text.isEmpty { return .failure(AnswerError("answer yes or no (y/n)")) }
    return .failure(AnswerError("'\(Sanitizer.inline(text, limit: 40))' is not yes or no: answer y or n"))
  }

  // MARK: numbers

  /// The largest magnitude coach takes for a number or an amount: a thousand billion, as
  /// exactly as a double holds whole numbers (larger ones are refused, never rounded or
  /// stored as infinity).
  public static let largestNumber = 999_999_999_999_999.0

  /// Reads `1,200`, `12.5`, `-3`, `12.5k`, `1.2m`; returns nil when it is not a number, and
  /// infinity's sign when it is one too large to take (see ``largestNumber``).
  static func readNumber(_ text: String) -> Double? {
    var s = String(text.lowercased().filter { $0 != "," && $0 != "_" && $0 != "\u{00A0}" && $0 != " " })
    var factor = 1.0
    if s.hasSuffix("k") {
      factor = 1_000
      s.removeLast()
    } else if s.hasSuffix("m") || s.hasSuffix("mm") {
      factor = 1_000_000
      while s.hasSuffix("m") { s.removeLast() }
    } else if s.hasSuffix("bn") {
      factor = 1_000_000_000
      s.removeLast(2)
    }
    guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }),
      let n = Double(s)
    else { return nil }
    let value = n * factor
    guard value.isFinite, abs(value) <= largestNumber else { return value < 0 ? -.infinity : .infinity }
    return value
  }

  /// A unit for one of it: `activities` → `activity`, `reps` → `rep`; a unit that is not an
  /// English plural (`h`, `× target`) stays as it is.
  public static func singular(_ unit: String) -> String {
    guard let last = unit.last, last.isLetter, unit.count > 2 else { return unit }
    if unit.hasSuffix("ies") { return String(unit.dropLast(3)) + "y" }
    if unit.hasSuffix("s"), !unit.hasSuffix("ss") { return String(unit.dropLast()) }
    return unit
  }

  /// `unit` as it reads after the number `n`.
  public static func unit(_ unit: String, for n: Double) -> String { abs(n) == 1 ? singular(unit) : unit }

  private func tooLarge(_ text: String) -> AnswerError {
    AnswerError(
      "'\(Sanitizer.inline(text, limit: 40))' is too large: coach takes numbers up to 999,999,999,999,999")
  }

  func parseNumber(_ text: String, options: NumberOptions) -> Result<Value, AnswerError> {
    var body = text
    // The unit may follow, plural or singular (`12 activities`, `1 activity`).
    if let plural = options.unit?.lowercased() {
      for unit in Set([plural, Self.singular(plural)]) where body.lowercased().hasSuffix(unit) {
        body = String(body.dropLast(unit.count)).trimmedSpaces
        break
      }
    }
    guard let n = Self.readNumber(body) else {
      return .failure(
        AnswerError(
          text.isEmpty
            ? "a number is needed: type \(Self.accepted(by: .number(options)))"
            : "'\(Sanitizer.inline(text, limit: 40))' is not a number: type \(Self.accepted(by: .number(options)))"
        ))
    }
    guard n.isFinite else { return .failure(tooLarge(text)) }
    if options.integer, n != n.rounded() {
      return .failure(AnswerError("\(JSON.formatNumber(n)) is not a whole number"))
    }
    if let lo = options.min, n < lo { return .failure(outOfRange(n, .number(options))) }
    if let hi = options.max, n > hi { return .failure(outOfRange(n, .number(options))) }
    return .success(.number(n))
  }

  private func outOfRange(_ n: Double, _ kind: AnswerKind) -> AnswerError {
    AnswerError("\(JSON.formatNumber(n)) is out of range: type \(Self.accepted(by: kind))")
  }

  func parsePercent(_ text: String, min: Double, max: Double) -> Result<Value, AnswerError> {
    var body = text
    if body.hasSuffix("%") {
      body = String(body.dropLast()).trimmedSpaces
    } else if body.lowercased().hasSuffix("percent") {
      body = String(body.dropLast(7)).trimmedSpaces
    }
    guard !body.lowercased().hasSuffix("k"), !body.lowercased().hasSuffix("m"),
      let n = Self.readNumber(body)
    else {
      return .failure(
        AnswerError(
          text.isEmpty
            ? "a percentage is needed, e.g. 35 or 35%"
            : "'\(Sanitizer.inline(text, limit: 40))' is not a percentage: type a number such as 35 or 35%"))
    }
    guard n.isFinite else { return .failure(tooLarge(text)) }
    guard n >= min, n <= max else {
      return .failure(outOfRange(n, .percent(min: min, max: max)))
    }
    return .success(.number(n))
  }

  static func currencySymbol(_ code: String) -> String? {
    ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "$", "AUD": "$"][code]
  }

  func parseMoney(_ text: String, min: Double?, max: Double?, currency: String)
    -> Result<Value, AnswerError>
  {
    var body = text
    for marker in [currency, currency.lowercased(), Self.currencySymbol(currency) ?? currency] {
      if body.hasPrefix(marker) { body = String(body.dropFirst(marker.count)) }
      if body.hasSuffix(marker) { body = String(body.dropLast(marker.count)) }
    }
    body = body.trimmedSpaces
    if body.hasPrefix("-"), let symbol = Self.currencySymbol(currency),
      body.dropFirst().hasPrefix(symbol)
    {
      body = "-" + body.dropFirst(1 + symbol.count)
    }
    let kind = AnswerKind.money(min: min, max: max, currency: currency)
    guard let n = Self.readNumber(body) else {
      return .failure(
        AnswerError(
          text.isEmpty
            ? "an amount is needed: type \(Self.accepted(by: kind))"
            : "'\(Sanitizer.inline(text, limit: 40))' is not an amount: type \(Self.accepted(by: kind))"))
    }
    guard n.isFinite else { return .failure(tooLarge(text)) }
    if n < (min ?? 0) || (max.map { n > $0 } ?? false) {
      var bounds = "at least \(JSON.formatNumber(min ?? 0))"
      if let hi = max { bounds = "from \(JSON.formatNumber(min ?? 0)) to \(JSON.formatNumber(hi))" }
      return .failure(
        AnswerError(
          "\(Conversation.display(.number(n), kind: kind)) is out of range: the amount must be \(bounds) \(currency)"
        ))
    }
    return .success(.number((n * 100).rounded() / 100))
  }

  // MARK: scores, choices, items

  func parseScore(_ text: String, min: Int, max: Int, anchors: [Int: String]) -> Result<Int, AnswerError> {
    var body = text
    if let slash = body.firstIndex(of: "/") {
      body = String(body[..<slash]).trimmedSpaces
    }
    if let n = Int(body) {
      guard (min...max).contains(n) else {
        return .failure(AnswerError("\(n) is out of range: type a whole number from \(min) to \(max)"))
      }
      return .success(n)
    }
    let lowered = text.lowercased()
    if !lowered.isEmpty {
      let matches = anchors.filter { $0.value.lowercased().hasPrefix(lowered) }.sorted { $0.key < $1.key }
      if matches.count == 1 { return .success(matches[0].key) }
      if matches.count > 1 {
        return .failure(
          AnswerError(
            "'\(Sanitizer.inline(text, limit: 40))' could be \(matches.map { "\($0.key) (\($0.value))" }.joined(separator: " or ")): type the score"
          ))
      }
    }
    if text.isEmpty {
      return .failure(AnswerError("a score is needed: type a whole number from \(min) to \(max)"))
    }
    return .failure(
      AnswerError(
        "'\(Sanitizer.inline(text, limit: 40))' is not a score: type a whole number from \(min) to \(max)"))
  }

  /// Matches `text` against choices: by number, exact value or label, or unambiguous prefix.
  func parseChoice(_ text: String, _ choices: [Choice]) -> Result<Choice, AnswerError> {
    if let n = Int(text) {
      guard (1...choices.count).contains(n) else {
        return .failure(
          AnswerError("there is no choice \(n): type 1 to \(choices.count) or the start of a name"))
      }
      return .success(choices[n - 1])
    }
    let lowered = text.lowercased()
    guard !lowered.isEmpty else {
      return .failure(AnswerError("a choice is needed: \(Self.accepted(by: .choice(choices)))"))
    }
    // Spaces for the dashes of a value: `build team` is `build-team`.
    let dashed = Self.words(lowered).joined(separator: "-")
    if let exact = choices.first(where: {
      $0.value.lowercased() == lowered || $0.label.lowercased() == lowered || $0.value.lowercased() == dashed
    }) {
      return .success(exact)
    }
    var matches = choices.filter {
      $0.value.lowercased().hasPrefix(lowered) || $0.label.lowercased().hasPrefix(lowered)
    }
    if matches.isEmpty {
      // Words of the label, in order, each typed in full or by its start: `build team` is
      // "Hire and build the team", `neg` "Proposal or negotiation".
      let typed = Self.words(lowered)
      matches = choices.filter {
        Self.words($0.label.lowercased()).containsInOrder(startsOf: typed)
          || Self.words($0.value.lowercased()).containsInOrder(startsOf: typed)
      }
    }
    if matches.count == 1 { return .success(matches[0]) }
    if matches.count > 1 {
      return .failure(
        AnswerError(
          "'\(Sanitizer.inline(text, limit: 40))' could be \(matches.map(\.label).joined(separator: " or ")): type more of it, or its number"
        ))
    }
    return .failure(
      AnswerError(
        "'\(Sanitizer.inline(text, limit: 40))' is not a choice: \(Self.accepted(by: .choice(choices)))"))
  }

  static func words(_ text: String) -> [String] {
    text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
  }

  func parseMultiChoice(_ text: String, _ choices: [Choice], min: Int?, max: Int?) -> Result<
    Value, AnswerError
  > {
    var pieces = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }).map {
      $0.trimmedSpaces
    }.filter { !$0.isEmpty }
    // "1 3 4" (numbers separated by spaces) is a list too.
    if pieces.count == 1 {
      let words = pieces[0].split(separator: " ").map(String.init)
      if words.count > 1, words.allSatisfy({ Int($0) != nil }) { pieces = words }
    }
    var picked: [String] = []
    for piece in pieces {
      switch parseChoice(piece, choices) {
      case .success(let choice): if !picked.contains(choice.value) { picked.append(choice.value) }
      case .failure(let error): return .failure(error)
      }
    }
    let lo = min ?? 1
    if picked.count < lo {
      return .failure(
        AnswerError(
          picked.isEmpty && lo <= 1
            ? "pick at least one: \(Self.accepted(by: .multiChoice(choices, min: min, max: max)))"
            : "pick at least \(lo) (you picked \(picked.count))"))
    }
    if let hi = max, picked.count > hi {
      return .failure(AnswerError("pick at most \(hi) (you picked \(picked.count))"))
    }
    return .success(.array(picked.map(Value.string)))
  }

  /// An agreed action: `TEXT [@owner] [due:DATE]`, with `owner` when none is typed.
  public func parseAction(_ text: String, owner: String?, requireDue: Bool) -> Result<Value, AnswerError> {
    if text.trimmedSpaces.isEmpty {
      return .failure(AnswerError("type the action, e.g. Call Beta's counsel @Dana due:friday"))
    }
    switch ActionCommand.parse(text, today: today) {
    case .failure(let error):
      return .failure(error)
    case .success(let action):
      if requireDue && action.due == nil {
        return .failure(AnswerError("add the date it is due, e.g. due:friday or due:+7d"))
      }
      return .success(
        AgreedAction(text: action.text, owner: action.owner ?? owner, due: action.due?.description).record)
    }
  }

  /// What happened to an open action item: done, dropped, moved to a new date, or still open.
  /// A date counted on (`+7d`) counts from today, as every date answer does.
  public func parseReview(_ text: String) -> Result<
    (status: ActionItem.Status, due: CalendarDay?), AnswerError
  > {
    var words = text.lowercased().trimmedSpaces
    for word in ["done", "d", "yes", "y", "complete", "completed", "finished"] where words == word {
      return .success((.done, nil))
    }
    for word in ["drop", "dropped", "x", "cancel", "cancelled", "canceled", "abandon"] where words == word {
      return .success((.dropped, nil))
    }
    for word in ["open", "o", "keep", "not yet", "no", "n", "still open"] where words == word {
      return .success((.open, nil))
    }
    for prefix in ["moved to ", "move to ", "move ", "moved ", "due "] where words.hasPrefix(prefix) {
      words = String(words.dropFirst(prefix.count))
    }
    if let day = DateForm.resolve(words, today: today) { return .success((.open, day)) }
    return .failure(
      AnswerError(
        "'\(Sanitizer.inline(text, limit: 40))' is not a decision: type done, drop, a new due date (friday, +7d), or open"
      ))
  }

  /// One item of a list answer.
  public func parseItem(_ text: String) -> Result<String, AnswerError> {
    let item = text.trimmed
    return item.isEmpty ? .failure(AnswerError("an empty line ends the list")) : .success(item)
  }
}

extension Array where Element == String {
  /// Whether `words` start words of this list, in order, not necessarily next to each other.
  func containsInOrder(startsOf words: [String]) -> Bool {
    guard !words.isEmpty else { return false }
    var remaining = self[...]
    for word in words {
      guard let i = remaining.firstIndex(where: { $0.hasPrefix(word) }) else { return false }
      remaining = remaining[(i + 1)...]
    }
    return true
  }
}
