import CoachTestSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzEntry.fuzz(data, size, FuzzEntry.expression)
}
