// Non-variadic wrappers over libedit for Swift, which cannot call C variadic functions
// (`el_set`, `el_get`, `history`). Every wrapper uses the wide-character entry points
// (`el_wset`, `history_w`): strings are `wchar_t` (UTF-32 on Linux), so nothing depends on the
// locale's multibyte conversion except libedit's own output.
//
// Only wrappers live here: state that must be C (signals, the exit path) is in the CCoachSystem
// target.

#ifndef COACH_CEDITLINE_SHIM_H
#define COACH_CEDITLINE_SHIM_H

#include <histedit.h>

#include <stdio.h>
#include <wchar.h>

/// The standard streams (Swift 6 rejects direct use of the mutable C globals).
static inline FILE *coach_stdin(void) { return stdin; }
static inline FILE *coach_stdout(void) { return stdout; }
static inline FILE *coach_stderr(void) { return stderr; }

/// The type of a function added with `EL_ADDFN` (libedit does not export a name for it).
typedef unsigned char (*coach_el_func_t)(EditLine *, int);

// MARK: - el_wset / el_wget

/// `EL_PROMPT_ESC`: the prompt function, and the character that brackets literal (non-printing)
/// runs in the prompt. libedit prints a literal run together with the visible character that
/// follows it, so a literal at the very end of the prompt is dropped.
static inline int coach_el_set_prompt_esc(EditLine *el, wchar_t *(*prompt)(EditLine *),
                                          wchar_t esc) {
  return el_wset(el, EL_PROMPT_ESC, prompt, (int)esc);
}

/// `EL_CLIENTDATA`: an opaque pointer the callbacks get back with `coach_el_get_clientdata`.
static inline int coach_el_set_clientdata(EditLine *el, void *data) {
  return el_wset(el, EL_CLIENTDATA, data);
}

static inline void *coach_el_get_clientdata(EditLine *el) {
  void *data = NULL;
  if (el_wget(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

/// `EL_GETCFN`: the function libedit calls to read one character (1: read, 0: end of file,
/// -1: error, with errno set).
static inline int coach_el_set_getcfn(EditLine *el, int (*getc)(EditLine *, wchar_t *)) {
  return el_wset(el, EL_GETCFN, getc);
}

/// `EL_ADDFN`: names a user function so that it can be bound to keys. libedit keeps the `name`
/// and `help` pointers (it does not copy them): they must outlive `el`.
static inline int coach_el_addfn(EditLine *el, const wchar_t *name, const wchar_t *help,
                                 coach_el_func_t func) {
  return el_wset(el, EL_ADDFN, name, help, func);
}

/// `EL_BIND`: binds `key` (in `bind` notation: `^I`, `\e[3~`) to the editor function `function`.
static inline int coach_el_bind(EditLine *el, const wchar_t *key, const wchar_t *function) {
  return el_wset(el, EL_BIND, key, function, (const wchar_t *)NULL);
}

/// `EL_EDITOR`: `emacs` or `vi` key maps (this resets every binding).
static inline int coach_el_set_editor(EditLine *el, const wchar_t *mode) {
  return el_wset(el, EL_EDITOR, mode);
}

/// `EL_SIGNAL`: whether libedit installs its own signal handlers while reading.
static inline int coach_el_set_signal(EditLine *el, int on) {
  return el_wset(el, EL_SIGNAL, on);
}

/// `EL_HIST`: the (wide) history used by the history and search functions.
static inline int coach_el_set_hist(EditLine *el, HistoryW *history) {
  return el_wset(el, EL_HIST, history_w, history);
}

/// `EL_PREP_TERM`: puts the terminal in libedit's raw (1) or the saved cooked (0) mode.
static inline int coach_el_prep_term(EditLine *el, int raw) {
  return el_wset(el, EL_PREP_TERM, raw);
}

/// `EL_REFRESH`: forgets what libedit believes is on the screen and redraws the prompt and the
/// line from the current cursor position.
static inline int coach_el_refresh(EditLine *el) { return el_wset(el, EL_REFRESH); }

/// `EL_GETFP` 1: the stream libedit writes to.
static inline FILE *coach_el_get_outfile(EditLine *el) {
  FILE *fp = NULL;
  if (el_wget(el, EL_GETFP, 1, &fp) != 0) return NULL;
  return fp;
}

/// Reads a startup file (`bind`, `setty`, … commands); NULL means `$EDITRC` or `~/.editrc`
/// (libedit builds with neither `issetugid` nor `secure_getenv` refuse NULL).
static inline int coach_el_source(EditLine *el, const char *path) { return el_source(el, path); }

// MARK: - history_w

static inline int coach_history_setsize(HistoryW *h, int size) {
  HistEventW ev;
  return history_w(h, &ev, H_SETSIZE, size);
}

/// `H_SETUNIQUE`: when on, entering a line equal to the newest entry adds nothing.
static inline int coach_history_setunique(HistoryW *h, int unique) {
  HistEventW ev;
  return history_w(h, &ev, H_SETUNIQUE, unique);
}

/// `H_ENTER`: adds `line` as the newest entry.
static inline int coach_history_enter(HistoryW *h, const wchar_t *line) {
  HistEventW ev;
  return history_w(h, &ev, H_ENTER, line);
}

/// `H_CLEAR`: forgets every entry.
static inline int coach_history_clear(HistoryW *h) {
  HistEventW ev;
  return history_w(h, &ev, H_CLEAR);
}

/// `H_GETSIZE`: the number of entries.
static inline int coach_history_count(HistoryW *h) {
  HistEventW ev;
  if (history_w(h, &ev, H_GETSIZE) != 0) return 0;
  return ev.num;
}

#endif
