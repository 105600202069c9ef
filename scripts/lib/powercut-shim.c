/*
 * powercut-shim.c: an LD_PRELOAD library for scripts/powercut.
 *
 * A power cut loses everything the kernel had not yet written to the disk. A SIGKILL cannot show
 * that, because the page cache survives the process. This shim lets the driver simulate the loss:
 * it tracks, for every session record (<store>/sessions/<id>.jsonl) the process writes, the
 * file's length at its last completed fdatasync/fsync, and publishes it in a small side file,
 * rewritten (temporary file + rename) after each sync and before the call returns. Since coach
 * prints a prompt only after the sync that precedes it, whatever the driver finds published is
 * at least as new as the last prompt it has read. The driver then cuts the record back to the
 * published length (plus, sometimes, a torn part of the unsynced bytes) and SIGKILLs the process.
 *
 * Optionally the shim makes the cut itself: on the k-th write(2) to a record (COACH_CUT_AT=k) it
 * performs only a prefix of that write, publishes, tells the driver through a pipe and stops
 * itself with SIGSTOP, so that the driver can cut and kill it.
 *
 * Which calls coach makes on its records (nm -D on the binary, strace of a session): open with
 * O_WRONLY|O_APPEND, flock, write, fdatasync, ftruncate (when
 * resume cuts a torn tail), close; fsync on the sessions folder after creating a record. This
 * shim wraps write, writev, pwrite, pwrite64, fsync, fdatasync, ftruncate, ftruncate64 and link (the
 * ones coach does not use on records are wrapped so that a change to the writer cannot slip past
 * the test unnoticed: they tear the same way). close is not wrapped: it makes nothing durable
 * and the shim keeps no per-descriptor cache (it asks /proc/self/fd on every call).
 *
 * Environment (all removed from the environment at load, with LD_PRELOAD, so that no child
 * process inherits them; only the process under test acts):
 *   POWERCUT_SESSIONS  the absolute, resolved path of <store>/sessions; only files directly in it
 *                      named *.jsonl are touched. Without it the shim does nothing.
 *   POWERCUT_STATE     the side file to publish to (written via POWERCUT_STATE.tmp + rename).
 *   COACH_CUT_AT       k >= 1: tear the k-th write to a record (counted over all records).
 *   COACH_CUT_MODE     how much of that write is done: none, full, random, utf8 (inside a
 *                      multi-byte UTF-8 character when the data has one), nonl (all but a final
 *                      newline).
 *   COACH_CUT_SEED     seed of the shim's random choice of the prefix.
 *   POWERCUT_NOTIFY_FD a descriptor on which one byte 'C' is written when the shim stops itself.
 *
 * Side file, one item a line:
 *   pid P
 *   dirsyncs N                      completed fsyncs of the sessions folder
 *   recordwrites N                  write calls to records so far
 *   cut OFFSET WRITTEN TOTAL        the torn write: file offset, bytes done, bytes asked (-1 none)
 *   rec SYNCED TRUNC WRITES SYNCS PATH
 *                                   per record: length at the last completed sync (-1: none in
 *                                   this process), length of an ftruncate not synced since (-1:
 *                                   none), write and sync calls
 *
 * Built by scripts/powercut with: cc -shared -fPIC -O2 -o shim.so powercut-shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);

#define MAX_RECORDS 16
struct record {
  char path[4096];
  long long synced;  /* length at the last completed sync in this process, -1 if none */
  long long trunc;   /* length set by an ftruncate not synced since, -1 if none */
  long writes;
  long syncs;
};

static int active;
static char sessions_dir[4096];
static size_t sessions_len;
static char state_path[4096];
static char state_tmp[4200];
static long cut_at;
static char cut_mode[16] = "random";
static uint64_t rng_state = 88172645463325252ULL;
static int notify_fd = -1;
static long record_writes;
static long dir_syncs;
static long long cut_offset = -1, cut_written = -1, cut_total = -1;
static struct record records[MAX_RECORDS];
static int record_count;

#define RESOLVE(name)                                      \
  do {                                                     \
    if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name); \
  } while (0)

static uint64_t next_random(void) {
  /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ULL;
}

