import Foundation

/// The dialogs as the team's views need them (``DueList/Dialog``: title, cadence, the steps
/// tracked as trends), kept in `<store>/dialogs.cache` (mode 0600) by the SHA-256 of each
/// script's text, so that `coach due`, `calendar`, `report --team` and the home do not read
/// every script's YAML on each run. A script that changes has another digest and is read
/// again; the cache holds nothing of any session.
///
/// Scripts are read here, not checked (``DialogCatalog/load(_:checking:)``): the views run none
/// of them, and a script with errors says so where it is started, linted or tested. One that
/// cannot be read at all is left out, as it would be by a full load.
public enum DialogSummaries {
  static let layout = "1"

  static func path(in store: SessionStore) -> String { store.root + "/dialogs.cache" }

  /// The dialogs of `catalog`, by id.
  public static func load(_ catalog: DialogCatalog, store: SessionStore) -> [String: DueList.Dialog] {
    let cachePath = path(in: store)
    var cached: [String: (sha: String, dialog: DueList.Dialog)] = [:]
    if let bytes = CacheFiles.read(cachePath), let value = try? JSON.decode(bytes: bytes[...]),
      value["layout"].string == layout
    {
      for (id, entry) in value["dialogs"].object ?? [:] {
        if let sha = entry["sha256"].string, let dialog = dialog(from: entry) { cached[id] = (sha, dialog) }
      }
    }
    var dialogs: [String: DueList.Dialog] = [:]
    var shas: [String: String] = [:]
    var changed = false
    for entry in catalog.entries() {
      guard let text = catalog.text(entry) else {
        changed = changed || cached[entry.id] != nil
        continue
      }
      let sha = SHA256.hex(of: Array(text.utf8))
      if let known = cached[entry.id], known.sha == sha {
        dialogs[entry.id] = known.dialog
        shas[entry.id] = sha
        continue
      }
      changed = true
      guard
        let script = ScriptLoader.load(text: text, file: entry.fileName, dialogs: nil, checking: false).script
      else { continue }
      dialogs[entry.id] = DueList.Dialog(script)
      shas[entry.id] = sha
    }
    if changed || Set(cached.keys) != Set(dialogs.keys) {
      save(dialogs, shas: shas, to: cachePath)
    }
    return dialogs
  }

  private static func dialog(from value: Value) -> DueList.Dialog? {
    guard let title = value["title"].string, let metrics = value["metrics"].array else { return nil }
    var cadence: Script.Cadence?
    if let text = value["cadence"].string {
      guard let read = Script.Cadence(text) else { return nil }
      cadence = read
    }
    return DueList.Dialog(title: title, cadence: cadence, metrics: Set(metrics.compactMap(\.string)))
  }

  /// Writes the cache anew; a store that cannot be written to is read each time instead.
  private static func save(_ dialogs: [String: DueList.Dialog], shas: [String: String], to path: String) {
    var entries: [String: Value] = [:]
    for (id, dialog) in dialogs {
      entries[id] = [
        "sha256": .optional(shas[id]), "title": .string(dialog.title),
        "cadence": .optional(dialog.cadence?.description),
        "metrics": .array(dialog.metrics.sorted().map(Value.string)),
      ]
    }
    let value: Value = ["layout": .string(layout), "dialogs": .object(entries)]
    CacheFiles.replace(path, with: Array((JSON.encode(value) + "\n").utf8))
  }
}
