#if TeamStore
  import Crypto
  import Foundation
  import _CryptoExtras

  /// A password as PostgreSQL keeps it for SCRAM-SHA-256 (RFC 7677, and PostgreSQL's
  /// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`), made on the administrator's
  /// laptop so that the password itself never reaches the server, its logs or its catalogs. The
  /// password's UTF-8 bytes are used as they are, as postgres-nio's client does.
  public enum SCRAMVerifier {
    public static func make(password: String, iterations: Int = 4096, salt: [UInt8]? = nil) -> String {
      var generator = SystemRandomNumberGenerator()
      let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let salted = try! KDF.Insecure.PBKDF2.deriveKey(
        from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
        unsafeUncheckedRounds: iterations)
      let clientKey = HMAC<Crypto.SHA256>.authenticationCode(for: Array("Client Key".utf8), using: salted)
      let storedKey = Crypto.SHA256.hash(data: Array(clientKey))
      let serverKey = HMAC<Crypto.SHA256>.authenticationCode(for: Array("Server Key".utf8), using: salted)
      return "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$"
        + "\(Data(storedKey).base64EncodedString()):\(Data(serverKey).base64EncodedString())"
    }

    /// A new password to hand a person: 24 letters and digits (about 140 bits), in groups of
    /// six for reading out.
    public static func generatePassword() -> String {
      let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
      var generator = SystemRandomNumberGenerator()
      let characters = (0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
      return stride(from: 0, to: 24, by: 6).map { String(characters[$0..<($0 + 6)]) }.joined(separator: "-")
    }
  }
#endif
