import CoachKit
import CoachTestSupport
import Foundation
import Testing

/// What a script can read beyond its own answers: another dialog's last session
/// (`last.<dialog>.<id>`), settings (`settings.<id>`), computed values, and its cadence.
struct ScriptReferenceTests {
  /// One other dialog, `alignment`, with a percent and a choice.
  static let directory = DialogDirectory(ids: ["alignment"]) { id in
    guard id == "alignment" else { return nil }
    return DialogOutline(
      id: "alignment", title: "Alignment", stepIDs: ["field_time", "rhythm"],
      kinds: [
        "field_time": .percent(min: 0, max: 100),
        "rhythm": .choice([
          Choice(value: "weekly", label: "Weekly"), Choice(value: "monthly", label: "Monthly"),
        ]),
      ])
  }

  static func diagnostics(_ yaml: String) -> [Diagnostic] {
    ScriptLoader.load(text: yaml, file: "t.yaml", dialogs: directory).diagnostics
  }

  static func script(_ yaml: String) throws -> Script {
    let result = ScriptLoader.load(text: yaml, file: "t.yaml", dialogs: directory)
    return try #require(result.script, "\(result.diagnostics.map(\.message))")
  }

  static func with(_ steps: String, extra: String = "") -> String {
    """
    id: t
    title: T
    \(extra)
    steps:
    \(steps)
    """
  }

  // MARK: last.<dialog>.<id>

