import CoachTeamStore
import Foundation

// For scripts/bench (bench/team.py): connects to the team store as one login and runs the org
// views' query (TeamQuery.rituals(), what a team report reads) a number of times, printing one
// JSON line: the rows it gave, the sessions they count and each run's milliseconds (the
// connection left out).
//
//   team-query-bench URL [RUNS]       (the password from ~/.pgpass or PGPASSWORD)

#if TeamStore
  let arguments = CommandLine.arguments
  guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: team-query-bench URL [RUNS]\n".utf8))
    exit(64)
  }
  let runs = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
  do {
    let database = try await TeamDatabase.connect(try DatabaseURL(arguments[1]))
    var times: [Double] = []
    var rows = 0
    var sessions = 0
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      let rituals = try await TeamQuery(database).rituals()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
      rows = rituals.count
      sessions = rituals.map(\.sessions).reduce(0, +)
    }
    await database.close()
    let list = times.map { String(format: "%.2f", $0) }.joined(separator: ",")
    print("{\"rows\":\(rows),\"sessions\":\(sessions),\"ms\":[\(list)]}")
  } catch {
    FileHandle.standardError.write(Data("team-query-bench: \(error)\n".utf8))
    exit(1)
  }
#else
  FileHandle.standardError.write(Data("team-query-bench: built without the TeamStore trait\n".utf8))
  exit(69)
#endif
