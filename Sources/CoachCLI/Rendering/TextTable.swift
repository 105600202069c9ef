import CoachKit
import TextLayout

/// Rows of cells in aligned columns, fitted to a width: the one table layout of coach's text
/// output (`sessions`, `compare`, `report`, `dialogs`, `/where`, `/help`, the home's help).
///
/// Every cell is made safe to print (``Sanitizer/flat(_:)``) and measured in terminal columns
/// (``DisplayWidth``). When the natural widths do not fit, the flexible columns give up room,
/// down to their minimum, and cells too long for their column end in `…`.
struct TextTable {
  struct Column {
    enum Alignment {
      case left, right
    }

    var header: String?
    var alignment: Alignment = .left
    /// The fewest columns this one keeps when the table must shrink.
    var minimum: Int = 4
    /// The most columns it takes, however long its cells.
    var maximum: Int?
    /// Whether it gives up room when the table does not fit (else only when nothing else can).
    var flexible: Bool = false
    /// Whether a cell too long for the column wraps onto more lines (by words) instead of
    /// being cut with `…`.
    var wraps: Bool = false

    init(
      _ header: String? = nil, alignment: Alignment = .left, minimum: Int = 4, maximum: Int? = nil,
      flexible: Bool = false, wraps: Bool = false
    ) {
      self.header = header
      self.alignment = alignment
      self.minimum = minimum
      self.maximum = maximum
      self.flexible = flexible
      self.wraps = wraps
    }
  }

  var columns: [Column]
  var rows: [[String]] = []
  /// Spaces between columns.
  var gap = 2
  /// Put before every line.
  var indent = ""

  init(_ columns: [Column], rows: [[String]] = [], gap: Int = 2, indent: String = "") {
    self.columns = columns
    self.rows = rows
    self.gap = gap
    self.indent = indent
  }

  /// The widths of the columns for a table at most `width` columns wide (nil: no limit).
  func widths(for width: Int?) -> [Int] {
    widths(for: width, cells: rows.map { $0.map(Sanitizer.flat) })
  }

  /// The widths for cells already made visible (``Sanitizer/flat(_:)``).
  private func widths(for width: Int?, cells: [[String]]) -> [Int] {
    var widths = columns.indices.map { i -> Int in
      let natural =
        ([columns[i].header ?? ""] + cells.map { i < $0.count ? $0[i] : "" })
        .map(DisplayWidth.of).max() ?? 0
      return min(natural, columns[i].maximum ?? .max)
    }
    guard let width else { return widths }
    let room = width - DisplayWidth.of(indent) - gap * max(0, columns.count - 1)
    var excess = widths.reduce(0, +) - room
    for pass in 0..<2 where excess > 0 {
      // First the flexible columns, then any column, down to its minimum: the widest gives a
      // column at a time, so that columns sharing the room end up alike.
      let candidates = columns.indices.filter { pass == 1 || columns[$0].flexible }
      while excess > 0 {
        let shrinkable = candidates.filter { widths[$0] > columns[$0].minimum }
        guard let widest = shrinkable.map({ widths[$0] }).max() else { break }
        for i in shrinkable where widths[i] == widest && excess > 0 {
          widths[i] -= 1
          excess -= 1
        }
      }
    }
    return widths
  }

  /// The lines of the table (a header line first when any column has a header), without
  /// trailing spaces.
  func render(width: Int?) -> [String] {
    renderRows(width: width).flatMap { $0 }
  }

  /// The lines of each row (the header first when any column has one): a row whose cells wrap
  /// takes several.
  func renderRows(width: Int?) -> [[String]] {
    // Each cell made visible once, for measuring and for printing.
    let cells = rows.map { $0.map(Sanitizer.flat) }
    let widths = widths(for: width, cells: cells)
    var rendered: [[String]] = []
    if columns.contains(where: { $0.header != nil }) {
      rendered.append(lines(columns.map { Sanitizer.flat($0.header ?? "") }, widths))
    }
    for row in cells { rendered.append(lines(row, widths)) }
    return rendered
  }

  /// The lines of one row of visible cells: one, or more when a wrapping column's cell needs
  /// them.
  private func lines(_ row: [String], _ widths: [Int]) -> [String] {
    let cells = columns.indices.map { i -> [String] in
      let text = i < row.count ? row[i] : ""
      guard columns[i].wraps else { return [DisplayWidth.truncate(text, to: widths[i])] }
      // A cell's leading spaces indent each of its lines.
      let lead = String(text.prefix { $0 == " " })
      return TextWrap.lines(String(text.dropFirst(lead.count)), width: max(1, widths[i] - lead.count)).map {
        lead + $0
      }
    }
    return (0..<(cells.map(\.count).max() ?? 1)).map { n in
      var parts: [String] = []
      for (i, column) in columns.enumerated() {
        let text = n < cells[i].count ? cells[i][n] : ""
        parts.append(DisplayWidth.pad(text, to: widths[i], right: column.alignment == .right))
      }
      var text = indent + parts.joined(separator: String(repeating: " ", count: gap))
      while text.last == " " { text.removeLast() }
      return text
    }
  }
}
