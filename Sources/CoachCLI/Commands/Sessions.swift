import ArgumentParser
import CoachKit

/// `coach sessions [--dialog D] [--with NAME] [--status S] [--json]`
struct Sessions: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sessions", abstract: "List recorded sessions, newest first.")

  @Option(name: .long, help: "Only sessions of this dialog.", completion: ShellCompletions.dialogs())
  var dialog: String?

  @Option(
    name: .long, help: "Only sessions with this person (any of their spellings).",
    completion: ShellCompletions.people())
  var with: String?

  @Option(name: .long, help: "Only sessions with this status: completed, paused or in-progress.")
  var status: String?

  @Flag(name: .long, help: "Print JSON.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if let status, SessionStatus(rawValue: status) == nil {
      throw ValidationError("--status takes completed, paused or in-progress, not '\(status)'")
    }
  }

  func run() throws {
    let store = global.sessionStore
    let (found, problems) = store.summaries()
    for problem in problems { Terminal.standardError("coach: warning: \(problem)\n") }
    // Each session under its person's name as shown (after renames and merges).
    let book = PeopleBook(store: store)
    // The spelling last written of each person: the first met in the list, newest first.
    var latest: [String: String] = [:]
    var spelt: Set<String> = []
    for summary in found {
      guard let with = summary.with, spelt.insert(with).inserted else { continue }
      let key = PeopleBook.key(with)
      if latest[key] == nil { latest[key] = with }
    }
    var shown: [String: String] = [:]
    let all = found.map { summary in
      var summary = summary
      if let with = summary.with {
        if shown[with] == nil { shown[with] = book.display(with, latest: latest) }
        summary.with = shown[with]
      }
      return summary
    }
    let keys = with.map { book.keys(of: book.display($0)) }
    let sessions = all.filter {
      (dialog == nil || $0.dialogID == dialog)
        && (keys == nil || $0.with.map { keys!.contains(PeopleBook.key($0)) } == true)
        && (status == nil || $0.status.rawValue == status)
    }
    if json {
      Terminal.standardOutput(JSON.encodePretty(.array(sessions.map(\.json))) + "\n")
    } else if sessions.isEmpty {
      Terminal.standardOutput(
        all.isEmpty
          ? "No sessions yet: coach start one-on-one --with NAME begins one.\n"
          : Sentence.end("No session matches" + Self.unmatched(dialog: dialog, with: with, in: all)) + "\n")
    } else {
      Terminal.standardOutput(Self.table(sessions, catalog: global.catalog, width: Terminal.width()))
    }
  }

  /// Why nothing matched, when a filter names what the store has no session of.
  static func unmatched(dialog: String?, with: String?, in all: [SessionSummary]) -> String {
    var reasons: [String] = []
    if let dialog, !all.contains(where: { $0.dialogID == dialog }) {
      let ids = Set(all.map(\.dialogID)).sorted()
      let guess = Suggestion.closest(to: dialog, in: ids).map { "; did you mean \($0)?" } ?? ""
      reasons.append("no session is of the dialog '\(Sanitizer.inline(dialog, limit: 40))'\(guess)")
    }
    if let with, !all.contains(where: { $0.with.map(PeopleBook.key) == PeopleBook.key(with) }) {
      reasons.append("no session is with '\(Sanitizer.inline(with, limit: 40))' (coach people lists who is)")
    }
    return reasons.isEmpty ? "" : ": " + reasons.joined(separator: ", and ")
  }

  /// Sessions as a table: id, start, dialog, person, status, the time spent, and where a
  /// session not completed stopped (its section, from the dialog's script).
  static func table(_ sessions: [SessionSummary], catalog: DialogCatalog? = nil, width: Int? = nil) -> String
  {
    var table = TextTable([
      .init("ID"), .init("STARTED"), .init("DIALOG", minimum: 10, flexible: true),
      .init("WITH", minimum: 8, maximum: 30, flexible: true), .init("STATUS"),
      .init("TIME", alignment: .right),
      .init("STOPPED AT", minimum: 8, maximum: 30, flexible: true),
    ])
    var scripts: [String: Script?] = [:]
    for s in sessions {
      let time = Clock.iso8601(s.startedAt)  // 2026-11-23T09:00:00.000Z
      var stoppedAt = ""
      if let step = s.step, s.status != .completed {
        if scripts[s.dialogID] == nil {
          scripts[s.dialogID] = catalog.flatMap { catalog in
            catalog.find(s.dialogID).flatMap { catalog.load($0, checking: false).script }
          }
        }
        let script = scripts[s.dialogID] ?? nil
        let section = script?.step(step)?.sectionID.flatMap { script?.section($0)?.title }
        stoppedAt = section ?? step
      }
      table.rows.append([
        s.id, time.prefix(10) + " " + time.dropFirst(11).prefix(5), s.dialogTitle, s.with ?? "—",
        s.status.rawValue, s.seconds.map(Self.duration) ?? "", stoppedAt,
      ])
    }
    return table.render(width: width).joined(separator: "\n") + "\n"
  }

  /// `0:42`, `12 min`, `1 h 05`: the time spent in a session.
  static func duration(_ seconds: Int) -> String {
    if seconds < 60 { return "0:\(seconds < 10 ? "0" : "")\(seconds)" }
    let minutes = seconds / 60
    if minutes < 60 { return "\(minutes) min" }
    return "\(minutes / 60) h \(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
  }
}
