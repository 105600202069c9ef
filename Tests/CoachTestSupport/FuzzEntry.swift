import CoachKit
import Foundation

/// What was made of one fuzz input: a result, or a refusal with the message a person would read.
public enum FuzzOutcome: Equatable, Sendable {
  case result(String)
  case refused(String)

  /// A refusal that says nothing is as wrong as a crash: the person is left without a reason.
  public var isProper: Bool {
    switch self {
    case .result: true
    case .refused(let message): !message.isEmpty
    }
  }
}

/// The entry points of the fuzz targets (the `Fuzz/` package, run by `scripts/fuzz`), one per
/// target, and of `FuzzRegressionTests`, which feeds them the inputs the fuzzer saved. Each takes
/// the input's bytes through the same public API the `coach` commands use, and returns what came
/// of each part of it. Only public API is used, so they build in release, as libFuzzer needs.
public enum FuzzEntry {
  /// The day every entry takes as today: Tuesday 1 December 2026, 09:00 UTC.
  public static let now = Date(timeIntervalSince1970: 1_796_115_600)
  static let clock = Clock(now: { FuzzEntry.now })
  static let utc = TimeZone(identifier: "UTC")!
  public static var today: CalendarDay { CalendarDay(now, timeZone: utc) }

  /// The shipped dialogs, loaded once, by id.
  static let shipped: [String: Script] = {
    var scripts: [String: Script] = [:]
    for name in DialogCatalog.builtinNames {
      if let text = DialogCatalog.builtinText(name),
        let script = ScriptLoader.load(text: text, file: name).script
      {
        scripts[script.id] = script
      }
    }
    return scripts
  }()

