import Foundation

/// The team at a glance, for `coach report --team`: for each person, the rituals held against
/// their cadence over the last weeks (coverage), the last 1-on-1, open and overdue commitments,
/// the key metrics (the steps a dialog tracks as trends) with their recent values, and the
/// flags of their last meetings.
public struct TeamReport: Sendable {
  /// How one ritual was kept over the window.
  public struct Coverage: Sendable {
    public var dialog: String
    public var title: String
    public var held: Int
    public var expected: Int
  }

  /// A tracked metric: its recent values, oldest first.
  public struct Metric: Sendable {
    public var step: String
    public var label: String
    public var values: [Double]
    /// The last value as a person reads it (`42%`, `$12,500`).
    public var last: String
    /// Which way is better, when the script says.
    public var better: Step.Trend?

    /// The change from the value before the last.
    public var change: Double? {
      values.count >= 2 ? values[values.count - 1] - values[values.count - 2] : nil
    }
  }

  public struct Row: Sendable {
    public var name: String
    public var role: Team.Role?
    public var reportsTo: String?
    public var coverage: [Coverage]
    public var lastOneOnOne: CalendarDay?
    public var open: Int
    public var overdue: Int
    public var metrics: [Metric]
    /// The flags raised in the last session of each ritual, and whether each was raised in the
    /// one before too.
    public var flags: [(text: String, twice: Bool)]

    /// The share of the expected sessions held, in percent; nil when none was expected.
    public var coveragePercent: Int? {
      let expected = coverage.reduce(0) { $0 + $1.expected }
      guard expected > 0 else { return nil }
      let held = coverage.reduce(0) { $0 + min($1.held, $1.expected) }
      return Int((Double(held) * 100 / Double(expected)).rounded())
    }
  }

  public var today: CalendarDay
  /// How many days back coverage is counted.
  public var window: Int
  public var rows: [Row]
  /// The most recent values a metric shows.
  public static let recent = 8
  /// The dialog whose last session is "the last 1-on-1".
  public static let oneOnOnes: Set<String> = ["one-on-one", "leader-one-on-one"]

  /// The report over `list`'s people (in its order), with coverage over the last `window` days
  /// (or since the person joined). `script` gives a dialog's script, for the metrics' labels
  /// and kinds; it is asked once a dialog, and only for the dialogs whose metrics are shown.
  public init(
    _ list: DueList, script: (String) -> Script?, since: [String: CalendarDay] = [:], window: Int = 91
  ) {
    var scripts: [String: Script?] = [:]
    func scriptOf(_ dialog: String) -> Script? {
      if let known = scripts[dialog] { return known }
      let loaded = script(dialog)
      scripts[dialog] = loaded
      return loaded
    }
    let today = list.today
    self.today = today
    self.window = window
    rows = list.people.map { person in
      let start = max(
        today.adding(days: -window) ?? CalendarDay.first,
        since[PeopleBook.key(person.name)] ?? CalendarDay.first)
      let days = max(1, today.ordinal - start.ordinal)
      let facts = person.facts
      let coverage = person.rituals.map { ritual in
        Coverage(
          dialog: ritual.dialog, title: ritual.title,
          held: (facts.dialogs[ritual.dialog]?.days ?? []).filter { $0 >= start }.count,
          expected: max(1, days / ritual.days))
      }
      let lastOneOnOne = Self.oneOnOnes.compactMap { facts.dialogs[$0]?.days.last }.max()
      // Metrics: the trend steps of the dialog they meet most about (their 1-on-1 first).
      var metrics: [Metric] = []
      let dialogs = person.rituals.map(\.dialog).sorted {
        Self.oneOnOnes.contains($0) && !Self.oneOnOnes.contains($1)
      }
      for dialog in dialogs {
        guard metrics.isEmpty, let held = facts.dialogs[dialog], held.recent.contains(where: { !$0.isEmpty }),
          let script = scriptOf(dialog)
        else { continue }
        for step in script.steps where step.trend != nil {
          let values = held.recent.compactMap { $0[step.id] }
          guard let last = values.last else { continue }
          metrics.append(
            Metric(
              step: step.id, label: step.displayName, values: values,
              last: RecordView.display(.number(last), kind: step.kind), better: step.trend))
        }
      }
      var flags: [(text: String, twice: Bool)] = []
      for ritual in person.rituals {
        guard let held = facts.dialogs[ritual.dialog] else { continue }
        for flag in held.lastFlags {
          flags.append((flag.text, held.repeated.contains { $0.id == flag.id }))
        }
      }
      return Row(
        name: person.name, role: person.role, reportsTo: person.reportsTo, coverage: coverage,
        lastOneOnOne: lastOneOnOne, open: person.commitments.count,
        overdue: person.commitments.count(where: \.isOverdue),
        metrics: metrics, flags: flags)
    }
  }

  public var json: Value {
    [
      "today": .string(today.description), "window_days": .number(Double(window)),
      "people": .array(
        rows.map { row in
          [
            "name": .string(row.name), "role": .optional(row.role?.rawValue),
            "reports_to": .optional(row.reportsTo),
            "coverage_percent": row.coveragePercent.map { .number(Double($0)) } ?? .null,
            "coverage": .array(
              row.coverage.map {
                [
                  "dialog": .string($0.dialog), "title": .string($0.title), "held": .number(Double($0.held)),
                  "expected": .number(Double($0.expected)),
                ]
              }),
            "last_one_on_one": .optional(row.lastOneOnOne?.description),
            "open_actions": .number(Double(row.open)), "overdue_actions": .number(Double(row.overdue)),
            "metrics": .array(
              row.metrics.map {
                [
                  "step": .string($0.step), "label": .string($0.label), "last": .string($0.last),
                  "values": .array($0.values.map(Value.number)),
                  "change": $0.change.map(Value.number) ?? .null,
                ]
              }),
            "flags": .array(row.flags.map { ["text": .string($0.text), "twice": .bool($0.twice)] }),
          ]
        }),
    ]
  }
}
