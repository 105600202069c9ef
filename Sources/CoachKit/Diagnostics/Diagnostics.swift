/// The diagnostics of one file, collected while it is read: every problem, each at its place,
/// rather than the first one thrown.
struct Diagnostics: Sendable {
  /// The file the diagnostics name.
  let file: String
  /// Every diagnostic, in the order reported.
  private(set) var all: [Diagnostic] = []

  init(file: String) {
    self.file = file
  }

  /// Reports `message` at `location`.
  mutating func report(_ message: Diagnostic.Message, at location: SourceLocation) {
    all.append(
      Diagnostic(
        file: file, line: location.line, column: location.column, code: message.code, message: message.text,
        hint: message.hint))
  }

  /// Adds every diagnostic of `other` (of the same file), after these.
  mutating func append(contentsOf other: Diagnostics) {
    all += other.all
  }

  /// Whether an error was reported (not only warnings).
  var hasErrors: Bool { all.contains { $0.severity == .error } }

  /// Every diagnostic in the order of the file: by line, column, then code.
  var sorted: [Diagnostic] {
    all.sorted { ($0.line, $0.column, $0.code.rawValue) < ($1.line, $1.column, $1.code.rawValue) }
  }
}

extension Diagnostic {
  /// What a diagnostic says: its code, its message and a hint. Each check makes its messages with
  /// small static factories beside it (`extension Diagnostic.Message`), not inline.
  struct Message: Equatable, Sendable {
    var code: DiagnosticCode
    var text: String
    var hint: String?

    init(_ code: DiagnosticCode, _ text: String, hint: String? = nil) {
      self.code = code
      self.text = text
      self.hint = hint
    }
  }
}
