import CoachKit

/// What Tab offers in a session: slash commands, and the words the current question accepts
/// (choice values, yes/no, date words, anchor labels).
enum Completions {
  static func candidates(for textBeforeCursor: String, prompt: Prompt?) -> [String] {
    let word = String(textBeforeCursor.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
    if !textBeforeCursor.contains(" "), textBeforeCursor.hasPrefix("/") {
      // Commands that take text are completed with a space, to type it after.
      return SlashCommand.all.filter { $0.name.hasPrefix(textBeforeCursor.lowercased().dropFirst()) }.map {
        "/" + $0.name + ($0.usage.contains(" ") ? " " : "")
      }
    }
    guard let prompt, !textBeforeCursor.hasPrefix("/") else { return [] }
    var options: [String] = []
    for choice in prompt.choices {
      options.append(choice.value)
      if !choice.label.contains(" ") { options.append(choice.label) }
    }
    for anchor in prompt.anchors where !anchor.label.contains(" ") { options.append(anchor.label) }
    switch prompt.kind {
    case .yesNo: options += ["yes", "no"]
    case .date:
      options += ["today", "tomorrow", "next", "monday", "tuesday", "wednesday", "thursday", "friday"]
    default: break
    }
    let lowered = word.lowercased()
    return options.filter { $0.lowercased().hasPrefix(lowered) && $0 != word }
  }
}
