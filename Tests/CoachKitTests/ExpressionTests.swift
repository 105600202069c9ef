import CoachKit
import Foundation
import Testing

/// Parsing, type-checking and evaluating expressions (DESIGN 4.1).
struct ExpressionTests {
  struct Context: EvaluationContext {
    var values: [String: Value] = [:]
    var previous: [String: Value] = [:]
    var today = CalendarDay(year: 2026, month: 11, day: 23)!
    func value(of variable: Variable) -> Value {
      (variable.previous ? previous : values)[variable.name] ?? .null
    }
  }

  let context = Context(
    values: [
      "close_rate": 42, "on_plan": false, "source": "new-markets", "risks": ["Acme", "Beta"],
      "story": "We grew 40% by adding two reps", "due": "2026-12-03", "with": "Dana",
    ],
    previous: ["close_rate": 45])

  static let cases: [(String, Value)] = [
    ("close_rate >= 40 and not on_plan", true),
    ("close_rate - previous.close_rate", -3),
    ("close_rate < previous.close_rate", true),
    ("source == \"NEW-MARKETS\"", true),
    ("source in [\"referrals\", \"new-markets\"]", true),
    ("risks contains \"acme\"", true),
    ("count(risks) == 2", true),
    ("len(\"abc\") + 2 * 3", 9),
    ("(1 + 2) * 3 % 4", 1),
    ("days_until(due)", 10),
    ("due - today", 10),
    ("today + 7", "2026-11-30"),
    ("has_number(story) and words(story) > 5", true),
    ("empty(missing) and not empty(story)", true),
    ("missing > 3", .null),
    ("not missing", .null),
    ("missing or true", true),
    ("missing and false", false),
    ("missing and true", .null),
    ("words(missing) < 25", .null),
    ("count(missing)", .null),
    ("if(close_rate > 40, \"high\", \"low\")", "high"),
    ("if(missing > 1, 1, 2)", .null),
    ("signed(close_rate - previous.close_rate)", "-3"),
    ("signed(1234.5)", "+1,234.5"),
    ("missing == null", true),
    ("previous.missing + 1", .null),
    ("10 / 0", .null),
    ("abs(-4) + round(2.6) + min(1, 2) + max(1, 2)", 10),
    ("-close_rate", -42),
    ("story contains 'reps' or false", true),
  ]

  @Test(arguments: cases)
  func evaluates(source: String, expected: Value) throws {
    let expression = try ExpressionParser.parse(source)
    #expect(Evaluator.evaluate(expression, in: context) == expected)
  }

  static let syntaxErrors: [(String, String, Int)] = [
    ("a = 1", "'=' is not an operator", 2),
    ("a && b", "'&&' is not an operator", 2),
    ("(a or b", "expected ')'", 7),
    ("a <", "the expression ends too early", 3),
    ("1 < 2 < 3", "comparisons cannot be chained", 6),
    ("previous", "'previous' needs a step id", 0),
    ("'open", "unterminated string", 0),
    ("a $ b", "unexpected character '$'", 2),
  ]

