import Testing

@testable import LineEditing

@Suite("Completion plans")
struct CompletionTests {
  static let words = ["/note", "/next", "/help", "/where", "apple", "apricot"]

  private func plan(_ text: String) -> Completion {
    let word = Completion.lastWord(of: text)
    return Completion.plan(
      textBeforeCursor: text, candidates: Self.words.filter { $0.hasPrefix(word) })
  }

  @Test("Tab's decision")
  func decisions() {
    #expect(plan("/no") == .replace(word: "/no", with: "/note"))
    #expect(plan("eat apr") == .replace(word: "apr", with: "apricot"))
    #expect(plan("a") == .replace(word: "a", with: "ap"))
    #expect(plan("/n") == .list(["/note", "/next"]))
    #expect(plan("/note") == .unchanged)
    #expect(plan("zzz") == .none)
    #expect(
      Completion.plan(textBeforeCursor: "x", candidates: ["xy", "xy", ""])
        == .replace(word: "x", with: "xy"))
  }

  @Test("the last word and the common prefix")
  func words() {
    #expect(Completion.lastWord(of: "/note call Dana") == "Dana")
    #expect(Completion.lastWord(of: "ends with space ") == "")
    #expect(Completion.commonPrefix(of: ["Zoë", "Zoe"]) == "Zo")
    #expect(Completion.commonPrefix(of: ["e\u{301}x", "e"]) == "")
    #expect(Completion.commonPrefix(of: ["東京都", "東京駅"]) == "東京")
  }

  @Test("candidates are laid out in columns, down first")
  func layout() {
    TerminalText.ensureUTF8Locale()
    #expect(Completion.layout(["/note", "/next"], width: 80) == ["/note  /next"])
    let many = ["a", "bb", "ccc", "dddd", "e"]
    #expect(Completion.layout(many, width: 16) == ["a     ccc   e", "bb    dddd"])
    #expect(Completion.layout(many, width: 15) == ["a     dddd", "bb    e", "ccc"])
    #expect(Completion.layout(many, width: 4) == ["a", "bb", "ccc", "dddd", "e"])
    #expect(Completion.layout(["東京", "x\u{1B}y"], width: 80) == ["東京  x?y"])
  }
}
