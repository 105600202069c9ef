import CoachTestSupport
import Foundation
import Testing

@testable import CoachKit

/// The org views' cache as a file: what is kept is read back, whole or counted, however long its
/// header (the metrics of every dialog coach has).
@Suite struct OrgDigestTests {
  let temporary = TemporaryFolder("coach-org-digest")

  @Test func whatIsKeptIsReadBackWholeOrCountedWhateverTheHeadersLength() throws {
    let mirror = TeamMirror(store: SessionStore(root: temporary.path))
    try mirror.prepare()
    // A header longer than the part read first.
    var metrics: [String: Set<String>] = [:]
    for n in 0..<200 { metrics["dialog-\(n)"] = ["a_long_trend_step_name_\(n)"] }
    var facts = PersonFacts(sessions: 3)
    facts.open = [
      PersonFacts.Open(
        item: ActionItem(id: "s1:1", text: "Send the sheet", due: "2026-12-01"),
        agreedOn: CalendarDay(year: 2026, month: 11, day: 20)!)
    ]
    var digest = OrgDigest(mirror: mirror, metrics: metrics)
    let pair = OrgDigest.Pair(owner: "leo", key: "dana reyes")
    digest.keep(OrgDigest.Line(name: "Dana Reyes", signature: "sig", facts: facts), for: pair)
    digest.seal("pull-1")
    digest.save()
    let bytes = try #require(FileManager.default.contents(atPath: mirror.root + "/org.cache"))
    #expect((bytes.firstIndex(of: UInt8(ascii: "\n")) ?? 0) > OrgDigest.headerLimit)

    let whole = OrgDigest(mirror: mirror, metrics: metrics)
    #expect(whole.token == "pull-1")
    #expect(whole.line(pair, signature: "sig")?.facts.open.map(\.item.text) == ["Send the sheet"])
    let counted = OrgDigest(mirror: mirror, metrics: metrics, countingFor: "pull-1")
    #expect(counted.line(pair, signature: "sig")?.facts.open.map(\.item.due) == ["2026-12-01"])
    #expect(counted.line(pair, signature: "sig")?.facts.open.map(\.item.text) == [""])
    // Kept for other metrics: empty.
    #expect(OrgDigest(mirror: mirror, metrics: [:]).token == nil)
  }
}
