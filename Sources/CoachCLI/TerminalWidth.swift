import Foundation

extension Terminal {
  /// The width to lay side-by-side output out in: `$COLUMNS`, else the terminal's width when
  /// stdout is one, else 100.
  static func outputWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
    if let columns = environment["COLUMNS"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
      columns > 0
    {
      return columns
    }
    return size?.columns ?? 100
  }
}
