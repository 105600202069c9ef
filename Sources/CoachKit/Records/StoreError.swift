/// What went wrong with the session store, said so a person knows what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
  case invalidID(String)
  case unknownSession(String)
  case ambiguous(String, candidates: [String])
  case locked(String)
  case io(path: String, message: String)
  case corrupt(path: String, line: Int, message: String)

  public var description: String {
    switch self {
    case .invalidID(let id):
      return
        "'\(Sanitizer.inline(id, limit: 40))' is not a session id: ids are letters and digits (see coach sessions)"
    case .unknownSession(let prefix):
      return "no session matches '\(Sanitizer.inline(prefix, limit: 40))': coach sessions lists them"
    case .ambiguous(let prefix, let candidates):
      return
        "'\(prefix)' matches \(candidates.count) sessions: \(candidates.prefix(10).joined(separator: ", "))\(candidates.count > 10 ? ", …" : ""); type more of the id"
    case .locked(let id):
      return
        "session \(id) is open in another coach process: finish or pause it there first (or end that process)"
    case .io(let path, let message):
      return "\(path): \(message)"
    case .corrupt(let path, let line, let message):
      return "\(path):\(line): \(message)"
    }
  }
}
