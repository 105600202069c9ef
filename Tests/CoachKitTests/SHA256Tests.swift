import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// The hand-written SHA-256 against the NIST vectors and the system's `sha256sum`.
struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ])
  func nistVectors(_ message: String, _ digest: String) {
    #expect(SHA256.hex(of: Array(message.utf8)) == digest)
  }

  @Test func aMillionAs() {
    #expect(
      SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Every length around the block boundaries, and the shipped dialogs, as `sha256sum` has them.
  @Test func agreesWithSha256sum() throws {
    let temporary = TemporaryFolder("coach-sha")
    let folder = temporary.path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var files: [String] = []
    for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000] {
      let path = folder + "/len\(length)"
      try Data((0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }).write(
        to: URL(fileURLWithPath: path))
      files.append(path)
    }
    let prompts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("prompts").path
    files += try FileManager.default.contentsOfDirectory(atPath: prompts).filter { $0.hasSuffix(".yaml") }
      .map { prompts + "/" + $0 }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = files
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let expected = output.split(separator: "\n").map { String($0.prefix(64)) }
    #expect(expected.count == files.count)
    for (file, digest) in zip(files, expected) {
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
      #expect(SHA256.hex(of: bytes) == digest, "\(file)")
    }
  }
}
