import CoachKit
import Foundation
import TextLayout

extension OrgView {
  /// When the org was pulled, as a person reads it: `Wed 2 Dec 2026 at 10:04`.
  var pulledText: String {
    let parts = Calendar.current.dateComponents([.hour, .minute], from: pulledAt)
    let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    return "\(CalendarDay(pulledAt).friendly) at \(time)"
  }

  /// The line that opens the org's part of a view: as of when, and how to bring it up to date.
  var heading: String {
    "The org below you, as of the last coach sync (\(pulledText)); coach sync brings it up to date."
  }

  /// The people below with something to show, in the tree's order.
  var shown: [Manager] { managers.filter { !$0.isEmpty } }

  /// What is said when nobody below has anything to show.
  var emptyText: String {
    managers.isEmpty
      ? "No one reports to you in the team store (coach org add-user --reports-to places people)."
      : "No one below you has synced a session or a team file yet."
  }

  /// `coach due --team`'s part: each person below with their team's due list.
  func dueText(width: Int?, within: String?) -> String {
    var out = "\n" + wrap(heading, width)
    let shown = shown
    if shown.isEmpty { return out + wrap(emptyText, width) }
    for manager in shown {
      out += "\n" + Self.title(manager) + "\n"
      out += manager.list.text(width: width, within: within, own: false)
    }
    return out
  }

  /// `coach report --team`'s part: the report of each team below.
  func reportText(_ reports: [(Manager, TeamReport)], width: Int?) -> String {
    var out = wrap(heading, width)
    if reports.isEmpty { out += wrap(emptyText, width) }
    for (manager, report) in reports {
      out += "\n" + Self.title(manager) + "\n" + report.text(width: width, own: false)
    }
    return out
  }

  /// The same in markdown: a section a team.
  func reportMarkdown(_ reports: [(Manager, TeamReport)]) -> String {
    let md = { (text: String) in RecordMarkdown.inline(text, lineStart: false) }
    var out = "# " + md(heading) + "\n"
    if reports.isEmpty { out += "\n" + md(emptyText) + "\n" }
    for (manager, report) in reports {
      out += "\n## " + md(Self.title(manager)) + "\n\n" + report.markdown(own: false)
    }
    return out
  }

  /// `text` wrapped at `width`, ended by a newline.
  func wrap(_ text: String, _ width: Int?) -> String {
    TextWrap.lines(text, width: width).joined(separator: "\n") + "\n"
  }

  /// A person's heading: `Leo Park's team (leo, reports to Cora Chen)`.
  static func title(_ manager: Manager) -> String {
    var title = "\(Sanitizer.inline(manager.name, limit: 60))'s team (\(manager.login)"
    if let boss = manager.reportsTo { title += ", reports to \(Sanitizer.inline(boss, limit: 60))" }
    return title + ")"
  }

  /// The org for programs: `{"login", "name", "pulled_at", "people": [{login, name,
  /// reports_to, depth, <key>: body}]}`, everyone below in the tree's order.
  func json(_ key: String, _ body: (Manager) -> Value) -> Value {
    [
      "login": .string(login), "name": .optional(name), "pulled_at": .string(Clock.iso8601(pulledAt)),
      "people": .array(
        managers.map {
          [
            "login": .string($0.login), "name": .string($0.name), "reports_to": .optional($0.reportsTo),
            "depth": .number(Double($0.depth)), key: body($0),
          ]
        }),
    ]
  }
}
