import ArgumentParser
import CoachKit
import Foundation

/// `coach calendar [--out FILE] [--with NAME]`
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract: "Write an iCalendar file of the next meetings and the open action items.",
    discussion: """
      An all-day event for each ritual's next session (confirmed when its date was agreed in \
      the last one, else tentative on the day the cadence makes it due; one overdue is put on \
      today), with the person and their open commitments in its description; and a to-do for \
      each open action item, due on its date. Each has a stable UID, so importing the file \
      again (Google Calendar, Outlook, Thunderbird) updates the earlier import instead of \
      duplicating it. Nothing private is written.
      """)

  @Option(
    name: .long,
    help: ArgumentHelp("Write the calendar to this file (else standard output).", valueName: "file"))
  var out: String?

  @Option(
    name: .long, help: ArgumentHelp("Only this person (any of their spellings).", valueName: "name"),
    completion: ShellCompletions.people())
  var with: String?

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let context = try TeamContext(global)
      let now = Clock.system.now()
      var list = context.dueList(today: Clock.today())
      if let with {
        list = list.only(with, book: context.book)
        if list.people.isEmpty {
          throw Failure(
            "\(Sanitizer.inline(with, limit: 60)) is neither in the team nor met in a session",
            code: ExitStatus.notFound)
        }
      }
      let text = CalendarExport.calendar(list, now: now).text
      guard let out else {
        Terminal.standardOutput(text)
        return
      }
      do {
        // It names people and their commitments: private, like the store's files.
        try text.write(toFile: out, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)
      } catch {
        throw Failure(
          "cannot write \(Sanitizer.inline(out, limit: 200)): \(error.localizedDescription)",
          code: ExitStatus.cannotCreate)
      }
      let events = list.people.reduce(0) { $0 + $1.rituals.filter { $0.due != nil }.count }
      let todos = list.people.reduce(0) { $0 + $1.commitments.count }
      Terminal.standardOutput(
        "Wrote \(events) event\(events == 1 ? "" : "s") and \(todos) to-do\(todos == 1 ? "" : "s") to \(Sanitizer.inline(out, limit: 200)).\n"
      )
    }
  }
}
