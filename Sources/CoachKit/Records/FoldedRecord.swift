import Foundation

/// The folded record (DESIGN 5): what a session's log adds up to, in one value: its answers as
/// typed values, notes, action items, flags, scores and transcript. `coach show --format json`
/// prints it (its JSON is in `FoldedRecord+Coding.swift`, its schema in
/// docs/folded-record.schema.json); the review outputs read it.
public struct FoldedRecord: Equatable, Sendable {
  /// The dialog the session ran.
  public struct Dialog: Equatable, Sendable {
    public var id: String
    public var version: Int
    public var sha256: String
    public var title: String
  }

  /// Who the session was with, and who ran it.
  public struct Participants: Equatable, Sendable {
    public var with: String?
    public var by: String?
  }

  /// A note taken during the session.
  public struct Note: Equatable, Sendable {
    public var text: String
    public var isPrivate: Bool
    public var step: String?
    public var at: Date
  }

  /// A flag raised at the end (or at the pause).
  public struct Flag: Equatable, Sendable {
    public var id: String
    public var text: String
  }

  /// One line of the exchange: who said what, when, at which step, from which event.
  public struct TranscriptLine: Equatable, Sendable {
    public enum Speaker: String, Sendable {
      case coach, you
    }

    public var speaker: Speaker
    public var text: String
    public var at: Date
    public var step: String?
    public var event: Event.Kind
  }

  public var id: String
  public var dialog: Dialog
  public var participants: Participants
  public var status: SessionStatus
  public var startedAt: Date
  /// When the session completed.
  public var endedAt: Date?
  /// The time of the last event.
  public var updatedAt: Date
  /// Step id → typed answer, for the steps answered on the final path.
  public var answers: [String: Value]
  /// The steps on the final path (skipped ones included), in the order answered.
  public var path: [String]
  public var skipped: [String]
  public var notes: [Note]
  public var actionItems: [ActionItem]
  public var flags: [Flag]
  /// The ratings, by step id.
  public var scores: [String: Rating]
  public var transcript: [TranscriptLine]
  public var coachVersion: String
  /// Time spent in the session, pauses left out.
  public var elapsedSeconds: Double
  /// The step a session that has not completed stopped at.
  public var currentStep: String?
  /// What was tolerated in reading the record (a torn last line).
  public var warnings: [String]

  /// Folds `record`; with `shared`, private notes are left out everywhere.
  public init(_ record: SessionRecord, shared: Bool = false) {
    let log = record.log
    let header = record.header
    id = header.id
    dialog = Dialog(
      id: header.dialogID, version: header.dialogVersion, sha256: header.dialogSHA256,
      title: header.dialogTitle)
    participants = Participants(with: header.with, by: header.by)
    status = log.status
    startedAt = header.startedAt
    endedAt = log.endedAt
    updatedAt = log.lastEventAt ?? header.startedAt
    answers = log.answers
    path = log.path.map(\.id)
    skipped = log.path.filter { $0.value == nil }.map(\.id)
    notes = log.notes.filter { !(shared && $0.isPrivate) }.map {
      Note(text: $0.text, isPrivate: $0.isPrivate, step: $0.step, at: $0.at)
    }
    actionItems = log.allActions
    flags = log.flags.map { Flag(id: $0.id, text: $0.text) }
    scores = log.answers.compactMapValues(\.rating)
    transcript = Self.transcript(record.events, shared: shared)
    coachVersion = header.coachVersion
    elapsedSeconds = log.totalSeconds.rounded()
    currentStep = log.status == .completed ? nil : log.currentStepID
    warnings = record.warnings
  }

  public init(
    id: String, dialog: Dialog, participants: Participants, status: SessionStatus, startedAt: Date,
    endedAt: Date?, updatedAt: Date, answers: [String: Value], path: [String], skipped: [String],
    notes: [Note], actionItems: [ActionItem], flags: [Flag], scores: [String: Rating],
    transcript: [TranscriptLine], coachVersion: String, elapsedSeconds: Double, currentStep: String?,
    warnings: [String]
  ) {
    self.id = id
    self.dialog = dialog
    self.participants = participants
    self.status = status
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.updatedAt = updatedAt
    self.answers = answers
    self.path = path
    self.skipped = skipped
    self.notes = notes
    self.actionItems = actionItems
    self.flags = flags
    self.scores = scores
    self.transcript = transcript
    self.coachVersion = coachVersion
    self.elapsedSeconds = elapsedSeconds
    self.currentStep = currentStep
    self.warnings = warnings
  }

  /// The exchange as it happened: who said what, when, at which step.
  static func transcript(_ events: [Event], shared: Bool) -> [TranscriptLine] {
    var lines: [TranscriptLine] = []
    func line(_ speaker: TranscriptLine.Speaker, _ text: String, _ event: Event) {
      lines.append(
        TranscriptLine(speaker: speaker, text: text, at: event.at, step: event.stepID, event: event.kind))
    }
    for event in events {
      switch event.body {
      case .prompt(let e): line(.coach, e.text, event)
      case .answer, .partial, .skip, .back, .command, .action:
        if let raw = event.raw { line(.you, raw, event) }
      case .invalid(let e):
        line(.you, e.raw, event)
        line(.coach, e.message, event)
      case .note(let e):
        if shared && e.isPrivate { continue }
        line(.you, e.raw.isEmpty ? e.text : e.raw, event)
      case .flag(let e):
        line(.coach, (e.raised ? "Flag: " : "Flag cleared: ") + e.text, event)
      case .pause(let e):
        if let raw = e.raw { line(.you, raw, event) }
        line(.coach, "Session paused.", event)
      case .resume: line(.coach, "Session resumed.", event)
      case .end(let e): line(.coach, "Session \(e.status.rawValue).", event)
      }
    }
    return lines
  }
}
