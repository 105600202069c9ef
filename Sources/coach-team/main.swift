import CoachCLI
import CoachTeamCLI

// `coach-team`: coach with the team store. `coach sync` and `coach org` hand over to it, so
// that no other command of `coach` loads PostgreSQL's client.
TeamHandoff.runner = TeamRunner()
CoachProgram.main()
