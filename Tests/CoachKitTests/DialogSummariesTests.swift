import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// `<store>/dialogs.cache`: the team views' summaries of the dialogs, which must always be what
/// reading the scripts gives, whatever the cache holds.
struct DialogSummariesTests {
  let temporary = TemporaryFolder("coach-dialog-summaries")
  var store: SessionStore { SessionStore(root: temporary.path + "/store") }
  var cache: String { temporary.path + "/store/dialogs.cache" }

  init() throws {
    try FileManager.default.createDirectory(
      atPath: temporary.path + "/store", withIntermediateDirectories: true)
  }

  /// Title, cadence and trend steps, as the scripts give them.
  func expected(_ catalog: DialogCatalog) throws -> [String: String] {
    var out: [String: String] = [:]
    for entry in catalog.entries() {
      let script = try #require(catalog.load(entry).script, "\(entry.id) loads")
      out[entry.id] = Self.describe(DueList.Dialog(script))
    }
    return out
  }

  static func describe(_ d: DueList.Dialog) -> String {
    "\(d.title) | \(d.cadence?.description ?? "-") | \(d.metrics.sorted().joined(separator: ","))"
  }

  @Test func theCacheGivesWhatTheScriptsGiveAndFollowsAChangedScript() throws {
    let folder = temporary.path + "/prompts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let shipped = try #require(DialogCatalog.builtinText("one-on-one.yaml"))
    try shipped.write(toFile: folder + "/our-1on1.yaml", atomically: true, encoding: .utf8)
    let catalog = DialogCatalog(folders: [folder])
    let first = DialogSummaries.load(catalog, store: store).mapValues(Self.describe)
    #expect(first == (try expected(catalog)))
    #expect(first["our-1on1"]?.hasPrefix("Weekly 1-on-1 | 1w | ") == true)
    #expect(((try FileManager.default.attributesOfItem(atPath: cache))[.posixPermissions] as? Int) == 0o600)
    // From the cache, the same.
    #expect(DialogSummaries.load(catalog, store: store).mapValues(Self.describe) == first)
    // A script edited: its new title and cadence, at once.
    try shipped.replacingOccurrences(of: "title: Weekly 1-on-1", with: "title: Our 1-on-1")
      .replacingOccurrences(of: "cadence: 7d", with: "cadence: 2w")
      .write(toFile: folder + "/our-1on1.yaml", atomically: true, encoding: .utf8)
    let edited = DialogSummaries.load(catalog, store: store)
    #expect(edited["our-1on1"].map(Self.describe)?.hasPrefix("Our 1-on-1 | 2w | ") == true)
    #expect(edited.mapValues(Self.describe) == (try expected(catalog)))
    // A script removed: gone from the summaries.
    try FileManager.default.removeItem(atPath: folder + "/our-1on1.yaml")
    #expect(DialogSummaries.load(catalog, store: store)["our-1on1"] == nil)
  }

  @Test func aDamagedCacheIsReadAgainFromTheScripts() throws {
    let catalog = DialogCatalog(folders: [])
    let right = try expected(catalog)
    for damage in ["", "{", "[1,2]", #"{"layout":"1","dialogs":{"one-on-one":{"sha256":"x","title":7}}}"#] {
      try damage.write(toFile: cache, atomically: true, encoding: .utf8)
      #expect(DialogSummaries.load(catalog, store: store).mapValues(Self.describe) == right)
    }
    // And written anew, whole.
    let written = try JSON.decode(try String(contentsOfFile: cache, encoding: .utf8))
    #expect(written["dialogs"].object?.count == right.count)
  }
}
