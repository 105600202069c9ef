import Foundation
internal import Yams

#if canImport(Glibc)
  import Glibc
#endif

/// The team file, `<store>/team.yaml` (mode 0600; the schema is docs/team-file.md and
/// docs/team.schema.json):
///
/// ```yaml
/// version: 1
/// people:
///   - name: Dana Reyes
///     role: rep                # rep, manager, leader, ceo or candidate
///     reports_to: Max Power    # a name of the team
///     since: 2026-09-01        # a ritual never held is due from then
///     cadence:                 # over the dialogs' own cadences; none turns one off
///       one-on-one: 7d
///       ride-along: 14d
/// ```
///
/// Reading it reports each problem as a located diagnostic, like a dialog script's; writing it
/// replaces it whole and durably.
public enum TeamFile {
  static let topKeys = ["version", "people"]
  static let memberKeys = ["name", "role", "reports_to", "since", "cadence"]

  /// Where a store keeps its team.
  public static func path(in store: SessionStore) -> String { store.root + "/team.yaml" }

  /// The team of `store` (empty when it has no team file) and the problems of its file; the
  /// team is nil when the file has errors. `dialogs` are the dialogs coach has: a cadence for
  /// another is an error.
  public static func load(store: SessionStore, dialogs: Set<String>) -> (
    team: Team?, diagnostics: [Diagnostic]
  ) {
    let path = path(in: store)
    guard StoreFile.type(of: path) != nil else { return (Team(), []) }
    var reader = ScriptReader(file: path, document: "the team file")
    guard let text = reader.readText(path: path) else { return (nil, reader.diagnostics) }
    return parse(text, file: path, dialogs: dialogs)
  }

  /// The team in `text` (the file `file`).
  public static func parse(_ text: String, file: String, dialogs: Set<String>) -> (
    team: Team?, diagnostics: [Diagnostic]
  ) {
    var reader = ScriptReader(file: file, document: "the team file")
    if text.allSatisfy(\.isWhitespace) { return (Team(), []) }
    guard let root = reader.compose(text, emptyHint: "see docs/team-file.md"),
      let pairs = reader.mapping(root, what: "the team file")
    else { return (nil, sorted(reader.diagnostics)) }
    reader.checkKeys(pairs, allowed: topKeys, what: "the team file")
    var team = Team()
    // Each person read, with where their entry stands.
    var members: [Located<Team.Member>] = []
    // The names of every entry, even one with an error: a manager whose own entry has a
    // problem is still in the team.
    var names: Set<String> = []
    for pair in pairs {
      switch pair.key {
      case "version":
        if let version = reader.integer(pair.value, what: "'version'"), version != Team.version {
          reader.report(.teamFileVersion(version), at: reader.location(pair.value))
        }
      case "people":
        let nodes = reader.sequence(pair.value, what: "'people'") ?? []
        guard nodes.count <= Team.maxMembers else {
          reader.report(.tooManyPeople(nodes.count), at: reader.location(pair.value))
          continue
        }
        for node in nodes {
          if case .mapping(let mapping) = node, let name = mapping["name"]?.scalar?.string {
            names.insert(PeopleBook.key(name))
          }
          if let member = readMember(node, &reader, dialogs: dialogs) {
            members.append(Located(value: member, source: reader.location(node)))
          }
        }
      default: continue
      }
    }
    team.members = members.map(\.value)
    for problem in team.problems() {
      if problem.kind == .unknownManager,
        let manager = team.members[problem.member].reportsTo, names.contains(PeopleBook.key(manager))
      {
        continue
      }
      reader.report(.teamProblem(problem), at: members[problem.member].source)
    }
    let diagnostics = sorted(reader.diagnostics)
    return (diagnostics.contains { $0.severity == .error } ? nil : team, diagnostics)
  }

