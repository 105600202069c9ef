import ArgumentParser
import CoachKit
import Foundation

/// `coach report --with NAME [--dialog D] [--format text|markdown|json]`, or `coach report
/// --team [--with NAME]`
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Trends across a person's sessions, and their action items.",
    discussion: """
      For every session with NAME (any case), oldest first: each numeric answer (numbers, \
      percentages, amounts, scales, rating scores) of each dialog step with its change since \
      the session before (▲ up, ▼ down, = same); then the action items agreed, which are done \
      and which are overdue (open, due before today).

      With --team, one table for the team (coach team): each person's rituals held against \
      their cadence over the last 13 weeks, the last 1-on-1, open and overdue commitments, the \
      metrics their 1-on-1 tracks (last value, sparkline, ▲ ▼; ! a move the wrong way) and the \
      flags of their last meetings. With --with NAME too, the people who report to NAME, down \
      the tree. After a coach sync, then the same table for each team below you in the org, \
      as of that sync (with --with, NAME's part of the org).
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
  }

  @Option(
    name: .long,
    help: ArgumentHelp("The person the sessions were with (any of their spellings).", valueName: "name"),
    completion: ShellCompletions.people())
  var with: String?

  @Flag(name: .long, help: "The whole team at a glance (with --with, the people who report to NAME).")
  var team = false

  @Option(
    name: .long, help: ArgumentHelp("Only sessions of this dialog.", valueName: "dialog"),
    completion: ShellCompletions.dialogs())
  var dialog: String?

  @Option(name: .long, help: "Output format: text, markdown or json.")
  var format: Format = .text

  @OptionGroup var global: GlobalOptions

  func validate() throws {
    if let with, with.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--with takes the name of the person the sessions were with")
    }
    if with == nil && !team {
      throw ValidationError("say whose report: --with NAME, or --team for the whole team")
    }
    if team && dialog != nil { throw ValidationError("--dialog is for one person's report, not --team") }
  }

  func run() throws {
    if team { return try teamReport() }
    guard let with else { return }
    try reporting {
      let store = global.sessionStore
      let (found, problems) = PersonReport.records(in: store, person: with, dialog: dialog, shared: true)
      for problem in problems { Terminal.standardError("coach: warning: \(problem)\n") }
      guard !found.isEmpty else {
        if !problems.isEmpty {
          throw Failure(
            "no session with '\(Sanitizer.inline(with, limit: 40))' could be read (the problems are above)",
            code: ExitStatus.ioError)
        }
        throw Failure(noSessions(store), code: ExitStatus.notFound)
      }
      var scripts: [String: Script] = [:]
      let newestFirst = found.sorted { $0.header.startedAt > $1.header.startedAt }
      for (header, _) in newestFirst where scripts[header.dialogID] == nil {
        if let script = global.catalog.script(for: header, checking: false) {
          scripts[header.dialogID] = script
        }
      }
      let book = PeopleBook(store: store)
      let report = PersonReport(
        records: found.map(\.folded), person: book.display(with), keys: book.keys(of: with), dialog: dialog,
        scripts: scripts, today: Clock.today())
      switch format {
      case .text: Terminal.standardOutput(report.text(width: Terminal.outputWidth()))
      case .markdown: Terminal.standardOutput(report.markdown())
      case .json: Terminal.standardOutput(JSON.encodePretty(report.json) + "\n")
      }
    }
  }

  /// `--team`: the team's table, or the tree under `--with`; then, after a `coach sync`, a
  /// table for each team below in the org (under `--with`, NAME's part of it).
  func teamReport() throws {
    try reporting {
      let context = try TeamContext(global)
      let today = Clock.today()
      // The report counts the org's commitments: their text is not read.
      var org = context.org(today: today, countingCommitments: true)
      if let with { org = org?.only(with) }
      var list = context.dueList(today: today)
      var local = true
      let root = with ?? Configuration.current.name
      if let root, let i = context.team.find(root) {
        let tree = Set(context.team.reports(of: context.team.members[i].name).map(\.key))
        if !tree.isEmpty || with != nil {
          list.people = list.people.filter { tree.contains(PeopleBook.key($0.name)) }
        }
      } else if let with {
        // Not in your team file: someone below you in the org, or no one.
        guard org != nil else { throw TeamCommand.notInTeam(with, context.team) }
        local = false
      }
      let me = Configuration.current.name.map(PeopleBook.key)
      list.people = list.people.filter { $0.inTeam && PeopleBook.key($0.name) != me }
      let report = TeamReport(list, script: context.script, since: Self.since(context.team))
      let below = (org?.shown ?? []).map { manager in
        (
          manager,
          TeamReport(Self.teamList(of: manager), script: context.script, since: Self.since(manager.team))
        )
      }
      let width = Terminal.outputWidth()
      switch format {
      case .text:
        var out = local ? report.text(width: width) : ""
        if let org { out += (local ? "\n" : "") + org.reportText(below, width: width) }
        Terminal.standardOutput(out)
      case .markdown:
        var out = local ? report.markdown() : ""
        if let org { out += (local ? "\n" : "") + org.reportMarkdown(below) }
        Terminal.standardOutput(out)
      case .json:
        var value = (local ? report.json.object : nil) ?? [:]
        let reports = Dictionary(below.map { ($0.0.login, $0.1) }) { a, _ in a }
        value["org"] = org.map { $0.json("report") { reports[$0.login]?.json ?? .null } } ?? .null
        Terminal.standardOutput(JSON.encodePretty(.object(value)) + "\n")
      }
    }
  }

  /// When each member of `team` joined, by name key: coverage counts from then.
  static func since(_ team: Team) -> [String: CalendarDay] {
    var since: [String: CalendarDay] = [:]
    for member in team.members { since[member.key] = member.since }
    return since
  }

  /// The people of a team below in the org, as its report shows them: those of their team file
  /// but themselves, or, without one, everyone they met.
  static func teamList(of manager: OrgView.Manager) -> DueList {
    var list = manager.list
    if list.hasTeam {
      let me = PeopleBook.key(manager.name)
      list.people = list.people.filter { $0.inTeam && PeopleBook.key($0.name) != me }
    }
    return list
  }

  /// Says that nobody matched, and who is in the store.
  func noSessions(_ store: SessionStore) -> String {
    let with = with ?? ""
    var people: [String] = []
    for name in SessionIndex(store: store).entries().compactMap(\.with)
    where !people.contains(where: { $0.lowercased() == name.lowercased() }) {
      people.append(name)
    }
    let who = "'\(Sanitizer.inline(with, limit: 40))'"
    let scope = dialog.map { " in dialog '\(Sanitizer.inline($0, limit: 40))'" } ?? ""
    guard !people.isEmpty else { return "no sessions with \(who)\(scope): the store has no sessions yet" }
    let shown = people.sorted().prefix(10).map { Sanitizer.inline($0, limit: 30) }
    var message = "no sessions with \(who)\(scope); sessions are with: \(shown.joined(separator: ", "))"
    if people.count > 10 { message += ", …" }
    if let close = Suggestion.closest(to: with, in: people) {
      message += " (did you mean '\(Sanitizer.inline(close, limit: 30))'?)"
    }
    return message
  }
}
