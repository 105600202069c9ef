import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A cache of each person's ``PersonFacts``, `<store>/team.cache` (mode 0600), so that `coach
/// due`, `coach calendar`, `report --team` and the home read a few kilobytes a person instead
/// of every answer of every session. Like the index it is derived from the records and goes
/// when they go (deleting a session removes it).
///
/// A person's facts hold while the files the index keeps of them (`people/<hash>.jsonl`, one a
/// spelling) have the stamps they had when the facts were worked out, every session of theirs
/// not completed has its record's stamp of then (a completed record is never written again),
/// and `people.json` is unchanged; and only while the index is current (it matched the folders
/// when last brought up to date, so a record copied in or removed behind coach's back shows).
/// Otherwise they are worked out again from the person's history, and the file rewritten.
public enum TeamDigest {
  static let layout = "2"

  static func path(in store: SessionStore) -> String { store.root + "/team.cache" }

  /// One person's cached facts, with what they hold for.
  struct Line {
    var key: String
    var stamps: [String: String]
    var facts: PersonFacts
  }

  /// The facts of everyone met in sessions and of each of `names` (by name key), and everyone
  /// met, as shown. `metrics` are the steps each dialog tracks as trends.
  public static func facts(
    store: SessionStore, names: [String], book: PeopleBook, metrics: [String: Set<String>]
  ) -> (
    facts: [String: PersonFacts], everyone: [String]
  ) {
    let index = SessionIndex(store: store)
    let bookStamp = CacheFiles.fileStamp(book.path) ?? "none"
    // The cache was made for these metrics.
    let signature = signature(of: metrics)
    var cached: [String: Line] = [:]
    var header: [String: Value] = [:]
    if index.isCurrent, let bytes = CacheFiles.read(path(in: store)) {
      var lines = JSON.lines(bytes)[...]
      if let first = lines.popFirst(), let value = try? JSON.decode(bytes: first),
        value["layout"].string == layout,
        value["book"].string == bookStamp, value["metrics"].string == signature
      {
        header = value.object ?? [:]
        for line in lines where !line.isEmpty {
          guard let value = try? JSON.decode(bytes: line), let key = value["key"].string,
            let facts = try? PersonFacts(record: value["facts"])
          else { continue }
          cached[key] = Line(
            key: key, stamps: (value["stamps"].object ?? [:]).compactMapValues(\.string), facts: facts)
        }
      }
    }
    // Everyone met: from the cache while the index's state is the one it was read with.
    let state = CacheFiles.read(index.statePath).map { String(decoding: $0, as: UTF8.self) }
    let everyone: [String]
    if let state, index.isCurrent, header["state"]?.string == state, let names = header["everyone"]?.array {
      everyone = names.compactMap(\.string)
    } else {
      everyone = book.everyone
    }
    var result: [String: PersonFacts] = [:]
    var lines: [Line] = []
    var changed = cached.isEmpty
    var seen: Set<String> = []
    for name in everyone + names {
      let key = PeopleBook.key(name)
      guard seen.insert(key).inserted else { continue }
      let files = book.keys(of: name).map(index.personPath)
      if let line = cached[key], holds(line, files: files, store: store) {
        result[key] = line.facts
        lines.append(line)
        continue
      }
      let history = PersonHistory(store: store, person: name, book: book)
      let facts = PersonFacts(history, metrics: metrics)
      var stamps: [String: String] = [:]
      // Stamped after the history is read: reading it may add what it learned to the files.
      for file in files { stamps[file] = CacheFiles.fileStamp(file) ?? "none" }
      for session in history.sessions where session.status != .completed {
        if let path = try? store.path(of: session.entry.id) {
          stamps[path] = CacheFiles.fileStamp(path) ?? "none"
        }
      }
      result[key] = facts
      lines.append(Line(key: key, stamps: stamps, facts: facts))
      changed = true
    }
    if changed || header["state"]?.string != state {
      save(lines, store: store, index: index, book: bookStamp, metrics: signature, everyone: everyone)
    }
    return (result, everyone)
  }

  /// The steps each dialog tracks, as one text: a cache of facts holds only for the metrics it
  /// was made for.
  static func signature(of metrics: [String: Set<String>]) -> String {
    metrics.keys.sorted().map { "\($0):\(metrics[$0]!.sorted().joined(separator: ","))" }.joined(
      separator: ";")
  }

  /// Whether a cached line still holds: every file it was worked out from has its stamp of then.
  static func holds(_ line: Line, files: [String], store: SessionStore) -> Bool {
    guard files.allSatisfy({ line.stamps[$0] != nil }) else { return false }
    return line.stamps.allSatisfy { path, stamp in (CacheFiles.fileStamp(path) ?? "none") == stamp }
  }

  static func save(
    _ lines: [Line], store: SessionStore, index: SessionIndex, book: String, metrics: String,
    everyone: [String]
  ) {
    guard index.isCurrent,
      let state = CacheFiles.read(index.statePath).map({ String(decoding: $0, as: UTF8.self) })
    else { return }
    var text = JSON.encode([
      "layout": .string(layout), "state": .string(state), "book": .string(book), "metrics": .string(metrics),
      "everyone": .array(everyone.map(Value.string)),
    ])
    text += "\n"
    for line in lines {
      text += JSON.encode([
        "key": .string(line.key), "stamps": .object(line.stamps.mapValues(Value.string)),
        "facts": line.facts.record,
      ])
      text += "\n"
    }
    CacheFiles.replace(path(in: store), with: Array(text.utf8))
  }

  /// Removes the cache (when sessions or people go).
  static func remove(from store: SessionStore) {
    unlink(path(in: store))
  }
}
