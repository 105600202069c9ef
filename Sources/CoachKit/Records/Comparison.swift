import Foundation

/// Sessions side by side (`coach compare`): one column per session, one row per rated
/// competency, flag, the recommendation and every other answer.
///
/// Sessions must be of one dialog; with `force`, sessions of different dialogs are compared on
/// what they share: the rows that at least two of them have (ratings matched by competency,
/// answers by step id).
public struct Comparison: Sendable {
  /// One compared session: a column.
  public struct Column: Sendable, Equatable {
    public var id: String
    public var dialogID: String
    public var dialogTitle: String
    public var with: String?
    public var by: String?
    public var startedAt: Date
    public var day: CalendarDay
    public var status: SessionStatus
  }

  /// What a row compares.
  public enum Group: String, Sendable, CaseIterable {
    case ratings, flags, recommendation, answers
  }

  /// One session's entry in a row.
  public struct Cell: Sendable, Equatable {
    /// The recorded value (a rating's whole object; a flag's text); null when skipped.
    public var value: Value
    /// How it reads: `3/4`, `$12,500`, `Strong yes`, `skipped`.
    public var text: String
    /// What follows it when there is room: a rating's evidence.
    public var detail: String?
  }

  public struct Row: Sendable, Equatable {
    public var group: Group
    /// The step id (or the competency, for ratings of different dialogs; the flag id).
    public var id: String
    public var label: String
    /// One per column; nil when that session has nothing for the row.
    public var cells: [Cell?]
  }

  /// A column's mean rating, when its ratings share one scale.
  public struct Average: Sendable, Equatable {
    public var score: Double
    public var max: Double
    public var rated: Int
  }

  public var columns: [Column]
  public var rows: [Row]
  public var averages: [Average?]
  /// Whether the sessions are of different dialogs (compared with `force`).
  public var mixedDialogs: Bool

  /// Why sessions cannot be compared.
  public enum Problem: Error, Equatable, CustomStringConvertible {
    case tooFew
    case differentDialogs([String: [String]])

    public var description: String {
      switch self {
      case .tooFew:
        return "compare needs at least two sessions: coach compare ID ID... (coach sessions lists them)"
      case .differentDialogs(let byDialog):
        let list = byDialog.keys.sorted().map {
          "\(Sanitizer.inline($0)) (\(byDialog[$0]!.joined(separator: ", ")))"
        }
        return
          "the sessions are of different dialogs: \(list.joined(separator: "; ")); compare sessions of one dialog, "
          + "or add --force to compare only what they share"
      }
    }
  }

  /// Compares folded `records` (at least two), in the order given. `scripts` holds the dialogs'
  /// scripts by dialog id, for labels, kinds and order; any may be missing.
  public init(
    records: [FoldedRecord], scripts: [String: Script] = [:], force: Bool = false,
    timeZone: TimeZone = .current
  ) throws(Problem) {
    guard records.count >= 2 else { throw Problem.tooFew }
    let views = records.map { RecordView($0, script: scripts[$0.dialog.id]) }
    var byDialog: [String: [String]] = [:]
    for view in views { byDialog[view.dialogID, default: []].append(view.id) }
    mixedDialogs = byDialog.count > 1
    if mixedDialogs && !force { throw Problem.differentDialogs(byDialog) }
    columns = views.map {
      Column(
        id: $0.id, dialogID: $0.dialogID, dialogTitle: $0.dialogTitle, with: $0.with, by: $0.by,
        startedAt: $0.startedAt, day: $0.day(in: timeZone), status: $0.status)
    }
    var rows = Self.ratingRows(views, byCompetency: mixedDialogs)
    rows += Self.flagRows(views)
    rows += Self.answerRows(views, group: .recommendation) + Self.answerRows(views, group: .answers)
    if mixedDialogs { rows = rows.filter { $0.cells.compactMap { $0 }.count >= 2 } }
    self.rows = rows
    averages = views.map { view in
      let scores = view.answers.values.compactMap(\.rating)
      let maxima = Set(scores.map(\.max))
      guard !scores.isEmpty, maxima.count == 1 else { return nil }
      let total = scores.reduce(0) { $0 + $1.score }
      return Average(score: total / Double(scores.count), max: maxima.first!, rated: scores.count)
    }
  }

