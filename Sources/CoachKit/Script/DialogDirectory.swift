import Foundation

/// What a script may know of another dialog: its steps and their kinds, which a
/// `last.<dialog>.<step>` reference reads (the person's last completed session of that dialog).
public struct DialogOutline: Equatable, Sendable {
  public var id: String
  public var title: String
  /// Step ids in the order of the script.
  public var stepIDs: [String]
  public var kinds: [String: AnswerKind]

  public init(id: String, title: String, stepIDs: [String], kinds: [String: AnswerKind]) {
    self.id = id
    self.title = title
    self.stepIDs = stepIDs
    self.kinds = kinds
  }

  /// The outline of `script`.
  public init(_ script: Script) {
    self.init(
      id: script.id, title: script.title, stepIDs: script.steps.map(\.id),
      kinds: Dictionary(script.steps.map { ($0.id, $0.kind) }) { first, _ in first })
  }
}

/// The dialogs a script's `last.<dialog>.<step>` references are checked against when it loads:
/// the shipped dialogs, and those of the folders a catalog reads (which win, as they do when a
/// session starts).
///
/// Another dialog is read only for its steps: its own references are not followed, so dialogs
/// that read each other load without going round in circles.
public struct DialogDirectory: Sendable {
  /// The ids known, for did-you-mean hints.
  public var ids: [String]
  private let find: @Sendable (String) -> DialogOutline?

  public init(ids: [String], find: @escaping @Sendable (String) -> DialogOutline?) {
    self.ids = ids
    self.find = find
  }

  /// The outline of dialog `id`; nil when there is no such dialog or it cannot be loaded.
  public func outline(_ id: String) -> DialogOutline? { find(id) }

  /// The shipped dialogs.
  public static let shipped: DialogDirectory = {
    let names = DialogCatalog.builtinNames
    let cache = OutlineCache()
    return DialogDirectory(ids: names.map { String($0.dropLast(5)) }.sorted()) { id in
      guard names.contains(id + ".yaml") else { return nil }
      return cache.outline("builtin:" + id) {
        DialogCatalog.builtinText(id + ".yaml").flatMap { outline(text: $0, file: "prompts/\(id).yaml") }
      }
    }
  }()

  /// The dialogs of `folders` (the first that has a file of the id wins), then the shipped ones.
  public static func folders(_ folders: [String]) -> DialogDirectory {
    guard !folders.isEmpty else { return shipped }
    var ids = Set(shipped.ids)
    for folder in folders {
      for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      where name.hasSuffix(".yaml") && !name.hasSuffix(".test.yaml") {
        ids.insert(String(name.dropLast(5)))
      }
    }
    return DialogDirectory(ids: ids.sorted()) { id in
      guard ScriptReader.isValidDialogID(id) else { return nil }
      for folder in folders {
        let path = folder + "/" + id + ".yaml"
        if FileManager.default.fileExists(atPath: path) {
          // Read as a script is: a regular file only (never a FIFO waited on), within the size limit.
          var reader = ScriptReader(file: path)
          guard let text = reader.readText(path: path) else { return nil }
          return outline(text: text, file: path)
        }
      }
      return shipped.outline(id)
    }
  }

  /// No other dialog is known: every `last.` reference is an unknown dialog.
  public static let empty = DialogDirectory(ids: []) { _ in nil }

  /// The outline of the script in `text`, read without checking its own `last.` references.
  static func outline(text: String, file: String) -> DialogOutline? {
    ScriptLoader.load(text: text, file: file, dialogs: nil, checking: false).script.map(DialogOutline.init)
  }
}

/// Outlines read once per process.
private final class OutlineCache: @unchecked Sendable {
  private let lock = NSLock()
  private var outlines: [String: DialogOutline?] = [:]

  func outline(_ key: String, _ make: () -> DialogOutline?) -> DialogOutline? {
    lock.lock()
    defer { lock.unlock() }
    if let known = outlines[key] { return known }
    let made = make()
    outlines[key] = made
    return made
  }
}
