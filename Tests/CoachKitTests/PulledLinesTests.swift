import Testing

@testable import CoachKit

/// The mirror's index of pulled sessions as lines: what is written is read back, whatever the
/// team store's names hold, and a damaged line costs only its session.
@Suite struct PulledLinesTests {
  @Test func whatIsWrittenIsReadBackWhateverTheNamesHold() {
    let sessions = [
      "0123456789ab": TeamMirror.Entry(owner: "leo", machine: "m1", revision: 7, with: "Dana Reyes"),
      "ba9876543210": TeamMirror.Entry(
        owner: "ana.diaz", machine: "m2", revision: 12_345_678_901, with: "Tab\there\nnew line \\ back\\slash"
      ),
      "aaaaaaaaaaaa": TeamMirror.Entry(owner: "mia", machine: "", revision: 1, with: nil),
      "cccccccccccc": TeamMirror.Entry(owner: "zoë", machine: "m3", revision: 0, with: "Zoë 山田 \\t"),
    ]
    let bytes = PulledLines.encode(sessions, token: "t0k3n")
    #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == 5)
    let (read, token) = PulledLines.decode(bytes)
    #expect(token == "t0k3n")
    #expect(read == sessions)
    #expect(PulledLines.token(bytes.prefix(PulledLines.headerLimit)) == "t0k3n")
  }

  @Test func aDamagedLineCostsOnlyItsSession() {
    let text = """
      coach-pulled 1 abc
      0123456789ab\t3\tleo\tm1\tDana
      not a line
      ba9876543210\tx\tleo\tm1\tSam
      ../../etc/pa\t1\tleo\tm1\tEve
      aaaaaaaaaaaa\t1\t\tm1\tNo owner
      cccccccccccc\t2\tana\tm2\t

      """
    let (read, token) = PulledLines.decode(Array(text.utf8))
    #expect(token == "abc")
    #expect(read.keys.sorted() == ["0123456789ab", "cccccccccccc"])
    #expect(read["cccccccccccc"] == TeamMirror.Entry(owner: "ana", machine: "m2", revision: 2, with: nil))
  }

  @Test func linesWithoutTheirFirstLineAreNotAnIndex() {
    let (read, token) = PulledLines.decode(Array("0123456789ab\t3\tleo\tm1\tDana\n".utf8))
    #expect(read.isEmpty && token == nil)
    #expect(PulledLines.token(Array("coach-pulled 1 \n".utf8)[...]) == nil)
    #expect(PulledLines.token(Array("coach-pulled 1 abc".utf8)[...]) == nil)
  }
}