  @Test(arguments: syntaxErrors)
  func reportsSyntaxErrorsWithTheirOffset(source: String, message: String, offset: Int) {
    do {
      _ = try ExpressionParser.parse(source)
      Issue.record("'\(source)' parsed")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.offset == offset)
    }
  }

  let checker = TypeChecker(
    variables: [
      "close_rate": VariableInfo(type: .number), "on_plan": VariableInfo(type: .bool),
      "source": VariableInfo(type: .string, choices: ["new-markets", "referrals"]),
      "risks": VariableInfo(type: .list), "due": VariableInfo(type: .date),
    ],
    definitelySet: ["close_rate", "on_plan"])

  static let typeErrors: [(String, DiagnosticCode, String)] = [
    ("close_rate + \"x\"", .typeMismatch, "'+' needs numbers, but this is text"),
    ("on_plan and close_rate", .typeMismatch, "'and' needs yes/no on both sides, but this is number"),
    ("source == \"new-market\"", .notAChoice, "'new-market' is not a choice of 'source'"),
    ("count(close_rate) > 1", .typeMismatch, "'count' takes list, not number"),
    ("cnt(risks) > 1", .unknownFunction, "unknown function 'cnt'"),
    ("len() > 1", .unknownFunction, "'len' takes 1 argument, not 0"),
    ("close_rat > 1", .unknownVariable, "unknown variable 'close_rat'"),
    ("due > 3", .typeMismatch, "compares two numbers or two dates"),
    ("count(risks) > 1", .possiblyUnset, "'risks' may not be answered"),
  ]

  @Test(arguments: typeErrors)
  func typeChecks(source: String, code: DiagnosticCode, message: String) throws {
    let issues = checker.checkCondition(try ExpressionParser.parse(source))
    #expect(issues.contains { $0.code == code && $0.message.contains(message) }, "\(issues)")
  }

  @Test func emptyIsHowScriptsTestForAnAnswerSoItDoesNotWarn() throws {
    let issues = checker.checkCondition(try ExpressionParser.parse("not empty(risks)"))
    #expect(issues.isEmpty, "\(issues)")
  }

  @Test func ifTakesAConditionAndTwoValuesOfOneType() throws {
    let issues = checker.check(try ExpressionParser.parse("if(close_rate, 1, \"x\")")).issues
    #expect(issues.map(\.message).contains("the condition of 'if' must be yes/no, but this is number"))
    #expect(issues.map(\.message).contains("the two values of 'if' differ: number and text"))
  }

  @Test func conditionsMustBeYesNo() throws {
    let issues = checker.checkCondition(try ExpressionParser.parse("close_rate"))
    #expect(issues.map(\.message) == ["a condition must be yes/no, but this is number"])
  }

  @Test func suggestsCloseNames() throws {
    let issues = checker.checkCondition(try ExpressionParser.parse("previous.close_rte > 1"))
    #expect(issues.first?.hint == "did you mean 'previous.close_rate'?")
  }

  @Test func templatesPipeValuesAndKeepLiteralBraces() throws {
    let template = try Template.parse("Hi {with}: {close_rate - previous.close_rate} {{x}}")
    let text = template.render(in: context) { _, value in
      value.number.map { String(Int($0)) } ?? value.string ?? "—"
    }
    #expect(text == "Hi Dana: -3 {x}")
  }

  @Test func templatesKnowWhereTheirExpressionsStand() throws {
    // Offsets count characters (the columns of diagnostics), whatever the bytes before them.
    let template = try Template.parse("Café 👋🏽 {{ {with} }}")
    #expect(template.parts.count == 3)
    #expect(template.parts.first == .text("Café 👋🏽 { "))
    #expect(template.parts.last == .text(" }"))
    guard case .expression(_, let offset) = template.parts[1] else {
      Issue.record("no expression in \(template.parts)")
      return
    }
    #expect(offset == 11)
    #expect(try Template.parse("No braces at all, ünïcödé").parts == [.text("No braces at all, ünïcödé")])
    #expect(try Template.parse("").parts == [.text("")])
    let failures: [(String, String, Int)] = [
      ("Bonjour {with", "'{' is not closed", 8),
      ("Déjà } vu", "'}' without '{'", 5),
      ("Zoë {1 +}", "", 5),
    ]
    for (text, message, offset) in failures {
      do {
        _ = try Template.parse(text)
        Issue.record("\(text) parsed")
      } catch {
        if !message.isEmpty { #expect(error.message == message, "\(text)") }
        #expect(error.offset >= offset, "\(text): \(error.offset)")
        if !message.isEmpty { #expect(error.offset == offset, "\(text)") }
      }
    }
  }
}

/// Timestamps as records write and read them.
struct TimestampTests {
  @Test(arguments: [0.0, 1_795_424_400.123, 951_782_400.5, 4_102_444_799.999])
  func roundTrips(seconds: Double) throws {
    let date = Date(timeIntervalSince1970: seconds)
    let parsed = try #require(Clock.parseISO8601(Clock.iso8601(date)))
    #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.001)
  }

  @Test(arguments: [
    "", "2026-11-22", "2026-11-22T15:12:06", "2026-13-22T15:12:06Z", "2026-11-22T25:12:06Z",
    "2026-11-22T15:12:06.Z", "2026-11-22 15:12:06Z", "2026-02-30T00:00:00Z",
  ])
  func refusesWhatIsNotATimestamp(text: String) {
    #expect(Clock.parseISO8601(text) == nil)
  }

  @Test func readsWholeSeconds() {
    #expect(Clock.parseISO8601("2026-11-23T09:00:00Z")?.timeIntervalSince1970 == 1_795_424_400)
  }
}
