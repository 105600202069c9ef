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
    widths(for: width, measured: rows.map { $0.map { DisplayWidth.of(Sanitizer.flat($0)) } })
  }

  /// The widths for cells of the `measured` widths (made visible first: ``Sanitizer/flat(_:)``).
  private func widths(for width: Int?, measured: [[Int]]) -> [Int] {
    var widths = columns.indices.map { i -> Int in
      var natural = DisplayWidth.of(columns[i].header ?? "")
      for row in measured where i < row.count { natural = max(natural, row[i]) }
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
    // Each cell made visible and measured once, for the widths and for printing.
    let cells = rows.map { $0.map(Sanitizer.flat) }
    let measured = cells.map { $0.map(DisplayWidth.of) }
    let widths = widths(for: width, measured: measured)
    var rendered: [[String]] = []
    if columns.contains(where: { $0.header != nil }) {
      let headers = columns.map { Sanitizer.flat($0.header ?? "") }
      rendered.append(lines(headers, headers.map(DisplayWidth.of), widths))
    }
    for (row, sizes) in zip(cells, measured) { rendered.append(lines(row, sizes, widths)) }
    return rendered
  }

  /// The lines of one row of visible cells of the widths `sizes`: one, or more when a
  /// wrapping column's cell needs them.
  private func lines(_ row: [String], _ sizes: [Int], _ widths: [Int]) -> [String] {
    let cells = columns.indices.map { i -> [(text: String, width: Int)] in
      let text = i < row.count ? row[i] : ""
      let size = i < sizes.count ? sizes[i] : 0
      if size <= widths[i] { return [(text, size)] }
      guard columns[i].wraps else {
        let cut = DisplayWidth.truncate(text, to: widths[i])
        return [(cut, DisplayWidth.of(cut))]
      }
      // A cell's leading spaces indent each of its lines.
      let lead = String(text.prefix { $0 == " " })
      return TextWrap.lines(String(text.dropFirst(lead.count)), width: max(1, widths[i] - lead.count)).map {
        (lead + $0, DisplayWidth.of(lead + $0))
      }
    }
    let separator = String(repeating: " ", count: gap)
    return (0..<(cells.map(\.count).max() ?? 1)).map { n in
      var text = indent
      for (i, column) in columns.enumerated() {
        if i > 0 { text += separator }
        let cell: (text: String, width: Int) = n < cells[i].count ? cells[i][n] : ("", 0)
        let padding = String(repeating: " ", count: max(0, widths[i] - cell.width))
        text += column.alignment == .right ? padding + cell.text : cell.text + padding
      }
      while text.last == " " { text.removeLast() }
      return text
    }
  }
}
