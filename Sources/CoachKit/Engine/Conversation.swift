import Foundation

/// A dialog in progress: a deterministic state machine that takes one input line at a time and
/// returns what happened (events to record) and what to show (outputs).
///
/// It never touches a terminal or a file. Its state is rebuilt from recorded events, so a
/// session can be resumed, and it is driven by recorded inputs for `replay --check`.
public final class Conversation {
  public let script: Script
  public let context: SessionContext
  let clock: Clock
  let timeZone: TimeZone

  /// Everything the events so far add up to. Each change forgets the computed values.
  public private(set) var log = SessionLog() { didSet { computedValues.removeAll(keepingCapacity: true) } }
  /// The script's computed values (`values:`) worked out since the last event: flags and texts
  /// read the same values many times over between two answers.
  var computedValues: [String: Value] = [:]
  /// Whether replies carry what to show. Off when only the events matter (`replay --check`):
  /// prompts are then neither rendered nor described.
  public var producesOutputs = true

  /// Events to record, then outputs to show, in order.
  public struct Reply: Equatable, Sendable {
    public var events: [Event] = []
    public var outputs: [Output] = []

    public init(events: [Event] = [], outputs: [Output] = []) {
      self.events = events
      self.outputs = outputs
    }
  }

  public init(
    script: Script, context: SessionContext, clock: Clock = .system, timeZone: TimeZone = .current
  ) {
    self.script = script
    self.context = context
    self.clock = clock
    self.timeZone = timeZone
  }

  /// The step being asked; nil before the start and after the end.
  public var currentStep: Step? { log.currentStepID.flatMap { script.step($0) } }
  public var currentIndex: Int? { log.currentStepID.flatMap { script.index(of: $0) } }
  public var path: [SessionLog.PathEntry] { log.path }
  public var answers: [String: Value] { log.answers }
  public var status: SessionStatus { log.status }
  public var isClosed: Bool { log.isClosed }
  var items: [String] { log.items }
  var pendingScore: Int? { log.pendingScore }
  /// The carried action item an action review is asking about.
  var reviewedItem: ActionItem? {
    log.reviews.count < context.openActions.count ? context.openActions[log.reviews.count] : nil
  }
  var failures: Int { log.failures }

  /// Seconds spent in section `id`.
  func seconds(inSection id: String?) -> Double {
    log.secondsByStep.reduce(0) { sum, entry in
      script.step(entry.key)?.sectionID == id ? sum + entry.value : sum
    }
  }

  public var today: CalendarDay { CalendarDay(clock.now(), timeZone: timeZone) }

  /// `Weekly 1-on-1 with Dana`, or for a dialog about the person who runs it, `Weekly time
  /// review for Max`.
  var meeting: String {
    guard let with = context.with else { return script.title }
    return script.title + (script.about == .self ? " for " : " with ") + with
  }

  // MARK: starting and resuming

  /// Begins a new session: the introduction, then the first question.
  public func start() -> Reply {
    var reply = Reply()
    // One opening: the meeting and who it is with, then the script's introduction.
    var opening = Sentence.end(meeting)
    if let text = script.intro { opening += " " + render(text) }
    reply.outputs.append(.say(opening, tone: script.intro == nil ? .info : .normal))
    moveTo(firstTarget(), &reply)
    if !isClosed { showPrompt(&reply) }
    return reply
  }

  /// Rebuilds the state from a record's events (as written by earlier replies).
  public func restore(_ events: [Event]) {
    for event in events { log.apply(event) }
    if let id = log.currentStepID, script.step(id) == nil || path.contains(where: { $0.id == id }) {
      // The record ends between an answer and the next prompt (or names a step the script no
      // longer has): work out the current step again.
      log.forgetCurrentStep()
    }
  }

  /// Continues a restored session: records the resumption and asks the current question. A
  /// session cut off without a pause (a crash, a closed terminal) is first recorded as paused
  /// when its last event happened, so that the time it was dead is not counted as meeting time.
  public func resume() -> Reply {
    var reply = Reply()
    if !isClosed, let last = log.lastEventAt {
      emit(Event(at: last, .pause(.init(reason: Self.cutOffReason))), &reply)
    }
    emit(Event(at: clock.now(), .resume), &reply)
    reply.outputs.append(.say("Resuming " + Sentence.end(meeting), tone: .info))
    if let step = currentStep, case .actionReview = step.kind, reviewedItem == nil,
      !context.openActions.isEmpty
    {
      // Cut off after the last decision of a review, before its answer: it is answered now.
      answerReview(step, "", raw: "", &reply)
    }
    if currentIndex == nil {
      if let last = path.last, let index = script.index(of: last.id) {
        moveTo(successor(of: script.steps[index]), &reply)
      } else {
        moveTo(firstTarget(), &reply)
      }
    }
    if !isClosed { showPrompt(&reply) }
    return reply
  }

  // MARK: input

  /// Handles one line typed by the person: an answer, or a slash command.
  public func handle(_ line: String) -> Reply {
    var reply = Reply()
    guard !isClosed, currentIndex != nil else {
      reply.outputs.append(.error(step: nil, message: "this session has ended"))
      return reply
    }
    let trimmed = line.trimmedSpaces
    if trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") {
      handleCommand(trimmed, raw: line, &reply)
    } else {
      handleAnswer(trimmed.hasPrefix("//") ? String(trimmed.dropFirst()) : line, raw: line, &reply)
    }
    if !isClosed { showPrompt(&reply) }
    return reply
  }

  /// Why a pause was recorded on resuming a session that was cut off without one.
  public static let cutOffReason = "cut off"

  /// Ends the session as paused because input stopped (end of file, a signal, a lost terminal).
  public func interrupt(reason: String) -> Reply {
    var reply = Reply()
    guard !isClosed else { return reply }
    emit(Event(at: clock.now(), .pause(.init(reason: reason))), &reply)
    reply.outputs.append(.end(.paused))
    return reply
  }

  // MARK: events

  /// Records `event` in the reply and applies it to the state.
  func emit(_ event: Event, _ reply: inout Reply) {
    log.apply(event)
    reply.events.append(event)
  }
}