__attribute__((constructor)) static void powercut_init(void) {
  const char *dir = getenv("POWERCUT_SESSIONS");
  const char *state = getenv("POWERCUT_STATE");
  if (dir && state && strlen(dir) < sizeof sessions_dir && strlen(state) < sizeof state_path) {
    strcpy(sessions_dir, dir);
    sessions_len = strlen(sessions_dir);
    while (sessions_len > 1 && sessions_dir[sessions_len - 1] == '/') sessions_dir[--sessions_len] = 0;
    strcpy(state_path, state);
    snprintf(state_tmp, sizeof state_tmp, "%s.tmp", state_path);
    const char *at = getenv("COACH_CUT_AT");
    if (at) cut_at = strtol(at, NULL, 10);
    const char *mode = getenv("COACH_CUT_MODE");
    if (mode && strlen(mode) < sizeof cut_mode) strcpy(cut_mode, mode);
    const char *seed = getenv("COACH_CUT_SEED");
    if (seed) rng_state ^= strtoull(seed, NULL, 10) * 0x9E3779B97F4A7C15ULL + 1;
    const char *fd = getenv("POWERCUT_NOTIFY_FD");
    if (fd) notify_fd = (int)strtol(fd, NULL, 10);
    active = 1;
  }
  /* Only the process under test: nothing it starts inherits the shim or its settings. */
  unsetenv("LD_PRELOAD");
  unsetenv("POWERCUT_SESSIONS");
  unsetenv("POWERCUT_STATE");
  unsetenv("COACH_CUT_AT");
  unsetenv("COACH_CUT_MODE");
  unsetenv("COACH_CUT_SEED");
  unsetenv("POWERCUT_NOTIFY_FD");
}

/* The path `fd` refers to, or 0 when it cannot be told. */
static int fd_path(int fd, char *path, size_t size) {
  char link[64];
  if (fd < 0) return 0;
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, size - 1);
  if (n <= 0) return 0;
  path[n] = 0;
  return 1;
}

/* The record `fd` writes to, added to the table when new; NULL when `fd` is not a record. */
static struct record *record_for(int fd) {
  char path[4096];
  if (!active || !fd_path(fd, path, sizeof path)) return NULL;
  if (strncmp(path, sessions_dir, sessions_len) != 0 || path[sessions_len] != '/') return NULL;
  const char *name = path + sessions_len + 1;
  size_t len = strlen(name);
  if (strchr(name, '/') || len <= 6 || strcmp(name + len - 6, ".jsonl") != 0) return NULL;
  for (int i = 0; i < record_count; i++)
    if (strcmp(records[i].path, path) == 0) return &records[i];
  if (record_count == MAX_RECORDS) return NULL;
  struct record *r = &records[record_count++];
  strcpy(r->path, path);
  r->synced = -1;
  r->trunc = -1;
  r->writes = 0;
  r->syncs = 0;
  return r;
}

static int is_sessions_dir(int fd) {
  char path[4096];
  return active && fd_path(fd, path, sizeof path) && strcmp(path, sessions_dir) == 0;
}

static void write_all(int fd, const char *data, size_t n) {
  RESOLVE(write);
  while (n > 0) {
    ssize_t w = real_write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    data += w;
    n -= (size_t)w;
  }
}

/* Rewrites the side file atomically: a reader sees the old state or the new one, never half. */
static void publish(void) {
  static char text[MAX_RECORDS * 4200 + 512];
  int saved = errno;
  size_t used = (size_t)snprintf(text, sizeof text, "pid %d\ndirsyncs %ld\nrecordwrites %ld\ncut %lld %lld %lld\n",
                                 (int)getpid(), dir_syncs, record_writes, cut_offset, cut_written, cut_total);
  for (int i = 0; i < record_count && used < sizeof text; i++) {
    struct record *r = &records[i];
    used += (size_t)snprintf(text + used, sizeof text - used, "rec %lld %lld %ld %ld %s\n", r->synced, r->trunc,
                             r->writes, r->syncs, r->path);
  }
  if (used > sizeof text) used = sizeof text;
  int fd = open(state_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    write_all(fd, text, used);
    close(fd);
    rename(state_tmp, state_path);
  }
  errno = saved;
}

/* How many of the `n` bytes of the torn write are done, as COACH_CUT_MODE says. */
static size_t prefix_length(const unsigned char *data, size_t n) {
  if (n == 0 || strcmp(cut_mode, "none") == 0) return 0;
  if (strcmp(cut_mode, "full") == 0) return n;
  if (strcmp(cut_mode, "nonl") == 0 && data[n - 1] == '\n') return n - 1;
  if (strcmp(cut_mode, "utf8") == 0) {
    /* A cut just before a continuation byte (10xxxxxx) ends inside a character. */
    size_t count = 0;
    for (size_t i = 1; i < n; i++)
      if ((data[i] & 0xC0) == 0x80) count++;
    if (count > 0) {
      size_t pick = (size_t)(next_random() % count);
      for (size_t i = 1; i < n; i++)
        if ((data[i] & 0xC0) == 0x80 && pick-- == 0) return i;
    }
  }
  return n > 1 ? 1 + (size_t)(next_random() % (n - 1)) : 0;
}

