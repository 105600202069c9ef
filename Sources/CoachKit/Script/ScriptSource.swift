/// A part of a script as read, with where it stands in the text: its location, or where each of
/// its parts stands (`Source`). Each part carries its own, so that the checks of the whole script
/// point at the right line and column without lists of locations kept beside the parts.
struct Sourced<Value, Source> {
  var value: Value
  var source: Source
}

/// A part of a script with its location.
typealias Located<Value> = Sourced<Value, SourceLocation>

/// Where the parts of a step stand in the script's text, kept while loading so that checks of
/// the whole script can point at the right line and column.
struct StepSource {
  var id: SourceLocation
  var section: SourceLocation?
  var when: TextOrigin?
  var target: TextOrigin?
  /// The step's `next`, each branch with where its parts stand.
  var branches: [Sourced<Branch, BranchSource>] = []
  var templates: [(template: Template, origin: TextOrigin)] = []
}

/// Where the parts of a branch of `next` stand.
struct BranchSource {
  var condition: TextOrigin?
  var target: SourceLocation
}

/// Where the parts of a flag stand.
struct FlagSource {
  var id: SourceLocation
  var condition: TextOrigin
  var text: TextOrigin
}

/// Where the parts of a computed value stand.
struct ValueSource {
  var id: SourceLocation
  var expression: TextOrigin
}

/// The origin of a YAML scalar holding an expression or template, to map character offsets
/// inside it to file positions.
struct TextOrigin {
  var location: SourceLocation
  /// Columns before the text starts (1 for a quoted scalar).
  var lead: Int
  /// The scalar's text, style and source, to find where each of its characters stands when a
  /// diagnostic needs it: a scalar that spans lines (`>-`, `|`, a wrapped or quoted one) or holds
  /// escapes does not map by adding columns.
  var scalar: (value: String, style: ScalarStyle, source: SourceLines)?

  func location(at offset: Int) -> SourceLocation {
    if let scalar {
      let places = Self.places(
        of: scalar.value, style: scalar.style, start: location, in: scalar.source.lines)
      if !places.isEmpty { return places[max(0, min(offset, places.count - 1))] }
    }
    return location.advanced(by: lead + offset)
  }

  /// Finds where each character of `value` stands in `lines`, for a scalar whose node starts at
  /// `start`: walks the source alongside the value, passing over what YAML drops (quotes,
  /// indentation, line breaks folded into spaces, the backslash of escapes). Empty when the
  /// walk loses its way.
  static func places(
    of value: String, style: ScalarStyle, start: SourceLocation, in lines: [[Character]]
  ) -> [SourceLocation] {
    var line = start.line - 1
    guard line >= 0, line < lines.count else { return [] }
    // The start column counts Unicode scalars, as libyaml does; find the character there.
    var index = 0
    var column = 1
    while index < lines[line].count, column < start.column {
      column += lines[line][index].unicodeScalars.count
      index += 1
    }
    if style == .singleQuoted || style == .doubleQuoted, index < lines[line].count {
      // The opening quote is not part of the text.
      column += lines[line][index].unicodeScalars.count
      index += 1
    } else if style == .block {
      // The header (`|`, `>-`, maybe a comment) has no content: start on the next line.
      line += 1
      index = 0
      column = 1
    }
    var places: [SourceLocation] = []
    var budget = 10_000
    for character in value {
      while true {
        budget -= 1
        guard budget > 0, line < lines.count else { return [] }
        let here = SourceLocation(line: line + 1, column: column)
        guard index < lines[line].count else {
          // The end of a source line: a line break in the value, or a fold into a space.
          if character == "\n" || character == " " {
            places.append(here)
            line += 1
            index = 0
            column = 1
            break
          }
          line += 1
          index = 0
          column = 1
          continue
        }
        let source = lines[line][index]
        if style == .doubleQuoted, source == "\\" {
          guard index + 1 < lines[line].count else {
            // An escaped line break: the text goes on after the next line's indentation.
            line += 1
            index = 0
            column = 1
            continue
          }
          let length =
            switch lines[line][index + 1] {
            case "x": 4
            case "u": 6
            case "U": 10
            default: 2
            }
          places.append(here)
          for _ in 0..<min(length, lines[line].count - index) {
            column += lines[line][index].unicodeScalars.count
            index += 1
          }
          break
        }
        column += source.unicodeScalars.count
        index += 1
        if source == character {
          places.append(here)
          break
        }
      }
    }
    // The end of the text, where "ends too early" errors point.
    if line < lines.count {
      places.append(SourceLocation(line: line + 1, column: column))
    } else if let last = places.last {
      places.append(last.advanced(by: 1))
    }
    return places
  }

  enum ScalarStyle {
    case plain, singleQuoted, doubleQuoted, block
  }
}

/// A script's text split into lines, the first time they are needed.
final class SourceLines: @unchecked Sendable {
  let text: String
  private(set) lazy var lines: [[Character]] = text.split(omittingEmptySubsequences: false) {
    $0 == "\n" || $0 == "\r\n" || $0 == "\r"
  }.map(Array.init)

  init(_ text: String) {
    self.text = text
  }
}
