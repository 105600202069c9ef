#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A NUL-terminated UTF-32 (`wchar_t`) copy of a string that stays alive as long as the object:
/// for the libedit arguments that libedit keeps a pointer to instead of copying.
final class WideString {
  /// The first character; the buffer holds `count` characters and a NUL.
  let pointer: UnsafeMutablePointer<wchar_t>
  /// The number of characters (Unicode scalars), without the NUL.
  let count: Int

  init(_ string: String) {
    let scalars = string.unicodeScalars
    count = scalars.count
    pointer = .allocate(capacity: count + 1)
    for (index, scalar) in scalars.enumerated() {
      pointer[index] = wchar_t(bitPattern: scalar.value)
    }
    pointer[count] = 0
  }

  deinit {
    pointer.deallocate()
  }
}

extension String {
  /// Decodes `count` wide characters; a value that is not a Unicode scalar becomes U+FFFD.
  init(wide characters: UnsafePointer<wchar_t>, count: Int) {
    var scalars = String.UnicodeScalarView()
    for offset in 0..<Swift.max(count, 0) {
      let value = UInt32(bitPattern: characters[offset])
      scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
    }
    self.init(scalars)
  }

  /// Calls `body` with a temporary NUL-terminated wide copy of the string.
  func withWideCString<Result>(_ body: (UnsafePointer<wchar_t>) throws -> Result) rethrows
    -> Result
  {
    var characters = unicodeScalars.map { wchar_t(bitPattern: $0.value) }
    characters.append(0)
    return try characters.withUnsafeBufferPointer { try body($0.baseAddress!) }
  }
}
