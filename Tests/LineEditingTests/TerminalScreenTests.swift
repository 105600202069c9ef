import CoachTestSupport
import Testing
import TextLayout

/// The tests' terminal emulator: what it makes of text and of the sequences coach writes.
@Suite struct TerminalScreenTests {
  @Test func carriageReturnsLineFeedsAndBackspacesMoveTheCursor() {
    // A line feed alone keeps the column, as on a terminal with its output not post-processed.
    let state = Screen.render("hello\rj\nnext\u{8}\u{8}XY", columns: 20)
    #expect(state.lines == ["jello", " neXY"])
    #expect(state.row == 1 && state.column == 5)
  }

  @Test func cursorMovesAndErasesEditTheLine() {
    // Right 2, insert a blank, delete two, write, erase to the end; a new line, up, column 3.
    let state = Screen.render(
      "abcdef\r\u{1B}[2C\u{1B}[@\u{1B}[2Pz\u{1B}[K\r\n2nd\u{1B}[A\u{1B}[3GQ", columns: 20)
    #expect(state.lines == ["abQ", "2nd"])
    #expect(state.row == 0 && state.column == 3)
    let erased = Screen.render("one\ntwo\nthree\u{1B}[2A\r\u{1B}[J", columns: 20)
    #expect(erased.lines == [""])
  }

  @Test func textWrapsAtTheColumnCountAndColoursAreIgnored() {
    let state = Screen.render("\u{1B}[1;31mabcdefghij\u{1B}[0m", columns: 4)
    #expect(state.lines == ["abcd", "efgh", "ij"])
  }

  @Test func wideCharactersTakeTheColumnsTheProductGivesThem() {
    for character: Character in ["日", "🚀", "é", "a"] {
      #expect(Screen.width(of: character) == DisplayWidth.of(character))
    }
    // Two-column characters wrap as a pair: a third does not fit in five columns.
    let state = Screen.render("日本語", columns: 5)
    #expect(state.lines == ["日本", "語"])
    #expect(Screen.visibleLines(of: "\u{1B}[32mok\u{1B}[0m\n") == ["ok", ""])
  }
}
