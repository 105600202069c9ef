import CoachKit
import Foundation

/// What this run of coach is set up with: the config file (see ``Config``), read once before
/// the command line is parsed. Flags win over it; so do environment variables.
enum Configuration {
  /// The config of this run.
  nonisolated(unsafe) static var current = Config()

  /// Reads the config file, warns on stderr about each problem in it, and applies its colour.
  static func load(environment: [String: String]) {
    let (config, warnings) = Config.load(environment: environment)
    for warning in warnings {
      Terminal.standardError(
        "coach: warning: \(Sanitizer.inline(warning.file, limit: 200)):\(warning.line):\(warning.column): "
          + Sanitizer.inline(warning.message, limit: 300)
          + (warning.hint.map { "; " + Sanitizer.inline($0, limit: 200) } ?? "")
          + " (the setting is left out)\n")
    }
    current = config
    if let color = config.color, let setting = Palette.Setting(rawValue: color.rawValue) {
      Palette.setting = setting
    }
  }
}
