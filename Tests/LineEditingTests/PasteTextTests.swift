import Testing

@testable import LineEditing

@Suite("Pasted text")
struct PasteTextTests {
  @Test(
    "line breaks become LF and control characters go",
    arguments: [
      ("one\rtwo\nthree", "one\ntwo\nthree"),
      ("a\r\nb\r\n\r\nc", "a\nb\n\nc"),
      ("tab\there\u{7}\u{1B}[31m", "tab\there[31m"),
      ("Zoë — 東京 🚀", "Zoë — 東京 🚀"),
    ])
  func normalised(_ pasted: String, _ expected: String) {
    #expect(EditLineReader.normalisedPaste(Array(pasted.unicodeScalars)) == expected)
  }
}
