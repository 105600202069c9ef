import Foundation

/// One line of a session record after the header (DESIGN 5): what happened, when, in meaning
/// rather than terminal bytes. The engine produces events and is rebuilt from them on resume.
///
/// On disk an event is one JSON object: `type` (the ``Kind``), `at`, and the members of its
/// payload (see `Event+Coding.swift`, the only place that maps events to and from JSON).
public struct Event: Equatable, Sendable {
  /// When it happened.
  public var at: Date
  /// What happened, with what it carries.
  public var body: Body

  public init(at: Date, _ body: Body) {
    self.at = at
    self.body = body
  }

  /// What happened.
  public enum Body: Equatable, Sendable {
    /// A question was put.
    case prompt(Prompt)
    /// A step was answered.
    case answer(Answer)
    /// Part of a multi-line answer: a list item, a rating's score, a decision on a carried
    /// action item.
    case partial(Partial)
    /// An answer was refused.
    case invalid(Invalid)
    /// An optional step was skipped.
    case skip(Skip)
    /// `/back`.
    case back(Back)
    /// `/note` or `/private`.
    case note(Note)
    /// `/action`.
    case action(Action)
    /// A flag was raised or cleared.
    case flag(Flag)
    /// A command that changes nothing (`/help`, `/where`, `/tip`).
    case command(Command)
    /// The session was paused.
    case pause(Pause)
    /// The session was resumed.
    case resume
    /// The session ended.
    case end(End)
  }

  /// The kinds of event a record holds: the `type` of its line.
  public enum Kind: String, Sendable, CaseIterable {
    case prompt, answer, partial, invalid, skip, back, note, action, flag, command, pause, resume, end
  }

  /// A question put: the step, its text as shown, its kind and, for answers in parts, the part.
  public struct Prompt: Equatable, Sendable {
    public var id: String
    public var text: String
    public var kind: AnswerKind.Name
    public var part: PromptPart?

    public init(id: String, text: String, kind: AnswerKind.Name, part: PromptPart? = nil) {
      self.id = id
      self.text = text
      self.kind = kind
      self.part = part
    }
  }

  /// A step answered: the line typed and the typed value it gave.
  public struct Answer: Equatable, Sendable {
    public var id: String
    public var raw: String
    public var value: Value

    public init(id: String, raw: String, value: Value) {
      self.id = id
      self.raw = raw
      self.value = value
    }
  }

  /// Part of an answer: list items (`value` an array of strings), a rating's score (a number),
  /// or a decision on a carried action item (an ``ActionItem``'s value).
  public struct Partial: Equatable, Sendable {
    public var id: String
    public var raw: String
    public var part: PromptPart
    public var value: Value

    public init(id: String, raw: String, part: PromptPart, value: Value) {
      self.id = id
      self.raw = raw
      self.part = part
      self.value = value
    }
  }

  /// A line refused, and what coach said of it.
  public struct Invalid: Equatable, Sendable {
    public var id: String
    public var raw: String
    public var message: String

    public init(id: String, raw: String, message: String) {
      self.id = id
      self.raw = raw
      self.message = message
    }
  }

  /// An optional step left out.
  public struct Skip: Equatable, Sendable {
    public var id: String
    public var raw: String

    public init(id: String, raw: String) {
      self.id = id
      self.raw = raw
    }
  }

  /// `/back`: from the step being asked to the one reopened (`to`), the answers dropped from
  /// the path, and what the reopened step held; or, with `undo`, the last part of the current
  /// answer taken back.
  public struct Back: Equatable, Sendable {
    public var raw: String
    public var from: String
    public var to: String
    public var dropped: [String]
    public var undo: PromptPart?
    /// The reopened step's answer as it was shown.
    public var was: String?

    public init(
      raw: String, from: String, to: String, dropped: [String] = [], undo: PromptPart? = nil,
      was: String? = nil
    ) {
      self.raw = raw
      self.from = from
      self.to = to
      self.dropped = dropped
      self.undo = undo
      self.was = was
    }
  }

  /// A note, private (`/private`) or not, taken at a step.
  public struct Note: Equatable, Sendable {
    public var text: String
    public var isPrivate: Bool
    public var step: String?
    public var raw: String

    public init(text: String, isPrivate: Bool, step: String?, raw: String) {
      self.text = text
      self.isPrivate = isPrivate
      self.step = step
      self.raw = raw
    }
  }

  /// An action item recorded with `/action`.
  public struct Action: Equatable, Sendable {
    public var item: ActionItem
    public var raw: String

    public init(item: ActionItem, raw: String) {
      self.item = item
      self.raw = raw
    }
  }

  /// A flag raised or cleared, with its text.
  public struct Flag: Equatable, Sendable {
    public var id: String
    public var text: String
    public var raised: Bool

    public init(id: String, text: String, raised: Bool) {
      self.id = id
      self.text = text
      self.raised = raised
    }
  }

  /// A command that changed nothing.
  public struct Command: Equatable, Sendable {
    public var raw: String

    public init(raw: String) {
      self.raw = raw
    }
  }

  /// A pause: by `/pause` or `/quit` (`raw` is the line), or because input stopped (`raw` nil;
  /// `reason` says why: `end of input`, `signal`, `ctrl-c`, `interrupted`).
  public struct Pause: Equatable, Sendable {
    public var raw: String?
    public var reason: String

    public init(raw: String? = nil, reason: String) {
      self.raw = raw
      self.reason = reason
    }
  }

  /// The end of a session.
  public struct End: Equatable, Sendable {
    public var status: SessionStatus

    public init(status: SessionStatus) {
      self.status = status
    }
  }

  /// The kind of the event.
  public var kind: Kind {
    switch body {
    case .prompt: .prompt
    case .answer: .answer
    case .partial: .partial
    case .invalid: .invalid
    case .skip: .skip
    case .back: .back
    case .note: .note
    case .action: .action
    case .flag: .flag
    case .command: .command
    case .pause: .pause
    case .resume: .resume
    case .end: .end
    }
  }

  /// The step the event is about: the one asked, answered, refused or skipped, the flag's id,
  /// the step `/back` left, the step a note was taken at.
  public var stepID: String? {
    switch body {
    case .prompt(let e): e.id
    case .answer(let e): e.id
    case .partial(let e): e.id
    case .invalid(let e): e.id
    case .skip(let e): e.id
    case .back(let e): e.from
    case .note(let e): e.step
    case .action(let e): e.item.step
    case .flag(let e): e.id
    case .command, .pause, .resume, .end: nil
    }
  }

  /// The line the person typed that led to the event, when one did.
  public var raw: String? {
    switch body {
    case .answer(let e): e.raw
    case .partial(let e): e.raw
    case .invalid(let e): e.raw
    case .skip(let e): e.raw
    case .back(let e): e.raw
    case .note(let e): e.raw
    case .action(let e): e.raw
    case .command(let e): e.raw
    case .pause(let e): e.raw
    case .prompt, .flag, .resume, .end: nil
    }
  }
}

/// Which part of a step's answer a prompt asks for, or a partial answer gives.
public enum PromptPart: String, Sendable, CaseIterable {
  /// A rating's score (its evidence follows).
  case score
  /// A rating's evidence.
  case evidence
  /// One more item of a list.
  case item
  /// A decision on one carried action item.
  case review
  /// Whether a figure far from last time's is right (the figure waits for the answer).
  case confirm
}
