import CoachKit
import Foundation
import LineEditing

/// What `start` and `resume` share: loading the dialog, choosing the reader and renderer, and
/// running the driver.
struct SessionLauncher {
  var global: GlobalOptions
  var jsonl: Bool
  /// The person given is someone new, even when the name is close to someone known.
  var newPerson = false
  /// Asks the person at the keyboard a question and returns the line typed; nil when there is
  /// no one to ask (piped input, the machine mode) or they gave up.
  var ask: ((String) -> String?)? = nil

  /// Loads the dialog `name` (an id or a script path), or fails with its diagnostics.
  func loadScript(_ name: String) throws -> Script {
    let catalog = global.catalog
    guard let entry = catalog.find(name) else {
      let known = catalog.entries().map(\.id).joined(separator: ", ")
      throw Failure(
        "unknown dialog '\(Sanitizer.inline(name, limit: 40))': the dialogs are \(known) (coach dialogs lists them)",
        code: ExitStatus.notFound)
    }
    let result = catalog.loadToRun(entry)
    guard let script = result.script else {
      let renderer = DiagnosticPrinter(sources: [:], palette: .forStream(STDERR_FILENO))
      Terminal.standardError(renderer.render(result.diagnostics, files: 1))
      throw Failure(
        "the dialog '\(entry.id)' has errors: fix them (coach lint shows them all)",
        code: ExitStatus.badScript)
    }
    return script
  }

  /// The reader and renderer for this session; `recalled` seeds the line editor's history.
  func makeIO(sessionID: String, recordPath: String, recalled: [String]) -> (LineReader, SessionRenderer) {
    if jsonl {
      return (
        PlainLineReader(echoPrompt: false),
        JSONLinesRenderer(sessionID: sessionID, recordPath: recordPath)
      )
    }
    let wraps = Terminal.outputIsTerminal || ProcessInfo.processInfo.environment["COLUMNS"] != nil
    if EditLineReader.isTerminal(), let reader = try? EditLineReader() {
      let renderer = ChatRenderer(
        palette: .forStream(STDOUT_FILENO), width: { Terminal.width() }, echoInput: false,
        statusInPrompt: true)
      reader.history = recalled
      reader.remembers = { !SlashCommand.isPrivateNote($0) }
      reader.completer = { [weak renderer] text in
        Completions.candidates(for: text, prompt: renderer?.currentPrompt)
      }
      // Ctrl-C between reads must not end the session; the reader handles it while reading.
      signal(SIGINT, SIG_IGN)
      return (reader, renderer)
    }
    let renderer = ChatRenderer(
      palette: .forStream(STDOUT_FILENO), width: { wraps ? Terminal.width() : nil },
      echoInput: !Terminal.inputIsTerminal, statusInPrompt: false)
    return (PlainLineReader(echoPrompt: true), renderer)
  }

  /// Runs the session to its end or pause and reports how it ended.
  func run(
    conversation: Conversation, recording: SessionRecording, recalled: [String], first: Conversation.Reply
  ) throws {
    let sessionID = recording.header.id
    let (reader, renderer) = makeIO(sessionID: sessionID, recordPath: recording.path, recalled: recalled)
    let driver = SessionDriver(
      conversation: conversation, recording: recording, reader: reader, renderer: renderer)
    let status = try driver.run(from: first)
    if !jsonl {
      let note =
        status == .completed
        ? "Recorded as session \(sessionID): coach show \(sessionID)\n"
        : "Saved as session \(sessionID): coach resume \(sessionID) continues it\n"
      Terminal.standardOutput(note)
    }
  }

  /// Starts a new session of `dialog` (an id or a script path) and runs it.
  func start(dialog: String, with: String?, by: String?) throws {
    let script = try loadScript(dialog)
    // Who runs it: --by, else the config file's name.
    let by = (by ?? Configuration.current.name)?.trimmingCharacters(in: .whitespaces)
    var with = with?.trimmingCharacters(in: .whitespaces)
    // A dialog about the person who runs it is filed under them (`about: self`).
    if (with ?? "").isEmpty, script.about == .self, let by, !by.isEmpty { with = by }
    if (with ?? "").isEmpty, script.needsParticipant {
      throw Failure(
        "the \(script.id) dialog is held with someone: add --with NAME (e.g. --with Dana)",
        code: ExitStatus.usage)
    }
    for (option, name) in [("--with", with), ("--by", by)] {
      if let name, Sanitizer.hasHiddenCharacters(name) {
        throw Failure(
          "the name given with \(option) holds a control or invisible character (\(Sanitizer.inline(name, limit: 40))): type the name plainly",
          code: ExitStatus.usage)
      }
    }
    let store = global.sessionStore
    let person = try (with ?? "").isEmpty ? nil : resolvePerson(with!, in: PeopleBook(store: store))
    let size = Terminal.inputIsTerminal ? Terminal.size : nil
    let runner = script.about == .self && by != nil && with == by ? person : by
    // The config file's settings the script reads (weekly-time's time_targets).
    let (header, recalled) = store.newSession(
      script: script, with: person, by: runner, coachVersion: coachVersion,
      terminal: size.map { TerminalSize(columns: $0.columns, rows: $0.rows) },
      settings: Configuration.current.scriptSettings)
    let conversation = Conversation(script: script, context: header.context)
    let recording = try store.create(header: header)
    try run(conversation: conversation, recording: recording, recalled: recalled, first: conversation.start())
  }

