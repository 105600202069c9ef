import ArgumentParser
import CoachKit
import Foundation

/// `coach forget --with NAME [--yes]`
struct Forget: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forget",
    abstract: "Remove a person's data: every session with them and everything kept about them.",
    discussion: """
      For a candidate who asks, or data past its retention. The records go, with what the store \
      keeps of them outside the records (the index lines, cached answers and actions, the \
      person's names in people.json). It asks first, naming what will go; --yes does not ask.
      """)

  @Option(name: .long, help: "The person, as any of their spellings.", completion: ShellCompletions.people())
  var with: String

  @Flag(name: .long, help: "Do not ask for confirmation.")
  var yes = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let store = global.sessionStore
      var book = PeopleBook(store: store)
      guard let person = book.person(with) else {
        var message = "no one called '\(Sanitizer.inline(with, limit: 40))' is in the store"
        if case .nearMiss(let candidates) = book.match(with) {
          message += "; did you mean \(candidates.prefix(5).joined(separator: " or "))?"
        }
        throw Failure(message, code: ExitStatus.notFound)
      }
      let sessions = PersonHistory(store: store, person: person, book: book).sessions
      let what = Confirmation.describe(sessions.map(\.entry))
      let question =
        "This deletes \(what) with \(Sanitizer.inline(person, limit: 60)), and everything coach keeps about them outside the records. It cannot be undone."
      guard try Confirmation.ask(question, yes: yes) else {
        Terminal.standardOutput("Nothing was deleted.\n")
        return
      }
      for session in sessions { try store.delete(session.entry.id) }
      book.forget(person)
      try book.save()
      try Self.removeFromTeam(
        person, store: store, dialogs: Set(DialogSummaries.load(global.catalog, store: store).keys))
      Terminal.standardOutput("Deleted \(what) with \(Sanitizer.inline(person, limit: 60)).\n")
    }
  }
}

extension Forget {
  /// Takes `person` out of the team file too (those who reported to them then report to no
  /// one in it). A team file with errors is left as it is, with a warning.
  static func removeFromTeam(_ person: String, store: SessionStore, dialogs: Set<String>) throws {
    guard FileManager.default.fileExists(atPath: TeamFile.path(in: store)) else { return }
    guard var team = TeamFile.load(store: store, dialogs: dialogs).team else {
      Terminal.standardError(
        "coach: warning: the team file has errors, so \(Sanitizer.inline(person, limit: 60)) is still in it: coach team says where\n"
      )
      return
    }
    guard let i = team.index(of: person) else { return }
    let key = team.members[i].key
    team.members.remove(at: i)
    for j in team.members.indices where team.members[j].reportsTo.map(PeopleBook.key) == key {
      team.members[j].reportsTo = nil
    }
    try TeamFile.save(team, store: store)
  }
}

/// `coach delete <session> [--yes]`
struct Delete: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete", abstract: "Delete a session's record and what the store keeps of it.")

  @Argument(help: "The session id, or a unique prefix of it.", completion: ShellCompletions.sessions())
  var session: String

  @Flag(name: .long, help: "Do not ask for confirmation.")
  var yes = false

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try reporting {
      let store = global.sessionStore
      let id = try store.resolve(session)
      let header = try? store.readHeader(id)
      var what = "session \(id)"
      if let header {
        what +=
          " (\(header.dialogTitle)\(header.with.map { " with " + $0 } ?? ""), \(CalendarDay(header.startedAt).friendly))"
      }
      var question = "This deletes \(Sanitizer.inline(what, limit: 120)). It cannot be undone."
      if header?.with != nil {
        question += " Later sessions with the same person keep what they carried over from it."
      }
      guard try Confirmation.ask(question, yes: yes) else {
        Terminal.standardOutput("Nothing was deleted.\n")
        return
      }
      try store.delete(id)
      Terminal.standardOutput("Deleted \(Sanitizer.inline(what, limit: 120)).\n")
    }
  }
}

/// Asking before something cannot be undone.
enum Confirmation {
  /// `4 sessions (Weekly 1-on-1 ×3, Ride-along debrief ×1, from … to …)`.
  static func describe(_ entries: [SessionIndex.Entry]) -> String {
    var counts: [(String, Int)] = []
    for entry in entries {
      if let i = counts.firstIndex(where: { $0.0 == entry.dialogTitle }) {
        counts[i].1 += 1
      } else {
        counts.append((entry.dialogTitle, 1))
      }
    }
    let days = entries.map { CalendarDay($0.startedAt) }.sorted()
    var text = "\(entries.count) session\(entries.count == 1 ? "" : "s")"
    if !entries.isEmpty {
      text += " (" + counts.map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
      if let first = days.first, let last = days.last {
        text += first == last ? ", \(first.friendly)" : ", from \(first.friendly) to \(last.friendly)"
      }
      text += ")"
    }
    return text
  }

  /// Asks `question` on a terminal (the person types yes); without one, only `yes` (--yes)
  /// goes ahead, and it is an error to go on without it.
  static func ask(_ question: String, yes: Bool) throws -> Bool {
    if yes { return true }
    guard Terminal.inputIsTerminal else {
      throw Failure(
        "\(question) Add --yes to go ahead without being asked (stdin is not a terminal)",
        code: ExitStatus.usage)
    }
    Terminal.standardOutput(question + " Type yes to go ahead: ")
    return readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
  }
}