  @Test func aDialogIdWithDashesIsReadWhole() throws {
    let e = try ExpressionParser.parse("last.ceo-alignment.field_time >= 30")
    guard case .binary(.greaterOrEqual, .variable(let v, _), _, _) = e else {
      Issue.record("parsed as \(e)")
      return
    }
    #expect(
      v.name == "field_time" && v.dialog == "ceo-alignment"
        && v.description == "last.ceo-alignment.field_time")
    #expect(
      try ExpressionParser.parse("settings.time_targets.field")
        == .variable(Variable(name: "time_targets.field", source: .settings), at: 0))
  }

  @Test(arguments: [
    ("last", "'last' needs a dialog and a step id"),
    ("last.alignment", "expected '.' and a step id after 'last.alignment'"),
    ("last.alignment.", "expected a step id after 'last.alignment.'"),
    ("settings", "'settings' needs a setting's name"),
  ])
  func incompleteReferencesAreSyntaxErrors(source: String, message: String) {
    do {
      let parsed = try ExpressionParser.parse(source)
      Issue.record("'\(source)' parsed as \(parsed)")
    } catch {
      #expect(error.message == message)
    }
  }

  @Test func anotherDialogsStepsAreTypeChecked() throws {
    let ok = Self.diagnostics(
      Self.with(
        """
          - id: share
            ask: "Agreed {last.alignment.field_time}. This week?"
            kind: percent
        flags:
          - {id: under, if: share < last.alignment.field_time, text: Under.}
          - {id: rare, if: last.alignment.rhythm == "monthly", text: Rare.}
        """))
    #expect(ok.isEmpty, "\(ok.map(\.message))")
    let bad = Self.diagnostics(
      Self.with(
        """
          - id: share
            ask: "{last.alignmnt.field_time} {last.alignment.feld_time}"
            kind: percent
        flags:
          - {id: odd, if: last.alignment.rhythm == "yearly", text: Odd.}
          - {id: text, if: last.alignment.field_time == "high", text: Odd.}
        """))
    #expect(bad.map(\.code) == [.unknownDialog, .unknownVariable, .notAChoice, .typeMismatch])
    #expect(bad[0].message == "unknown dialog 'alignmnt' in 'last.alignmnt.field_time'")
    #expect(bad[0].hint == "did you mean 'last.alignment.field_time'?")
    #expect(bad[1].message == "the alignment dialog has no step 'feld_time'")
    #expect(bad[1].hint == "did you mean 'last.alignment.field_time'?")
  }

  /// A shipped dialog loaded to run a session is read, not checked again, and the dialogs it
  /// reads are read when first needed; they give the same outlines a full load gives. A folder
  /// holding a dialog it reads makes the load a full one, checked against that dialog.
  @Test func aShippedDialogLoadedToRunReadsTheOthersWhenNeeded() throws {
    let catalog = DialogCatalog(folders: [])
    let entry = try #require(catalog.find("one-on-one"))
    let checked = try #require(catalog.load(entry).script)
    let toRun = try #require(catalog.loadToRun(entry).script)
    #expect(!checked.external.isEmpty)
    #expect(toRun.external.isEmpty && toRun.dialogs != nil)
    #expect(toRun.referencedDialogs == checked.referencedDialogs)
    for id in checked.referencedDialogs {
      #expect(toRun.outline(of: id) == checked.external[id], "\(id)")
    }
    #expect(toRun.sha256 == checked.sha256 && toRun.steps.map(\.id) == checked.steps.map(\.id))
    let folder = NSTemporaryDirectory() + "coach-override-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let rideAlong = try #require(DialogCatalog.builtinText("ride-along.yaml"))
    try rideAlong.write(toFile: folder + "/ride-along.yaml", atomically: true, encoding: .utf8)
    let overriding = DialogCatalog(folders: [folder])
    let overridingEntry = try #require(overriding.find("one-on-one"))
    let full = try #require(overriding.loadToRun(overridingEntry).script)
    #expect(full.external["ride-along"] != nil)
  }

  @Test func theShippedDialogsAreKnownByDefault() {
    let result = ScriptLoader.load(
      text: Self.with(
        """
          - id: share
            ask: "Agreed {last.ceo-alignment.field_time}; the rhythm {last.ceo-alignment.one_on_one_cadence}"
            kind: percent
        """), file: "t.yaml")
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(result.script?.referencedDialogs == ["ceo-alignment"])
  }

  // MARK: settings and computed values

  @Test func settingsAreDeclaredWithTheirDefault() throws {
    let script = try Self.script(
      Self.with(
        """
          - id: hours
            ask: "Hours? The limit is {settings.limits.week} ({if(is_default(settings.limits.week), \\"coach's\\", \\"yours\\")})."
            kind: number
        """, extra: "settings:\n  - {id: limits.week, default: 50, label: Most hours}"))
    #expect(script.setting("limits.week")?.defaultValue == 50)
    let unknown = Self.diagnostics(
      Self.with(
        """
          - id: hours
            ask: "{settings.limits.wek} {is_default(hours)}"
            kind: number
        """, extra: "settings:\n  - {id: limits.week, default: 50}"))
    #expect(unknown.map(\.code) == [.unknownVariable, .typeMismatch])
    #expect(unknown[0].hint == "did you mean 'settings.limits.week'?")
    #expect(unknown[1].message.contains("'is_default' takes a setting (settings.<id>)"))
  }

  @Test func aComputedValueThatReadsItselfIsReported() {
    let found = Self.diagnostics(
      Self.with(
        """
          - id: calls
            ask: Calls?
            kind: number
        values:
          - {id: total, value: calls + extra}
          - {id: extra, value: total / 10}
        """))
    #expect(found.map(\.code).contains(.valueCycle))
    let clash = Self.diagnostics(
      Self.with(
        """
          - id: calls
            ask: Calls?
            kind: number
        values:
          - {id: calls, value: 1}
        """))
    #expect(clash.map(\.code) == [.duplicateStep])
  }

  @Test func aValueReadingAnOptionalStepIsPossiblyUnsetWhereThatStepIsNot() {
    let found = Self.diagnostics(
      Self.with(
        """
          - id: calls
            ask: Calls?
            kind: number
            after: "{double}"
          - id: extra
            ask: Extra?
            kind: number
            required: false
            after: "{sum_of_both}"
        values:
          - {id: double, value: calls * 2}
          - {id: sum_of_both, value: calls + extra}
        """))
    #expect(found.isEmpty, "\(found.map(\.message))")
    let early = Self.diagnostics(
      Self.with(
        """
          - id: calls
            ask: "{sum_of_both}"
            kind: number
          - id: extra
            ask: Extra?
            kind: number
        values:
          - {id: sum_of_both, value: calls + extra}
        """))
    #expect(early.map(\.code) == [.possiblyUnset])
    #expect(
      early.first?.message == "'sum_of_both' reads 'calls', which may not be answered when this is evaluated")
  }

  // MARK: cadence and subject

  @Test(arguments: [("7d", 7), ("2w", 14), ("30 days", 30), ("182d", 182), ("1 week", 7)])
  func aCadenceIsANumberOfDaysOrWeeks(text: String, days: Int) throws {
    let script = try Self.script(
      Self.with("  - {id: a, ask: A?, kind: text}", extra: "cadence: \(text)"))
    #expect(script.cadence == .every(days: days))
    #expect(script.cadence?.days == days)
  }

  @Test func aCadenceCanBeNoneOrLeftOut() throws {
    #expect(
      try Self.script(Self.with("  - {id: a, ask: A?, kind: text}", extra: "cadence: none")).cadence
        == Script.Cadence.none)
    #expect(try Self.script(Self.with("  - {id: a, ask: A?, kind: text}")).cadence == nil)
    #expect(
      Script.Cadence.every(days: 14).description == "2w"
        && Script.Cadence.every(days: 30).description == "30d")
  }

  @Test(arguments: ["soon", "0d", "7y", "-7d", "99999d"])
  func aBadCadenceIsLocated(text: String) {
    let found = Self.diagnostics(Self.with("  - {id: a, ask: A?, kind: text}", extra: "cadence: \(text)"))
    #expect(found.map(\.code) == [.invalidValue])
    #expect(found.first?.line == 3 && found.first?.message.hasPrefix("'cadence' must be") == true)
  }

  @Test func everyShippedDialogDeclaresItsCadence() throws {
    let expected: [String: Script.Cadence] = [
      "one-on-one": .every(days: 7), "ride-along": .every(days: 30), "hiring-interview": .none,
      "ceo-alignment": .every(days: 90), "leader-self-check": .every(days: 90),
      "leader-one-on-one": .every(days: 7), "business-plan": .every(days: 182),
      "rep-review": .every(days: 30),
      "rep-interview": .none, "weekly-time": .every(days: 7),
    ]
    let catalog = DialogCatalog(folders: [])
    for (id, cadence) in expected {
      #expect(try #require(catalog.script(id: id)).cadence == cadence, "\(id)")
    }
    #expect(Set(Scripts.shippedFiles.map { String($0.dropLast(5)) }) == Set(expected.keys))
  }

  @Test func aDialogAboutItsRunnerNeedsNoParticipant() throws {
    let script = try Self.script(
      Self.with("  - {id: a, ask: \"{with}, your week?\", kind: text}", extra: "about: self"))
    #expect(script.about == .self && script.readsParticipant && !script.needsParticipant)
    #expect(
      Self.diagnostics(Self.with("  - {id: a, ask: A?, kind: text}", extra: "about: team")).map(\.code) == [
        .invalidValue
      ])
  }
}
