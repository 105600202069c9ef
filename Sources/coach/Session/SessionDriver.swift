import CoachKit
import LineEditing

/// Runs a session: reads a line, lets the engine handle it, records the events durably, then
/// shows what the engine said, until the session ends or pauses.
final class SessionDriver {
  let conversation: Conversation
  let writer: RecordWriter
  let reader: LineReader
  let renderer: SessionRenderer

  init(conversation: Conversation, writer: RecordWriter, reader: LineReader, renderer: SessionRenderer) {
    self.conversation = conversation
    self.writer = writer
    self.reader = reader
    self.renderer = renderer
  }

  /// Drives the session from `first` (the reply to start or resume) to its end or pause.
  func run(from first: Conversation.Reply) throws(StoreError) -> SessionStatus {
    var reply = first
    while true {
      // Durable before anything is shown: a prompt on screen means the events before it are safe.
      try writer.append(reply.events)
      renderer.show(reply.outputs)
      if conversation.isClosed { return conversation.status }
      switch reader.read(prompt: renderer.inputPrompt) {
      case .line(let line):
        renderer.didRead(line)
        reply = conversation.handle(line)
      case .endOfFile:
        reply = conversation.interrupt(reason: "end of input")
      case .terminated:
        reply = conversation.interrupt(reason: "signal")
      case .interrupted:
        reply = Conversation.Reply(outputs: [
          .say("(Ctrl-C cleared the line. /pause saves and leaves.)", tone: .info)
        ])
      }
    }
  }
}
