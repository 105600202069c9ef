/// Numbers as a line of bars, lowest `▁` to highest `█`: the shape of a series at a glance.
public enum Sparkline {
  static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// `values` as bars scaled to `range` (else their own lowest and highest); equal values, or
  /// a range of one value, are middle bars. Values that are not finite are left out.
  public static func of(_ values: [Double], range: ClosedRange<Double>? = nil) -> String {
    let values = values.filter(\.isFinite)
    guard let low = range?.lowerBound ?? values.min(), let high = range?.upperBound ?? values.max() else {
      return ""
    }
    return String(
      values.map { value -> Character in
        guard high > low else { return bars[3] }
        let share = (min(max(value, low), high) - low) / (high - low)
        return bars[min(bars.count - 1, Int((share * Double(bars.count - 1)).rounded()))]
      })
  }
}
