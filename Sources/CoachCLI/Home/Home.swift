import ArgumentParser

/// `coach` alone: the chat-style home.
struct Home: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "home",
    abstract:
      "The chat-style home, where sessions are started, resumed, listed and shown (what 'coach' alone opens)."
  )

  @OptionGroup var global: GlobalOptions

  func run() throws {
    HomeREPL(global: global).run()
  }
}
