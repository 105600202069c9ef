import Foundation

extension SessionStore {
  /// The header of a new session of `script` with `person`: what earlier sessions with them
  /// bring to it. The last completed session of the dialog gives `previous.<id>` (the ones
  /// before it the trends and `recent(x)`), the last completed session of each other dialog the
  /// script reads gives `last.<dialog>.<id>`, and every earlier session the action items still
  /// open. All of it comes from the person's file in the index (see ``PersonHistory``), never
  /// from a scan of every record. `settings` are those supplied from outside the script
  /// (`settings.<id>`).
  ///
  /// Returns the lines typed as answers in earlier sessions with the person too, for the line
  /// editor's history (never another person's, never a private note).
  public func newSession(
    id: String = SessionStore.newID(), script: Script, with person: String?, by: String?,
    startedAt: Date = Clock.system.now(), coachVersion: String, terminal: TerminalSize?,
    settings: [String: Value] = [:]
  ) -> (header: SessionHeader, recalled: [String]) {
    var header = SessionHeader(
      id: id, script: script, with: person, by: by, startedAt: startedAt, coachVersion: coachVersion,
      terminal: terminal)
    header.settings = settings.filter { key, _ in script.setting(key) != nil }
    guard let person else { return (header, []) }
    let history = PersonHistory(store: self, person: person)
    if script.readsPrevious || script.readsHistory {
      let earlier = history.completed(dialog: script.id)
      header.previousSession = earlier.first?.entry.id
      header.previous = earlier.first?.answers ?? [:]
      header.earlier = earlier.dropFirst().first?.answers ?? [:]
      if script.readsRecent { header.older = earlier.dropFirst(2).prefix(2).map(\.answers) }
      if script.reviewsActions { header.carried = history.openActionItems }
    }
    let recent = script.recentDialogs
    for dialog in script.referencedDialogs.sorted() {
      let completed = history.completed(dialog: dialog)
      if let last = completed.first {
        header.last[dialog] = SessionHeader.LastSession(
          session: last.entry.id, answers: last.answers,
          earlier: recent.contains(dialog) ? completed.dropFirst().prefix(3).map(\.answers) : [])
      }
    }
    return (header, history.sessions.flatMap(\.lines).suffix(500))
  }
}
