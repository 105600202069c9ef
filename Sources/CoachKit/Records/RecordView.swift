import Foundation

/// A folded record read for review (`show --format markdown`, `compare`, `report`): its
/// answers with labels, kinds and sections taken from the dialog's script when it is at hand,
/// and guessed from the values when the script is missing or has changed since.
///
/// Strings it returns are as recorded: each output format makes them safe to print.
struct RecordView {
  let record: FoldedRecord
  /// The dialog's script, when it is available and is the same dialog.
  let script: Script?

  init(_ record: FoldedRecord, script: Script?) {
    self.record = record
    self.script = script?.id == record.dialog.id ? script : nil
  }

  var id: String { record.id }
  var dialogID: String { record.dialog.id }
  var dialogTitle: String { record.dialog.title.isEmpty ? record.dialog.id : record.dialog.title }
  var with: String? { record.participants.with }
  var by: String? { record.participants.by }
  var status: SessionStatus { record.status }
  var isCompleted: Bool { status == .completed }
  var startedAt: Date { record.startedAt }
  var endedAt: Date? { record.endedAt }
  var answers: [String: Value] { record.answers }
  /// The steps on the final path, in the order they were answered.
  var path: [String] { record.path }
  var skipped: Set<String> { Set(record.skipped) }
  var flags: [FoldedRecord.Flag] { record.flags }
  var actions: [ActionItem] { record.actionItems }
  var notes: [FoldedRecord.Note] { record.notes }

  /// Whether the script at hand is the very one the session ran.
  var scriptIsUnchanged: Bool {
    script != nil && script?.sha256 == record.dialog.sha256
  }

  /// The calendar day the session started, in `timeZone`.
  func day(in timeZone: TimeZone) -> CalendarDay {
    CalendarDay(startedAt, timeZone: timeZone)
  }

  /// The kind of step `id` per the script, when the recorded value still fits it.
  func kind(_ id: String) -> AnswerKind? {
    guard let kind = script?.step(id)?.kind else { return nil }
    guard let value = answers[id] else { return kind }
    return Self.fits(value, kind) ? kind : nil
  }

  /// Whether step `id` is a rating (by its value, else by the script).
  func isRating(_ id: String) -> Bool {
    if let value = answers[id] { return value.rating != nil }
    if case .rating? = script?.step(id)?.kind { return true }
    return false
  }

  /// Whether step `id` holds the session's overall recommendation: a choice step named so, or
  /// a choice step in a section named so.
  func isRecommendation(_ id: String) -> Bool {
    guard let value = answers[id], value.string != nil else { return false }
    if let step = script?.step(id) {
      guard case .choice = step.kind else { return false }
      let section = step.sectionID.flatMap { script?.section($0) }
      return [id, section?.id ?? "", section?.title ?? ""].contains { $0.lowercased().contains("recommend") }
    }
    return id.lowercased().contains("recommend")
  }

  /// What people call step `id`: a rating's competency, else the step's label, else its id in
  /// words.
  func label(_ id: String) -> String {
    if let competency = answers[id]?.rating?.competency, !competency.isEmpty { return competency }
    guard let step = script?.step(id) else { return question(id) ?? Self.words(id) }
    if case .rating(_, let competency?, _) = step.kind { return competency }
    return step.label ?? question(id) ?? Self.words(id)
  }

  /// The question step `id` asked, as the record shows it (shortened): how a step without a
  /// label is named, rather than by its id.
  func question(_ id: String) -> String? {
    guard
      let asked = record.transcript.first(where: {
        $0.speaker == .coach && $0.event == .prompt && $0.step == id && !$0.text.isEmpty
      })?.text
    else { return nil }
    var flat = asked.split(whereSeparator: \.isNewline).joined(separator: " ")
    // A label is followed by a colon: the question's own mark goes.
    while let last = flat.last, "?.:".contains(last) { flat.removeLast() }
    return flat.count <= 70 ? flat : String(flat.prefix(69)) + "…"
  }

  /// The section of step `id`, when the script knows it.
  func section(of id: String) -> Section? {
    script?.step(id)?.sectionID.flatMap { script?.section($0) }
  }

  /// The answer to step `id` as people read it, on one line; nil when not answered.
  func display(_ id: String) -> String? {
    guard let value = answers[id] else { return nil }
    return Self.display(value, kind: kind(id))
  }

