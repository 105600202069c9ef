import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// The review commands through the built binary: `show --format markdown`, `compare` and
/// `report`, their refusals and exit codes, and what they never print.
@Suite(.serialized)
struct ReviewCommandTests {
  let temporary = TemporaryFolder("coach-review-cli")
  var folder: String { temporary.path }
  var store: String { folder + "/store" }
  /// Not a terminal, and no colour asked for: nothing coach prints may hold an escape byte.
  let plain = ["NO_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100"]

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  /// Records a session through `--jsonl`: `lines` gives the lines sent at a step's prompts, in
  /// order; other prompts get a sample answer. Returns the session id.
  @discardableResult
  func record(_ dialog: String, with person: String, _ lines: [String: [String]] = [:]) throws -> String {
    let coach = try CoachProcess([
      "start", dialog, "--with", person, "--by", "Max", "--jsonl", "--store", store,
    ])
    var queue = lines
    let end = try coach.drive { object in
      let id = try #require(object["id"].string)
      if let pending = queue[id], !pending.isEmpty {
        queue[id] = Array(pending.dropFirst())
        return pending[0]
      }
      switch object["kind"].string ?? "text" {
      case "action" where object["required"] == false: return ""
      case "action": return "Follow up with the customer @Dana due:+7d"
      case "action-review": return "open"
      default: return SampleAnswers.answer(to: object)
      }
    }
    #expect(coach.wait() == 0)
    return try #require(end?["session"].string)
  }

  func run(_ arguments: [String]) throws -> (stdout: String, stderr: String, status: Int32) {
    try CoachProcess.run(arguments + ["--store", store], environment: plain)
  }

  func interviews() throws -> (sam: String, ana: String) {
    let sam = try record(
      "hiring-interview", with: "Sam Lee",
      [
        "comp_coaching": ["2", "Only coached on big deals"], "top_accounts_share": ["70"],
        "recommendation": ["4"],
      ])
    let ana = try record(
      "hiring-interview", with: "Ana Ruiz",
      ["comp_coaching": ["4", "Weekly ride-alongs with every rep"], "recommendation": ["2"]])
    return (sam, ana)
  }

