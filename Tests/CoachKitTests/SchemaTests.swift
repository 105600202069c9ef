import CoachKit
import CoachTestSupport
import Foundation
import Testing

@testable import CoachKit

/// The published JSON Schemas name exactly the keys the readers take, node by node, so that
/// editors neither refuse a key coach reads nor offer one it refuses.
struct SchemaTests {
  static func schema(_ path: String) throws -> Value {
    try JSON.decode(String(contentsOf: Scripts.repositoryRoot.appendingPathComponent(path), encoding: .utf8))
  }

  /// The keys an object of the schema names.
  static func keys(_ object: Value) -> Set<String> { Set((object["properties"].object ?? [:]).keys) }

  @Test func theDialogSchemaNamesTheKeysTheScriptReaderTakes() throws {
    let schema = try Self.schema("prompts/schema.json")
    let defs = schema["$defs"]
    #expect(Self.keys(schema) == Set(ScriptReader.topKeys))
    #expect(Self.keys(defs["section"]) == Set(ScriptReader.sectionKeys))
    #expect(Self.keys(defs["flag"]) == Set(ScriptReader.flagKeys))
    #expect(Self.keys(defs["value"]) == Set(ScriptReader.valueKeys))
    #expect(Self.keys(defs["setting"]) == Set(ScriptReader.settingKeys))
    #expect(Self.keys(defs["branch"]) == Set(ScriptReader.branchKeys))
    let choice = try #require(defs["choice"]["anyOf"].array?.first { $0["type"] == "object" })
    #expect(Self.keys(choice) == Set(ScriptReader.choiceKeys))
    #expect(Self.keys(defs["step"]) == Set(ScriptReader.stepKeys + ScriptReader.kindOptions.values.joined()))
    let reserved = defs["stepId"]["allOf"].array?.last?["not"]["enum"].array?.compactMap(\.string) ?? []
    #expect(Set(reserved) == ScriptChecker.reserved)
  }

  /// Each kind's `if kind: … then` rule refuses (`false`) exactly the options of other kinds.
  @Test func theDialogSchemaGivesEachKindTheOptionsTheReaderTakes() throws {
    let step = try Self.schema("prompts/schema.json")["$defs"]["step"]
    let options = Set(ScriptReader.kindOptions.values.joined())
    var taken: [String: Set<String>] = [:]
    for rule in step["allOf"].array ?? [] {
      let kind = try #require(rule["if"]["properties"]["kind"]["const"].string)
      let refused = rule["then"]["properties"].object ?? [:]
      taken[kind] = options.filter { refused[$0] != .bool(false) }
    }
    #expect(Set(taken.keys) == Set(ScriptReader.kindOptions.keys))
    for (kind, keys) in ScriptReader.kindOptions {
      #expect(taken[kind] == Set(keys), "the options of \(kind) steps")
    }
  }

  @Test func theTeamSchemaNamesTheKeysTheTeamFileReaderTakes() throws {
    let schema = try Self.schema("docs/team.schema.json")
    #expect(Self.keys(schema) == Set(TeamFile.topKeys))
    #expect(Self.keys(schema["properties"]["people"]["items"]) == Set(TeamFile.memberKeys))
  }
}
