#include "FuzzerDriver.h"

#include <stddef.h>
#include <stdint.h>

// From libFuzzer (linked by -sanitize=fuzzer) and from the target (its @_cdecl function).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int coach_fuzzer_main(int argc, char **argv) {
  return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
