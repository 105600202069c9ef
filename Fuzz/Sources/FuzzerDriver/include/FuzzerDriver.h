#ifndef COACH_FUZZER_DRIVER_H
#define COACH_FUZZER_DRIVER_H

/// Runs libFuzzer on the target's LLVMFuzzerTestOneInput with the command line's options.
///
/// SwiftPM links an executable with `main` set to `<module>_main`, the entry point of its
/// `main.swift`, so libFuzzer's own `main` is never used: each target's `main.swift` calls this.
int coach_fuzzer_main(int argc, char **argv);

#endif
