internal import Yams

/// Finds a YAML alias used as a mapping key, or inside one, without expanding it.
///
/// Yams compares the keys of every mapping for duplicates, and comparing expands an alias in
/// full. With aliases of aliases that takes exponential time (an "alias bomb" on the key side),
/// before coach could count the nodes. So when the text has aliases, it is first composed with
/// each alias `*name` written as a plain scalar of its own (`_coach<random>_<n>_name`, with a
/// marker the text does not contain): no alias is expanded, and the nodes keep their shape. A mapping key
/// holding such a plain scalar held an alias (a plain scalar cannot start with `*` otherwise).
enum AliasKeys {
  /// An alias used as a mapping key, and where it stands.
  struct Refused: Error {
    var at: SourceLocation
  }

  /// Composes `text` as `Yams.compose` does (basic resolver: scalars are read as text), after
  /// refusing an alias in a key. Throws ``Refused``, or the YAML error that stops reading.
  static func compose(_ text: String) throws -> Node? {
    if let at = try firstAliasKey(in: text) { throw Refused(at: at) }
    return try Yams.compose(yaml: text, .basic)
  }

  /// Where the first alias in a key stands, if there is one. Throws the YAML error that stops
  /// reading the text, in place of Yams' own, which could take unbounded time to come.
  private static func firstAliasKey(in text: String) throws -> SourceLocation? {
    guard text.utf8.contains(UInt8(ascii: "*")) else { return nil }
    // A marker the text does not contain (random, so that no text can be made to hold it): a
    // plain scalar starting with it was written here.
    var marker = ""
    repeat {
      marker = "_coach" + String(UInt64.random(in: 1...UInt64.max), radix: 36) + "_"
    } while text.contains(marker)
    var neutral = ""
    neutral.reserveCapacity(text.utf8.count + 64)
    // Where each alias stood, by the number written after the marker (for the diagnostic:
    // lines as Yams counts them, columns in characters).
    var origins: [SourceLocation] = []
    var line = 1
    var column = 1
    var scalars = text.unicodeScalars.makeIterator()
    var next = scalars.next()
    while let scalar = next {
      next = scalars.next()
      if scalar == "*", let following = next, isAnchorCharacter(following) {
        neutral += "\(marker)\(origins.count)_"
        origins.append(SourceLocation(line: line, column: column))
        column += 1
        continue
      }
      neutral.unicodeScalars.append(scalar)
      if scalar == "\n" || (scalar == "\r" && next != "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    guard !origins.isEmpty else { return nil }
    guard let root = try Yams.compose(yaml: neutral, .basic),
      let number = firstAlias(root, inKey: false, marker: marker)
    else { return nil }
    return origins[min(number, origins.count - 1)]
  }

  /// The number of the first alias (a written plain scalar) found in a mapping key under `node`.
  private static func firstAlias(_ node: Node, inKey: Bool, marker: String) -> Int? {
    switch node {
    case .scalar(let scalar):
      guard inKey, scalar.style == .plain, scalar.string.hasPrefix(marker) else { return nil }
      return Int(scalar.string.dropFirst(marker.count).prefix { $0.isASCII && $0.isNumber }) ?? 0
    case .sequence(let sequence):
      for element in sequence {
        if let found = firstAlias(element, inKey: inKey, marker: marker) { return found }
      }
      return nil
    case .mapping(let mapping):
      for (key, value) in mapping {
        if let found = firstAlias(key, inKey: true, marker: marker)
          ?? firstAlias(value, inKey: inKey, marker: marker)
        {
          return found
        }
      }
      return nil
    case .alias:
      return nil
    }
  }

  /// The characters libyaml allows in an anchor's name.
  private static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
    default: false
    }
  }
}
