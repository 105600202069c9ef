extension DiagnosticCode {
  /// The documentation of the code: what it means and an example, as `coach lint --explain`
  /// prints it and docs/diagnostics.md lists it.
  public var explanation: String {
    "\(rawValue): \(title)"
  }
}
