import Foundation

/// Trends across every session with one person (`coach report --with NAME`): each numeric
/// answer of each dialog step over time with its change from the time before, and the action
/// items agreed with them (opened, done, overdue).
public struct PersonReport: Sendable {
  /// One session in the report.
  public struct Session: Sendable, Equatable {
    public var id: String
    public var dialogID: String
    public var dialogTitle: String
    public var with: String?
    public var startedAt: Date
    public var day: CalendarDay
    public var status: SessionStatus
  }

  /// Which way a value went since the time before.
  public enum Trend: String, Sendable {
    case up, down, same

    /// `▲`, `▼` or `=`.
    public var mark: String {
      switch self {
      case .up: "▲"
      case .down: "▼"
      case .same: "="
      }
    }
  }

  /// One value of a series: a session's answer, and its change since the one before.
  public struct Point: Sendable, Equatable {
    public var session: Int
    public var value: Double
    public var text: String
    public var change: Double?
    public var changeText: String?
    public var trend: Trend?
  }

  /// A numeric step of one dialog over time.
  public struct Series: Sendable, Equatable {
    public var dialogID: String
    public var dialogTitle: String
    public var step: String
    public var label: String
    /// `number`, `percent`, `money`, `scale` or `rating`.
    public var kind: AnswerKind.Name
    public var points: [Point]
  }

  /// An action item and where it came from.
  public struct Action: Sendable, Equatable {
    public var item: ActionItem
    public var session: Int
    public var isOverdue: Bool
  }

  /// The person, as last written.
  public var person: String
  public var today: CalendarDay
  /// Sessions in chronological order.
  public var sessions: [Session]
  public var series: [Series]
  public var actions: [Action]
  /// The zone times of day are shown in.
  public var timeZone: TimeZone = .current

  /// The report over folded `records` with `person` (names compared without case; others are
  /// left out), of dialog `dialog` when given. `scripts` holds scripts by dialog id, for labels,
  /// kinds and order; an item is overdue when open with a due date before `today`.
  public init(
    records: [FoldedRecord], person: String, keys: Set<String>? = nil, dialog: String? = nil,
    scripts: [String: Script] = [:],
    today: CalendarDay, timeZone: TimeZone = .current
  ) {
    let wanted = Set(keys ?? [SessionIndex.key(person)])
    let views =
      records
      .filter { wanted.contains(SessionIndex.key($0.participants.with ?? "")) }
      .filter { dialog == nil || $0.dialog.id == dialog }
      .map { RecordView($0, script: scripts[$0.dialog.id]) }
      .sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    self.person = keys == nil ? Self.spelling(views.compactMap(\.with)) ?? person : person
    self.today = today
    self.timeZone = timeZone
    sessions = views.map {
      Session(
        id: $0.id, dialogID: $0.dialogID, dialogTitle: $0.dialogTitle, with: $0.with,
        startedAt: $0.startedAt, day: $0.day(in: timeZone), status: $0.status)
    }
    series = Self.series(views)
    actions = Self.actions(views, today: today)
  }

  /// Every action item agreed in `views`, in order, with the decisions later sessions took on
  /// it (an action review answers with the items, `<session>:<item>`, and their new status).
  static func actions(_ views: [RecordView], today: CalendarDay) -> [Action] {
    var actions: [Action] = []
    var index: [String: Int] = [:]
    for (i, view) in views.enumerated() {
      for value in view.answers.values {
        for decision in value.reviewDecisions ?? [] {
          guard let k = index[decision.id] else { continue }
          actions[k].item.status = decision.status
          if let due = decision.due { actions[k].item.due = due }
        }
      }
      for item in view.actions {
        index[view.id + ":" + item.id] = actions.count
        actions.append(Action(item: item, session: i, isOverdue: false))
      }
    }
    for k in actions.indices {
      let due = actions[k].item.due.flatMap { CalendarDay(iso: $0) }
      actions[k].isOverdue = actions[k].item.status == .open && due.map { $0 < today } ?? false
    }
    return actions
  }

  /// Reads the sessions with `person` (names compared without case), of `dialog` when given,
  /// and folds them (`shared`: without private notes); a record that cannot be read is reported
  /// in `problems` and left out.
  public static func records(
    in store: SessionStore, person: String, dialog: String? = nil, shared: Bool = false
  ) -> (records: [(header: SessionHeader, folded: FoldedRecord)], problems: [String]) {
    var records: [(header: SessionHeader, folded: FoldedRecord)] = []
    var problems: [String] = []
    let index = SessionIndex(store: store)
    for entry in PeopleBook(store: store).keys(of: person).flatMap({ index.sessions(withKey: $0).entries })
    where dialog == nil || entry.dialogID == dialog {
      do {
        let record = try store.read(entry.id)
        records.append((record.header, FoldedRecord(record, shared: shared)))
      } catch {
        problems.append("\(error)")
      }
    }
    return (records, problems)
  }

