import ArgumentParser
import CoachKit

/// `coach`: a chat-style coaching assistant for the terminal.
struct Coach: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coach",
    abstract: "A chat-style coaching assistant for sales 1-on-1s, ride-alongs and interviews.",
    discussion: """
      Start a guided session with 'coach start one-on-one --with Dana'. Every session is
      recorded under the store (--store, $COACH_HOME, $XDG_DATA_HOME/coach or
      ~/.local/share/coach); 'coach sessions' lists them.
      """,
    version: coachVersion,
    subcommands: [
      Home.self, Start.self, Resume.self, Sessions.self, Show.self, Replay.self, Dialogs.self, Lint.self,
      TestDialogs.self,
      Compare.self, Report.self, People.self, Forget.self, Delete.self,
    ],
    defaultSubcommand: Home.self)
}

/// The program: parses the command line and runs the command it names.
public enum CoachProgram {
  public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
    Coach.main(arguments)
  }
}
