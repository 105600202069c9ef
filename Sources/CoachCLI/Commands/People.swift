import ArgumentParser
import CoachKit
import Foundation

/// `coach people [--json] | people rename OLD NEW | people merge A B`
struct People: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "people",
    abstract: "The people sessions are held with: one person each, whatever the spelling.",
    discussion: """
      Names are matched without case or accents, so --with dana is Dana. 'rename' changes how a \
      person is shown (every spelling of them); 'merge' makes two people one, when the same \
      person was written two ways. Neither rewrites a record: the names live in the store's \
      people.json.
      """,
    subcommands: [List.self, Rename.self, Merge.self], defaultSubcommand: List.self)

  /// `coach people [--json]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the people, with their sessions and open commitments.")

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reporting {
        let store = global.sessionStore
        let book = PeopleBook(store: store)
        let today = Clock.today()
        var rows: [[String]] = []
        var objects: [Value] = []
        for person in book.everyone {
          let history = PersonHistory(store: store, person: person, book: book)
          guard let last = history.sessions.last else { continue }
          let open = history.openActionItems
          let overdue = open.filter { $0.dueDay.map { $0 < today } ?? false }
          let spellings = Set(history.sessions.compactMap(\.entry.with)).subtracting([person]).sorted()
          rows.append([
            person, "\(history.sessions.count)", CalendarDay(last.entry.startedAt).friendly,
            "\(open.count)" + (overdue.isEmpty ? "" : " (\(overdue.count) overdue)"),
            spellings.joined(separator: ", "),
          ])
          objects.append([
            "name": .string(person), "sessions": .number(Double(history.sessions.count)),
            "last_seen": .string(Clock.iso8601(last.entry.startedAt)),
            "open_actions": .number(Double(open.count)),
            "overdue_actions": .number(Double(overdue.count)),
            "also_written": .array(spellings.map(Value.string)),
          ])
        }
        if json {
          Terminal.standardOutput(JSON.encodePretty(.array(objects)) + "\n")
        } else if rows.isEmpty {
          Terminal.standardOutput(
            "No one yet: coach start one-on-one --with NAME begins a session with someone.\n")
        } else {
          let table = TextTable(
            [
              .init("NAME", minimum: 8, flexible: true), .init("SESSIONS", alignment: .right),
              .init("LAST SEEN"),
              .init("OPEN"), .init("ALSO WRITTEN", minimum: 6, flexible: true),
            ], rows: rows)
          Terminal.standardOutput(table.render(width: Terminal.width()).joined(separator: "\n") + "\n")
        }
      }
    }
  }

  /// `coach people rename OLD NEW`
  struct Rename: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename", abstract: "Show a person under another name (every spelling of them).")

    @Argument(help: "The person, as any of their spellings.", completion: ShellCompletions.people())
    var old: String

    @Argument(help: "The name to show them as.")
    var new: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reporting {
        var book = PeopleBook(store: global.sessionStore)
        do throws(PeopleBook.Problem) {
          try book.rename(old, to: new)
        } catch {
          throw Failure(error.description, code: ExitStatus.usage)
        }
        try book.save()
        Terminal.standardOutput(
          "\(Sanitizer.inline(old, limit: 60)) is now shown as \(Sanitizer.inline(new, limit: 60)).\n")
      }
    }
  }

  /// `coach people merge A B`
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge", abstract: "Make two people one: A's sessions, actions and trends become B's.")

    @Argument(help: "The person written the other way.", completion: ShellCompletions.people())
    var from: String

    @Argument(help: "The person to keep.", completion: ShellCompletions.people())
    var into: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
      try reporting {
        var book = PeopleBook(store: global.sessionStore)
        do throws(PeopleBook.Problem) {
          try book.merge(from, into: into)
        } catch {
          throw Failure(error.description, code: ExitStatus.usage)
        }
        try book.save()
        Terminal.standardOutput(
          "\(Sanitizer.inline(from, limit: 60)) and \(Sanitizer.inline(book.display(into), limit: 60)) are one person now.\n"
        )
      }
    }
  }
}
