import ArgumentParser
import CoachKit
import Foundation

/// `coach due [--within 7d] [--with NAME] [--json]`
struct Due: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "due",
    abstract: "What is due, person by person: rituals, overdue commitments, flags raised twice.",
    discussion: """
      For each person of the team (coach team), each ritual's last session and when the next is \
      due: the date agreed in the last session (its next meeting) wins over the cadence. Then \
      their open commitments (how many are overdue, the oldest) and any flag raised in the last \
      two meetings running. Whoever needs you soonest comes first. Without a team file, everyone \
      met in sessions is listed, with the dialogs they had.
      """)

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only what is due within this time from today (7d, 2w); overdue included.", valueName: "days"))
  var within: String?

  @Option(
    name: .long, help: ArgumentHelp("Only this person (any of their spellings).", valueName: "name"),
    completion: ShellCompletions.people())
  var with: String?

  @Flag(name: .long, help: "Print JSON.")
  var json = false

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if let within, Script.Cadence(within)?.days == nil, within.trimmingCharacters(in: .whitespaces) != "0d" {
      throw ValidationError(
        "--within takes a number of days or weeks, e.g. 7d or 2w, not '\(Sanitizer.inline(within, limit: 30))'"
      )
    }
  }

  func run() throws {
    try reporting {
      let context = try TeamContext(global)
      let today = Clock.today()
      var list = context.dueList(today: today)
      if let with {
        list = list.only(with, book: context.book)
        if list.people.isEmpty {
          throw Failure(
            "\(Sanitizer.inline(with, limit: 60)) is neither in the team nor met in a session",
            code: ExitStatus.notFound)
        }
      }
      if let within {
        let days = Script.Cadence(within)?.days ?? 0
        list = list.within(today.adding(days: days) ?? CalendarDay.last)
      }
      if json {
        Terminal.standardOutput(JSON.encodePretty(list.json) + "\n")
      } else {
        Terminal.standardOutput(list.text(width: Terminal.outputWidth(), within: within))
      }
    }
  }
}
