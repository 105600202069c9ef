import ArgumentParser
import CoachKit
import Foundation

/// What the team's commands (team, due, calendar, report --team, the home) read: the store, its
/// team file (each problem printed where it is; errors stop the command) and the dialogs coach
/// has, with their titles and cadences.
struct TeamContext {
  let store: SessionStore
  let team: Team
  let dialogs: [String: DueList.Dialog]
  let catalog: DialogCatalog
  let book: PeopleBook

  /// Reads them; a team file with errors fails with its diagnostics on stderr (warnings are
  /// printed and the command goes on).
  init(_ global: GlobalOptions, quiet: Bool = false) throws {
    store = global.sessionStore
    catalog = global.catalog
    dialogs = DialogSummaries.load(catalog, store: store)
    book = PeopleBook(store: store)
    let (team, diagnostics) = TeamFile.load(store: store, dialogs: Set(dialogs.keys))
    if !diagnostics.isEmpty && !quiet {
      let path = TeamFile.path(in: store)
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      let printer = DiagnosticPrinter(sources: [path: text], palette: .forStream(STDERR_FILENO))
      Terminal.standardError(diagnostics.map(printer.render).joined(separator: "\n") + "\n")
    }
    guard let team else {
      throw Failure(
        "the team file has errors (above): fix them by hand, then run the command again",
        code: ExitStatus.badScript)
    }
    self.team = team
  }

  /// The script of dialog `id`, read but not checked: the team's views show what a dialog
  /// tracks and run none of them (a script with errors says so where it is started, linted or
  /// tested).
  func script(_ id: String) -> Script? {
    if let known = scripts.loaded[id] { return known }
    let script = catalog.find(id).flatMap { catalog.load($0, checking: false).script }
    scripts.loaded[id] = script
    return script
  }

  /// The scripts read so far, by id (nil: coach has no such dialog), so that the reports of
  /// twenty teams below read each script once.
  private final class Scripts {
    var loaded: [String: Script?] = [:]
  }
  private let scripts = Scripts()

  /// The due list as of `today`.
  func dueList(today: CalendarDay) -> DueList {
    DueList(
      store: store, team: team, dialogs: dialogs, today: today, book: book, me: Configuration.current.name)
  }

  /// The org below this store's login as of its last `coach sync`, or nil before the first;
  /// what could not be read of it is said on stderr. `countingCommitments` for a view that shows
  /// only how many are open and overdue (``OrgView/init(mirror:dialogs:today:countingCommitments:)``).
  func org(today: CalendarDay, countingCommitments: Bool = false) -> OrgView? {
    guard
      let org = OrgView(
        mirror: TeamMirror(store: store), dialogs: dialogs, today: today,
        countingCommitments: countingCommitments)
    else {
      return nil
    }
    for problem in org.problems.prefix(5) { Terminal.standardError("coach: warning: \(problem)\n") }
    if org.problems.count > 5 {
      Terminal.standardError(
        "coach: warning: and \(org.problems.count - 5) more pulled records could not be read (coach sync pulls them again when they change)\n"
      )
    }
    return org
  }

  /// The title of dialog `id`, or the id.
  func title(_ id: String) -> String { dialogs[id]?.title ?? id }
}
