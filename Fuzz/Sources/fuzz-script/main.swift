import Foundation
import FuzzerDriver

exit(coach_fuzzer_main(CommandLine.argc, CommandLine.unsafeArgv))
