import Foundation

/// A test of a dialog (DESIGN 4.3): a starting context, the exchange typed line by line with
/// what to expect, and what the session must end with.
public struct DialogTest: Sendable {
  /// One line of the exchange.
  public struct Turn: Sendable {
    /// The prompt (step id) expected before the line is typed.
    public var expect: String?
    /// The part expected (`score`, `evidence`, `item`, `review`).
    public var part: String?
    /// The line typed.
    public var answer: String
    /// The answer must be refused; when a text, the message must contain it.
    public var error: String?
    /// Something coach says after the line must contain this.
    public var say: String?
    /// The question asked before the line must contain this.
    public var ask: String?
    /// Where the turn stands in the test file.
    public var line: Int
  }

  public var name: String
  public var line: Int
  public var context: SessionContext
  public var turns: [Turn]
  /// How the session must end: `completed` (the default) or `paused`.
  public var end: SessionStatus
  /// Answers the folded record must hold (a subset).
  public var answers: [String: Value]
  /// Flags raised at the end, exactly, when given.
  public var flags: [String]?
  /// The path, exactly, when given.
  public var path: [String]?
}

/// A file of dialog tests: which dialog, when, and the tests.
public struct DialogTestFile: Sendable {
  public var path: String
  /// A dialog id, or a script path relative to the test file.
  public var dialog: String
  /// Where `dialog` is given.
  public var dialogLocation: SourceLocation
  /// The day the tests run on, for dates typed as `friday` or `+7d`.
  public var today: CalendarDay
  public var tests: [DialogTest]
  /// The file's text, to quote its lines in diagnostics.
  public var text: String
}

extension DialogCatalog {
  /// The dialog `file` tests: a script path relative to the file, the script beside the file's
  /// folder (`prompts/tests/x.test.yaml` tests `prompts/x.yaml` as it is on disk, not the copy
  /// built in), or a dialog id; or, when coach has no such dialog, the diagnostic that says so.
  public func dialog(testedBy file: DialogTestFile) -> Result<Entry, DialogTestReader.Problems> {
    let folder = URL(fileURLWithPath: file.path).deletingLastPathComponent().path
    let beside = URL(fileURLWithPath: folder).deletingLastPathComponent().path + "/" + file.dialog + ".yaml"
    let entry: Entry?
    if file.dialog.hasSuffix(".yaml") || file.dialog.contains("/") {
      entry = find(file.dialog.hasPrefix("/") ? file.dialog : folder + "/" + file.dialog)
    } else if FileManager.default.fileExists(atPath: beside) {
      entry = find(beside)
    } else {
      entry = find(file.dialog)
    }
    if let entry { return .success(entry) }
    var diagnostics = Diagnostics(file: file.path)
    diagnostics.report(
      .unknownTestedDialog(file.dialog, candidates: entries().map(\.id)), at: file.dialogLocation)
    return .failure(DialogTestReader.Problems(diagnostics: diagnostics.all, text: file.text))
  }
}
