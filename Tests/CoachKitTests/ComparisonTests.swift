import CoachKit
import CoachTestSupport
import Foundation
import Testing

@testable import CoachCLI

/// `coach compare`: sessions side by side.
struct ComparisonTests {
  let fixtures = ReviewFixtures()
  let utc = TimeZone(identifier: "UTC")!

  /// Two interviews: Sam Lee (coaching 2, strong yes) and Ana Ruiz (coaching 4, no).
  func interviews(samEvidence: String = "Only coached on big deals") throws -> [FoldedRecord] {
    let sam = try fixtures.record(
      "hiring-interview", with: "Sam Lee",
      lines: ["comp_coaching": ["2", samEvidence], "top_accounts_share": ["70"], "recommendation": ["4"]])
    let ana = try fixtures.record(
      "hiring-interview", with: "Ana Ruiz", day: 1,
      lines: ["comp_coaching": ["4", "Weekly ride-alongs with every rep"], "recommendation": ["2"]])
    return [try fixtures.folded(sam), try fixtures.folded(ana)]
  }

  func comparison(_ records: [FoldedRecord], force: Bool = false) throws -> Comparison {
    var scripts: [String: Script] = [:]
    for record in records { scripts[record.dialog.id] = try fixtures.script(record.dialog.id) }
    return try Comparison(records: records, scripts: scripts, force: force, timeZone: utc)
  }

  func row(_ comparison: Comparison, _ id: String) throws -> Comparison.Row {
    try #require(comparison.rows.first { $0.id == id }, "row \(id)")
  }