  // MARK: - Building rows

  /// Row keys in order: those the scripts know in script order, then the others as they first
  /// appear.
  static func ordered(_ keys: [[String]], order: (String) -> Int?) -> [String] {
    var seen: [String] = []
    for list in keys { for key in list where !seen.contains(key) { seen.append(key) } }
    let known = seen.filter { order($0) != nil }.sorted { order($0)! < order($1)! }
    return known + seen.filter { order($0) == nil }
  }

  static func ratingRows(_ views: [RecordView], byCompetency: Bool) -> [Row] {
    func key(_ view: RecordView, _ id: String) -> String {
      byCompetency ? view.label(id).lowercased() : id
    }
    let perView = views.map { view in
      view.path.filter { view.isRating($0) }.map { (key(view, $0), $0) }
    }
    let keys = ordered(perView.map { $0.map(\.0) }) { k in
      views.indices.lazy.compactMap { i in
        perView[i].first { $0.0 == k }.flatMap { views[i].script?.index(of: $0.1) }
      }.first
    }
    return keys.map { k in
      let cells: [Cell?] = views.enumerated().map { i, view in
        guard let id = perView[i].first(where: { $0.0 == k })?.1 else { return nil }
        guard let value = view.answers[id] else { return Cell(value: .null, text: "not rated") }
        return Cell(
          value: value, text: RecordView.display(value, kind: nil), detail: value.rating?.evidence)
      }
      let owner = views.indices.first { i in perView[i].contains { $0.0 == k } }!
      let label = views[owner].label(perView[owner].first { $0.0 == k }!.1)
      return Row(group: .ratings, id: k, label: label, cells: cells)
    }
  }

  static func flagRows(_ views: [RecordView]) -> [Row] {
    let keys = ordered(views.map { $0.flags.map(\.id) }) { id in
      views.lazy.compactMap { $0.script?.flags.firstIndex { $0.id == id } }.first
    }
    return keys.map { id in
      Row(
        group: .flags, id: id, label: RecordView.words(id),
        cells: views.map { view in
          view.flags.first { $0.id == id }.map { Cell(value: .string($0.text), text: $0.text) }
        })
    }
  }

  static func answerRows(_ views: [RecordView], group: Group) -> [Row] {
    let perView = views.map { view in
      view.path.filter { id in
        !view.isRating(id) && (view.isRecommendation(id) == (group == .recommendation))
      }
    }
    let keys = ordered(perView) { id in views.lazy.compactMap { $0.script?.index(of: id) }.first }
    return keys.map { id in
      let owner = views.first { $0.answers[id] != nil } ?? views[0]
      return Row(
        group: group, id: id, label: owner.label(id),
        cells: views.map { view in
          guard view.path.contains(id) else { return nil }
          guard let value = view.answers[id] else { return Cell(value: .null, text: "skipped") }
          return Cell(value: value, text: RecordView.display(value, kind: view.kind(id)))
        })
    }
  }

  // MARK: - Output

  /// What each column is headed by: the person's name, the date and the session id (and the
  /// dialog when they differ).
  public func heading(_ column: Column) -> [String] {
    var lines = [
      column.with ?? column.by ?? "—", column.day.friendly,
    ]
    lines.append(column.id + (column.status == .completed ? "" : " (\(column.status.rawValue))"))
    if mixedDialogs { lines.append(column.dialogID) }
    return lines
  }

  public var title: String {
    let dialogs = columns.reduce(into: [String]()) {
      if !$0.contains($1.dialogTitle) { $0.append($1.dialogTitle) }
    }
    return dialogs.joined(separator: " / ") + ": \(columns.count) sessions side by side"
  }

  public static let groupTitles: [Group: String] = [
    .ratings: "Scorecard", .flags: "Flags", .recommendation: "Recommendation", .answers: "Answers",
  ]

  /// `3.0 of 4 (8 rated)`: one decimal always, so that 3.0 and 2.4 read alike.
  public static func describe(_ average: Average) -> String {
    "\(String(format: "%.1f", average.score)) of \(Conversation.formatNumber(average.max)) (\(average.rated) rated)"
  }

