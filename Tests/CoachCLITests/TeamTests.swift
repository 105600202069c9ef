import CoachKit
import CoachTestSupport
import Foundation
import Testing
import TextLayout

/// The sales leader's system over a store back-dated by the tests' clock (`COACH_NOW`): the
/// team file and its commands, what is due, and the calendar, read back by a real iCalendar
/// parser.
@Suite(.serialized)
struct TeamTests {
  let temporary = TemporaryFolder("coach-team")
  var store: String { temporary.path }
  /// The day the tests look from: a Wednesday.
  static let today = "2026-12-02T09:00:00Z"

  /// Holds `dialog` with `person` at `time`, answering by kind except where `answers` says.
  func hold(_ dialog: String, with person: String, at time: String, _ answers: [String: String] = [:]) throws
  {
    let coach = try CoachProcess(
      ["start", dialog, "--with", person, "--by", "Max Power", "--jsonl", "--store", store],
      environment: ["COACH_NOW": time])
    try coach.driveToEnd(answers)
    #expect(coach.wait() == 0)
  }

  /// Runs coach on the test's day.
  func coach(_ arguments: [String], stdin: String = "", at time: String = today) throws -> (
    stdout: String, stderr: String, status: Int32
  ) {
    try CoachProcess.run(arguments + ["--store", store], stdin: stdin, environment: ["COACH_NOW": time])
  }

  /// Three months of a team: Dana's weekly 1-on-1s (the last agreed the next for Mon 30 Nov, two
  /// without new opportunities running) and a ride-along on 1 Oct, an action due 20 Nov left
  /// open; Sam's 1-on-1 on Mon 30 Nov booking the next for 7 Dec; Robin met, not in the team.
  func makeTeam() throws {
    for week in 0..<10 {
      let day = CalendarDay(year: 2026, month: 9, day: 14)!.adding(days: 7 * week)!
      let last = week == 9
      // The manager's own optional promise is left out: the actions counted are Dana's.
      var answers = [
        "next_meeting": last ? "2026-11-30" : "+7d", "open_actions": "done", "support_needed": "",
      ]
      if week >= 8 { answers["weekly_new_opportunities"] = "0" }
      if week == 8 { answers["course_of_action"] = "Call Beta's counsel due:2026-11-20" }
      if week == 8 { answers["open_actions"] = "done" }
      if last { answers["open_actions"] = "open" }
      try hold("one-on-one", with: "Dana Reyes", at: "\(day)T10:00:00Z", answers)
    }
    try hold(
      "ride-along", with: "Dana Reyes", at: "2026-10-01T14:00:00Z",
      ["commitment": "Ask for the budget early due:2026-12-15", "manager_support": ""])
    try hold(
      "one-on-one", with: "Sam Lee", at: "2026-11-30T10:00:00Z",
      ["next_meeting": "2026-12-07", "support_needed": ""])
    try hold("one-on-one", with: "Robin", at: "2026-11-25T10:00:00Z", ["support_needed": ""])
    for arguments in [
      ["team", "add", "Max Power", "--role", "manager", "--since", "2026-09-01"],
      ["team", "add", "dana reyes", "--role", "rep", "--reports-to", "Max"],
      ["team", "add", "Sam Lee", "--role", "rep", "--reports-to", "Max Power", "--since", "2026-12-10"],
    ] {
      let result = try coach(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }
  }

  func rituals(_ person: Value) -> [String: Value] {
    var byDialog: [String: Value] = [:]
    for ritual in person["rituals"].array ?? [] { byDialog[ritual["dialog"].string ?? ""] = ritual }
    return byDialog
  }

  @Test func dueSaysWhoNeedsTheManagerAndWhy() throws {
    try makeTeam()
    let json = try JSON.decode(try coach(["due", "--json"]).stdout)
    #expect(json["today"] == "2026-12-02")
    let people = json["people"].array ?? []
    // Max's own 1-on-1 was due from 1 Sep, Dana's ride-along on 31 Oct, Robin's 1-on-1 today,
    // Sam's next on the 7th.
    #expect(people.compactMap { $0["name"].string } == ["Max Power", "Dana Reyes", "Robin", "Sam Lee"])
    let dana = people[1]
    #expect(dana["role"] == "rep" && dana["reports_to"] == "Max Power")
    let danaRituals = rituals(dana)
    // The date agreed in the last 1-on-1 wins over the cadence.
    let oneOnOne = try #require(danaRituals["one-on-one"])
    #expect(
      oneOnOne["last"] == "2026-11-16" && oneOnOne["agreed"] == "2026-11-30"
        && oneOnOne["due"] == "2026-11-30")
    #expect(oneOnOne["overdue_days"] == 2 && oneOnOne["missed"] == 1 && oneOnOne["held"] == 10)
    // The ride-along every 30 days: due 31 Oct, 32 days over, the second now missed too.
    let ride = try #require(danaRituals["ride-along"])
    #expect(ride["last"] == "2026-10-01" && ride["due"] == "2026-10-31")
    #expect(ride["overdue_days"] == 32 && ride["missed"] == 2 && ride["every_days"] == 30)
    // The action due 20 Nov and the one of the last 1-on-1 (due a week after it).
    #expect(dana["commitments"]["overdue"] == 2)
    #expect(
      dana["commitments"]["items"].array?.contains {
        $0["text"] == "Call Beta's counsel" && $0["overdue"] == true
      } == true)
    #expect(dana["repeated_flags"].array?.contains { $0["id"] == "no_new_opportunities" } == true)
    // Sam's next is booked for the 7th; his ride-along is due from the day he joins.
    let sam = rituals(people[3])
    #expect(sam["one-on-one"]?["due"] == "2026-12-07" && sam["one-on-one"]?["overdue_days"] == 0)
    #expect(sam["ride-along"]?["due"] == "2026-12-10" && sam["ride-along"]?["held"] == 0)
    // Robin is met in sessions, not in the team: listed, and said so.
    #expect(people[2]["in_team"] == false && people[2]["role"] == .null)

