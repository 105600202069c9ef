import Foundation

/// A folded record as a document people read: what `show` prints as text and as Markdown.
///
/// The layout follows the record and its script rather than any one dialog: a title (dialog,
/// person, date) and the facts of the session; for a session with ratings, a scorecard and then
/// the sections that come after the ratings (the recommendation of an interview, the feedback and
/// commitment of a ride-along); the flags; the other answers grouped by the script's sections,
/// each with its label, its value as people read it, and the change since last time; the action
/// items; the notes. Without its script (deleted, or no longer loading) the answers are listed in
/// the order given. Strings are as recorded: each output makes them safe to print.
public struct RecordDocument: Equatable, Sendable {
  /// `Weekly 1-on-1 with Dana`.
  public var title: String
  public var day: CalendarDay
  /// `Run by Max`, `09:30–10:02`, `32 min`.
  public var facts: [String]
  public var sessionID: String
  /// For a session not completed: how it stands, and the step it stopped at.
  public var unfinished: Unfinished?
  public var scorecard: Scorecard?
  /// The sections after the ratings (shown first, at the top level).
  public var conclusions: [Section]
  public var flags: [String]
  /// `Summary` (no ratings) or `Answers`.
  public var answersHeading: String
  public var sections: [Section]
  public var actions: [ActionItem]
  public var notes: [FoldedRecord.Note]

  /// How a session not completed stands (`paused`), and the label of the step it stopped at.
  public struct Unfinished: Equatable, Sendable {
    public var state: String
    public var at: String?
  }

