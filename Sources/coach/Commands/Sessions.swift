import ArgumentParser
import CoachKit

/// `coach sessions [--dialog D] [--with NAME] [--status S] [--json]`
struct Sessions: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List recorded sessions, newest first.")

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
    let store = global.sessionStore
    var rows: [(started: String, value: Value, line: String)] = []
    for id in store.sessionIDs() {
      let record: SessionRecord
      do {
        record = try store.read(id)
      } catch {
        // A damaged record never hides the others.
        Terminal.standardError("coach: warning: \(error)\n")
        continue
      }
      let header = record.header
      let log = record.log
      if let dialog, header.dialogID != dialog { continue }
      if let with, header.with?.lowercased() != with.lowercased() { continue }
      if let status, log.status.rawValue != status { continue }
      let started = Clock.iso8601(header.startedAt)
      let value: Value = [
        "id": .string(id), "dialog": .string(header.dialogID), "with": .optional(header.with),
        "by": .optional(header.by), "status": .string(log.status.rawValue),
        "started_at": .string(started), "answers": .number(Double(log.answers.count)),
      ]
      let who = Sanitizer.inline(header.with ?? "—", limit: 24)
      let line =
        "\(id)  \(String(started.prefix(16)).replacingOccurrences(of: "T", with: " "))  \(header.dialogID.padding(toLength: 18, withPad: " ", startingAt: 0)) \(who.padding(toLength: 24, withPad: " ", startingAt: 0)) \(log.status.rawValue)"
      rows.append((started, value, line))
    }
    rows.sort { $0.started > $1.started }
    if json {
      Terminal.standardOutput(JSON.encodePretty(.array(rows.map(\.value))) + "\n")
    } else if rows.isEmpty {
      Terminal.standardOutput("No sessions yet: coach start one-on-one --with NAME begins one.\n")
    } else {
      Terminal.standardOutput(rows.map(\.line).joined(separator: "\n") + "\n")
    }
  }
}