  /// The spelling of a name written most often, the latest of those tied.
  static func spelling(_ names: [String]) -> String? {
    var counts: [String: Int] = [:]
    for name in names { counts[name, default: 0] += 1 }
    return names.reversed().max { counts[$0]! < counts[$1]! }
  }

  /// The numeric steps of every dialog, each dialog in order of its first session, its steps
  /// in script order (else as first answered).
  static func series(_ views: [RecordView]) -> [Series] {
    var dialogs: [String] = []
    for view in views where !dialogs.contains(view.dialogID) { dialogs.append(view.dialogID) }
    var result: [Series] = []
    for dialog in dialogs {
      let members = views.enumerated().filter { $0.element.dialogID == dialog }
      let latest = members.last!.element
      var steps: [String] = []
      for (_, view) in members {
        for id in view.path where !steps.contains(id) && numeric(view, id) != nil { steps.append(id) }
      }
      if let script = latest.script {
        steps =
          steps.filter { script.index(of: $0) != nil }.sorted {
            script.index(of: $0)! < script.index(of: $1)!
          }
          + steps.filter { script.index(of: $0) == nil }
      }
      for step in steps {
        var points: [Point] = []
        var kindName = AnswerKind.Name.number
        for (i, view) in members {
          guard let (value, kind) = numeric(view, step) else { continue }
          kindName = kind?.name ?? (view.isRating(step) ? .rating : .number)
          let text = RecordView.display(view.answers[step]!, kind: kind)
          var point = Point(session: i, value: value, text: text)
          if let before = points.last {
            let change = value - before.value
            point.change = change
            point.changeText = RecordView.displayChange(change, kind: kind)
            point.trend = change > 0 ? .up : change < 0 ? .down : .same
          }
          points.append(point)
        }
        let owner = members.last { $0.element.answers[step] != nil }?.element ?? latest
        result.append(
          Series(
            dialogID: dialog, dialogTitle: latest.dialogTitle, step: step, label: owner.label(step),
            kind: kindName, points: points))
      }
    }
    return result
  }

  /// The number step `id` holds in `view`, with its kind, when it is numeric: a number, percent,
  /// money or scale answer, or a rating's score.
  static func numeric(_ view: RecordView, _ id: String) -> (Double, AnswerKind?)? {
    guard let value = view.answers[id] else { return nil }
    let kind = view.kind(id)
    if let rating = value.rating { return (rating.score, kind) }
    guard let number = value.number else { return nil }
    switch kind {
    case .number?, .percent?, .money?, .scale?, nil: return (number, kind)
    default: return nil
    }
  }

  public var done: [Action] { actions.filter { $0.item.status == .done } }
  public var overdue: [Action] { actions.filter(\.isOverdue) }

  // MARK: - Output

  /// A session as rows name it: its date, and its status unless completed.
  public func sessionLabel(_ index: Int) -> String {
    let session = sessions[index]
    let day = session.day.friendly
    return session.status == .completed ? day : "\(day) (\(session.status.rawValue))"
  }

  public var dropped: [Action] { actions.filter { $0.item.status == .dropped } }

  public var countLine: String {
    "\(actions.count) opened · \(done.count) done · \(dropped.count) dropped · \(overdue.count) overdue (as of \(today.friendly))"
  }

  /// Short names for sessions `indices` side by side: `Tue 17 Nov` (with the year when they
  /// span years), and the time of day for sessions on a day another of them shares
  /// (`Wed 2 Dec 09:14`).
  public func shortLabels(_ indices: [Int]) -> [String] {
    let days = indices.map { sessions[$0].day }
    let years = Set(days.map(\.components.year))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return indices.enumerated().map { n, index in
      let day = sessions[index].day
      let (year, _, _) = day.components
      var label = String(day.friendly.dropLast(5))  // `Tue 17 Nov`
      if years.count > 1 { label += " \(year)" }
      if days.filter({ $0 == day }).count > 1 {
        let time = calendar.dateComponents([.hour, .minute], from: sessions[index].startedAt)
        label += String(format: " %02d:%02d", time.hour ?? 0, time.minute ?? 0)
      }
      return label + (sessions[index].status == .completed ? "" : "*")
    }
  }

