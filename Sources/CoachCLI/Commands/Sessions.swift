import ArgumentParser
import CoachKit

/// `coach sessions [--dialog D] [--with NAME] [--status S] [--json]`
struct Sessions: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sessions", abstract: "List recorded sessions, newest first.")

  @Option(name: .long, help: "Only sessions of this dialog.")
  var dialog: String?

  @Option(name: .long, help: "Only sessions with this person (case-insensitive).")
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
    let (all, problems) = global.sessionStore.summaries()
    for problem in problems { Terminal.standardError("coach: warning: \(problem)\n") }
    let sessions = all.filter {
      (dialog == nil || $0.dialogID == dialog)
        && (with == nil || $0.with?.lowercased() == with?.lowercased())
        && (status == nil || $0.status.rawValue == status)
    }
    if json {
      Terminal.standardOutput(JSON.encodePretty(.array(sessions.map(\.json))) + "\n")
    } else if sessions.isEmpty {
      Terminal.standardOutput(
        all.isEmpty
          ? "No sessions yet: coach start one-on-one --with NAME begins one.\n"
          : "No session matches.\n")
    } else {
      Terminal.standardOutput(Self.table(sessions))
    }
  }

  /// Sessions as a table: id, start, dialog, person, status.
  static func table(_ sessions: [SessionSummary], width: Int? = nil) -> String {
    var table = TextTable([
      .init("ID"), .init("STARTED"), .init("DIALOG", minimum: 10, flexible: true),
      .init("WITH", minimum: 8, maximum: 30, flexible: true), .init("STATUS"),
    ])
    for s in sessions {
      let time = Clock.iso8601(s.startedAt)  // 2026-11-23T09:00:00.000Z
      table.rows.append([
        s.id, time.prefix(10) + " " + time.dropFirst(11).prefix(5), s.dialogTitle, s.with ?? "—",
        s.status.rawValue,
      ])
    }
    return table.render(width: width).joined(separator: "\n") + "\n"
  }
}
