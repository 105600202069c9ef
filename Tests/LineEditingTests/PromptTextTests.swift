import Testing

@testable import LineEditing

@Suite("Prompt escape marking")
struct PromptTextTests {
  init() {
    TerminalText.ensureUTF8Locale()
  }

  @Test(
    "escape sequences are marked and attached to the next visible character",
    arguments: [
      ("plain> ", "plain> "),
      ("\u{1B}[1;36mecho\u{1B}[0m> ", "\u{1}\u{1B}[1;36m\u{1}echo\u{1}\u{1B}[0m\u{1}> "),
      ("\u{1B}[1m\u{1B}[32mgo ", "\u{1}\u{1B}[1m\u{1B}[32m\u{1}go "),
      ("\u{1B}[2m›\u{1B}[0m ", "\u{1}\u{1B}[2m\u{1}›\u{1}\u{1B}[0m\u{1} "),
      ("ask \u{1B}[0m", "ask\u{1}\u{1B}[0m\u{1} "),
      ("ask>\u{1B}[0m", "ask>\u{1}\u{1B}[0m\u{1} "),
      ("\u{1B}[1m東京\u{1B}[0m: ", "\u{1}\u{1B}[1m\u{1}東京\u{1}\u{1B}[0m\u{1}: "),
      (
        "\u{1B}]8;;http://x\u{7}link\u{1B}]8;;\u{1B}\\ ",
        "\u{1}\u{1B}]8;;http://x\u{7}\u{1}link\u{1}\u{1B}]8;;\u{1B}\\\u{1} "
      ),
      ("tab\tbell\u{7}soh\u{1}> ", "tabbellsoh> "),
    ])
  func marking(_ prompt: String, _ expected: String) {
    #expect(PromptText.marked(prompt) == expected)
  }

  @Test("a prompt splits at its last newline")
  func splitting() {
    let split = LinePrompt("a\nb\nc> ")
    #expect(split.header == "a\nb" && split.text() == "c> ")
    let whole = LinePrompt("c> ")
    #expect(whole.header == nil && whole.text() == "c> ")
  }
}
