#define _XOPEN_SOURCE 700
#include "CCoachSystem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

// MARK: - Signals

static volatile int signal_fd = -1;

static void signal_handler(int signo) {
  int saved = errno;
  unsigned char byte = (unsigned char)signo;
  int fd = signal_fd;
  if (fd >= 0) (void)write(fd, &byte, 1);
  errno = saved;
}

int coach_signal_install(int signo, int fd, struct sigaction *old) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = signal_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  signal_fd = fd;
  return sigaction(signo, &action, old);
}

int coach_signal_restore(int signo, const struct sigaction *old) { return sigaction(signo, old, NULL); }

void coach_signal_stop_self(int fd) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGTSTP, &dfl, NULL);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &set, &old);
  raise(SIGTSTP);
  sigprocmask(SIG_SETMASK, &old, NULL);
  struct sigaction ignored;
  coach_signal_install(SIGTSTP, fd, &ignored);
}

// MARK: - The exit path

static struct {
  int armed;
  int registered;
  int fd;
  int paste;
  struct termios saved;
} exit_state;

static void exit_restore(void) {
  if (!exit_state.armed) return;
  exit_state.armed = 0;
  if (exit_state.paste) {
    static const char off[] = "\033[?2004l";
    (void)write(STDOUT_FILENO, off, sizeof off - 1);
  }
  (void)tcsetattr(exit_state.fd, TCSANOW, &exit_state.saved);
}

void coach_exit_arm(int fd, const struct termios *saved, int paste) {
  exit_state.fd = fd;
  exit_state.saved = *saved;
  exit_state.paste = paste;
  exit_state.armed = 1;
  if (!exit_state.registered) {
    exit_state.registered = 1;
    atexit(exit_restore);
  }
}

void coach_exit_disarm(void) { exit_state.armed = 0; }

int coach_wcwidth(int c) { return wcwidth((wchar_t)c); }
