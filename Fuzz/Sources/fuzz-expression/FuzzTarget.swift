import CoachTestSupport

/// One input, through FuzzEntry.expression; an outcome that is not proper (a refusal without a reason)
/// stops the run as a crash would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  for outcome in FuzzEntry.expression(bytes) where !outcome.isProper {
    fatalError("improper outcome: \(outcome)")
  }
  return 0
}