  /// One libFuzzer input (the arguments of `LLVMFuzzerTestOneInput`) through `entry`; an outcome
  /// that is not proper stops the run as a crash would.
  public static func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int, _ entry: ([UInt8]) -> [FuzzOutcome])
    -> CInt
  {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    for outcome in entry(bytes) where !outcome.isProper {
      fatalError("improper outcome: \(outcome)")
    }
    return 0
  }

  // MARK: fuzz-script

  /// `bytes` as a dialog script, loaded and checked as `coach lint` does; a script that loads is
  /// then run for a few dozen turns with plausible answers and a few commands, so that its
  /// templates, conditions and branches are evaluated.
  public static func script(_ bytes: [UInt8]) -> [FuzzOutcome] {
    let result = ScriptLoader.load(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
    guard let script = result.script else {
      return [.refused(result.errors.first.map { "\($0.code.rawValue): \($0.message)" } ?? "")]
    }
    let carried = ActionItem(
      id: "000000000000:commitment", text: "Send the revised terms", owner: "Dana", due: "2026-11-27",
      origin: "Ride-along debrief, 2026-11-20")
    let conversation = Conversation(
      script: script,
      context: SessionContext(
        with: "Dana", by: "Max", previous: ["close_rate": 30, "forecast": 180_000], openActions: [carried]),
      clock: clock, timeZone: utc)
    var outputs = conversation.start().outputs
    for turn in 0..<40 where !conversation.isClosed {
      outputs = conversation.handle(line(for: outputs, turn: turn)).outputs
    }
    return [.result("\(script.steps.count) steps, \(conversation.path.count) on the path")]
  }

  /// What a person might type at the last prompt in `outputs`; now and then a command instead.
  static func line(for outputs: [Output], turn: Int) -> String {
    switch turn % 13 {
    case 5: return "/back"
    case 9: return "/where"
    case 11: return "/note {with} said \"later\""
    case 12: return "/action Call Beta @dana due:friday"
    default: break
    }
    guard case .prompt(let prompt)? = outputs.last(where: { if case .prompt = $0 { true } else { false } })
    else { return "" }
    if prompt.part == .evidence { return "Because of the numbers: 12 deals in Q3" }
    let low = prompt.min.map { String(Int(exactly: $0.rounded()) ?? 0) }
    switch prompt.kind {
    case .yesNo: return turn % 2 == 0 ? "y" : "n"
    case .scale, .rating: return low ?? "3"
    case .number, .percent: return low ?? "40"
    case .money: return low ?? "12.5k"
    case .date: return turn % 2 == 0 ? "friday" : "+7d"
    case .choice, .multiChoice: return "1"
    case .list: return prompt.items.isEmpty ? "Beta expansion, 25k, January" : ""
    case .action: return "Send the deck @dana due:+3d"
    case .actionReview: return turn % 2 == 0 ? "done" : "next monday"
    default: return "Fine: we agreed on the plan"
    }
  }

  // MARK: fuzz-record

  /// `bytes` as a session record, read as `coach show` reads it, then folded and printed in every
  /// format (json, text, markdown; private notes kept and left out); and the same bytes as the
  /// store's index and a person's file, read through `SessionIndex`.
  public static func record(_ bytes: [UInt8]) -> [FuzzOutcome] {
    [showRecord(bytes), readIndex(bytes)]
  }

  static func showRecord(_ bytes: [UInt8]) -> FuzzOutcome {
    let record: SessionRecord
    do {
      record = try SessionRecord.parse(Data(bytes), path: "fuzz.jsonl")
    } catch {
      return .refused(error.description)
    }
    let script = shipped[record.header.dialogID]
    var size = 0
    for shared in [false, true] {
      let folded = FoldedRecord(record, shared: shared)
      size += JSON.encodePretty(folded.record).utf8.count
      let document = RecordDocument(folded, script: script, previous: record.header.previous, timeZone: utc)
      size += document.sections.count + document.flags.count
      size += RecordMarkdown.render(document).utf8.count
    }
    return .result("\(record.events.count) events, \(size) bytes shown")
  }

  /// A store with one session with Dana, whose index is current: the index and Dana's file (the
  /// only file in `people/`) can then be overwritten in place, which leaves the folders' stamps
  /// alone, and are read back as they are. The stores of processes no longer running (a crash
  /// leaves them) are removed first.
  static let indexStore: (store: SessionStore, files: [String])? = {
    let temporary = FileManager.default.temporaryDirectory.path
    for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
    where name.hasPrefix("coach-fuzz-store-") {
      if let pid = Int32(name.dropFirst("coach-fuzz-store-".count)), kill(pid, 0) != 0 {
        try? FileManager.default.removeItem(atPath: temporary + "/" + name)
      }
    }
    let store = SessionStore(root: temporary + "/coach-fuzz-store-\(getpid())")
    guard let script = shipped["one-on-one"],
      (try? store.create(
        header: SessionHeader(
          id: "0123456789ab", script: script, with: "Dana", by: "Max", startedAt: now, coachVersion: "fuzz",
          terminal: nil))) != nil
    else { return nil }
    _ = SessionIndex(store: store).listing()
    let people = (try? FileManager.default.contentsOfDirectory(atPath: store.root + "/people")) ?? []
    guard people.count == 1 else { return nil }
    atexit {
      if let root = FuzzEntry.indexStore?.store.root { try? FileManager.default.removeItem(atPath: root) }
    }
    return (store, [store.root + "/index.jsonl", store.root + "/people/" + people[0]])
  }()

  static func readIndex(_ bytes: [UInt8]) -> FuzzOutcome {
    guard let (store, files) = indexStore else { return .refused("no store for the index could be made") }
    let data = Data(bytes)
    for path in files {
      guard let handle = FileHandle(forWritingAtPath: path) else { return .refused("cannot write \(path)") }
      try? handle.truncate(atOffset: 0)
      try? handle.write(contentsOf: data)
      try? handle.close()
    }
    let index = SessionIndex(store: store)
    let listing = index.listing()
    let dana = index.sessions(with: "Dana")
    return .result(
      "\(listing.entries.count) entries, \(listing.states.count) states; Dana: \(dana.entries.count) entries, \(dana.outcomes.count) outcomes"
    )
  }

  // MARK: fuzz-answers

  /// Three sets of options for every answer kind, as scripts give them.
  static let kindSets: [[AnswerKind]] = {
    let anchors = [1: "Poor", 2: "Fair", 3: "Good", 4: "Great"]
    let choices = [
      Choice(value: "new-markets", label: "New markets"), Choice(value: "new-logos", label: "New logos"),
      Choice(value: "retention", label: "Retention"),
    ]
    let owner = try? Template.parse("{with}")
    return [
      [
        .text, .yesNo, .scale(min: 1, max: 5, anchors: [1: "Low", 5: "High"]), .number(NumberOptions()),
        .percent(min: 0, max: 100), .money(min: nil, max: nil, currency: "USD"),
        .date(earliest: nil, latest: nil),
        .choice(choices), .multiChoice(choices, min: nil, max: nil), .list(min: nil, max: nil),
        .rating(anchors: anchors, competency: "Discovery", evidence: true),
        .action(owner: nil, requireDue: false),
        .actionReview,
      ],
      [
        .scale(min: 0, max: 10, anchors: [:]),
        .number(NumberOptions(min: 0, max: 1000, unit: "calls", integer: true)),
        .percent(min: 0, max: 500), .money(min: 0, max: 1_000_000, currency: "EUR"),
        .date(earliest: "today", latest: "+90d"), .multiChoice(choices, min: 1, max: 2),
        .list(min: 1, max: 3), .action(owner: owner, requireDue: true),
      ],
      [
        .number(NumberOptions(min: -1e308, max: 1e308)), .money(min: -1e9, max: nil, currency: "XYZ"),
        .date(earliest: "2026-01-01", latest: "next month"),
        .choice([Choice(value: "a", label: "A"), Choice(value: "ab", label: "Ab")]),
        .rating(anchors: [0: "None", 9: "All"], competency: nil, evidence: false),
      ],
    ]
  }()

  /// `bytes` as a typed answer: the first byte picks a set of options, the rest is the line. The
  /// line is parsed as every kind of that set, each value accepted is displayed as the chat shows
  /// it, and it also goes through the action, review and date readers.
  public static func answers(_ bytes: [UInt8]) -> [FuzzOutcome] {
    guard let selector = bytes.first else { return [] }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let parser = AnswerParser(today: today)
    var outcomes: [FuzzOutcome] = []
    for kind in kindSets[Int(selector) % kindSets.count] {
      switch parser.parse(text, as: kind) {
      case .success(let value):
        outcomes.append(
          .result(Conversation.display(value, kind: kind) + " / " + Conversation.display(value)))
      case .failure(let error): outcomes.append(.refused(error.message))
      }
    }
    switch parser.parseAction(text, owner: "Dana", requireDue: selector & 1 == 1) {
    case .success(let value): outcomes.append(.result(Conversation.display(value)))
    case .failure(let error): outcomes.append(.refused(error.message))
    }
    switch parser.parseReview(text) {
    case .success(let review): outcomes.append(.result("\(review.status) \(review.due?.friendly ?? "")"))
    case .failure(let error): outcomes.append(.refused(error.message))
    }
    switch ActionCommand.parse(text, today: today) {
    case .success(let action): outcomes.append(.result("\(action.text) \(action.due?.description ?? "")"))
    case .failure(let error): outcomes.append(.refused(error.message))
    }
    if let day = DateForm.resolve(text, today: today) { outcomes.append(.result(day.friendly)) }
    return outcomes
  }

  // MARK: fuzz-expression

  /// The answers expressions are checked against: every step of the shipped dialogs, so that
  /// their `when`, `if` and templates (the seeds) check as they do in their scripts.
  static let variables: [String: VariableInfo] = {
    var variables: [String: VariableInfo] = [:]
    for script in shipped.values {
      for step in script.steps {
        variables[step.id] = VariableInfo(type: step.kind.valueType, choices: step.kind.choices?.map(\.value))
      }
    }
    return variables
  }()

  /// Values for those answers: plausible ones, huge numbers (a record may hold 2.2e32), or none
  /// at all (a first session, before anything is answered). `previous.x` is 5 less than `x`.
  struct Answers: EvaluationContext {
    var number: Double?
    var today: CalendarDay { FuzzEntry.today }

    func value(of variable: Variable) -> Value {
      guard let number else { return .null }
      if !variable.previous, variable.name == "with" || variable.name == "by" { return "Dana" }
      guard let info = variables[variable.name] else { return .null }
      switch info.type {
      case .number: return .number(variable.previous ? number - 5 : number)
      case .bool: return .bool(!variable.previous)
      case .date: return "2026-12-04"
      case .list: return .array((info.choices ?? ["Beta, 25k", "Gamma"]).prefix(2).map(Value.string))
      case .string: return .string(info.choices?.first ?? "Because of the numbers: 12 deals in Q3")
      case .any: return .null
      }
    }
  }

  static let contexts = [Answers(number: 35), Answers(number: 2.2e32), Answers(number: nil)]

  /// `bytes` as an expression (a `when` or `if`) and as a template (an `ask` with `{...}`): parsed,
  /// type-checked, and when they check, evaluated and rendered with and without answers.
  public static func expression(_ bytes: [UInt8]) -> [FuzzOutcome] {
    let text = String(decoding: bytes, as: UTF8.self)
    let checker = TypeChecker(variables: variables)
    var outcomes: [FuzzOutcome] = []
    do {
      let expression = try ExpressionParser.parse(text)
      let (type, issues) = checker.check(expression)
      _ = checker.checkCondition(expression)
      if let issue = issues.first {
        outcomes.append(.refused(issue.message))
      } else {
        let values = contexts.map { Conversation.display(Evaluator.evaluate(expression, in: $0)) }
        outcomes.append(.result("\(type): " + values.joined(separator: " / ")))
      }
    } catch {
      outcomes.append(.refused(error.message))
    }
    do {
      let template = try Template.parse(text)
      var issues: [ExpressionIssue] = []
      for case .expression(let e, _) in template.parts { issues += checker.check(e).issues }
      if let issue = issues.first {
        outcomes.append(.refused(issue.message))
      } else {
        let shown = contexts.map { template.render(in: $0) { _, value in Conversation.display(value) } }
        outcomes.append(.result(shown.joined(separator: " / ")))
      }
    } catch {
      outcomes.append(.refused(error.message))
    }
    return outcomes
  }
}