  public var headline: String {
    guard !sessions.isEmpty else { return "no sessions" }
    var byDialog: [(String, Int)] = []
    for session in sessions {
      if let i = byDialog.firstIndex(where: { $0.0 == session.dialogTitle }) {
        byDialog[i].1 += 1
      } else {
        byDialog.append((session.dialogTitle, 1))
      }
    }
    let sameDay = sessions.first?.day == sessions.last?.day
    let span = sameDay ? sessionLabel(0) : "\(sessionLabel(0)) to \(sessionLabel(sessions.count - 1))"
    return
      "\(sessions.count) session\(sessions.count == 1 ? "" : "s") \(sameDay ? "on" : "from") \(span): "
      + byDialog.map { "\($0.0) ×\($0.1)" }.joined(separator: ", ")
  }

  /// The groups the action items are shown in: overdue, open, done, dropped.
  public var actionGroups: [(title: String, actions: [Action])] {
    let open = actions.filter { $0.item.status == .open && !$0.isOverdue }
    return [("Overdue", overdue), ("Open", open), ("Done", done), ("Dropped", dropped)].filter {
      !$0.1.isEmpty
    }
  }

  public var dialogOrder: [String] {
    series.reduce(into: [String]()) { if !$0.contains($1.dialogID) { $0.append($1.dialogID) } }
  }

  /// The report as Markdown: one table per dialog (a row per session, a column per numeric
  /// step), then the action items.
  public func markdown() -> String {
    let md = { (text: String) in RecordMarkdown.inline(text, lineStart: false) }
    var out = "# Report for \(RecordMarkdown.inline(person))\n\n\(md(headline))\n"
    for dialog in dialogOrder {
      let members = series.filter { $0.dialogID == dialog }
      let rows = Array(Set(members.flatMap { $0.points.map(\.session) })).sorted()
      out += "\n## \(md(members[0].dialogTitle))\n\n"
      out += "| Date | Session |" + members.map { " \(md($0.label)) |" }.joined() + "\n"
      out += "| --- | --- |" + String(repeating: " ---: |", count: members.count) + "\n"
      for session in rows {
        out += "| \(sessionLabel(session)) | `\(Sanitizer.flat(sessions[session].id))` |"
        for series in members {
          guard let point = series.points.first(where: { $0.session == session }) else {
            out += " — |"
            continue
          }
          var cell = md(point.text)
          if let trend = point.trend, let change = point.changeText { cell += " \(trend.mark) \(md(change))" }
          out += " \(cell) |"
        }
        out += "\n"
      }
    }
    out += "\n## Action items\n\n\(md(countLine))\n"
    for group in actionGroups {
      out += "\n### \(group.title)\n\n| Action | Owner | Due | From |\n| --- | --- | --- | --- |\n"
      for action in group.actions {
        let due = action.item.due.map { CalendarDay(iso: $0)?.friendly ?? $0 } ?? "—"
        out +=
          "| \(RecordMarkdown.cell(action.item.text)) | \(RecordMarkdown.cell(action.item.owner ?? "—")) | \(md(due)) | "
          + "\(md(sessions[action.session].dialogTitle)), \(sessionLabel(action.session)) "
          + "`\(Sanitizer.flat(sessions[action.session].id))` |\n"
      }
    }
    return out
  }

  /// The report as JSON: sessions, every series with its points, and the action items
  /// (`opened`: all of them, `done`, `overdue`).
  public var json: Value {
    func action(_ a: Action) -> Value {
      var object = a.item.record.object ?? [:]
      object["session"] = .string(sessions[a.session].id)
      object["dialog"] = .string(sessions[a.session].dialogID)
      object["session_started_at"] = .string(Clock.iso8601(sessions[a.session].startedAt))
      object["overdue"] = .bool(a.isOverdue)
      return .object(object)
    }
    return [
      "person": .string(person),
      "today": .string(today.description),
      "sessions": .array(
        sessions.map {
          [
            "id": .string($0.id), "dialog": .string($0.dialogID), "title": .string($0.dialogTitle),
            "with": .optional($0.with), "started_at": .string(Clock.iso8601($0.startedAt)),
            "status": .string($0.status.rawValue),
          ]
        }),
      "series": .array(
        series.map { s in
          [
            "dialog": .string(s.dialogID), "step": .string(s.step), "label": .string(s.label),
            "kind": .string(s.kind.rawValue),
            "points": .array(
              s.points.map { p in
                [
                  "session": .string(sessions[p.session].id),
                  "started_at": .string(Clock.iso8601(sessions[p.session].startedAt)),
                  "value": .number(p.value), "text": .string(p.text),
                  "change": p.change.map(Value.number) ?? .null,
                  "trend": .optional(p.trend?.rawValue),
                ]
              }),
          ]
        }),
      "action_items": [
        "opened": .array(actions.map(action)), "done": .array(done.map(action)),
        "overdue": .array(overdue.map(action)),
      ],
    ]
  }
}