  /// The person `name` is: someone known, as shown (`dana` is Dana); a near miss (`Dnaa`) is
  /// offered on a terminal as "did you mean Dana?", and refused otherwise unless ``newPerson``.
  func resolvePerson(_ name: String, in book: PeopleBook) throws -> String {
    switch book.match(name) {
    case .known(let person): return person
    case .new: return name
    case .nearMiss where newPerson:
      return name
    case .nearMiss(let candidates):
      let shown: [String] = candidates.prefix(5).map { Sanitizer.inline($0, limit: 40) }
      var asker = ask
      if asker == nil, !jsonl, Terminal.inputIsTerminal { asker = { Self.askOnTerminal($0) } }
      guard let asker else {
        throw Failure(
          "no one called '\(Sanitizer.inline(name, limit: 40))' has a session yet; did you mean \(shown.joined(separator: " or "))? Give that name with --with, or add --new-person to start with someone new",
          code: ExitStatus.usage, details: ["candidates": .array(candidates.map(Value.string))])
      }
      let opening = "No one called '\(Sanitizer.inline(name, limit: 40))' has a session yet. Did you mean "
      let numbered = shown.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ")
      let question =
        candidates.count == 1
        ? opening + shown[0] + "? (Y/n) " : opening + numbered + "? (a number, or n for someone new) "
      let answer: String? = asker(question)
      guard let reply = answer?.trimmingCharacters(in: .whitespaces).lowercased() else {
        throw Failure("not started", code: ExitStatus.usage)
      }
      if ["n", "no", "new"].contains(reply) { return name }
      if candidates.count == 1, ["", "y", "yes"].contains(reply) { return candidates[0] }
      if let n = Int(reply), (1...min(5, candidates.count)).contains(n) { return candidates[n - 1] }
      throw Failure("not started: answer y, n or the number of a name", code: ExitStatus.usage)
    }
  }

  /// Asks on the terminal, reading one line.
  static func askOnTerminal(_ question: String) -> String? {
    Terminal.standardOutput(question)
    return readLine()
  }

  /// The id of the latest session that is not completed, or a failure saying there is none.
  func latestOpenSession() throws -> String {
    guard let open = global.sessionStore.summaries().sessions.first(where: { $0.status != .completed }) else {
      throw Failure(
        "there is no paused session to resume: coach sessions lists them, coach start begins one",
        code: ExitStatus.notFound)
    }
    return open.id
  }

  /// Continues session `session` (an id or unique prefix) where it stopped.
  func resume(session: String) throws {
    let store = global.sessionStore
    let id = try store.resolve(session)
    let (recording, record) = try store.reopen(id)
    for warning in record.warnings { Terminal.standardError("coach: warning: \(warning)\n") }
    let header = record.header
    if record.log.status == .completed {
      throw Failure(
        "session \(id) is already completed: coach show \(id) prints it", code: ExitStatus.problems)
    }
    let script = try loadScript(
      global.catalog.entry(forRecorded: header).map { entry in
        if case .file(let path) = entry.source { return path }
        return entry.id
      } ?? header.dialogID)
    if script.sha256 != header.dialogSHA256 {
      Terminal.standardError(
        "coach: note: the \(script.id) dialog has changed since this session started; continuing with its current version\n"
      )
    }
    // What the session saw when it started, not what the store holds now.
    let conversation = Conversation(
      script: script, context: header.context,
      timeZone: header.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current)
    conversation.restore(record.events)
    try run(
      conversation: conversation, recording: recording, recalled: record.answeredLines,
      first: conversation.resume())
  }

  /// Runs `body`; in the machine mode a failure is also written to stdout as a JSON `error`.
  func reportingStartFailures(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let failure as Failure {
      reportStartFailure(failure.message, details: failure.details)
      throw failure
    } catch let error as StoreError {
      reportStartFailure(error.description)
      throw error
    }
  }

  /// Reports a failure in the machine mode too, where stdout carries only JSON.
  func reportStartFailure(_ message: String, details: [String: Value] = [:]) {
    guard jsonl else { return }
    var line: [String: Value] = ["type": "error", "message": .string(message)]
    line.merge(details) { old, _ in old }
    Terminal.standardOutput(JSON.encode(.object(line)) + "\n")
  }
}