  /// A value as people read it: `45%`, `$12,500`, `yes`, `Mon 30 Nov 2026`, `3/4`; list items
  /// joined by `; `.
  public static func display(_ value: Value, kind: AnswerKind?) -> String {
    if let rating = value.rating {
      return Conversation.formatNumber(rating.score) + "/" + Conversation.formatNumber(rating.max)
    }
    if let text = value.string, let day = CalendarDay(iso: text) {
      switch kind {
      case .date?, nil: return day.friendly
      default: break
      }
    }
    if let action = value.agreedAction {
      return describe(text: action.text, status: nil, owner: action.owner, due: action.due)
    }
    if case .object = value, let item = try? ActionItem(record: value) {
      // A decision on a carried action item.
      return describe(text: item.text, status: item.status, owner: item.owner, due: item.due)
    }
    if let items = value.array, kind == nil || items.contains(where: { $0.object != nil }) {
      return items.map { display($0, kind: nil) }.joined(separator: "; ")
    }
    return Conversation.display(value, kind: kind)
  }

  /// `Send the deck (done, owner Dana, due Fri 4 Dec 2026)`.
  static func describe(text: String, status: ActionItem.Status?, owner: String?, due: String?) -> String {
    var details: [String] = []
    if let status { details.append(status.rawValue) }
    if let owner { details.append("owner " + owner) }
    if let due { details.append("due " + (CalendarDay(iso: due)?.friendly ?? due)) }
    return text + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
  }

  /// A change between two values of `kind`, signed: `+3 pts`, `-$4,000`, `+12 calls`, `0`.
  static func displayChange(_ change: Double, kind: AnswerKind?) -> String {
    guard let kind else {
      return (change > 0 ? "+" : "") + Conversation.formatNumber(change)
    }
    if case .rating = kind { return (change > 0 ? "+" : "") + Conversation.formatNumber(change) }
    return Conversation.displayChange(change, kind: kind)
  }

  /// `plan_attainment` → `Plan attainment`.
  static func words(_ id: String) -> String {
    let spaced = id.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
    return spaced.prefix(1).uppercased() + spaced.dropFirst()
  }

  /// Whether `value` is of the type answers of `kind` have.
  static func fits(_ value: Value, _ kind: AnswerKind) -> Bool {
    switch (kind, value) {
    case (.rating, .object): return value.rating != nil
    case (.scale, .number), (.number, .number), (.percent, .number), (.money, .number): return true
    case (.yesNo, .bool): return true
    case (.text, .string), (.choice, .string), (.date, .string): return true
    case (.list, .array), (.multiChoice, .array): return true
    default:
      return kind.valueType == .list ? value.array != nil : value.object != nil && value.rating == nil
    }
  }

  /// The steps answered in this session, in script order when the script is at hand (steps it
  /// no longer has follow, in the order answered), else in the order answered.
  var orderedAnswerIDs: [String] {
    let answered = path.filter { answers[$0] != nil }
    guard let script else { return answered }
    let known = answered.filter { script.index(of: $0) != nil }.sorted {
      script.index(of: $0)! < script.index(of: $1)!
    }
    return known + answered.filter { script.index(of: $0) == nil }
  }
}

extension DialogCatalog {
  /// The script of dialog `id` when it exists and loads without errors; nil otherwise (a review
  /// then falls back to what the record alone says).
  public func script(id: String) -> Script? {
    guard let entry = entries().first(where: { $0.id == id }) else { return nil }
    return load(entry).script
  }

  /// The script a session ran, for reading its record: the catalog's dialog of that id, the
  /// file the session was started from, or the shipped one; the one whose sha256 matches the
  /// record's when there is one, else the first that loads. Nil when none does. Views that only
  /// read a record (show, report, compare) take it unchecked (`checking: false`): they need its
  /// steps, labels and kinds, and run nothing of it.
  public func script(for header: SessionHeader, checking: Bool = true) -> Script? {
    var candidates: [Entry] = entries().filter { $0.id == header.dialogID }
    if !header.dialogOrigin.hasPrefix("builtin:"), !header.dialogOrigin.isEmpty,
      FileManager.default.fileExists(atPath: header.dialogOrigin)
    {
      candidates.append(Entry(id: header.dialogID, source: .file(path: header.dialogOrigin)))
    }
    if Self.builtinNames.contains(header.dialogID + ".yaml") {
      candidates.append(Entry(id: header.dialogID, source: .builtin(name: header.dialogID + ".yaml")))
    }
    var first: Script?
    for entry in candidates {
      guard let script = load(entry, checking: checking).script, script.id == header.dialogID else {
        continue
      }
      if script.sha256 == header.dialogSHA256 { return script }
      if first == nil { first = script }
    }
    return first
  }
}
