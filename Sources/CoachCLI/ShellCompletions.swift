import ArgumentParser
import CoachKit
import Foundation

/// What the shell completes beyond commands and options (bash, zsh and fish, through
/// swift-argument-parser's scripts): dialog ids, session ids described by person and dialog,
/// and people's names, read from the store the command line names (its `--store`, else as
/// the command would find it). zsh and fish show the descriptions; bash lists the values.
enum ShellCompletions {
  /// Dialog ids, then script files for a word that looks like a path.
  static func dialogs() -> CompletionKind {
    .custom { words, _, prefix in
      let catalog = DialogCatalog(
        folders: option("--prompts", in: words).map { [$0] } ?? environmentFolders())
      var values = catalog.entries().filter { $0.id.hasPrefix(prefix) }.map {
        ($0.id, catalog.load($0).script?.title ?? "")
      }
      if prefix.contains("/") || prefix.hasPrefix(".") { values += files(matching: prefix).map { ($0, "") } }
      return described(values)
    }
  }

  /// Session ids, newest first, each with its dialog, person, day and status; only those not
  /// completed with `openOnly`.
  static func sessions(openOnly: Bool = false) -> CompletionKind {
    .custom { words, _, prefix in
      let store = store(for: words)
      let book = PeopleBook(store: store)
      let sessions = store.summaries().sessions.filter {
        $0.id.hasPrefix(prefix) && (!openOnly || $0.status != .completed)
      }
      return described(
        sessions.prefix(200).map { session in
          var text = session.dialogTitle
          if let with = session.with { text += " with " + book.display(with) }
          text += ", " + Clock.iso8601(session.startedAt).prefix(10) + ", " + session.status.rawValue
          return (session.id, text)
        })
    }
  }

  /// The people of the store, as shown.
  static func people() -> CompletionKind {
    .custom { words, _, prefix in
      let key = PeopleBook.key(prefix)
      return described(
        PeopleBook(store: store(for: words)).everyone.filter { PeopleBook.key($0).hasPrefix(key) }.map {
          ($0, "")
        })
    }
  }

  /// The value of `option` in the words of the command line.
  static func option(_ option: String, in words: [String]) -> String? {
    for (index, word) in words.enumerated() {
      if word == option, index + 1 < words.count { return words[index + 1] }
      if word.hasPrefix(option + "=") { return String(word.dropFirst(option.count + 1)) }
    }
    return nil
  }

  static func store(for words: [String]) -> SessionStore {
    SessionStore.resolve(
      option: option("--store", in: words), environment: ProcessInfo.processInfo.environment,
      configured: Configuration.current.store)
  }

  static func environmentFolders() -> [String] {
    (ProcessInfo.processInfo.environment["COACH_PROMPTS"] ?? "").split(separator: ":").map(String.init)
  }

  /// YAML files and folders that start with `prefix`.
  static func files(matching prefix: String) -> [String] {
    let folder =
      prefix.hasSuffix("/") ? String(prefix.dropLast()) : (prefix as NSString).deletingLastPathComponent
    let base = folder.isEmpty ? "." : folder
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return [] }
    return names.sorted().compactMap { name in
      let path = folder.isEmpty ? name : folder + "/" + name
      guard path.hasPrefix(prefix) else { return nil }
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
      if isFolder.boolValue { return path + "/" }
      return path.hasSuffix(".yaml") || path.hasSuffix(".yml") ? path : nil
    }
  }

  /// Candidates in the form the shell asking reads: `value:description` for zsh (colons in the
  /// value escaped), `value<tab>description` for fish, the value alone for bash.
  static func described(_ candidates: [(value: String, description: String)]) -> [String] {
    let shell = ProcessInfo.processInfo.environment["SAP_SHELL"] ?? ""
    return candidates.map { value, description in
      let description = Sanitizer.inline(description, limit: 80)
      guard !description.isEmpty else {
        return shell == "zsh" ? value.replacingOccurrences(of: ":", with: "\\:") : value
      }
      switch shell {
      case "zsh": return value.replacingOccurrences(of: ":", with: "\\:") + ":" + description
      case "fish": return value + "\t" + description
      default: return value
      }
    }
  }
}