  static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
  }

  static func readMember(_ node: Node, _ reader: inout ScriptReader, dialogs: Set<String>) -> Team.Member? {
    guard let pairs = reader.mapping(node, what: "a person of the team") else { return nil }
    reader.checkKeys(pairs, allowed: memberKeys, what: "a person of the team")
    reader.requireKeys(["name", "role"], in: pairs, at: node, what: "the person")
    var name: String?
    var role: Team.Role?
    var member = Team.Member(name: "", role: .rep)
    var ok = true
    for pair in pairs {
      let at = reader.location(pair.value)
      switch pair.key {
      case "name":
        guard let text = reader.string(pair.value, what: "'name'") else {
          ok = false
          continue
        }
        if let problem = nameProblem(text) {
          reader.report(.badName(problem), at: at)
          ok = false
        } else {
          name = text.trimmedSpaces
        }
      case "role":
        guard let text = reader.string(pair.value, what: "'role'") else {
          ok = false
          continue
        }
        if let known = Team.Role(rawValue: text.lowercased()) {
          role = known
        } else {
          reader.report(.unknownRole(text), at: at)
          ok = false
        }
      case "reports_to":
        guard let text = reader.string(pair.value, what: "'reports_to'") else { continue }
        if let problem = nameProblem(text) {
          reader.report(.badManagerName(problem), at: at)
        } else {
          member.reportsTo = text.trimmedSpaces
        }
      case "since":
        guard let text = reader.string(pair.value, what: "'since'") else { continue }
        if let day = CalendarDay(iso: text.trimmedSpaces) {
          member.since = day
        } else {
          reader.report(.notASinceDate(text), at: at)
        }
      case "cadence":
        guard let cadences = reader.mapping(pair.value, what: "'cadence'") else { continue }
        for cadence in cadences {
          guard dialogs.contains(cadence.key) else {
            reader.report(.unknownRitual(cadence.key, dialogs: dialogs), at: reader.location(cadence.keyNode))
            continue
          }
          if let every = reader.readCadence(cadence.value, what: "the cadence of \(cadence.key)") {
            member.set(cadence.key, every: every)
          }
        }
      default: continue
      }
    }
    guard ok, let name, let role else { return nil }
    member.name = name
    member.role = role
    return member
  }

  static var roleList: String {
    let roles = Team.Role.allCases.map(\.rawValue)
    return roles.dropLast().joined(separator: ", ") + " or " + roles.last!
  }

  /// Why `name` cannot be a person's name, or nil when it can.
  public static func nameProblem(_ name: String) -> String? {
    let trimmed = name.trimmedSpaces
    if trimmed.isEmpty { return "a name cannot be empty" }
    if trimmed.count > 200 { return "a name is at most 200 characters" }
    if Sanitizer.hasHiddenCharacters(trimmed) {
      return "'\(Sanitizer.inline(trimmed, limit: 40))' holds control or invisible characters"
    }
    return nil
  }

  // MARK: Writing

  /// The file's text for `team`: a comment saying what it is, then the YAML.
  public static func text(_ team: Team) -> String {
    func scalar(_ text: String) -> Node { Node(text) }
    var people: [Node] = []
    for member in team.members {
      var pairs: [(Node, Node)] = [
        (scalar("name"), scalar(member.name)), (scalar("role"), scalar(member.role.rawValue)),
      ]
      if let manager = member.reportsTo { pairs.append((scalar("reports_to"), scalar(manager))) }
      if let since = member.since { pairs.append((scalar("since"), scalar(since.description))) }
      if !member.cadences.isEmpty {
        let cadences = member.cadences.map { (scalar($0.dialog), scalar($0.every.description)) }
        pairs.append((scalar("cadence"), Node.mapping(Node.Mapping(cadences))))
      }
      people.append(Node.mapping(Node.Mapping(pairs)))
    }
    let root = Node.mapping(
      Node.Mapping([
        (scalar("version"), scalar("\(Team.version)")),
        (scalar("people"), Node.sequence(Node.Sequence(people))),
      ]))
    let yaml = (try? Yams.serialize(node: root, allowUnicode: true, sortKeys: false)) ?? ""
    return """
      # The team, for coach due, coach calendar and coach report --team.
      # Change it with coach team add, set and remove, or by hand (docs/team-file.md);
      # coach team checks it. Roles: \(Team.Role.allCases.map(\.rawValue).joined(separator: ", ")).

      """ + yaml
  }

  /// Writes `team` to the store's team file, replacing it whole and durably (mode 0600): a
  /// reader sees the old file or the new one.
  public static func save(_ team: Team, store: SessionStore) throws(StoreError) {
    try store.prepare()
    try StoreFile.replaceDurably(path(in: store), with: Array(text(team).utf8))
  }
}

// The messages of the team file, beside the codes of its own (C050–C053) and the shared ones it
// uses.
extension Diagnostic.Message {
  /// A version of the team file this coach does not read (C005).
  static func teamFileVersion(_ version: Int) -> Self {
    Self(
      .invalidValue, "this coach reads version \(Team.version) of the team file, not \(version)",
      hint: version > Team.version ? "a newer coach wrote it: update coach" : nil)
  }

  /// More people than a team may have (C007).
  static func tooManyPeople(_ count: Int) -> Self {
    Self(.tooComplex, "the team has \(count) people; the limit is \(Team.maxMembers)")
  }

  /// A problem of the team as a whole: a person twice, a manager not in it, a loop (C050–C052).
  static func teamProblem(_ problem: Team.Problem) -> Self {
    let code: DiagnosticCode =
      switch problem.kind {
      case .duplicate: .duplicatePerson
      case .unknownManager, .reportsToSelf: .unknownManager
      case .cycle: .reportingCycle
      }
    return Self(
      code, problem.description,
      hint: problem.kind == .unknownManager
        ? "add them to the team too (coach team add NAME --role ROLE), or correct the name" : nil)
  }

  /// A `name` that cannot be a person's (C005); `problem` is ``TeamFile/nameProblem(_:)``'s.
  static func badName(_ problem: String) -> Self { Self(.invalidValue, problem) }

  /// A `reports_to` that cannot be a person's name (C005).
  static func badManagerName(_ problem: String) -> Self { Self(.invalidValue, "'reports_to': " + problem) }

  /// A `role` coach does not have (C005).
  static func unknownRole(_ text: String) -> Self {
    Self(
      .invalidValue, "'role' is \(TeamFile.roleList), not '\(Sanitizer.inline(text, limit: 30))'",
      hint: Suggestion.closest(to: text.lowercased(), in: Team.Role.allCases.map(\.rawValue)).map {
        "did you mean '\($0)'?"
      })
  }

  /// A `since` that is not a date (C005).
  static func notASinceDate(_ text: String) -> Self {
    Self(.invalidValue, "'since' is a date written YYYY-MM-DD, not '\(Sanitizer.inline(text, limit: 30))'")
  }

  /// A cadence for a dialog coach does not have (C053).
  static func unknownRitual(_ dialog: String, dialogs: Set<String>) -> Self {
    Self(
      .unknownRitual, "coach has no dialog '\(Sanitizer.inline(dialog, limit: 40))'",
      hint: Suggestion.closest(to: dialog, in: dialogs.sorted()).map { "did you mean '\($0)'?" }
        ?? "coach dialogs lists them")
  }
}
