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
  /// The scripts of those dialogs, by id.
  let scripts: [String: Script]
  let book: PeopleBook

  /// Reads them; a team file with errors fails with its diagnostics on stderr (warnings are
  /// printed and the command goes on).
  init(_ global: GlobalOptions, quiet: Bool = false) throws {
    store = global.sessionStore
    scripts = Self.scripts(of: global.catalog)
    dialogs = scripts.mapValues(DueList.Dialog.init)
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

  /// The scripts of the dialogs of `catalog` that load, by id.
  static func scripts(of catalog: DialogCatalog) -> [String: Script] {
    var scripts: [String: Script] = [:]
    for entry in catalog.entries() {
      if let script = catalog.load(entry).script { scripts[entry.id] = script }
    }
    return scripts
  }

  /// The due list as of `today`.
  func dueList(today: CalendarDay) -> DueList {
    DueList(
      store: store, team: team, dialogs: dialogs, today: today, book: book, me: Configuration.current.name)
  }

  /// The title of dialog `id`, or the id.
  func title(_ id: String) -> String { dialogs[id]?.title ?? id }
}