    let text = try coach(["due"]).stdout
    #expect(text.hasPrefix("Due as of Wed 2 Dec 2026\n"))
    #expect(text.contains("Dana Reyes · rep"))
    #expect(text.contains("last Thu 1 Oct · due Sat 31 Oct · 32 days over, 2 missed in a row"), "\(text)")
    #expect(text.contains("due Mon 30 Nov (agreed)"))
    #expect(text.contains("Robin · not in the team") && text.contains("coach team add 'Robin' --role ROLE"))

    // Within three days: Sam has nothing then, so he is left out.
    let soon = try JSON.decode(try coach(["due", "--within", "3d", "--json"]).stdout)
    #expect(soon["people"].array?.compactMap { $0["name"].string }.contains("Sam Lee") == false)
    let onlyDana = try JSON.decode(try coach(["due", "--with", "dana", "--json"]).stdout)
    #expect(onlyDana["people"].array?.count == 1)
    let nobody = try coach(["due", "--with", "Zed"])
    #expect(nobody.status == 66 && nobody.stderr.contains("neither in the team nor met"))
  }

  @Test func theTeamReportShowsEachPersonAtAGlance() throws {
    try makeTeam()
    let json = try JSON.decode(try coach(["report", "--team", "--format", "json"]).stdout)
    let rows = json["people"].array ?? []
    #expect(rows.compactMap { $0["name"].string } == ["Max Power", "Dana Reyes", "Sam Lee"], "the team only")
    let dana = rows[1]
    // Since 14 Sep (her first session), 79 days: 11 weekly 1-on-1s were due, 10 held; 2
    // ride-alongs due, 1 held; 2 monthly reviews and a business plan due, none held: 11 of 16.
    let coverage = dana["coverage"].array ?? []
    #expect(coverage.contains { $0["dialog"] == "one-on-one" && $0["held"] == 10 && $0["expected"] == 11 })
    #expect(coverage.contains { $0["dialog"] == "ride-along" && $0["held"] == 1 && $0["expected"] == 2 })
    #expect(coverage.contains { $0["dialog"] == "rep-review" && $0["held"] == 0 && $0["expected"] == 2 })
    #expect(coverage.contains { $0["dialog"] == "business-plan" && $0["held"] == 0 && $0["expected"] == 1 })
    #expect(dana["coverage_percent"] == 69)
    #expect(dana["last_one_on_one"] == "2026-11-16" && dana["overdue_actions"] == 2)
    let opportunities = try #require(
      dana["metrics"].array?.first { $0["step"] == "weekly_new_opportunities" })
    #expect(opportunities["values"].array?.suffix(2) == [0, 0])
    #expect(dana["flags"].array?.contains { $0["twice"] == true } == true)
    // Under Max: his reports, down the tree; the text fits the width.
    let under = try JSON.decode(try coach(["report", "--team", "--with", "max", "--format", "json"]).stdout)
    #expect(under["people"].array?.compactMap { $0["name"].string } == ["Dana Reyes", "Sam Lee"])
    let text = try coach(["report", "--team"]).stdout
    #expect(text.contains("PERSON") && text.contains("Dana Reyes (rep)") && text.contains("twice"), "\(text)")
    for line in text.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 100, "\(line)") }
    let markdown = try coach(["report", "--team", "--format", "markdown"]).stdout
    #expect(markdown.contains("| Person | Rituals held |"))
    #expect(try coach(["report", "--team", "--with", "Zed"]).status == 66)
  }

  /// What due reads of each person is cached (team.cache): a new session, a paused one finished
  /// later and a deleted one all show at once.
  /// A leader's store whose mirror holds, as `coach sync` pulls them, this store's sessions and
  /// team file, as Max Power's (login `max`), who reports to the leader, Cora Chen (`cora`).
  func leaderStore() throws -> TemporaryFolder {
    let leader = TemporaryFolder("coach-leader")
    let mirror = TeamMirror(store: SessionStore(root: leader.path))
    try mirror.prepare()
    let own = SessionStore(root: store)
    var index = TeamMirror.Index(
      storeID: "store", login: "cora", pulledAt: Date(),
      people: [
        TeamMirror.Person(login: "cora", name: "Cora Chen", reportsTo: nil),
        TeamMirror.Person(login: "max", name: "Max Power", reportsTo: "cora"),
      ])
    for id in own.sessionIDs() {
      let bytes = try #require(FileManager.default.contents(atPath: try own.path(of: id)))
      try mirror.write(id, bytes: Array(bytes))
      index.sessions[id] = TeamMirror.Entry(owner: "max", machine: "laptop", revision: 1)
    }
    let teamFile = try #require(FileManager.default.contents(atPath: store + "/team.yaml"))
    try mirror.writeTeamFile(of: "max", Array(teamFile))
    try mirror.save(index)
    return leader
  }

  @Test func dueAndReportWithTeamShowTheOrgBelowAsLastPulled() throws {
    try makeTeam()
    let leader = try leaderStore()
    func run(_ arguments: [String]) throws -> (stdout: String, stderr: String, status: Int32) {
      try CoachProcess.run(
        arguments + ["--store", leader.path], environment: ["COACH_NOW": Self.today, "COLUMNS": "100"])
    }
    let due = try run(["due", "--team"])
    #expect(due.status == 0, "\(due.stderr)")
    #expect(due.stdout.contains("The org below you, as of the last coach sync"))
    #expect(due.stdout.contains("Max Power's team (max, reports to Cora Chen)"))
    let part = String(due.stdout[try #require(due.stdout.range(of: "Max Power's team"))!.lowerBound...])
    #expect(part.contains("Dana Reyes · rep"))
    #expect(part.contains("3 open, 2 overdue"))
    // Max's own role's rituals are his manager's to keep: he is not a row of his own list.
    #expect(!part.contains("Max Power · manager"))
    // Robin is met in Max's sessions but not in his team file: not one of his team's hints.
    #expect(part.contains("Robin · not in their team"))
    #expect(!part.contains("coach team add"))

    let json = try run(["due", "--team", "--json"])
    let org = try JSON.decode(json.stdout)["org"]
    #expect(org["login"] == "cora")
    let max = try #require(org["people"].array?.first)
    #expect(max["login"] == "max" && max["depth"] == 1 && max["reports_to"] == "Cora Chen")
    let names = (max["due"]["people"].array ?? []).compactMap { $0["name"].string }
    #expect(names.contains("Dana Reyes") && names.contains("Sam Lee"))

    // Only Dana, in the org too.
    let dana = try run(["due", "--team", "--with", "dana", "--json"])
    #expect(
      (try JSON.decode(dana.stdout)["org"]["people"].array?.first?["due"]["people"].array ?? []).compactMap {
        $0["name"].string
      } == ["Dana Reyes"])

    let report = try run(["report", "--team", "--format", "json"])
    #expect(report.status == 0, "\(report.stderr)")
    let rows = try #require(
      try JSON.decode(report.stdout)["org"]["people"].array?.first?["report"]["people"].array)
    // His team file's people but himself.
    #expect(rows.compactMap { $0["name"].string } == ["Dana Reyes", "Sam Lee"])

    // Max is not in the leader's team file: --with takes his part of the org.
    let text = try run(["report", "--team", "--with", "max"])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.hasPrefix("The org below you"))
    #expect(text.stdout.contains("Max Power's team (max, reports to Cora Chen)"))
    #expect(text.stdout.contains("Dana Reyes (rep)"))
    let markdown = try run(["report", "--team", "--format", "markdown"])
    #expect(markdown.stdout.contains("\n# The org below you, as of the last coach sync"))
    #expect(markdown.stdout.contains("\n## Max Power's team (max, reports to Cora Chen)\n\n| Person |"))
    let nobody = try run(["report", "--team", "--with", "Nobody"])
    #expect(nobody.status != 0)

    // A store that never synced says how to get the org.
    let own = try coach(["due", "--team"])
    #expect(own.status == 0)
    #expect(own.stdout.contains("No org yet: coach sync"))
  }

  @Test func theDueCacheFollowsTheRecords() throws {
    try makeTeam()
    func ritual(_ name: String, _ dialog: String = "one-on-one") throws -> Value {
      let json = try JSON.decode(try coach(["due", "--json"]).stdout)
      let person = try #require(json["people"].array?.first { $0["name"].string == name })
      return try #require(rituals(person)[dialog])
    }
    #expect(try ritual("Sam Lee")["held"] == 1)
    let cache = store + "/team.cache"
    #expect(((try FileManager.default.attributesOfItem(atPath: cache))[.posixPermissions] as? Int) == 0o600)
    try hold("one-on-one", with: "Sam Lee", at: "2026-12-01T10:00:00Z", ["next_meeting": "2026-12-09"])
    #expect(try ritual("Sam Lee")["held"] == 2)
    #expect(try ritual("Sam Lee")["agreed"] == "2026-12-09")
    // Robin's next 1-on-1, paused after its first answer, then finished another day.
    let paused = try CoachProcess.run(
      ["start", "one-on-one", "--with", "Robin", "--store", store], stdin: "y\n/pause\n",
      environment: ["COACH_NOW": "2026-12-01T09:00:00Z"])
    #expect(paused.status == 0, "\(paused.stderr)")
    #expect(try ritual("Robin")["held"] == 2 && ritual("Robin")["agreed"] == .null)
    let sessions = try JSON.decode(try coach(["sessions", "--json", "--with", "Robin"]).stdout)
    let id = try #require(sessions.array?.first { $0["status"] == "paused" }?["id"].string)
    let resumed = try CoachProcess(
      ["resume", id, "--jsonl", "--store", store], environment: ["COACH_NOW": Self.today])
    try resumed.drive { $0["id"] == "next_meeting" ? "2026-12-20" : SampleAnswers.answer(to: $0) }
    #expect(resumed.wait() == 0)
    #expect(try ritual("Robin")["agreed"] == "2026-12-20")
    // Deleting a session takes the cache with it.
    let sam = try JSON.decode(try coach(["sessions", "--json", "--with", "Sam Lee"]).stdout)
    let newest = try #require(sam.array?.first?["id"].string)
    #expect(try coach(["delete", newest, "--yes"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: cache))
    #expect(try ritual("Sam Lee")["held"] == 1)
  }

  @Test func theCalendarReadsInARealICalendarParser() throws {
    try makeTeam()
    try hold("one-on-one", with: "Sam Lee", at: "2026-12-01T10:00:00Z", ["next_meeting": "2026-12-08"])
    let file = temporary.path + "/due.ics"
    let written = try coach(["calendar", "--out", file])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.hasPrefix("Wrote "))
    #expect(((try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? Int) == 0o600)
    let first = try parse(file)
    let events = first.filter { $0["kind"] == "VEVENT" }
    let todos = first.filter { $0["kind"] == "VTODO" }
    let danaOneOnOne = try #require(
      events.first { $0["summary"].string?.hasPrefix("Weekly 1-on-1 with Dana Reyes") == true })
    // Overdue: on today, with when it was due.
    #expect(danaOneOnOne["start"] == "2026-12-02" && danaOneOnOne["status"] == "CONFIRMED")
    #expect(danaOneOnOne["summary"].string?.contains("due since Mon 30 Nov 2026") == true)
    #expect(danaOneOnOne["description"].string?.contains("Call Beta's counsel (") == true)
    let samNext = try #require(events.first { $0["summary"] == "Weekly 1-on-1 with Sam Lee" })
    #expect(samNext["start"] == "2026-12-08" && samNext["end"] == "2026-12-09")
    let budget = try #require(todos.first { $0["summary"] == "Ask for the budget early" })
    #expect(budget["due"] == "2026-12-15" && budget["status"] == "NEEDS-ACTION")
    let uids = first.compactMap { $0["uid"].string }
    #expect(Set(uids).count == uids.count, "every UID once")
    // A later export: the same UIDs (an import updates), a higher sequence, nothing private.
    let again = try coach(["calendar"], at: "2026-12-03T09:00:00Z")
    try again.stdout.write(toFile: file, atomically: true, encoding: .utf8)
    let second = try parse(file)
    #expect(Set(second.compactMap { $0["uid"].string }) == Set(uids))
    #expect((second.first?["sequence"].number ?? 0) > (first.first?["sequence"].number ?? 0))
    #expect(again.stdout.contains("\r\n") && !again.stdout.contains("\n\n"))
    for line in again.stdout.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
  }

  @Test func nothingPrivateReachesTheCalendar() throws {
    let coach = try CoachProcess(
      ["start", "one-on-one", "--with", "Dana", "--jsonl", "--store", store],
      environment: ["COACH_NOW": Self.today])
    var noted = false
    try coach.drive { prompt in
      if !noted {
        try coach.send("/private Dana is going through a divorce")
        noted = true
      }
      return SampleAnswers.answer(to: prompt, answers: ["course_of_action": "Book the training due:+5d"])
    }
    #expect(coach.wait() == 0)
    let calendar = try self.coach(["calendar"])
    #expect(calendar.status == 0)
    #expect(calendar.stdout.contains("Book the training"))
    #expect(!calendar.stdout.contains("divorce"))
  }

  /// The events and to-dos of an iCalendar file, as Python's icalendar reads them.
  func parse(_ file: String) throws -> [Value] {
    let script = """
      import json, sys
      from icalendar import Calendar
      cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
      out = []
      for c in cal.walk():
          if c.name not in ('VEVENT', 'VTODO'):
              continue
          def day(key):
              v = c.get(key)
              return v.dt.isoformat() if v is not None else None
          out.append({'kind': c.name, 'uid': str(c.get('uid')), 'summary': str(c.get('summary')),
                      'description': str(c.get('description')), 'status': str(c.get('status')),
                      'start': day('dtstart'), 'end': day('dtend'), 'due': day('due'),
                      'sequence': int(c.get('sequence', 0))})
      print(json.dumps(out))
      """
    let result = try CoachProcess.runProgram("/usr/bin/python3", ["-c", script, file])
    #expect(result.status == 0, "icalendar could not read the file: \(result.stderr)")
    return try JSON.decode(result.stdout).array ?? []
  }

  @Test func teamCommandsValidateWhatTheyWrite() throws {
    #expect(try coach(["team"]).stdout.contains("No team yet"))
    #expect(try coach(["team", "add", "Max Power", "--role", "manager"]).status == 0)
    let badRole = try coach(["team", "add", "Dana", "--role", "boss"])
    #expect(
      badRole.status == 64 && badRole.stderr.contains("--role is rep, manager, leader, ceo or candidate"))
    let noManager = try coach(["team", "add", "Dana", "--role", "rep", "--reports-to", "Zed"])
    #expect(noManager.status == 64 && noManager.stderr.contains("Zed is not in the team: add them first"))
    let badCadence = try coach(["team", "add", "Dana", "--role", "rep", "--cadence", "one-on-onr=7d"])
    #expect(badCadence.stderr.contains("did you mean 'one-on-one'?"))
    let added = try coach([
      "team", "add", "Dana", "--role", "rep", "--reports-to", "max", "--cadence", "ride-along=2w",
    ])
    #expect(added.status == 0)
    #expect(
      added.stdout.contains(
        "Added Dana (rep, reports to Max Power): Weekly 1-on-1 every week; Monthly rep review every 30 days; Six-month business plan every 182 days; Ride-along debrief every 2 weeks."
      )
    )
    #expect(try coach(["team", "add", "dana", "--role", "rep"]).stderr.contains("already in the team"))
    let loop = try coach(["team", "set", "Max Power", "--reports-to", "Dana"])
    #expect(loop.status == 64 && loop.stderr.contains("the reporting line loops"))
    let removeManager = try coach(["team", "remove", "Max"])
    #expect(removeManager.status == 64 && removeManager.stderr.contains("Dana reports to Max Power"))
    #expect(
      try coach(["team", "set", "Dana", "--cadence", "ride-along=none"]).stdout.contains(
        "Weekly 1-on-1 every week; Monthly rep review every 30 days; Six-month business plan every 182 days.")
    )
    let path = store + "/team.yaml"
    #expect(((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int) == 0o600)
    let json = try JSON.decode(try coach(["team", "--json"]).stdout)
    #expect(json["people"].array?.map { $0["name"] } == ["Max Power", "Dana"])
    #expect(try coach(["team", "remove", "dana"]).status == 0)
    #expect(try coach(["team", "remove", "dana"]).status == 66)
  }

  @Test func aHandEditedTeamFileWithErrorsIsLocated() throws {
    try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
    let text = """
      version: 1
      people:
        - name: Dana
          role: rep
          reports_to: Max
        - name: Max
          role: boss
        - name: dana
          role: rep
          cadence:
            one-on-one: 7x
            ride-alng: 14d

      """
    try text.write(toFile: store + "/team.yaml", atomically: true, encoding: .utf8)
    for command in [["team"], ["due"], ["calendar"]] {
      let result = try coach(command)
      #expect(result.status == 65, "\(command)")
      #expect(
        result.stderr.contains(
          "team.yaml:7:11: error[C005]: 'role' is rep, manager, leader, ceo or candidate, not 'boss'"),
        "\(result.stderr)")
      #expect(result.stderr.contains("team.yaml:8:5: error[C050]: dana is in the team twice"))
      #expect(result.stderr.contains("team.yaml:11:19: error[C005]"))
      #expect(result.stderr.contains("team.yaml:12:7: error[C053]: coach has no dialog 'ride-alng'"))
      #expect(!result.stderr.contains("C051"), "Max is in the file, though his entry has an error")
    }
    let add = try coach(["team", "add", "Sam", "--role", "rep"])
    #expect(add.status == 65)
    #expect(
      try String(contentsOfFile: store + "/team.yaml", encoding: .utf8) == text,
      "a broken file is not rewritten")
  }
}
