import ArgumentParser
import CoachKit
import Foundation

/// `coach due [--within 7d] [--with NAME] [--json] [--team]`
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

      With --team, then the org below you in the team store, as of the last coach sync: for \
      each person below (however deep) who holds sessions or keeps a team file, their team's \
      due list, built from what the store let you pull. It needs no network; coach sync \
      brings it up to date.
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

  @Flag(name: .long, help: "The org below you too, as of the last coach sync: each team's due list.")
  var team = false

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
      var org = team ? context.org(today: today) : nil
      if let with {
        list = list.only(with, book: context.book)
        org = org.map { org in org.mapLists { $0.only(with, book: org.book) } }
        if list.people.isEmpty && !(org?.managers.contains { !$0.isEmpty } ?? false) {
          throw Failure(
            "\(Sanitizer.inline(with, limit: 60)) is neither in the team nor met in a session",
            code: ExitStatus.notFound)
        }
      }
      if let within {
        let day = today.adding(days: Script.Cadence(within)?.days ?? 0) ?? CalendarDay.last
        list = list.within(day)
        org = org?.mapLists { $0.within(day) }
      }
      if json {
        var value = list.json.object ?? [:]
        if team { value["org"] = org.map { $0.json("due") { $0.list.json } } ?? .null }
        Terminal.standardOutput(JSON.encodePretty(.object(value)) + "\n")
        return
      }
      var out = list.text(width: Terminal.outputWidth(), within: within)
      if team {
        out += org?.dueText(width: Terminal.outputWidth(), within: within) ?? Self.notSynced
      }
      Terminal.standardOutput(out)
    }
  }

  /// What `--team` says before the first sync.
  static let notSynced = """

    No org yet: coach sync pulls what the people below you share in the team store \
    (coach sync --database URL, or COACH_DATABASE_URL). See docs/team-store.md.

    """
}
