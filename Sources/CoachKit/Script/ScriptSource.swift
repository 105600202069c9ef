/// Where the parts of a step stand in the script's text, kept while loading so that checks of
/// the whole script can point at the right line and column.
struct StepSource {
  var id: SourceLocation
  var section: SourceLocation?
  var when: TextOrigin?
  var branches: [(condition: TextOrigin?, target: SourceLocation)] = []
  var templates: [(template: Template, origin: TextOrigin)] = []
}

/// The origin of a YAML scalar holding an expression or template, to map character offsets
/// inside it to file positions.
struct TextOrigin {
  var location: SourceLocation
  /// Columns before the text starts (1 for a quoted scalar).
  var lead: Int

  func location(at offset: Int) -> SourceLocation {
    location.advanced(by: lead + offset)
  }
}
