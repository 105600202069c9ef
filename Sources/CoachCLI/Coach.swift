import ArgumentParser
import CoachKit
import Foundation

/// `coach`: a chat-style coaching assistant for the terminal.
struct Coach: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coach",
    abstract: "A chat-style coaching assistant for sales 1-on-1s, ride-alongs and interviews.",
    discussion: """
      Start a guided session with 'coach start one-on-one --with Dana'. Every session is \
      recorded under the store (--store, $COACH_HOME, the config file's store, \
      $XDG_DATA_HOME/coach or ~/.local/share/coach); 'coach sessions' lists them. Global \
      options go before or after the command. The config file is \
      $XDG_CONFIG_HOME/coach/config.yaml (or ~/.config/coach/config.yaml): see the README.
      """,
    version: coachVersion,
    subcommands: [
      Home.self, Start.self, Resume.self, Sessions.self, Show.self, Replay.self, Dialogs.self, Lint.self,
      TestDialogs.self,
      Compare.self, Report.self, People.self, TeamCommand.self, Due.self, CalendarCommand.self, Forget.self,
      Delete.self, Sync.self, Org.self,
      CompletionsCommand.self,
    ],
    defaultSubcommand: Home.self)
}

/// The program: reads the config file, parses the command line and runs the command it
/// names. Every error is printed the same way, `coach: what is wrong, and what to do`, with
/// the exit code of the README's table.
public enum CoachProgram {
  public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
    Configuration.load(environment: ProcessInfo.processInfo.environment)
    let arguments = Arguments.normalised(arguments)
    if let unknown = Arguments.unknownCommand(in: arguments, root: Coach.self) {
      Terminal.standardError("coach: \(unknown)\n")
      exit(ExitStatus.usage)
    }
    do {
      var command = try Coach.parseAsRoot(arguments)
      try globalOptions(of: command)?.checkStore()
      try command.run()
    } catch {
      fail(with: error)
    }
  }

  /// The options every command takes, of `command` (nil for `help` and the like).
  static func globalOptions(of command: ParsableCommand) -> GlobalOptions? {
    Mirror(reflecting: command).children.lazy.compactMap {
      ($0.value as? OptionGroup<GlobalOptions>)?.wrappedValue
    }
    .first
  }

  /// Prints `error` as coach prints every error, and exits with its code.
  static func fail(with error: Error) -> Never {
    switch error {
    case let failure as Failure:
      Terminal.standardError("coach: \(failure.message)\n")
      exit(failure.code)
    case let error as StoreError:
      fail(with: Failure(error))
    case let code as ExitCode:
      exit(code.rawValue)
    default:
      let code = Coach.exitCode(for: error)
      // Help, the version and completion output are not errors: the parser prints them.
      if code == .success { Coach.exit(withError: error) }
      var message = Coach.fullMessage(for: error)
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      // The parser's own words, e.g. "Unknown option '--shard'. Did you mean '--shared'?"
      Terminal.standardError("coach: " + message.trimmingCharacters(in: .newlines) + "\n")
      exit(code.rawValue)
    }
  }
}