  @Test func putsTwoInterviewsSideBySide() throws {
    let comparison = try comparison(try interviews())
    #expect(comparison.columns.map(\.with) == ["Sam Lee", "Ana Ruiz"])
    #expect(comparison.columns.map { $0.day.description } == ["2026-11-23", "2026-11-24"])
    // Ratings first in the script's order, then flags, the recommendation, the other answers.
    let groups = comparison.rows.map(\.group)
    #expect(
      groups
        == groups.sorted {
          Comparison.Group.allCases.firstIndex(of: $0)! < Comparison.Group.allCases.firstIndex(of: $1)!
        })
    #expect(comparison.rows.first?.label == "Hiring")
    let coaching = try row(comparison, "comp_coaching")
    #expect(coaching.label == "Coaching")
    #expect(coaching.cells.map { $0?.text } == ["2/4", "4/4"])
    #expect(
      coaching.cells.map { $0?.detail } == ["Only coached on big deals", "Weekly ride-alongs with every rep"])
    #expect(try row(comparison, "recommendation").cells.map { $0?.text } == ["Strong yes", "No"])
    let flag = try row(comparison, "low_coaching")
    #expect(flag.group == .flags)
    #expect(flag.cells[0]?.text.hasPrefix("Coaching rated 2") == true && flag.cells[1] == nil)
    #expect(try row(comparison, "top_accounts_share").cells.map { $0?.text } == ["70%", "50%"])
    #expect(comparison.averages.map { $0?.score } == [3.8, 4])
  }

  @Test func textFitsTheWidthAndWrapsWhatIsLong() throws {
    let evidence = "Coached only when a big deal was at stake, and then mostly by taking over the call"
    let comparison = try comparison(try interviews(samEvidence: evidence))
    for width in [60, 100, 140] {
      let text = comparison.text(width: width)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for line in lines { #expect(line.count <= width, "\(width): '\(line)'") }
      // Each session at a glance first.
      // (The sample answers' judgements raise the interview's flags: Sam's growth from his top
      // accounts, closed himself, goals handed down, weak coaching, and a yes despite both.)
      #expect(lines[2] == "  Sam Lee: Strong yes · 3.8 of 4 · 6 flags", "\(width): \(lines[2])")
      #expect(lines[3] == "  Ana Ruiz: No · 4.0 of 4 · 3 flags", "\(width): \(lines[3])")
      #expect(lines.contains { $0.contains("Sam Lee") && $0.contains("Ana Ruiz") })
      #expect(lines.contains { $0.contains("Mon 23 Nov 2026") && $0.contains("Tue 24 Nov 2026") })
      // Evidence is never cut: its words are all there, across the lines of its cell.
      let coaching = try #require(lines.firstIndex { $0.hasPrefix("  Coaching ") })
      let cell = lines[coaching..<min(lines.count, coaching + 6)].joined(separator: " ")
      for word in evidence.split(separator: " ") { #expect(cell.contains(word), "\(width): \(word)") }
      #expect(!text.contains("…"))
      // The higher score of the row is marked.
      #expect(
        lines[coaching].contains("2/4: Coached") && lines[coaching].contains("▲ 4/4: Weekly"),
        "\(lines[coaching])")
      #expect(
        lines.contains { $0.hasPrefix("Recommendation") && $0.contains("Strong yes") && $0.hasSuffix("No") })
      #expect(lines.contains { $0.hasPrefix("  Average") && $0.contains("3.8 of 4 (10 rated)") })
    }
  }

  @Test func markdownAndJSONCarryTheSameRows() throws {
    let comparison = try comparison(try interviews())
    let markdown = comparison.markdown()
    #expect(markdown.hasPrefix("# Sales leader interview: 2 sessions side by side\n"))
    #expect(markdown.contains("| | Sam Lee<br>Mon 23 Nov 2026<br>"))
    #expect(
      markdown.contains(
        "| Coaching | 2/4: Only coached on big deals | 4/4: Weekly ride-alongs with every rep |"))
    #expect(markdown.contains("| **Recommendation** | **Strong yes** | **No** |"))
    let json = comparison.json
    #expect(json["sessions"].array?.compactMap { $0["with"].string } == ["Sam Lee", "Ana Ruiz"])
    let rows = try #require(json["rows"].array)
    #expect(rows.count == comparison.rows.count)
    let coaching = try #require(rows.first { $0["id"] == "comp_coaching" })
    #expect(coaching["cells"].array?.map { $0["value"]["score"] } == [2, 4])
    #expect(coaching["group"] == "ratings")
  }

  @Test func needsTwoSessionsOfOneDialog() throws {
    let records = try interviews()
    #expect(throws: Comparison.Problem.tooFew) { try Comparison(records: [records[0]]) }
    let ride = try fixtures.folded(try fixtures.record("ride-along", with: "Dana"))
    do {
      _ = try comparison([records[0], ride])
      Issue.record("compared different dialogs")
    } catch {
      #expect(
        "\(error)".contains("different dialogs: hiring-interview (01a0b1c2d3e4); ride-along (03a0b1c2d3e4)"))
      #expect("\(error)".contains("--force"))
    }
  }

  @Test func forceComparesWhatDifferentDialogsShare() throws {
    let interview = try fixtures.folded(try fixtures.record("hiring-interview", with: "Sam Lee"))
    let ride = try fixtures.folded(try fixtures.record("ride-along", with: "Dana"))
    let oneOnOne = try fixtures.folded(try fixtures.record("one-on-one", with: "Dana"))
    let comparison = try comparison([interview, ride, oneOnOne], force: true)
    #expect(comparison.mixedDialogs)
    for row in comparison.rows { #expect(row.cells.compactMap { $0 }.count >= 2, "\(row.id)") }
    #expect(comparison.text(width: 100).contains("one-on-one"))
  }

  @Test func neverPrintsWhatUsersTypedRaw() throws {
    let sam = try fixtures.record(
      "hiring-interview", with: "Sam \u{1B}[2J",
      lines: [
        "role_context": ["Led \u{1B}]0;pwned\u{07} the team\nand more"],
        "comp_coaching": ["3", "x\u{9B}2J | y"],
      ])
    let ana = try fixtures.record("hiring-interview", with: "Ana")
    let comparison = try comparison([try fixtures.folded(sam), try fixtures.folded(ana)])
    for output in [comparison.text(width: 200), comparison.markdown()] {
      #expect(
        !output.unicodeScalars.contains {
          ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
        })
    }
    #expect(comparison.text(width: 200).contains("Led ^[]0;pwned^G the team and more"))
    #expect(comparison.markdown().contains("3/4: x\\\\u{9B}2J \\| y"))
    #expect(
      try row(comparison, "role_context").cells[0]?.value == "Led \u{1B}]0;pwned\u{07} the team\nand more")
  }
}
