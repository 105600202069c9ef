internal import CCoachSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The signals a read reacts to, turned into bytes on a self-pipe so that the reader can `poll`
/// its input and the signals together (no race between a flag check and a blocking `read`).
///
/// The line editor installs the handlers only for the duration of a read (`install`/`restore`);
/// outside a read the process's own dispositions apply. The plain reader keeps its own for its
/// lifetime. The state the handlers need is C, in the CCoachSystem target.
final class TerminalSignals {
  /// INT clears the line or interrupts; TERM, HUP and QUIT end the read; WINCH redraws; TSTP and
  /// CONT suspend and resume with the terminal restored in between.
  static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT]

  /// The end of the pipe to poll; readable when a signal has arrived.
  let readEnd: Int32
  private let writeEnd: Int32
  private var saved: [(signal: Int32, action: sigaction)] = []

  /// The signals this one routes to its pipe.
  let signals: [Int32]

  init?(watching signals: [Int32] = TerminalSignals.watched) {
    self.signals = signals
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return nil }
    for end in ends {
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
    }
    readEnd = ends[0]
    writeEnd = ends[1]
  }

  deinit {
    restore()
    close(readEnd)
    close(writeEnd)
  }

  /// Routes the watched signals to the pipe (no `SA_RESTART`), remembering the old actions.
  func install() {
    guard saved.isEmpty else { return }
    for signal in signals {
      var old = sigaction()
      if coach_signal_install(signal, writeEnd, &old) == 0 { saved.append((signal, old)) }
    }
  }

  /// Puts back the actions `install` replaced.
  func restore() {
    for (signal, action) in saved.reversed() {
      var action = action
      _ = coach_signal_restore(signal, &action)
    }
    saved = []
  }

  /// The signals that arrived since the last call, oldest first.
  func drain() -> [Int32] {
    var signals: [Int32] = []
    var buffer = [UInt8](repeating: 0, count: 64)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
      if count > 0 {
        signals += buffer[0..<count].map { Int32($0) }
      } else if count < 0, errno == EINTR {
        continue
      } else {
        return signals
      }
    }
  }

  /// Stops the process as the default SIGTSTP action would, returning once it is continued.
  func stopProcess() {
    coach_signal_stop_self(writeEnd)
  }

  /// Until `disarmExitRestore`, a call to `exit` puts `attributes` back on `fd` and turns
  /// bracketed paste off if `paste`: a process that exits in the middle of a read does not leave
  /// the terminal raw.
  static func armExitRestore(fd: Int32, attributes: termios, paste: Bool) {
    var attributes = attributes
    coach_exit_arm(fd, &attributes, paste ? 1 : 0)
  }

  static func disarmExitRestore() {
    coach_exit_disarm()
  }
}
