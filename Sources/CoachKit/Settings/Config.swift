import Foundation
internal import Yams

/// The manager's own settings, from `$XDG_CONFIG_HOME/coach/config.yaml` (else
/// `~/.config/coach/config.yaml`; `$COACH_CONFIG` names another file):
///
/// ```yaml
/// name: Max Power      # you: the default --by, and who a dialog about yourself is with
/// store: ~/coach       # the session store, when neither --store nor $COACH_HOME is given
/// color: auto          # auto, always or never (NO_COLOR and TERM=dumb still turn it off)
/// database: postgres://max@db.example.com/coach?sslmode=require   # the team store
/// time_targets:        # weekly-time: the share of the week each kind of work should take, in %
///   field: 40
/// ```
///
/// Command-line flags win over it, and environment variables over it. A file with a problem
/// never stops coach: each problem is a located warning, and the setting it concerns is left out.
public struct Config: Equatable, Sendable {
  public var name: String?
  public var store: String?
  public var color: Color?
  public var database: String?
  /// Weekly-time's target shares by kind of work, in percent.
  public var timeTargets: [String: Double] = [:]
  /// The file read, when there was one.
  public var path: String?

  public enum Color: String, Sendable, CaseIterable {
    case auto, always, never
  }

  public init() {}

  /// What a dialog reads as `settings.<id>`: each time target as `time_targets.<kind of work>`.
  public var scriptSettings: [String: Value] {
    Dictionary(uniqueKeysWithValues: timeTargets.map { ("time_targets." + $0.key, Value.number($0.value)) })
  }

  /// The keys a config file may hold.
  static let keys = ["name", "store", "color", "database", "time_targets"]

  /// Where the config file is looked for.
  public static func path(environment: [String: String]) -> String {
    if let explicit = environment["COACH_CONFIG"], !explicit.isEmpty { return explicit }
    if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/coach/config.yaml" }
    return home(environment) + "/.config/coach/config.yaml"
  }

  static func home(_ environment: [String: String]) -> String {
    environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
  }

  /// The config in effect: the file's settings (none when there is no file), with a warning
  /// for each problem in it.
  public static func load(environment: [String: String]) -> (config: Config, warnings: [Diagnostic]) {
    let path = path(environment: environment)
    guard StoreFile.type(of: path) != nil else { return (Config(), []) }
    var reader = ScriptReader(file: path, document: "the config file")
    guard let text = reader.readText(path: path) else { return (Config(), reader.warnings) }
    return parse(text, file: path, environment: environment)
  }

  /// The config in `text` (the file `file`).
  public static func parse(_ text: String, file: String, environment: [String: String] = [:]) -> (
    config: Config, warnings: [Diagnostic]
  ) {
    var config = Config()
    config.path = file
    var reader = ScriptReader(file: file, document: "the config file")
    if text.allSatisfy({ $0.isWhitespace }) { return (config, []) }
    guard let root = reader.compose(text, emptyHint: "see coach help config"),
      let pairs = reader.mapping(root, what: "the config file")
    else { return (config, reader.warnings) }
    reader.checkKeys(pairs, allowed: keys, what: "the config file")
    for pair in pairs {
      switch pair.key {
      case "name":
        guard let name = reader.string(pair.value, what: "name")?.trimmedSpaces else { continue }
        if name.isEmpty || Sanitizer.hasHiddenCharacters(name) || name.count > 200 {
          reader.report(.configName, at: reader.location(pair.value))
        } else {
          config.name = name
        }
      case "store":
        guard let store = reader.string(pair.value, what: "store"), !store.isEmpty else { continue }
        let expanded = store == "~" || store.hasPrefix("~/") ? home(environment) + store.dropFirst() : store
        if expanded.hasPrefix("/") {
          config.store = expanded
        } else {
          reader.report(.configStoreNotAbsolute(store), at: reader.location(pair.value))
        }
      case "color":
        guard let text = reader.string(pair.value, what: "color") else { continue }
        if let color = Color(rawValue: text.lowercased()) {
          config.color = color
        } else {
          reader.report(.configColor(text), at: reader.location(pair.value))
        }
      case "database":
        guard let url = reader.string(pair.value, what: "database") else { continue }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
          config.database = url
        } else {
          reader.report(.configDatabase, at: reader.location(pair.value))
        }
      case "time_targets":
        guard let targets = reader.mapping(pair.value, what: "time_targets") else { continue }
        var total = 0.0
        for target in targets {
          guard ScriptReader.isValidID(target.key) else {
            reader.report(.notAKindOfWork(target.key), at: reader.location(target.keyNode))
            continue
          }
          guard let share = reader.number(target.value, what: "time_targets.\(target.key)") else { continue }
          guard (0...100).contains(share) else {
            reader.report(.timeTargetOutOfRange(target.key), at: reader.location(target.value))
            continue
          }
          total += share
          config.timeTargets[target.key] = share
        }
        if total > 100.5 {
          reader.report(.timeTargetsOverTheWeek(total), at: reader.location(pair.keyNode))
          config.timeTargets = [:]
        }
      default:
        continue
      }
    }
    return (config, reader.warnings)
  }
}

extension ScriptReader {
  /// The problems found, as warnings: a settings file never stops coach.
  var warnings: [Diagnostic] {
    diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.map {
      var warning = $0
      warning.severity = .warning
      return warning
    }
  }
}

// The messages of the config file's settings (C005, C006): warnings, since a config file never
// stops coach.
extension Diagnostic.Message {
  /// A `name` that is not plain text.
  static var configName: Self {
    Self(.invalidValue, "name must be your name as plain text (without control or invisible characters)")
  }

  /// A `store` that is not an absolute path.
  static func configStoreNotAbsolute(_ store: String) -> Self {
    Self(
      .invalidValue,
      "store must be an absolute path (or start with ~/), not '\(Sanitizer.inline(store, limit: 60))'")
  }

  /// A `color` other than auto, always or never.
  static func configColor(_ text: String) -> Self {
    Self(.invalidValue, "color must be auto, always or never, not '\(Sanitizer.inline(text, limit: 30))'")
  }

  /// A `database` that is not a PostgreSQL URL.
  static var configDatabase: Self {
    Self(.invalidValue, "database must be a PostgreSQL URL (postgres://USER@HOST/DATABASE)")
  }

  /// A key of `time_targets` that is not a kind of work.
  static func notAKindOfWork(_ key: String) -> Self {
    Self(.invalidID, "'\(Sanitizer.inline(key, limit: 30))' is not a kind of work (a lower-case word)")
  }

  /// A time target that is not a percentage.
  static func timeTargetOutOfRange(_ kind: String) -> Self {
    Self(.invalidValue, "time_targets.\(kind) is a share of the week in percent, from 0 to 100")
  }

  /// Time targets that add up to more than the week.
  static func timeTargetsOverTheWeek(_ total: Double) -> Self {
    Self(
      .invalidValue, "the time targets add up to \(Int(total.rounded()))%, more than the whole week",
      hint: "make them add up to 100 or less")
  }
}
