import Foundation

extension SessionStore {
  /// The header of a new session of `script` with `person`: what earlier sessions with them
  /// bring to it. The last completed session of the dialog gives `previous.<id>` (and the one
  /// before it the trends), and every earlier session the action items still open. Returns the
  /// lines typed as answers in earlier sessions with the person too, for the line editor's
  /// history (never another person's, never a private note).
  public func newSession(
    id: String = SessionStore.newID(), script: Script, with person: String?, by: String?,
    startedAt: Date = Clock.system.now(), coachVersion: String, terminal: TerminalSize?
  ) -> (header: SessionHeader, recalled: [String]) {
    var header = SessionHeader(
      id: id, script: script, with: person, by: by, startedAt: startedAt, coachVersion: coachVersion,
      terminal: terminal)
    guard let person else { return (header, []) }
    let history = PersonHistory(store: self, person: person)
    if script.readsPrevious || script.readsHistory {
      let earlier = history.completed(dialog: script.id)
      header.previousSession = earlier.first?.entry.id
      header.previous = earlier.first?.answers ?? [:]
      header.earlier = earlier.dropFirst().first?.answers ?? [:]
      if script.reviewsActions { header.carried = history.openActionItems }
    }
    return (header, history.sessions.flatMap(\.lines).suffix(500))
  }
}
