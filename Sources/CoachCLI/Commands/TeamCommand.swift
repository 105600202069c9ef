import ArgumentParser
import CoachKit
import Foundation
import TextLayout

/// `coach team [--json] | team add NAME --role ROLE … | team set NAME … | team remove NAME`
struct TeamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "team",
    abstract: "The team: its people, their roles and managers, and the rituals each is due for.",
    discussion: """
      The team lives in the store's team.yaml (mode 0600; docs/team-file.md gives its schema). \
      Each person has a role (rep, manager, leader, ceo or candidate), may report to another \
      person of the team, and is due for their role's rituals at each dialog's own cadence \
      (a rep: the 1-on-1 every week, the ride-along every 30 days, …); --cadence \
      DIALOG=EVERY changes one (7d, 2w, or none to turn it off). coach due and coach calendar \
      read it. The file may be edited by hand: coach team checks it and says where a problem is.
      """,
    subcommands: [List.self, Add.self, Set.self, Remove.self], defaultSubcommand: List.self)

  /// `coach team [--json]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the team, with each person's rituals; and who is met but not in it.")

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reporting {
        let context = try TeamContext(global)
        let cadences = context.dialogs.compactMapValues(\.cadence)
        let listed = Swift.Set(
          context.team.members.flatMap { context.book.keys(of: $0.name).union([$0.key]) })
        let strangers = context.book.everyone.filter { !listed.contains(PeopleBook.key($0)) }
        if json {
          let people: [Value] = context.team.members.map { member in
            [
              "name": .string(member.name), "role": .string(member.role.rawValue),
              "reports_to": .optional(member.reportsTo), "since": .optional(member.since?.description),
              "rituals": .array(
                context.team.rituals(of: member, cadences: cadences).map {
                  [
                    "dialog": .string($0.dialog), "title": .string(context.title($0.dialog)),
                    "every_days": .number(Double($0.days)),
                    "from": .string($0.fromTeamFile ? "team" : "dialog"),
                  ]
                }),
            ]
          }
          let others: [Value] = strangers.map { name in
            [
              "name": .string(name),
              "sessions": .number(
                Double(PersonHistory(store: context.store, person: name, book: context.book).sessions.count)),
            ]
          }
          Terminal.standardOutput(
            JSON.encodePretty([
              "file": .string(TeamFile.path(in: context.store)), "people": .array(people),
              "not_in_team": .array(others),
            ]) + "\n")
          return
        }
        var out = ""
        if context.team.members.isEmpty {
          out += "No team yet: coach team add NAME --role rep [--reports-to NAME] adds someone.\n"
        } else {
          let rows = context.team.members.map { member -> [String] in
            let rituals = context.team.rituals(of: member, cadences: cadences).map {
              "\(context.title($0.dialog)) \(Team.every($0.days))"
            }
            return [
              Sanitizer.inline(member.name, limit: 60), member.role.rawValue,
              member.reportsTo.map { Sanitizer.inline($0, limit: 60) } ?? "",
              rituals.isEmpty ? "none" : rituals.joined(separator: "; "),
            ]
          }
          let table = TextTable(
            [
              .init("NAME", minimum: 8, flexible: true), .init("ROLE"),
              .init("REPORTS TO", minimum: 6, flexible: true),
              .init("RITUALS", minimum: 12, flexible: true, wraps: true),
            ], rows: rows)
          out += table.render(width: Terminal.width()).joined(separator: "\n") + "\n"
        }
        if !strangers.isEmpty {
          let names = strangers.prefix(10).map { Sanitizer.inline($0, limit: 40) }
          let more = strangers.count > 10 ? " and \(strangers.count - 10) more" : ""
          out +=
            TextWrap.lines(
              "\nMet in sessions, not in the team: \(names.joined(separator: ", "))\(more). Add them with coach team add NAME --role ROLE, so coach due knows what they are due for.",
              width: Terminal.width()
            ).joined(separator: "\n") + "\n"
        }
        Terminal.standardOutput(out)
      }
    }
  }

  /// The options `add` and `set` share.
  struct Change: ParsableArguments {
    @Option(
      name: .long, parsing: .singleValue,
      help: ArgumentHelp(
        "How often a dialog is held with them: DIALOG=EVERY (7d, 2w, none); repeatable.",
        valueName: "dialog=every"))
    var cadence: [String] = []

    @Option(
      name: .long,
      help: ArgumentHelp(
        "When they joined (YYYY-MM-DD): a ritual never held is due from then.", valueName: "date"))
    var since: String?

    /// The cadences given, checked against the dialogs coach has.
    func cadences(dialogs: [String: DueList.Dialog]) throws -> [Team.Cadence] {
      try cadence.map { text in
        let parts = text.split(separator: "=", maxSplits: 1).map {
          String($0).trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, !parts[0].isEmpty else {
          throw Failure(
            "--cadence takes DIALOG=EVERY, e.g. --cadence one-on-one=7d, not '\(Sanitizer.inline(text, limit: 40))'",
            code: ExitStatus.usage)
        }
        guard dialogs[parts[0]] != nil else {
          var message = "coach has no dialog '\(Sanitizer.inline(parts[0], limit: 40))'"
          if let close = Suggestion.closest(to: parts[0], in: dialogs.keys.sorted()) {
            message += " (did you mean '\(close)'?)"
          }
          throw Failure(message + "; coach dialogs lists them", code: ExitStatus.usage)
        }
        guard let every = Script.Cadence(parts[1]) else {
          throw Failure(
            "the cadence of \(parts[0]) is a number of days or weeks (7d, 2w, at most 3660d) or none, not '\(Sanitizer.inline(parts[1], limit: 30))'",
            code: ExitStatus.usage)
        }
        return Team.Cadence(dialog: parts[0], every: every)
      }
    }

    /// The date given with --since.
    func sinceDay() throws -> CalendarDay? {
      guard let since else { return nil }
      guard let day = CalendarDay(iso: since.trimmingCharacters(in: .whitespaces)) else {
        throw Failure(
          "--since takes a date written YYYY-MM-DD, not '\(Sanitizer.inline(since, limit: 30))'",
          code: ExitStatus.usage)
      }
      return day
    }
  }

  /// `coach team add NAME --role ROLE [--reports-to NAME] [--cadence DIALOG=EVERY]… [--since DATE]`
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a person to the team.")

    @Argument(help: "Their name.", completion: ShellCompletions.people())
    var name: String

    @Option(name: .long, help: "rep, manager, leader, ceo or candidate.")
    var role: String

    @Option(name: .long, help: ArgumentHelp("Whom they report to (a person of the team).", valueName: "name"))
    var reportsTo: String?

    @Flag(name: .long, help: "They are someone new, though their name is close to someone's met in sessions.")
    var newPerson = false

    @OptionGroup var change: Change
    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reporting {
        let context = try TeamContext(global)
        if let problem = TeamFile.nameProblem(name) { throw Failure(problem, code: ExitStatus.usage) }
        var team = context.team
        if let existing = team.member(name) {
          throw Failure(
            "\(Sanitizer.inline(existing.name, limit: 60)) is already in the team: coach team set changes them",
            code: ExitStatus.usage)
        }
        // The person as the sessions spell them, so that their sessions count; a near miss is
        // likely a typo.
        var shown = name.trimmingCharacters(in: .whitespaces)
        switch context.book.match(shown) {
        case .known(let person): shown = person
        case .nearMiss(let candidates) where !newPerson:
          throw Failure(
            "no one called '\(Sanitizer.inline(shown, limit: 40))' is met in sessions; did you mean \(candidates.prefix(5).map { Sanitizer.inline($0, limit: 40) }.joined(separator: " or "))? (--new-person adds someone new)",
            code: ExitStatus.usage, details: ["candidates": .array(candidates.map(Value.string))])
        default: break
        }
        var member = Team.Member(name: shown, role: try Self.role(role))
        member.reportsTo = try reportsTo.map { try Self.manager($0, in: team) }
        // Since the first session with them, when there is one: they were on the team then.
        let first = PersonHistory(store: context.store, person: shown, book: context.book).sessions.first
        member.since = try change.sinceDay() ?? first.map { CalendarDay($0.entry.startedAt) } ?? Clock.today()
        for cadence in try change.cadences(dialogs: context.dialogs) {
          member.set(cadence.dialog, every: cadence.every)
        }
        team.members.append(member)
        try Self.save(team, context)
        let rituals = team.rituals(of: member, cadences: context.dialogs.compactMapValues(\.cadence))
        Terminal.standardOutput(Self.said("Added", member, rituals, context))
      }
    }

    static func role(_ text: String) throws -> Team.Role {
      guard let role = Team.Role(rawValue: text.lowercased()) else {
        var message =
          "--role is rep, manager, leader, ceo or candidate, not '\(Sanitizer.inline(text, limit: 30))'"
        if let close = Suggestion.closest(to: text.lowercased(), in: Team.Role.allCases.map(\.rawValue)) {
          message += " (did you mean '\(close)'?)"
        }
        throw Failure(message, code: ExitStatus.usage)
      }
      return role
    }

    /// The manager `name` as the team spells them; they must be in it.
    static func manager(_ name: String, in team: Team) throws -> String {
      guard let manager = team.find(name).map({ team.members[$0] }) else {
        throw Failure(
          "\(Sanitizer.inline(name, limit: 60)) is not in the team: add them first (coach team add '\(Sanitizer.inline(name, limit: 60))' --role manager)",
          code: ExitStatus.usage)
      }
      return manager.name
    }

    /// Writes the team after checking it as a whole (no loop, no one listed twice).
    static func save(_ team: Team, _ context: TeamContext) throws {
      if let problem = team.problems().first { throw Failure(problem.description, code: ExitStatus.usage) }
      try TeamFile.save(team, store: context.store)
    }

    /// `Added Dana Reyes (rep, reports to Max): Weekly 1-on-1 every week; …`
    static func said(_ verb: String, _ member: Team.Member, _ rituals: [Team.Ritual], _ context: TeamContext)
      -> String
    {
      var about = member.role.rawValue
      if let manager = member.reportsTo { about += ", reports to \(Sanitizer.inline(manager, limit: 60))" }
      let list = rituals.map { "\(context.title($0.dialog)) \(Team.every($0.days))" }
      let text =
        "\(verb) \(Sanitizer.inline(member.name, limit: 60)) (\(about)): "
        + (list.isEmpty ? "no rituals." : list.joined(separator: "; ") + ".")
      return TextWrap.lines(text, width: Terminal.width()).joined(separator: "\n") + "\n"
    }
  }

  /// `coach team set NAME [--role ROLE] [--reports-to NAME | --no-manager] [--cadence …]`
  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set", abstract: "Change a person of the team: role, manager, cadences, since.")

    @Argument(help: "The person, as any spelling.", completion: ShellCompletions.people())
    var name: String

    @Option(name: .long, help: "rep, manager, leader, ceo or candidate.")
    var role: String?

    @Option(name: .long, help: ArgumentHelp("Whom they report to (a person of the team).", valueName: "name"))
    var reportsTo: String?

    @Flag(name: .long, help: "They report to no one in the team.")
    var noManager = false

    @OptionGroup var change: Change
    @OptionGroup var global: GlobalOptions

    func validate() throws {
      if reportsTo != nil && noManager {
        throw ValidationError("give --reports-to or --no-manager, not both")
      }
      if role == nil && reportsTo == nil && !noManager && change.cadence.isEmpty && change.since == nil {
        throw ValidationError("say what to change: --role, --reports-to, --no-manager, --cadence or --since")
      }
    }

    func run() throws {
      try reporting {
        let context = try TeamContext(global)
        var team = context.team
        guard let i = team.find(name) else { throw TeamCommand.notInTeam(name, team) }
        if let role { team.members[i].role = try Add.role(role) }
        if let reportsTo { team.members[i].reportsTo = try Add.manager(reportsTo, in: team) }
        if noManager { team.members[i].reportsTo = nil }
        if let since = try change.sinceDay() { team.members[i].since = since }
        for cadence in try change.cadences(dialogs: context.dialogs) {
          team.members[i].set(cadence.dialog, every: cadence.every)
        }
        try Add.save(team, context)
        let member = team.members[i]
        let rituals = team.rituals(of: member, cadences: context.dialogs.compactMapValues(\.cadence))
        Terminal.standardOutput(Add.said("Changed", member, rituals, context))
      }
    }
  }

  /// `coach team remove NAME`
  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove",
      abstract: "Take a person out of the team (their sessions stay; coach forget removes those).")

    @Argument(help: "The person, as any spelling.", completion: ShellCompletions.people())
    var name: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reporting {
        let context = try TeamContext(global)
        var team = context.team
        guard let i = team.find(name) else { throw TeamCommand.notInTeam(name, team) }
        let member = team.members[i]
        let reports = team.members.filter { $0.reportsTo.map(PeopleBook.key) == member.key }
        guard reports.isEmpty else {
          throw Failure(
            "\(reports.map { Sanitizer.inline($0.name, limit: 40) }.joined(separator: ", ")) report\(reports.count == 1 ? "s" : "") to \(Sanitizer.inline(member.name, limit: 40)): give them another manager first (coach team set NAME --reports-to NAME, or --no-manager)",
            code: ExitStatus.usage)
        }
        team.members.remove(at: i)
        try Add.save(team, context)
        Terminal.standardOutput(
          "Removed \(Sanitizer.inline(member.name, limit: 60)) from the team; their sessions stay.\n")
      }
    }
  }

  /// Says that `name` is not in the team, with the closest name.
  static func notInTeam(_ name: String, _ team: Team) -> Failure {
    var message = "\(Sanitizer.inline(name, limit: 60)) is not in the team"
    if let close = Suggestion.closest(to: name, in: team.members.map(\.name)) {
      message += " (did you mean \(Sanitizer.inline(close, limit: 60))?)"
    } else {
      message += ": coach team lists it, coach team add adds someone"
    }
    return Failure(message, code: ExitStatus.notFound)
  }
}