  /// The rated competencies.
  public struct Scorecard: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
      public var label: String
      /// `3/4`, or nil when not rated.
      public var score: String?
      public var anchor: String?
      public var evidence: String?
    }

    /// The mean score (`3.4/4`) and how many competencies it is over, when they share a scale.
    public struct Average: Equatable, Sendable {
      public var score: String
      public var rated: Int
    }

    public var rows: [Row]
    public var average: Average?
  }

  /// Answers under a heading.
  public struct Section: Equatable, Sendable {
    public var title: String
    public var items: [Item]
  }

  /// One answer.
  public struct Item: Equatable, Sendable {
    public var label: String
    /// The value as people read it (an empty list as `none`), or each item of a list.
    public var value: String
    public var list: [String]?
    /// `last time 35%, +13 pts`, when the session before held a value for it.
    public var change: String?
    /// The session's overall recommendation: shown in bold, first of its section.
    public var isRecommendation: Bool
  }

  /// The document of `record`; `script` is the dialog's script when available, `previous` the
  /// answers of the session before (the record's header has them), dates in `timeZone`.
  public init(
    _ record: FoldedRecord, script: Script?, previous: [String: Value] = [:], timeZone: TimeZone = .current
  ) {
    let view = RecordView(record, script: script)
    title = view.dialogTitle + (view.with.map { " with " + $0 } ?? "")
    day = view.day(in: timeZone)
    sessionID = view.id
    facts = []
    if let by = view.by { facts.append("Run by " + by) }
    var time = Self.clockTime(view.startedAt, timeZone)
    if let end = view.endedAt, CalendarDay(end, timeZone: timeZone) == day,
      Self.clockTime(end, timeZone) != time
    {
      time += "–" + Self.clockTime(end, timeZone)
    }
    facts.append(time)
    if record.elapsedSeconds > 0 {
      facts.append("\(max(1, Int((record.elapsedSeconds / 60).rounded()))) min")
    }
    if !view.isCompleted {
      unfinished = Unfinished(
        state: view.status == .paused ? "paused" : "unfinished (cut off without pausing)",
        at: record.currentStep.map { view.label($0) })
    }
    let ratings = Self.ratingIDs(view)
    let conclusion = Self.conclusionSections(view, ratings: ratings)
    scorecard = ratings.isEmpty ? nil : Self.scorecard(view, ratings: ratings)
    let rest = view.orderedAnswerIDs.filter { !view.isRating($0) }
    let concluding = rest.filter { id in view.section(of: id).map { conclusion.contains($0.id) } ?? false }
    conclusions = Self.sections(view, ids: concluding, previous: previous)
    flags = view.flags.map(\.text)
    answersHeading = ratings.isEmpty ? "Summary" : "Answers"
    sections = Self.sections(view, ids: rest.filter { !concluding.contains($0) }, previous: previous)
    actions = view.actions
    notes = view.notes
  }

  // MARK: - Parts

  /// The rated steps, in script order, with the skipped ratings the script knows of.
  static func ratingIDs(_ view: RecordView) -> [String] {
    let answered = view.orderedAnswerIDs.filter { view.isRating($0) }
    guard let script = view.script else { return answered }
    let skipped = view.path.filter { view.skipped.contains($0) && view.isRating($0) }
    return (answered + skipped).sorted { (script.index(of: $0) ?? .max) < (script.index(of: $1) ?? .max) }
  }

  /// The sections after the last rated step: the conclusion of an interview or a debrief.
  static func conclusionSections(_ view: RecordView, ratings: [String]) -> Set<String> {
    guard let script = view.script, let last = ratings.compactMap({ script.index(of: $0) }).max() else {
      return []
    }
    let ratedSections = Set(ratings.compactMap { view.section(of: $0)?.id })
    var result: Set<String> = []
    for step in script.steps[(last + 1)...] {
      if let section = step.sectionID, !ratedSections.contains(section) { result.insert(section) }
    }
    return result
  }

  static func scorecard(_ view: RecordView, ratings: [String]) -> Scorecard {
    var rows: [Scorecard.Row] = []
    var total = 0.0
    var rated = 0
    var maxima: Set<Double> = []
    for id in ratings {
      guard let value = view.answers[id], let rating = value.rating else {
        rows.append(Scorecard.Row(label: view.label(id), score: nil, anchor: nil, evidence: nil))
        continue
      }
      total += rating.score
      rated += 1
      maxima.insert(rating.max)
      rows.append(
        Scorecard.Row(
          label: view.label(id), score: RecordView.display(value, kind: nil), anchor: rating.anchor,
          evidence: rating.evidence))
    }
    var average: Scorecard.Average?
    if rated > 1, maxima.count == 1, let top = maxima.first {
      average = Scorecard.Average(
        score: Conversation.formatNumber(total / Double(rated), decimals: 1) + "/"
          + Conversation.formatNumber(top),
        rated: rated)
    }
    return Scorecard(rows: rows, average: average)
  }

  /// The answers `ids` grouped under their sections' titles (in the script's order), or as one
  /// group without a script.
  static func sections(_ view: RecordView, ids: [String], previous: [String: Value]) -> [Section] {
    guard let script = view.script else {
      return ids.isEmpty ? [] : [Section(title: "", items: ids.map { item(view, $0, previous: previous) })]
    }
    var groups: [Section] = []
    var index: [String: Int] = [:]
    for id in ids {
      let section = view.section(of: id)
      let key = section?.id ?? (script.step(id) == nil ? "~other" : "~none")
      if index[key] == nil {
        index[key] = groups.count
        let title = section?.title ?? (key == "~other" ? "Other answers" : view.dialogTitle)
        groups.append(Section(title: title, items: []))
      }
      let entry = item(view, id, previous: previous)
      if entry.isRecommendation {
        groups[index[key]!].items.insert(entry, at: 0)
      } else {
        groups[index[key]!].items.append(entry)
      }
    }
    return groups
  }

  /// One answer, with the change since last time for a step that follows a trend.
  static func item(_ view: RecordView, _ id: String, previous: [String: Value]) -> Item {
    let label = view.label(id)
    guard let value = view.answers[id] else {
      return Item(label: label, value: "—", list: nil, change: nil, isRecommendation: false)
    }
    let kind = view.kind(id)
    var list: [String]?
    if let items = value.array {
      if case .multiChoice? = kind {
      } else {
        list = items.map { RecordView.display($0, kind: nil) }
      }
    }
    var change: String?
    if let before = previous[id], view.script?.step(id)?.trend != nil {
      change = "last time " + RecordView.display(before, kind: kind)
      if let now = value.metric, let then = before.metric {
        change! += ", " + RecordView.displayChange(now - then, kind: kind)
      }
    }
    let shown =
      list.map { $0.isEmpty ? "none" : $0.joined(separator: "; ") } ?? RecordView.display(value, kind: kind)
    return Item(
      label: label, value: shown, list: list?.isEmpty == true ? nil : list, change: change,
      isRecommendation: view.isRecommendation(id))
  }

  static func clockTime(_ date: Date, _ timeZone: TimeZone) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
    let ofDay = ((seconds % 86_400) + 86_400) % 86_400
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return two(ofDay / 3600) + ":" + two(ofDay % 3600 / 60)
  }
}