  @Test func comparesTwoInterviewsSideBySide() throws {
    let (sam, ana) = try interviews()
    let result = try run(["compare", String(sam.prefix(7)), String(ana.prefix(7))])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "Sales leader interview: 2 sessions side by side")
    #expect(lines[2].hasPrefix("  Sam Lee: Strong yes · ") && lines[3].hasPrefix("  Ana Ruiz: No · "))
    #expect(lines.contains { $0.contains("Sam Lee") && $0.contains("Ana Ruiz") })
    #expect(lines.contains { $0.contains(sam) && $0.hasSuffix(ana) })
    for line in lines { #expect(line.count <= 100, "'\(line)'") }
    let coaching = try #require(lines.first { $0.hasPrefix("  Coaching ") })
    #expect(
      coaching.contains("2/4: Only coached on big deals") && coaching.contains("▲ 4/4: Weekly ride-alongs"))
    #expect(lines.contains { $0.hasPrefix("  Concentrated growth") && $0.contains("⚑ Half or more") })
    #expect(
      lines.contains { $0.hasPrefix("Recommendation") && $0.contains("Strong yes") && $0.hasSuffix("No") })
    #expect(lines.contains { $0.hasPrefix("  Share from the top") && $0.contains("70%") })

    let narrow = try CoachProcess.run(
      ["compare", sam, ana, "--store", store], environment: plain.merging(["COLUMNS": "64"]) { $1 })
    for line in narrow.stdout.split(separator: "\n") { #expect(line.count <= 64, "'\(line)'") }
    #expect(narrow.stdout.contains("every rep"), "wrapped, not cut")

    let markdown = try run(["compare", sam, ana, "--format", "markdown"])
    #expect(
      markdown.stdout.contains(
        "| Coaching | 2/4: Only coached on big deals | 4/4: Weekly ride-alongs with every rep |"))
    let json = try JSON.decode(try run(["compare", sam, ana, "--format", "json"]).stdout)
    #expect(json["sessions"].array?.compactMap { $0["id"].string } == [sam, ana])
    let row = try #require(json["rows"].array?.first { $0["id"] == "recommendation" })
    #expect(row["cells"].array?.map { $0["value"] } == ["strong-yes", "no"])
  }

  @Test func compareRefusesWhatItCannotCompare() throws {
    let (sam, _) = try interviews()
    let ride = try record("ride-along", with: "Dana")
    let one = try run(["compare", sam])
    #expect(one.status == 64 && one.stderr.contains("at least two sessions"))
    let mixed = try run(["compare", sam, ride])
    #expect(mixed.status == 64)
    #expect(mixed.stderr.contains("different dialogs") && mixed.stderr.contains("--force"))
    let forced = try run(["compare", sam, ride, "--force"])
    #expect(forced.status == 0 && forced.stdout.contains("ride-along"))
    let twice = try run(["compare", sam, String(sam.prefix(5))])
    #expect(twice.status == 64 && twice.stderr.contains("named twice"))
    let unknown = try run(["compare", sam, "ffffffffffff"])
    #expect(unknown.status == 66 && unknown.stderr.contains("no session matches 'ffffffffffff'"))
    for hostile in ["../../etc/passwd", "a/b", "..", "x\u{1B}[2J"] {
      let refused = try run(["compare", sam, hostile])
      #expect(refused.status == 64, "\(hostile): \(refused.stderr)")
      #expect(refused.stderr.contains("is not a session id"))
      #expect(!refused.stderr.contains("\u{1B}"))
    }
    // Two records whose ids share a prefix.
    let sessions = store + "/sessions/"
    try FileManager.default.copyItem(atPath: sessions + sam + ".jsonl", toPath: sessions + "abc123.jsonl")
    try FileManager.default.copyItem(atPath: sessions + sam + ".jsonl", toPath: sessions + "abc456.jsonl")
    let ambiguous = try run(["compare", sam, "abc"])
    #expect(ambiguous.status == 66)
    #expect(ambiguous.stderr.contains("'abc' matches 2 sessions: abc123, abc456"))
  }

  @Test func reportsThreeOneOnOnesWithChangesAndAnOverdueAction() throws {
    for (activity, extra) in [
      ("40", "/action Send Beta the revised terms @dana due:2020-01-15"), ("35", ""), ("50", ""),
    ] {
      var lines: [String: [String]] = ["has_obstacles": ["n"], "weekly_activity": [activity]]
      if !extra.isEmpty { lines["weekly_activity"] = [extra, activity] }
      lines["open_actions"] = ["open", "open", "open"]
      try record("one-on-one", with: "Dana", lines)
    }
    try record("one-on-one", with: "Sam", ["weekly_activity": ["99"]])
    let result = try run(["report", "--with", "dana"])
    #expect(result.status == 0, "\(result.stderr)")
    let text = result.stdout
    #expect(text.hasPrefix("Report for Dana\n3 sessions on "))
    let activityRow = try #require(text.split(separator: "\n").first { $0.hasPrefix("  Activity ") })
    #expect(
      activityRow.split(separator: " ") == ["Activity", "a", "week", "40", "35", "50", "▲", "+15", "▃▁█"],
      "\(activityRow)"
    )
    #expect(!text.contains("Sam"), "only Dana's sessions")
    #expect(text.contains("Action items: 1 opened · 0 done · 0 dropped · 1 overdue"))
    let overdue = try #require(
      text.split(separator: "\n").first { $0.hasPrefix("  overdue  Send Beta the revised terms") })
    #expect(overdue.contains("Wed 15 Jan 2020"))

    let json = try JSON.decode(try run(["report", "--with", "DANA", "--format", "json"]).stdout)
    let activity = try #require(json["series"].array?.first { $0["step"] == "weekly_activity" })
    #expect(activity["points"].array?.map { $0["value"] } == [40, 35, 50])
    #expect(activity["points"].array?.map { $0["trend"] } == [nil, "down", "up"])
    #expect(
      json["action_items"]["overdue"].array?.compactMap { $0["text"].string } == [
        "Send Beta the revised terms"
      ])

    let markdown = try run(["report", "--with", "Dana", "--format", "markdown", "--dialog", "one-on-one"])
    #expect(markdown.stdout.contains("| 35 activities ▼ -5 activities |"))
    #expect(markdown.stdout.contains("### Overdue"))
    let none = try run(["report", "--with", "Dana", "--dialog", "ride-along"])
    #expect(none.status == 66)
  }

  @Test func reportRefusesAnUnknownPerson() throws {
    try record("one-on-one", with: "Dana", ["has_obstacles": ["n"]])
    let unknown = try run(["report", "--with", "Dna"])
    #expect(unknown.status == 66)
    #expect(
      unknown.stderr.contains("no sessions with 'Dna'") && unknown.stderr.contains("did you mean 'Dana'?"))
    let empty = try run(["report", "--with", " "])
    #expect(empty.status == 64)
    let missing = try run(["report"])
    #expect(missing.status == 64)
  }

  @Test func sharedLeavesAPrivateNoteOutOfMarkdown() throws {
    let id = try record(
      "one-on-one", with: "Dana",
      [
        "plan_attainment": ["/note Good energy today", "/private Salary band question", "62%"],
        "has_obstacles": ["n"],
      ])
    let full = try run(["show", String(id.prefix(6)), "--format", "markdown"])
    #expect(full.status == 0)
    #expect(full.stdout.hasPrefix("# Weekly 1-on-1 with Dana, "))
    #expect(full.stdout.contains("- **Attainment:** 62%"))
    #expect(full.stdout.contains("- *(private)* Salary band question"))
    let shared = try run(["show", id, "--format", "markdown", "--shared"])
    #expect(shared.status == 0)
    #expect(shared.stdout.contains("- Good energy today"))
    #expect(!shared.stdout.contains("Salary band"))
    for format in ["text", "json"] {
      #expect(!(try run(["show", id, "--format", format, "--shared"])).stdout.contains("Salary band"))
    }
  }

  @Test func aNameWithEscapesIsRefused() throws {
    let refused = try run(["start", "one-on-one", "--with", "Eve\u{1B}]0;pwned\u{07}"])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("control or invisible character"))
    #expect(!refused.stderr.contains("\u{1B}"))
    let invisible = try run(["start", "one-on-one", "--with", "Da\u{200B}na"])
    #expect(invisible.status == 64 && invisible.stderr.contains("\\u{200B}"))
  }

  @Test func escapeSequencesTypedByAUserNeverReachStdout() throws {
    let hostile = ["\u{1B}]0;pwned\u{07}", "\u{1B}[2J", "\u{9B}31m", "\u{1B}P1;2|x\u{1B}\\"]
    // A name with escapes cannot be given any more, but records of earlier versions may hold one.
    let name = "Eve" + hostile[1]
    var ids: [String] = []
    for i in 0..<2 {
      ids.append(
        try record(
          "hiring-interview", with: "Eve",
          [
            "role_context": ["Led the team " + hostile.joined(separator: " ")],
            "comp_coaching": ["3", "Evidence " + hostile[i]],
            "team_size": [
              "/note " + hostile[0] + " note",
              "/action Check " + hostile[1] + " @x" + hostile[2] + " due:+3d", "7",
            ],
          ]))
    }
    for id in ids {
      let path = store + "/sessions/" + id + ".jsonl"
      var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
      lines[0] = lines[0].replacingOccurrences(of: #""with":"Eve""#, with: #""with":"Eve\u001b[2J""#)
      try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
    try? FileManager.default.removeItem(atPath: store + "/index.jsonl")
    var outputs: [(String, String)] = []
    for format in ["text", "markdown", "json"] {
      outputs.append(("show \(format)", try run(["show", ids[0], "--format", format]).stdout))
      outputs.append(("compare \(format)", try run(["compare", ids[0], ids[1], "--format", format]).stdout))
      outputs.append(("report \(format)", try run(["report", "--with", name, "--format", format]).stdout))
    }
    for (what, output) in outputs {
      #expect(output.count > 100, "\(what) printed little: \(output)")
      #expect(!output.contains("\u{1B}"), "\(what) holds ESC")
      #expect(
        !output.unicodeScalars.contains {
          ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
        }, "\(what)")
    }
    #expect(outputs[0].1.contains("Led the team ^[]0;pwned^G ^[[2J \\u{9B}31m ^[P1;2|x^[\\"))
  }
}
