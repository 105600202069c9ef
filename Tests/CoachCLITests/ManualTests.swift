import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// `man/coach.1` is generated from the command definitions (scripts/generate-manual): every
/// command, option and help text the program has is in it, so a change to the command line
/// that is not regenerated fails here.
struct ManualTests {
  static var manual: String {
    get throws {
      let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("man/coach.1").path
      return try String(contentsOfFile: path, encoding: .utf8)
    }
  }

  /// Text as mdoc writes it: a leading dot or a backslash escaped.
  static func mdoc(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\e")
  }

  @Test func everyCommandAndOptionIsInTheManual() throws {
    let manual = try Self.manual
    let dump = try JSON.decode(try CoachProcess.run(["--experimental-dump-help"]).stdout)
    var commands = [dump["command"]]
    var checked = 0
    while let command = commands.popLast() {
      commands += command["subcommands"].array ?? []
      let name = command["commandName"].string ?? ""
      if name != "coach" && name != "help" {
        #expect(
          manual.contains(".It Em \(name)"),
          "the command \(name) is not in man/coach.1: run scripts/generate-manual")
      }
      if let abstract = command["abstract"].string, !abstract.isEmpty {
        #expect(
          manual.contains(Self.mdoc(abstract)), "\(name)'s abstract differs: run scripts/generate-manual")
      }
      for argument in command["arguments"].array ?? [] where argument["shouldDisplay"].bool != false {
        for option in argument["names"].array ?? [] where option["kind"].string == "long" {
          let long = option["name"].string ?? ""
          #expect(
            manual.contains("Fl -\(long)"),
            "\(name) --\(long) is not in man/coach.1: run scripts/generate-manual")
        }
        if let help = argument["abstract"].string, !help.isEmpty {
          #expect(manual.contains(Self.mdoc(help)), "\(name): '\(help)' differs: run scripts/generate-manual")
        }
        checked += 1
      }
    }
    #expect(checked > 50)
  }

  @Test func theManualReadsWithMan() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/man") else { return }
    let page = try CoachProcess.runProgram(
      "/usr/bin/man", ["-l", "-P", "cat", manualPath()], environment: ["MANWIDTH": "80"])
    #expect(page.status == 0, "\(page.stderr)")
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES"] {
      #expect(page.stdout.contains("\n" + section), "no \(section) section")
    }
  }

  func manualPath() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("man/coach.1").path
  }
}
