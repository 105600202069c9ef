import CoachKit
import LineEditing

/// Runs a session: reads a line, lets the engine handle it, records the events durably, then
/// shows what the engine said, until the session ends or pauses. Nothing is shown before the
/// events that led to it are on disk: a prompt on screen means the answers before it are safe.
final class SessionDriver {
  let conversation: Conversation
  let recording: SessionRecording
  let reader: LineReader
  let renderer: SessionRenderer

  init(conversation: Conversation, recording: SessionRecording, reader: LineReader, renderer: SessionRenderer)
  {
    self.conversation = conversation
    self.recording = recording
    self.reader = reader
    self.renderer = renderer
  }

  /// Drives the session from `first` (the reply to start or resume) to its end or pause. The
  /// store's index learns what the session came to when it stops, however it stops.
  func run(from first: Conversation.Reply) throws(StoreError) -> SessionStatus {
    defer { recording.close() }
    var reply = first
    var interruptsInARow = 0
    while true {
      try recording.append(reply.events)
      renderer.show(reply.outputs)
      if conversation.isClosed { return conversation.status }
      let event = reader.read(renderer.inputPrompt)
      if event != .interrupted { interruptsInARow = 0 }
      switch event {
      case .line(let line):
        renderer.didRead(line)
        reply = conversation.handle(line)
      case .endOfFile:
        reply = conversation.interrupt(reason: "end of input")
      case .terminated:
        reply = conversation.interrupt(reason: "signal")
      case .interrupted:
        interruptsInARow += 1
        if interruptsInARow == 1 {
          reply = Conversation.Reply(outputs: [
            .say("(Ctrl-C again offers to pause; /pause saves and leaves.)", tone: .info)
          ])
        } else {
          interruptsInARow = 0
          reply = offerToPause()
        }
      }
    }
  }

  /// After Ctrl-C twice on an empty line: asks whether to pause, and pauses on yes (or on a
  /// third Ctrl-C).
  private func offerToPause() -> Conversation.Reply {
    guard case .line(let answer) = reader.readAside(prompt: "Pause the session and leave? (y/N) ") else {
      return conversation.interrupt(reason: "ctrl-c")
    }
    renderer.didRead(answer)
    if ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) {
      return conversation.interrupt(reason: "ctrl-c")
    }
    return Conversation.Reply(outputs: [.say("Carrying on.", tone: .info)])
  }
}
