import Foundation

/// The dialogs coach can run: those shipped inside the program, and those in extra folders
/// (`--prompts DIR`, `$COACH_PROMPTS`), which add to them and override a shipped dialog of the
/// same id. A dialog's file is named after its id: `one-on-one.yaml`.
public struct DialogCatalog: Sendable {
  /// Where a dialog script comes from.
  public enum Source: Equatable, Sendable {
    case builtin(name: String)
    case file(path: String)
  }

  /// A dialog found, by id.
  public struct Entry: Equatable, Sendable {
    public var id: String
    public var source: Source

    /// The file its diagnostics name: `prompts/<name>` for a shipped one, else its path.
    public var fileName: String {
      switch source {
      case .builtin(let name): "prompts/" + name
      case .file(let path): path
      }
    }
  }

  public let folders: [String]

  public init(folders: [String]) {
    self.folders = folders
  }

  /// Every dialog, by id; a folder's file wins over a shipped one.
  public func entries() -> [Entry] {
    var byID: [String: Entry] = [:]
    for file in BuiltinDialogs.files {
      let id = String(file.name.dropLast(5))
      byID[id] = Entry(id: id, source: .builtin(name: file.name))
    }
    for folder in folders.reversed() {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      for name in names where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
        let id = String(name[..<name.lastIndex(of: ".")!])
        byID[id] = Entry(id: id, source: .file(path: folder + "/" + name))
      }
    }
    return byID.values.sorted { $0.id < $1.id }
  }

  /// The entry for `name`: a dialog id, or the path of a script file.
  public func find(_ name: String) -> Entry? {
    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.contains("/") {
      guard FileManager.default.fileExists(atPath: name) else { return nil }
      let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
      // The absolute path: a record names the script it ran wherever it is read from.
      let absolute = URL(fileURLWithPath: name).standardizedFileURL.path
      return Entry(id: stem, source: .file(path: absolute))
    }
    return entries().first { $0.id == name }
  }

  /// The script a recorded session ran: its file when the session ran one that still exists,
  /// else the dialog of that id (shipped or in a folder).
  public func entry(forRecorded header: SessionHeader) -> Entry? {
    if !header.dialogOrigin.hasPrefix("builtin:"), FileManager.default.fileExists(atPath: header.dialogOrigin)
    {
      return Entry(id: header.dialogID, source: .file(path: header.dialogOrigin))
    }
    return find(header.dialogID)
  }

  /// Loads the script of `entry`. With `checking` false it is only read (its steps, texts,
  /// cadence and trends), not checked (expressions, references to other dialogs, flow): for
  /// views that show what a dialog is, never to run it.
  public func load(_ entry: Entry, checking: Bool = true) -> ScriptLoader.Result {
    switch entry.source {
    case .builtin(let name):
      return ScriptLoader.load(
        text: Self.builtinText(name) ?? "", file: entry.fileName, origin: "builtin:" + entry.id,
        dialogs: checking ? directory : nil, checking: checking)
    case .file(let path):
      return ScriptLoader.load(path: path, folders: folders, checking: checking)
    }
  }

  /// Loads the script of `entry` to run a session of it. A shipped script is the text coach
  /// was built and tested with (every shipped dialog is checked by the test suite), so it is
  /// only read, and the dialogs it reads with `last.` are read when one of their values is
  /// first shown: a start no longer parses them all. Unless a folder has a dialog of the same
  /// id as one it reads: then it is checked against that one, in full. A script of a folder is
  /// always checked.
  public func loadToRun(_ entry: Entry) -> ScriptLoader.Result {
    guard case .builtin(let name) = entry.source, let text = Self.builtinText(name) else {
      return load(entry)
    }
    let read = ScriptLoader.load(
      text: text, file: entry.fileName, origin: "builtin:" + entry.id, dialogs: nil, checking: false)
    guard var script = read.script else { return load(entry) }
    let fromFolders = entries().compactMap { entry -> String? in
      if case .file = entry.source { return entry.id }
      return nil
    }
    guard script.referencedDialogs.isDisjoint(with: fromFolders) else { return load(entry) }
    script.dialogs = .shipped
    return ScriptLoader.Result(script: script, diagnostics: read.diagnostics, text: text)
  }

  /// The script text of `entry`, as its file holds it; nil when it cannot be read.
  public func text(_ entry: Entry) -> String? {
    switch entry.source {
    case .builtin(let name): return Self.builtinText(name)
    case .file(let path):
      // Read as a script is (a regular file, within the size limit), not parsed.
      var reader = ScriptReader(file: path)
      return reader.readText(path: path)
    }
  }

  /// The dialogs `last.<dialog>.<id>` references read: those of the folders, then the shipped.
  public var directory: DialogDirectory { .folders(folders) }

  /// The text of a shipped dialog file.
  public static func builtinText(_ name: String) -> String? {
    guard let file = BuiltinDialogs.files.first(where: { $0.name == name }),
      let data = Data(base64Encoded: file.base64)
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// The names of the shipped dialog files.
  public static var builtinNames: [String] { BuiltinDialogs.files.map(\.name) }
}