/* Does part of the write, publishes, tells the driver and stops: the driver cuts and kills. */
static void tear(int fd, const void *data, size_t n) {
  struct stat st;
  size_t m = prefix_length(data, n);
  cut_offset = fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
  write_all(fd, data, m);
  cut_written = (long long)m;
  cut_total = (long long)n;
  publish();
  if (notify_fd >= 0) write_all(notify_fd, "C", 1);
  for (;;) raise(SIGSTOP);
}

/* Counts a write to a record and tears it when it is the one chosen. */
static void before_record_write(int fd, struct record *r, const void *data, size_t n) {
  r->writes++;
  record_writes++;
  if (cut_at > 0 && record_writes == cut_at) tear(fd, data, n);
}

static void after_sync(int fd) {
  struct record *r = record_for(fd);
  if (r) {
    struct stat st;
    if (fstat(fd, &st) == 0) r->synced = (long long)st.st_size;
    r->trunc = -1;
    r->syncs++;
    publish();
  } else if (is_sessions_dir(fd)) {
    dir_syncs++;
    publish();
  }
}

ssize_t write(int fd, const void *data, size_t n) {
  RESOLVE(write);
  struct record *r = record_for(fd);
  if (r) before_record_write(fd, r, data, n);
  return real_write(fd, data, n);
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
  RESOLVE(writev);
  struct record *r = record_for(fd);
  if (r) {
    /* Torn as one write: gather it, so that the prefix can end anywhere. */
    size_t total = 0;
    for (int i = 0; i < count; i++) total += iov[i].iov_len;
    r->writes++;
    record_writes++;
    if (cut_at > 0 && record_writes == cut_at) {
      char *flat = malloc(total ? total : 1);
      if (flat) {
        size_t at = 0;
        for (int i = 0; i < count; i++) {
          memcpy(flat + at, iov[i].iov_base, iov[i].iov_len);
          at += iov[i].iov_len;
        }
        tear(fd, flat, total);
      }
    }
  }
  return real_writev(fd, iov, count);
}

ssize_t pwrite(int fd, const void *data, size_t n, off_t offset) {
  RESOLVE(pwrite);
  struct record *r = record_for(fd);
  if (r) before_record_write(fd, r, data, n); /* records are O_APPEND: pwrite appends too */
  return real_pwrite(fd, data, n, offset);
}

ssize_t pwrite64(int fd, const void *data, size_t n, off64_t offset) {
  RESOLVE(pwrite64);
  struct record *r = record_for(fd);
  if (r) before_record_write(fd, r, data, n);
  return real_pwrite64(fd, data, n, offset);
}

int fsync(int fd) {
  RESOLVE(fsync);
  int rc = real_fsync(fd);
  if (rc == 0) after_sync(fd);
  return rc;
}

int fdatasync(int fd) {
  RESOLVE(fdatasync);
  int rc = real_fdatasync(fd);
  if (rc == 0) after_sync(fd);
  return rc;
}

static void after_truncate(int fd, long long length) {
  struct record *r = record_for(fd);
  if (r) {
    r->trunc = length;
    publish();
  }
}

int ftruncate(int fd, off_t length) {
  RESOLVE(ftruncate);
  int rc = real_ftruncate(fd, length);
  if (rc == 0) after_truncate(fd, (long long)length);
  return rc;
}

int ftruncate64(int fd, off64_t length) {
  RESOLVE(ftruncate64);
  int rc = real_ftruncate64(fd, length);
  if (rc == 0) after_truncate(fd, (long long)length);
  return rc;
}

/* coach writes a new record's header in a hidden file of the sessions folder, syncs it and links
 * it under the record's name: the linked name shares the file, so it shares what was synced of
 * it. (Until the folder is synced after it, a real power cut may lose the new name whole, which
 * loses nothing shown: no prompt comes before that sync.) */
static int (*real_link)(const char *, const char *);

int link(const char *from, const char *to) {
  RESOLVE(link);
  int rc = real_link(from, to);
  if (rc != 0 || !active) return rc;
  int saved = errno;
  char source[4096], target[4096];
  if (realpath(from, source) && realpath(to, target)) {
    for (int i = 0; i < record_count; i++) {
      if (strcmp(records[i].path, source) != 0 || record_count == MAX_RECORDS) continue;
      struct record *r = &records[record_count++];
      *r = records[i];
      strcpy(r->path, target);
      publish();
      break;
    }
  }
  errno = saved;
  return rc;
}
