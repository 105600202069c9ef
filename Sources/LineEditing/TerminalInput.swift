#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the terminal one Unicode scalar at a time, decoding UTF-8 itself (so input does not
/// depend on the locale's multibyte conversion), and reports signals from `TerminalSignals` as
/// they arrive, by polling the input and the signal pipe together.
final class TerminalInput {
  enum Event: Equatable {
    case scalar(Unicode.Scalar)
    case endOfFile
    /// A read error, with its errno (EIO once the terminal has hung up).
    case failure(Int32)
    case signal(Int32)
    /// Nothing came in time.
    case timeout
  }

  private enum ByteEvent {
    case byte(UInt8)
    case other(Event)
  }

  let fd: Int32
  private let signals: TerminalSignals
  private var pushedBack: UInt8?
  private var deferredSignals: [Int32] = []

  init(fd: Int32, signals: TerminalSignals) {
    self.fd = fd
    self.signals = signals
  }

  /// Forgets the signals that arrived while no read was waiting for them.
  func discardPendingSignals() -> [Int32] {
    let stale = deferredSignals + signals.drain()
    deferredSignals = []
    return stale
  }

  /// Makes `next` report `signals` (before any new input).
  func postpone(_ signals: [Int32]) {
    deferredSignals = signals + deferredSignals
  }

  /// Seconds on a monotonic clock.
  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// Blocks until a character, the end of input, an error or a signal, or until `deadline`
  /// (``now()`` seconds) passes. A malformed UTF-8 sequence reads as U+FFFD; a signal in the
  /// middle of a sequence abandons it.
  func next(until deadline: Double? = nil) -> Event {
    let lead: UInt8
    switch nextByte(until: deadline) {
    case .other(let event): return event
    case .byte(let byte): lead = byte
    }
    if lead < 0x80 { return .scalar(Unicode.Scalar(lead)) }
    let (continuations, minimum): (Int, UInt32)
    switch lead {
    case 0xC2...0xDF: (continuations, minimum) = (1, 0x80)
    case 0xE0...0xEF: (continuations, minimum) = (2, 0x800)
    case 0xF0...0xF4: (continuations, minimum) = (3, 0x10000)
    default: return .scalar("\u{FFFD}")
    }
    var value = UInt32(lead) & (0xFF >> (continuations + 2))
    for _ in 0..<continuations {
      switch nextByte() {
      case .byte(let byte) where byte & 0xC0 == 0x80:
        value = value << 6 | UInt32(byte & 0x3F)
      case .byte(let byte):
        pushedBack = byte
        return .scalar("\u{FFFD}")
      case .other(.signal(let signal)):
        deferredSignals.insert(signal, at: 0)
        return .scalar("\u{FFFD}")
      case .other(let event):
        return event
      }
    }
    guard value >= minimum, let scalar = Unicode.Scalar(value) else { return .scalar("\u{FFFD}") }
    return .scalar(scalar)
  }

  private func nextByte(until deadline: Double? = nil) -> ByteEvent {
    if let byte = pushedBack {
      pushedBack = nil
      return .byte(byte)
    }
    if !deferredSignals.isEmpty { return .other(.signal(deferredSignals.removeFirst())) }
    while true {
      var descriptors = [
        pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
        pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
      ]
      var wait: Int32 = -1
      if let deadline {
        let remaining = deadline - Self.now()
        guard remaining > 0 else { return .other(.timeout) }
        wait = Int32(min(remaining * 1000, 60_000).rounded(.up))
      }
      let polled = poll(&descriptors, 2, wait)
      if polled < 0 {
        if errno == EINTR { continue }
        return .other(.failure(errno))
      }
      if polled == 0 { continue }
      if descriptors[0].revents & Int16(POLLIN) != 0 {
        var arrived = signals.drain()
        if !arrived.isEmpty {
          let first = arrived.removeFirst()
          deferredSignals += arrived
          return .other(.signal(first))
        }
      }
      let ready = descriptors[1].revents
      if ready & Int16(POLLNVAL) != 0 { return .other(.failure(EBADF)) }
      if ready & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        var byte: UInt8 = 0
        let count = read(fd, &byte, 1)
        if count == 1 { return .byte(byte) }
        if count == 0 { return .other(.endOfFile) }
        if errno == EINTR || errno == EAGAIN { continue }
        return .other(.failure(errno))
      }
    }
  }
}
