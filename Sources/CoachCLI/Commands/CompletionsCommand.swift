import ArgumentParser
import CoachKit
import Foundation

/// `coach completions [bash|zsh|fish] [--install]`
struct CompletionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "completions",
    abstract: "Print or install the shell completions for bash, zsh or fish.",
    discussion: """
      They complete commands, options, dialog ids, session ids (with the person and dialog of \
      each, in zsh and fish) and people's names. 'coach completions --install' writes them where \
      your shell (from $SHELL, or the one named) reads them: bash-completion's user folder, \
      zsh's site-functions under ~/.local/share/zsh (add it to fpath), or fish's completions \
      folder.
      """)

  enum Shell: String, ExpressibleByArgument, CaseIterable {
    case bash, zsh, fish

    var argumentParserShell: CompletionShell {
      switch self {
      case .bash: .bash
      case .zsh: .zsh
      case .fish: .fish
      }
    }
  }

  @Argument(help: "The shell (else the one $SHELL names).")
  var shell: Shell?

  @Flag(name: .long, help: "Write the script where the shell reads it, instead of printing it.")
  var install = false

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let shell = shell ?? Self.shell(from: environment) else {
      throw Failure(
        "which shell? $SHELL names none of bash, zsh and fish: add one (coach completions zsh)",
        code: ExitStatus.usage)
    }
    let script = Coach.completionScript(for: shell.argumentParserShell)
    guard install else {
      Terminal.standardOutput(script.hasSuffix("\n") ? script : script + "\n")
      return
    }
    let path = Self.installPath(for: shell, environment: environment)
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(script.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw Failure(
        "cannot write \(path): \(error.localizedDescription); print the script with 'coach completions \(shell.rawValue)' and save it yourself",
        code: ExitStatus.cannotCreate)
    }
    var note = "Installed the \(shell.rawValue) completions in \(path)."
    switch shell {
    case .bash: note += " A new bash loads them (with the bash-completion package)."
    case .fish: note += " A new fish loads them."
    case .zsh:
      let folder = (path as NSString).deletingLastPathComponent
      note +=
        " If that folder is not in your fpath yet, add this line to ~/.zshrc before compinit, then open a new shell:\n  fpath=(\(folder) $fpath)"
    }
    Terminal.standardOutput(note + "\n")
  }

  static func shell(from environment: [String: String]) -> Shell? {
    guard let path = environment["SHELL"] else { return nil }
    return Shell(rawValue: (path as NSString).lastPathComponent)
  }

  /// Where each shell reads a user's completions.
  static func installPath(for shell: Shell, environment: [String: String]) -> String {
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    let data = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/share"
    let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
    switch shell {
    case .bash: return data + "/bash-completion/completions/coach"
    case .zsh: return data + "/zsh/site-functions/_coach"
    case .fish: return config + "/fish/completions/coach.fish"
    }
  }
}
