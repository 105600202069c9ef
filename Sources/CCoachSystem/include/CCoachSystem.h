// The process state coach keeps in C because it must be async-signal-safe: the self-pipe the
// signal handler writes to, and the terminal attributes `exit()` puts back. Its one copy lives
// in coach_system.c; Swift calls these functions (TerminalSignals, EditLineReader).

#ifndef COACH_SYSTEM_H
#define COACH_SYSTEM_H

#include <signal.h>
#include <termios.h>

/// Installs, for `signo`, a handler that writes the signal number as one byte to `fd` (the write
/// end of a non-blocking pipe). No `SA_RESTART`: a blocked call returns EINTR. The previous action
/// is stored in `old`. Returns 0, or -1 with errno set.
int coach_signal_install(int signo, int fd, struct sigaction *old);

/// Puts back an action saved by `coach_signal_install`.
int coach_signal_restore(int signo, const struct sigaction *old);

/// Stops the process the way the default SIGTSTP action would (job control), then, once
/// continued, installs the pipe handler again. An orphaned process group ignores the stop.
void coach_signal_stop_self(int fd);

/// While armed, `exit()` (from any thread) restores `saved` on `fd` and, if `paste`, turns
/// bracketed paste off. Registers the `atexit` hook on first use.
void coach_exit_arm(int fd, const struct termios *saved, int paste);

/// Disarms what `coach_exit_arm` armed.
void coach_exit_disarm(void);

/// The number of terminal columns `c` takes per the C library (0 combining, 2 wide, -1 not
/// printable); the locale must be a UTF-8 one.
int coach_wcwidth(int c);

#endif
