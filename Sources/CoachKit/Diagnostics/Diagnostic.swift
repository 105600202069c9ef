/// One problem found in a dialog script, located by 1-based line and column.
public struct Diagnostic: Equatable, Sendable {
  public enum Severity: String, Sendable {
    case error, warning
  }

  public var file: String
  public var line: Int
  public var column: Int
  public var code: DiagnosticCode
  public var severity: Severity
  public var message: String
  public var hint: String?

  public init(
    file: String, line: Int, column: Int, code: DiagnosticCode, message: String,
    hint: String? = nil, severity: Severity? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.code = code
    self.severity = severity ?? code.severity
    self.message = message
    self.hint = hint
  }
}

/// A place in a script's source text.
public struct SourceLocation: Equatable, Hashable, Sendable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// The location `offset` characters further along the same line.
  public func advanced(by offset: Int) -> SourceLocation {
    SourceLocation(line: line, column: column + offset)
  }
}
