import ArgumentParser
import CoachKit

/// Command lines as people type them, made into what the parser takes: global options before
/// the subcommand (`coach --store DIR sessions`, as `git -C` or `kubectl --context`), and a
/// misspelt subcommand named as such with a suggestion, not reported as an argument the
/// default command does not take.
enum Arguments {
  /// The options every command takes that need a value.
  static let global = ["--store", "--prompts"]

  /// `arguments` with the global options given before the subcommand moved after it (to the
  /// end, before a `--`): `--store DIR sessions` is `sessions --store DIR`.
  static func normalised(_ arguments: [String]) -> [String] {
    var moved: [String] = []
    var index = 0
    while index < arguments.count {
      let word = arguments[index]
      if global.contains(where: { word.hasPrefix($0 + "=") }) {
        moved.append(word)
        index += 1
      } else if global.contains(word), index + 1 < arguments.count {
        moved += arguments[index...(index + 1)]
        index += 2
      } else {
        break
      }
    }
    guard !moved.isEmpty else { return arguments }
    var rest = Array(arguments[index...])
    let end = rest.firstIndex(of: "--") ?? rest.endIndex
    rest.insert(contentsOf: moved, at: end)
    return rest
  }

  /// A subcommand that does not exist, at the start of `arguments`: its message, with the
  /// nearest command, or nil when the words name commands (or there are none).
  static func unknownCommand(in arguments: [String], root: ParsableCommand.Type) -> String? {
    var command = root
    var path = [root.configuration.commandName ?? "coach"]
    for word in arguments {
      let subcommands = command.configuration.subcommands
      guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
      if path.count == 1, word == "help" { return nil }
      let names = subcommands.map { ($0, [$0._commandName] + $0.configuration.aliases) }
      guard let next = names.first(where: { $0.1.contains(word) })?.0 else {
        let all = names.map(\.1[0])
        let shown = Sanitizer.inline(word, limit: 40)
        let guess = Suggestion.closest(to: word, in: all).map { "; did you mean '\($0)'?" } ?? ""
        let whose = path.count == 1 ? "" : " \(path.dropFirst().joined(separator: " "))"
        return
          "unknown\(whose) command '\(shown)'\(guess) ('\(path.joined(separator: " ")) --help' lists the commands)"
      }
      command = next
      path.append(next._commandName)
    }
    return nil
  }
}
