import CoachKit
import CoachTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

private typealias Key = PseudoTerminal.Key

/// The built `coach` on a pseudo-terminal, driven with real keys (arrows, Tab, Ctrl-C, Ctrl-D,
/// Ctrl-R, bracketed paste, resizes and signals), each test checking the folded record
/// (`coach show --format json`) as well as the screen.
///
/// Every test has its own HOME, store and dialog script (`demo.yaml`, written below), so nothing
/// depends on the wording of the shipped dialogs; only `firstPromptOfTheShippedOneOnOne` starts
/// one of those. Set `COACH_RECORD=1` to re-record the golden transcript in `Snapshots/` (the
/// test then fails, so recording is never silent).
@Suite(.serialized)
struct TerminalSessionTests {
  // MARK: - Editing

  @Test("Left, Home, End and Ctrl-Left edit the line before Enter; the record has the edited text")
  func editingKeys() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    let keys =
      "dal" + Key.left + Key.left + "e" + Key.home + "the " + Key.end + " closed" + Key.controlLeft
      + "was "
    try coach.answer(Demo.topic, keys: keys)
    try coach.waitForCursorLine(endingWith: "you › the deal was closed")
    try coach.pty.send(Key.enter)
    try coach.pause(at: Demo.story)
    let record = try workspace.record()
    #expect(record["answers"]["topic"] == "the deal was closed")
    #expect(record["status"] == "paused")
  }

  @Test("Tab completes /no to /note and lists /pause and /private for /p; the notes are recorded")
  func tabCompletesCommands() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "/no" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › /note")
    try coach.pty.send(" call Sam on Monday" + Key.enter)
    // Two candidates and nothing to add: Tab lists them, and the line is drawn again below.
    try coach.answer("back to: " + Demo.topic, keys: "/p" + Key.tab)
    try coach.waitForScreen("the candidates listed above the line") { screen in
      screen.row > 0 && screen.lines[screen.row].hasSuffix("you › /p")
        && screen.lines[screen.row - 1].contains(#/^(/pause +/private|/private +/pause)$/#)
    }
    try coach.pty.send("ri" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › /private")
    try coach.pty.send(" keep this between us" + Key.enter)
    try coach.answer("back to: " + Demo.topic, keys: "pricing" + Key.enter)
    try coach.pause(at: Demo.story)

    let record = try workspace.record()
    let notes = record["notes"].array ?? []
    #expect(notes.count == 2)
    #expect(notes.first?["text"] == "call Sam on Monday")
    #expect(notes.first?["private"] == false)
    #expect(notes.last?["text"] == "keep this between us")
    #expect(notes.last?["private"] == true)
    #expect(record["answers"]["topic"] == "pricing")
  }

  @Test("Tab completes a choice value (new → new-markets) and yes/no (ye → yes)")
  func tabCompletesAnswers() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "pricing" + Key.enter)
    try coach.answer(Demo.story, keys: "a long one" + Key.enter)
    try coach.answer(Demo.focus, keys: "new" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › new-markets")
    try coach.pty.send(Key.enter)
    try coach.answer(Demo.onPlan, keys: "ye" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › yes")
    try coach.pty.send(Key.enter)
    try coach.pause(at: Demo.nextStep)

    let record = try workspace.record()
    #expect(record["answers"]["focus"] == "new-markets")
    #expect(record["answers"]["on_plan"] == true)
    let said = (record["transcript"].array ?? []).filter { $0["speaker"] == "you" }.map { $0["text"] }
    #expect(said.contains("new-markets"))
    #expect(said.contains("yes"))
  }

  // MARK: - History

  @Test("Up recalls this session's lines, then earlier sessions' answers with the same person only")
  func historyComesFromTheRecords() throws {
    let workspace = try Workspace()
    let first = try workspace.start()
    try first.answer(Demo.topic, keys: "the pipeline review" + Key.enter)
    try first.answer(Demo.story, keys: "/private salary question" + Key.enter)
    try first.ask(Demo.story)
    try first.pty.send(Key.up)
    try first.waitForCursorLine(endingWith: "you › the pipeline review")
    try first.pty.send(" again" + Key.enter)
    try first.pause(at: Demo.focus)
    let firstID = try workspace.onlySessionID()
    #expect(try workspace.record(firstID)["answers"]["story"] == "the pipeline review again")
    // No history file: what was typed is only in the record (and caches derived from it).
    #expect(!FileManager.default.fileExists(atPath: workspace.store + "/history"))

    // Another person's session recalls nothing of Dana's.
    let other = try workspace.start(with: "Sam")
    try other.answer(Demo.topic, keys: Key.up + "fresh" + Key.enter)
    try other.pause(at: Demo.story)
    let otherID = try #require(try workspace.sessionIDs().first { $0 != firstID })
    #expect(try workspace.record(otherID)["answers"]["topic"] == "fresh")

    // Dana's next session recalls her answers, newest first, and never the private note.
    let second = try workspace.start()
    try second.answer(Demo.topic, keys: Key.up)
    try second.waitForCursorLine(endingWith: "you › the pipeline review again")
    try second.pty.send(Key.up)
    try second.waitForCursorLine(endingWith: "you › the pipeline review")
    try second.pty.send(Key.up + Key.enter)
    try second.pause(at: Demo.story)
    let secondID = try #require(try workspace.sessionIDs().first { $0 != firstID && $0 != otherID })
    #expect(try workspace.record(secondID)["answers"]["topic"] == "the pipeline review")
  }

  @Test("Ctrl-R finds an earlier line and Enter answers with it")
  func reverseSearch() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "alpha centauri" + Key.enter)
    try coach.answer(Demo.story, keys: "beta release" + Key.enter)
    try coach.answer(Demo.focus, keys: "2" + Key.enter)
    try coach.answer(Demo.onPlan, keys: "y" + Key.enter)
    try coach.answer(Demo.nextStep, keys: Key.control("r") + "alp")
    try coach.waitForScreen("the search to find the line") { screen in
      screen.lines[screen.row...].joined(separator: "\n").contains("search: alp › alpha centauri")
    }
    try coach.pty.send(Key.enter)
    try coach.waitFor("Session complete.")
    #expect(try coach.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))
    let record = try workspace.record()
    #expect(record["answers"]["next_step"] == "alpha centauri")
    #expect(record["status"] == "completed")
  }

  // MARK: - Ctrl-C

  @Test("Ctrl-C discards a half-typed line; on an empty line it stays, twice it offers to pause")
  func controlC() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "half typed")
    try coach.waitForCursorLine(endingWith: "you › half typed")
    try coach.pty.send(Key.control("c"))
    // The terminal flushes pending input on Ctrl-C: wait for the line to clear before typing.
    try coach.waitForCursorLine(endingWith: "you ›")
    try coach.pty.send("kept" + Key.enter)

    // Once on an empty line: still in the session (only the prompt comes back), told how to leave.
    try coach.answer(Demo.story, keys: Key.control("c"))
    let said = try coach.waitFor("you ›")
    #expect(said.contains("/pause"))
    #expect(coach.pty.isRunning)
    // Twice: asked whether to pause; Enter (no) carries on with the same question.
    try coach.pty.send(Key.control("c"))
    try coach.waitFor("Pause the session and leave? (y/N) ")
    try coach.pty.send(Key.enter)
    try coach.prompt()
    #expect(coach.pty.isRunning)
    try coach.pty.send("the story" + Key.enter)

    // Twice again, and yes: paused, and the question is where the session resumes.
    try coach.answer(Demo.focus, keys: Key.control("c"))
    try coach.prompt()
    try coach.pty.send(Key.control("c"))
    try coach.waitFor("(y/N) ")
    try coach.pty.send("y" + Key.enter)
    try coach.waitFor("coach resume")
    #expect(try coach.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))

    let record = try workspace.record()
    #expect(record["answers"]["topic"] == "kept")
    #expect(record["answers"]["story"] == "the story")
    #expect(record["status"] == "paused")
    #expect(record["current_step"] == "focus")
    let file = try String(contentsOfFile: workspace.recordPath(), encoding: .utf8)
    #expect(!file.contains("half"))
  }

  // MARK: - Text

  @Test("a UTF-8 answer is recorded byte for byte, also when edited between wide characters")
  func unicodeAnswer() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    let text = "Zoë — 東京 🚀"
    try coach.answer(Demo.topic, keys: text + Key.enter)
    // Typed without the ë, which goes in after moving back over seven characters.
    try coach.answer(Demo.story, keys: "Zo — 東京 🚀" + String(repeating: Key.left, count: 7) + "ë")
    try coach.waitForCursorLine(endingWith: "you › " + text)
    try coach.pty.send(Key.enter)
    try coach.pause(at: Demo.focus)

    let answers = try workspace.record()["answers"]
    #expect(Array((answers["topic"].string ?? "").utf8) == Array(text.utf8))
    #expect(Array((answers["story"].string ?? "").utf8) == Array(text.utf8))
    #expect(coach.pty.output.contains(text))
  }

  @Test(
    "a three-line bracketed paste is one answer holding two newlines",
    arguments: ["\r", "\n", "\r\n"])
  func bracketedPaste(_ separator: String) throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    let pasted = ["first line", "second line", "third line"].joined(separator: separator)
    try coach.answer(Demo.topic, keys: Key.pasteStart + pasted + Key.pasteEnd)
    try coach.waitForScreen("the pasted lines") { screen in
      screen.row >= 2
        && screen.lines[(screen.row - 2)...screen.row].joined(separator: "\n")
          .hasSuffix("you › first line\nsecond line\nthird line")
    }
    try coach.pty.send(Key.enter)
    try coach.pause(at: Demo.story)

    let record = try workspace.record()
    #expect(record["answers"]["topic"] == "first line\nsecond line\nthird line")
    let answers = (record["transcript"].array ?? []).filter { $0["event"] == "answer" }
    #expect(answers.count == 1)
  }

  // MARK: - Pause and resume

  @Test("Ctrl-D on an empty line pauses; coach resume with an id prefix continues and finishes")
  func pauseAndResume() throws {
    let workspace = try Workspace()
    let first = try workspace.start()
    try first.answer(Demo.topic, keys: "pricing" + Key.enter)
    try first.answer(Demo.story, keys: "they signed" + Key.enter)
    try first.answer(Demo.focus, keys: Key.control("d"))
    let id = try workspace.onlySessionID()
    try first.waitFor("coach resume \(id)")
    #expect(try first.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))
    let paused = try workspace.record(id)
    #expect(paused["status"] == "paused")
    #expect(paused["current_step"] == "focus")

    let second = try workspace.resume(String(id.prefix(5)))
    try second.answer(Demo.focus, keys: "3" + Key.enter)
    try second.answer(Demo.onPlan, keys: "n" + Key.enter)
    try second.answer(Demo.nextStep, keys: "send the terms" + Key.enter)
    try second.waitFor("Session complete.")
    #expect(try second.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))
    #expect(!second.pty.output.contains("What should we talk about first?"))

    let done = try workspace.record(id)
    #expect(done["status"] == "completed")
    let expected: Value = [
      "topic": "pricing", "story": "they signed", "focus": "partners", "on_plan": false,
      "next_step": "send the terms",
    ]
    #expect(done["answers"] == expected)
    #expect(try workspace.sessionIDs() == [id])
  }

  // MARK: - Window and signals

  @Test("a resize in the middle of a line keeps the typed text")
  func resizeKeepsTheLine() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "abc def")
    try coach.waitFor("abc def")
    try coach.pty.resize(rows: 30, columns: 50)
    try coach.waitFor("abc def")  // drawn again
    try coach.pty.send(" ghi" + Key.enter)
    // Narrower than the line, mid-line: the text is kept whole.
    let long = String(repeating: "0123456789", count: 5)
    try coach.answer(Demo.story, keys: long)
    try coach.waitForScreen("the long line") { $0.text.hasSuffix("3456789") }
    try coach.pty.resize(rows: 24, columns: 30)
    try coach.prompt()  // drawn again, wrapped at 30 columns
    try coach.pty.send("!" + Key.enter)
    try coach.pause(at: "Where is the focus")  // wrapped at 30 columns

    let answers = try workspace.record()["answers"]
    #expect(answers["topic"] == "abc def ghi")
    #expect(answers["story"] == .string(long + "!"))
  }

  @Test("after a resize, coach's own text wraps to the new width")
  func resizeRewrapsCoachText() throws {
    let workspace = try Workspace()
    let coach = try workspace.start(columns: 100)
    try coach.prompt()
    try coach.pty.resize(rows: 24, columns: 50)
    try coach.prompt()  // drawn again after the resize
    try coach.pty.send("pricing" + Key.enter)
    let shown = try coach.ask(Demo.storyStart)
    try coach.pty.send(Key.control("d"))
    #expect(try coach.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))
    // Every line coach printed between the two prompts fits 50 columns.
    let lines = Screen.visibleLines(of: shown).filter { !$0.contains("you ›") }
    #expect(!lines.isEmpty)
    for line in lines { #expect(Screen.width(of: line) <= 50, "\(line.debugDescription)") }
  }

  @Test(
    "SIGTERM and SIGHUP while waiting for input save the session as paused and restore the terminal",
    arguments: [SIGTERM, SIGHUP])
  func terminatingSignal(_ signal: Int32) throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "pricing" + Key.enter)
    try coach.answer(Demo.story, keys: "partial")
    try coach.waitFor("partial")
    #expect(localFlags(try coach.pty.terminalAttributes()) == (false, false, true))
    coach.pty.signal(signal)
    try coach.waitFor("coach resume")
    #expect(try coach.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))
    #expect(localFlags(try coach.pty.terminalAttributes()) == (true, true, true))
    let output = coach.pty.output
    let pasteOn = try #require(output.range(of: "\u{1B}[?2004h", options: .backwards))
    #expect(output[pasteOn.upperBound...].contains("\u{1B}[?2004l"))

    let record = try workspace.record()
    #expect(record["status"] == "paused")
    #expect(record["current_step"] == "story")
    #expect(record["answers"]["topic"] == "pricing")
  }

  @Test("a terminal that goes away (hang-up) leaves the session paused")
  func hangUp() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "pricing" + Key.enter)
    try coach.answer(Demo.story, keys: "partial")
    try coach.waitFor("partial")
    coach.pty.close()
    _ = try coach.pty.wait(timeout: CoachTerminal.timeout)
    let record = try workspace.record()
    #expect(record["status"] == "paused")
    #expect(record["answers"]["topic"] == "pricing")
  }

  // MARK: - Colour

  @Test("on an xterm, coach's labels and prompt are coloured")
  func colourOnATerminal() throws {
    let output = try runShortSession(environment: [:])
    #expect(output.contains("\u{1B}[1;34mcoach › "))
    #expect(output.contains(#/\x1B\[[0-9;]*m/#))
  }

  @Test(
    "with NO_COLOR or TERM=dumb no colour sequence appears",
    arguments: ["NO_COLOR=1", "TERM=dumb"])
  func noColour(_ setting: String) throws {
    let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
    let output = try runShortSession(environment: [parts[0]: parts[1]])
    let colour = output.firstMatch(of: #/\x1B\[[0-9;]*m/#)
    #expect(colour == nil, "\(output.debugDescription)")
    #expect(output.contains("coach › What should we talk about first?"))
    if setting == "TERM=dumb" {
      // A dumb terminal would show bracketed-paste switches as text.
      #expect(!output.contains("\u{1B}[?2004"))
    }
  }

  // MARK: - Golden transcript and the shipped dialog

  @Test("the screen of a short session matches the golden transcript")
  func goldenTranscript() throws {
    let workspace = try Workspace()
    let coach = try workspace.start()
    try coach.answer(Demo.topic, keys: "dal" + Key.left + Key.left + "e" + Key.home + "the ")
    try coach.waitForCursorLine(endingWith: "you › the deal")
    try coach.pty.send(Key.end + " closed" + Key.enter)
    try coach.answer(Demo.story, keys: Key.pasteStart + "one\rtwo\rthree" + Key.pasteEnd)
    try coach.waitForCursorLine(endingWith: "three")
    try coach.pty.send(Key.enter)
    try coach.answer(Demo.focus, keys: "/no" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › /note")
    try coach.pty.send(" ask about Q3" + Key.enter)
    try coach.answer("back to: " + Demo.focus, keys: "/p" + Key.tab)
    try coach.waitForScreen("the candidates listed") { screen in
      screen.row > 0 && screen.lines[screen.row - 1].contains("/private")
        && screen.lines[screen.row].hasSuffix("you › /p")
    }
    try coach.pty.send(Key.control("c"))
    try coach.waitForCursorLine(endingWith: "you ›")
    try coach.pty.send("new" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › new-markets")
    try coach.pty.send(Key.enter)
    try coach.answer(Demo.onPlan, keys: "maybe" + Key.enter)
    try coach.answer("not yes or no", keys: "ye" + Key.tab)
    try coach.waitForCursorLine(endingWith: "you › yes")
    try coach.pty.send(Key.enter)
    try coach.pause(at: Demo.nextStep)

    let screen = Screen.normalised(Screen.render(coach.pty.output, columns: 80).text)
    try Snapshot.assert(
      screen, named: "terminal-session",
      in: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots"))
    #expect(try workspace.record()["answers"]["focus"] == "new-markets")
  }

  @Test("the shipped one-on-one shows its first question, and its step in the header and prompt")
  func firstPromptOfTheShippedOneOnOne() throws {
    let workspace = try Workspace()
    // What the first prompt is, from the machine mode (so its wording is not repeated here).
    let probe = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Dana", "--jsonl", "--store", workspace.folder + "/probe"])
    let prompt = try #require(
      try probe.stdout.split(separator: "\n").map { try JSON.decode($0) }.first { $0["type"] == "prompt" })
    let text = try #require(prompt["text"].string)
    let step = try #require(prompt["step"].number.map { Int($0) })
    let steps = try #require(prompt["steps"].number.map { Int($0) })
    let section = try #require(prompt["section_title"].string)

    let coach = try workspace.start(["one-on-one"], columns: 80)
    try coach.waitFor("step \(step) of \(steps)")
    try coach.waitFor("\(section) \(step)/\(steps) ")
    try coach.waitFor("you ›")
    let screen = Screen.render(coach.pty.output, columns: 80).text
    // Wrapped lines continue under an indent: join them to find the whole question.
    let joined = screen.replacingOccurrences(of: "\n" + String(repeating: " ", count: 8), with: " ")
    #expect(joined.contains("coach › " + text), "\(screen)")
    try coach.pty.send(Key.control("d"))
    try coach.waitFor("coach resume")
    #expect(try coach.pty.wait(timeout: CoachTerminal.timeout) == .exited(0))
    let record = try workspace.record()
    #expect(record["status"] == "paused")
    #expect(record["current_step"] == prompt["id"])
  }

  // MARK: - Helpers

  /// Answers the first question and pauses with Ctrl-D; returns everything coach wrote.
  private func runShortSession(environment: [String: String]) throws -> String {
    let workspace = try Workspace()
    let coach = try workspace.start(environment: environment)
    try coach.answer(Demo.topic, keys: "pricing" + Key.enter)
    try coach.pause(at: Demo.story)
    #expect(try workspace.record()["answers"]["topic"] == "pricing")
    return coach.pty.output
  }

  private func permissions(_ path: String) throws -> Int {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
  }

  private func localFlags(_ attributes: termios) -> (canonical: Bool, echo: Bool, signals: Bool) {
    (
      attributes.c_lflag & tcflag_t(ICANON) != 0, attributes.c_lflag & tcflag_t(ECHO) != 0,
      attributes.c_lflag & tcflag_t(ISIG) != 0
    )
  }
}

// MARK: - The demo dialog

/// The dialog every test but one runs, and its questions (each short enough not to wrap).
private enum Demo {
  static let topic = "What should we talk about first?"
  static let storyStart = "Tell the story of the last deal:"
  static let story = storyStart + " who"
  static let focus = "Where is the focus this month?"
  static let onPlan = "Is Dana on plan?"
  static let nextStep = "What is the next step?"

  static let script = """
    id: demo
    title: Terminal demo
    intro: A short check-in with {with}.
    sections:
      - {id: talk, title: Talk, timebox: 10m}
    steps:
      - id: topic
        section: talk
        ask: What should we talk about first?
        kind: text
      - id: story
        ask: >-
          Tell the story of the last deal: who was in the room, what they asked for, what made
          them sign, and what you would do differently next time with a customer like that one.
        kind: text
      - id: focus
        ask: Where is the focus this month?
        kind: choice
        choices:
          - {value: new-markets, label: New markets}
          - {value: key-accounts, label: Key accounts}
          - {value: partners, label: Partners}
      - id: on_plan
        ask: Is {with} on plan?
        kind: yes-no
      - id: next_step
        ask: What is the next step?
        kind: text

    """
}

// MARK: - A test's folder, and coach on a terminal

/// A fresh folder with its own HOME, store and copy of the demo dialog; removed at the end.
private final class Workspace {
  let folder: String
  var home: String { folder + "/home" }
  var store: String { folder + "/store" }
  var dialog: String { folder + "/demo.yaml" }

  init() throws {
    var template = Array((NSTemporaryDirectory() + "/coach-pty.XXXXXX").utf8CString)
    guard let path = mkdtemp(&template) else { throw POSIXError(.EIO) }
    folder = String(cString: path)
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    try Demo.script.write(toFile: dialog, atomically: true, encoding: .utf8)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// `coach start <arguments> --with Dana --store <store>`; the demo dialog by default.
  func start(
    _ arguments: [String]? = nil, with person: String = "Dana", environment: [String: String] = [:],
    rows: Int = 24, columns: Int = 80
  ) throws -> CoachTerminal {
    let arguments = ["start"] + (arguments ?? [dialog]) + ["--with", person, "--store", store]
    return try CoachTerminal(
      arguments: arguments, home: home, environment: environment, rows: rows, columns: columns)
  }

  /// `coach resume <session> --store <store>`.
  func resume(_ session: String) throws -> CoachTerminal {
    try CoachTerminal(arguments: ["resume", session, "--store", store], home: home)
  }

  /// The ids of the sessions in the store, sorted.
  func sessionIDs() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: store + "/sessions")
      .filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.sorted()
  }

  /// The id of the one session in the store.
  func onlySessionID() throws -> String {
    let ids = try sessionIDs()
    try #require(ids.count == 1, "sessions: \(ids)")
    return ids[0]
  }

  func recordPath() throws -> String {
    store + "/sessions/" + (try onlySessionID()) + ".jsonl"
  }

  /// The folded record of `id` (the only session when nil), from `coach show --format json`.
  func record(_ id: String? = nil) throws -> Value {
    let id = try id ?? onlySessionID()
    let result = try CoachProcess.run(["show", id, "--format", "json", "--store", store])
    try #require(result.status == 0, "coach show: \(result.stderr)")
    return try JSON.decode(result.stdout)
  }
}

/// `coach` running on a pseudo-terminal with TERM=xterm-256color and a fixed size.
private final class CoachTerminal {
  /// How long to wait for anything coach should show at once.
  static let timeout = 5.0

  let pty: PseudoTerminal
  /// The width the screen is rendered at.
  let columns: Int

  init(
    arguments: [String], home: String, environment: [String: String] = [:], rows: Int = 24,
    columns: Int = 80
  ) throws {
    self.columns = columns
    pty = try PseudoTerminal(
      executable: try PseudoTerminal.builtExecutable(named: "coach"), arguments: arguments,
      environment: PseudoTerminal.environment(
        home: home, columns: columns, rows: rows, extra: environment),
      rows: rows, columns: columns)
  }

  /// Waits for `text` in the output after the mark (see `PseudoTerminal.waitFor`).
  @discardableResult
  func waitFor(_ text: String) throws -> String {
    try pty.waitFor(text, timeout: Self.timeout)
  }

  /// Waits for the input prompt (`… you › `).
  func prompt() throws {
    try waitFor("you ›")
  }

  /// Waits for `question`, then for the input prompt; returns what was shown meanwhile.
  @discardableResult
  func ask(_ question: String) throws -> String {
    let shown = try pty.waitFor(question, timeout: Self.timeout)
    return shown + (try pty.waitFor("you ›", timeout: Self.timeout))
  }

  /// Types `keys` once `question` is asked.
  func answer(_ question: String, keys: String) throws {
    try ask(question)
    try pty.send(keys)
  }

  /// Waits until the screen, rendered from all the output so far, satisfies `condition`, then
  /// marks all that output read. libedit redraws an edited line in pieces (`dal`, then `\r`, a
  /// column move and `eal`), so edited text is looked for on the screen, not in the bytes.
  func waitForScreen(
    _ what: String, timeout: Double = CoachTerminal.timeout,
    until condition: (Screen.State) -> Bool
  ) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      pty.drain(for: 0.02)
      let screen = Screen.render(pty.output, columns: columns)
      if condition(screen) {
        pty.skipOutput()
        return
      }
      if Date() > deadline || !pty.isRunning {
        let tail = screen.lines.suffix(6).joined(separator: "\n")
        throw ScreenTimeout(waitingFor: what, screen: tail)
      }
    }
  }

  /// Waits until the line the cursor is on ends with `text` (trailing spaces aside).
  func waitForCursorLine(endingWith text: String) throws {
    let trimmed = text.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
    try waitForScreen("the line to end with \(text.debugDescription)") {
      $0.lines[$0.row].hasSuffix(trimmed)
    }
  }

  /// Once `question` is asked, pauses with Ctrl-D and waits for coach to exit.
  func pause(at question: String) throws {
    try answer(question, keys: Key.control("d"))
    try pty.waitFor("coach resume", timeout: Self.timeout)
    #expect(try pty.wait(timeout: Self.timeout) == .exited(0))
  }
}

/// A screen condition that never came true.
private struct ScreenTimeout: Error, CustomStringConvertible {
  let waitingFor: String
  let screen: String
  var description: String { "timed out waiting for \(waitingFor); the screen ends with:\n\(screen)" }
}