  /// Each session at a glance: the person, the recommendation, the average rating and the
  /// number of flags (`Sam Lee: Strong yes · 3.0 of 4 · 0 flags`).
  public var summaries: [String] {
    columns.indices.map { i in
      var parts: [String] = []
      if let recommendation = rows.first(where: { $0.group == .recommendation })?.cells[i] {
        parts.append(recommendation.text)
      }
      if let average = averages[i] {
        parts.append("\(String(format: "%.1f", average.score)) of \(Conversation.formatNumber(average.max))")
      }
      let flags = rows.filter { $0.group == .flags && $0.cells[i] != nil }.count
      parts.append("\(flags) flag\(flags == 1 ? "" : "s")")
      let column = columns[i]
      return "\(column.with ?? column.by ?? column.id): " + parts.joined(separator: " · ")
    }
  }

  /// The columns holding the highest score of a ratings row, when its scores differ.
  public func best(in row: Row) -> Set<Int> {
    guard row.group == .ratings else { return [] }
    let scores = row.cells.map { $0?.value.rating?.score }
    guard let top = scores.compactMap({ $0 }).max(), Set(scores.compactMap { $0 }).count > 1 else {
      return []
    }
    return Set(scores.indices.filter { scores[$0] == top })
  }

  /// The comparison as a Markdown table; answers cut at 200 characters, evidence at 100.
  public func markdown() -> String {
    let md = { (text: String, limit: Int) in
      RecordMarkdown.inline(RecordMarkdown.clip(Sanitizer.flat(text), to: limit), lineStart: false)
    }
    var out = "# " + RecordMarkdown.inline(title) + "\n\n"
    out +=
      "| |" + columns.map { " " + heading($0).map { md($0, 80) }.joined(separator: "<br>") + " |" }.joined()
    out += "\n| --- |" + String(repeating: " --- |", count: columns.count) + "\n"
    let blank = String(repeating: " |", count: columns.count)
    for group in Group.allCases {
      let members = rows.filter { $0.group == group }
      guard !members.isEmpty else { continue }
      if group == .recommendation {
        for member in members {
          out += "| **\(md(member.label, 80))** |"
          out +=
            member.cells.map { " " + ($0.map { "**" + md($0.text, 80) + "**" } ?? "—") + " |" }.joined()
            + "\n"
        }
        continue
      }
      out += "| **\(Self.groupTitles[group]!)** |" + blank + "\n"
      for member in members {
        out += "| \(md(member.label, 80)) |"
        out +=
          member.cells.map { cell in
            guard let cell else { return " — |" }
            return " " + md(cell.text, 200) + (cell.detail.map { ": " + md($0, 100) } ?? "") + " |"
          }.joined() + "\n"
      }
      if group == .ratings, averages.contains(where: { $0 != nil }) {
        out += "| Average |" + averages.map { " " + ($0.map(Self.describe) ?? "—") + " |" }.joined() + "\n"
      }
    }
    if rows.isEmpty { out += "\nThese sessions share no answers.\n" }
    return out
  }

  /// The comparison as JSON: the sessions, then each row with one cell per session (the typed
  /// value and how it reads, or null).
  public var json: Value {
    [
      "sessions": .array(
        columns.map {
          [
            "id": .string($0.id), "dialog": .string($0.dialogID), "title": .string($0.dialogTitle),
            "with": .optional($0.with), "by": .optional($0.by),
            "started_at": .string(Clock.iso8601($0.startedAt)),
            "status": .string($0.status.rawValue),
          ]
        }),
      "mixed_dialogs": .bool(mixedDialogs),
      "rows": .array(
        rows.map { row in
          [
            "group": .string(row.group.rawValue), "id": .string(row.id), "label": .string(row.label),
            "cells": .array(
              row.cells.map { $0.map { ["value": $0.value, "text": .string($0.text)] } ?? .null }),
          ]
        }),
      "averages": .array(
        averages.map {
          $0.map { ["score": .number($0.score), "max": .number($0.max), "rated": .number(Double($0.rated))] }
            ?? .null
        }),
    ]
  }
}
