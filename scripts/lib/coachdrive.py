"""coachdrive: what scripts/soak and scripts/powercut share.

They drive `coach start DIALOG --jsonl` and `coach resume ID --jsonl` sessions, answer every
prompt validly from its fields, interrupt the process at a chosen moment (the soak test kills it,
the power-cut test also throws away what was not synced), resume until the session completes,
and then check that every *acknowledged* input (one after which coach printed a later `prompt`
or `end` line) is in the folded record (`coach show ID --format json`), that no step was answered
twice and that `coach replay --check ID` passes. This module holds the pieces:

- `Coach`: runs the short commands (show, replay, sessions) with a timeout;
- `Launch`: one start/resume process in machine mode, read line by line with timeouts;
- `Answerer`: the line to type for a prompt, and what the record should then show;
- `Session`, `Input`: what was sent and acknowledged, across launches;
- `check_session`: the checks at the end of a session;
- `Findings`: a folder per failure (record, inputs, commands), printed at the end;
- `Harness`: the loop both scripts run; each says how a launch is interrupted.

Python 3 standard library only.
"""

import datetime
import json
import os
import random
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# No reply for this long after an input (or after a launch) is a hang.
REPLY_TIMEOUT = 20.0
# A session that needs more launches than this is not making progress.
MAX_LAUNCHES = 400
# The same prompt after this many valid answers in a row: coach is stuck.
STUCK_REPEATS = 6

# The known defects of the reliability review (../shared/reviews/reliability.md) that a failure
# kind maps to, so that the engineer can go from a finding to its fix.
KNOWN = {
    "M5-empty-record": "M5: a kill at creation leaves a 0-byte record that show/resume refuse",
    "M6-header-only-replay": "M6: killed after the header, before the first prompt: replay --check fails",
    "H3-lost-newline-event": "H3: a last event without its newline is read, then cut by resume",
    "H3-replay-divergence": "H3: the event resume cut makes replay --check diverge",
    "M6-resume-without-prompt": "M6 (general): a resume event after an answer whose prompt event was lost",
    "H3-end-event-cut": "H3: the end event lost its newline; resume cuts it and says 'already completed'",
    "stuck-prompt": "new: the same prompt again and again after valid answers, none recorded "
                    "(seen: action-review after its answer event was lost)",
    "loss-at-interruption": "an acknowledged input missing from show right after the interruption",
    "H4-torn-utf8-tail": "H4: a torn tail inside a UTF-8 character makes the record unreadable",
    "H4-invalid-utf8": "H4: invalid UTF-8 makes the whole record unreadable",
    "torn-header": "M5-like: a cut inside the header line leaves a record show/resume refuse",
    "store-sessions-warning": "sessions --json warns about a damaged record (see the kinds named)",
    "store-replay-all": "replay --check --all fails (see the kinds of the records named)",
}

# Every start/resume process alive, so that none is left behind on exit.
_LIVE = {}


def kill_strays():
    """SIGKILLs every coach process this module started that may still run (by pid)."""
    for pid, proc in list(_LIVE.items()):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except Exception:
            pass
        _LIVE.pop(pid, None)


def install_signal_handlers():
    """SIGTERM and SIGHUP end the run like Ctrl-C: cleanup runs in the callers' `finally`."""

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)


class Result:
    """The outcome of a short coach command."""

    def __init__(self, cmd, rc, out, err, elapsed, hung=False):
        self.cmd, self.rc, self.out, self.err = cmd, rc, out or b"", err or b""
        self.elapsed, self.hung = elapsed, hung

    def text(self):
        return self.out.decode("utf-8", "replace")

    def errtext(self):
        return self.err.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.out)


class Coach:
    """The binary under test and its short commands."""

    def __init__(self, binary):
        self.binary = os.path.abspath(binary)

    def cmd(self, args, store):
        return [self.binary] + list(args) + ["--store", store]

    def run(self, args, store, timeout=REPLY_TIMEOUT, stdin=b""):
        cmd = self.cmd(args, store)
        started = time.monotonic()
        try:
            p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:  # subprocess.run has killed it
            return Result(cmd, None, e.stdout, e.stderr, time.monotonic() - started, hung=True)
        return Result(cmd, p.returncode, p.stdout, p.stderr, time.monotonic() - started)

    def dialogs(self):
        r = subprocess.run([self.binary, "dialogs", "--json"], capture_output=True, timeout=REPLY_TIMEOUT)
        if r.returncode != 0:
            raise SystemExit(f"coach dialogs --json failed (exit {r.returncode}): {r.stderr.decode()}")
        return [d["id"] for d in json.loads(r.stdout) if d.get("valid", True)]


class Launch:
    """One `coach start|resume --jsonl` process: stdin a pipe, stdout read line by line."""

    def __init__(self, cmd, env=None, pass_fds=(), stderr_path=None):
        self.cmd = cmd
        self.stderr_file = open(stderr_path or os.devnull, "wb")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr_file,
            env=env, pass_fds=pass_fds, close_fds=True)
        _LIVE[self.proc.pid] = self.proc
        self.pid = self.proc.pid
        self.out = self.proc.stdout.fileno()
        os.set_blocking(self.out, False)
        self.buffer = b""
        self.eof = False
        self.lines = []  # every complete stdout line, raw
        self.sent = []  # every line written to stdin
        self.returncode = None

    def _pop_line(self):
        if b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            self.lines.append(line)
            return line
        return None

    def _read_chunk(self):
        try:
            data = os.read(self.out, 65536)
        except BlockingIOError:
            return True
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def next_event(self, timeout, extra=()):
        """('line', raw) | ('eof',) | ('timeout',) | ('fd', fd): the next thing that happens."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            line = self._pop_line()
            if line is not None:
                return ("line", line)
            if self.eof:
                return ("eof",)
            left = deadline - time.monotonic()
            if left <= 0:
                return ("timeout",)
            ready, _, _ = select.select([self.out] + list(extra), [], [], left)
            if self.out in ready:
                self._read_chunk()
                continue
            for fd in extra:
                if fd in ready:
                    return ("fd", fd)

    def send(self, line):
        """Writes one line; False when coach is gone (broken pipe)."""
        self.sent.append(line)
        try:
            self.proc.stdin.write(line.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def signal(self, sig):
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def state(self):
        """The process state letter from /proc (R, S, T, Z...), or None when it is gone."""
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as f:
                stat = f.read()
            return stat[stat.rindex(b")") + 2:][:1].decode()
        except (OSError, ValueError):
            return None

    def wait_stopped(self, timeout=5.0):
        """Waits until the process is stopped (T) or has exited; True when stopped."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.state()
            if s in ("T", "t"):
                return True
            if s in (None, "Z", "X"):
                return False
            time.sleep(0.0005)
        return False

    def drain_available(self):
        """Reads what is in the pipe now, without waiting (for a stopped process)."""
        while not self.eof:
            ready, _, _ = select.select([self.out], [], [], 0)
            if not ready or not self._read_chunk():
                break
        lines = []
        while (line := self._pop_line()) is not None:
            lines.append(line)
        return lines

    def drain_to_eof(self, timeout=10.0):
        """Reads every line left until coach's stdout closes (after a kill)."""
        lines = []
        deadline = time.monotonic() + timeout
        while True:
            line = self._pop_line()
            if line is not None:
                lines.append(line)
                continue
            if self.eof or time.monotonic() > deadline:
                return lines
            ready, _, _ = select.select([self.out], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                self._read_chunk()

    def wait(self, timeout=10.0):
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.returncode = self.proc.wait(timeout=10)
        _LIVE.pop(self.pid, None)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        self.stderr_file.close()
        return self.returncode


class Input:
    """One line sent to coach, what it answered and what the record must show for it."""

    def __init__(self, line, expect, prompt, payload=None, private=False):
        self.line = line
        self.expect = expect  # answer, item, list-end, skip, score, evidence, review, note, action-cmd, invalid
        self.step = prompt.get("id")
        self.kind = prompt.get("kind")
        self.part = prompt.get("part")
        self.payload = payload  # note or /action text
        self.private = private
        self.review_index = None
        m = re.search(r"\[(\d+) of (\d+)\]", prompt.get("text", ""))
        if self.kind == "action-review" and m:
            self.review_index = int(m.group(1)) - 1
        self.launch = None
        self.acked = False
        self.seen = False  # shown by `coach show` after an interruption
        self.refused = None  # the error coach gave, when it refused the line
        self.tail_event = False  # was in a last line without its newline at an interruption
        self.reported = False  # already reported as lost

    def describe(self):
        return f"{self.expect} {self.line!r} at {self.step}" + (f" ({self.part})" if self.part else "")


# Texts with multi-byte UTF-8 in them, so that a torn write can end inside a character.
_FLAVOURS = ["", "", "", " é", " — noted", " über", " 😀", " 中文", " naïve café", " ©"]
_WORDS = ["pipeline review", "discovery call", "pricing question", "renewal risk", "demo feedback",
          "next step agreed", "budget unclear", "champion found", "legal review", "quota plan"]


class Answerer:
    """Chooses the line to type for a prompt, valid by its fields, with commands mixed in."""

    def __init__(self, rng, note_rate=0.05, private_rate=0.03, action_rate=0.03, invalid_rate=0.02):
        self.rng = rng
        self.counter = 0
        self.rates = (note_rate, private_rate, action_rate, invalid_rate)

    def text(self, base=None):
        self.counter += 1
        base = base or self.rng.choice(_WORDS)
        return f"{base}{self.rng.choice(_FLAVOURS)} n{self.counter}"

    def due(self):
        return self.rng.choice(["friday", "+7d", "+3d", "tomorrow", "next monday", "+14d"])

    def next_input(self, prompt, session):
        rng = self.rng
        note, private, action, invalid = self.rates
        r = rng.random()
        if r < note:
            t = self.text("note")
            return Input("/note " + t, "note", prompt, payload=t)
        r -= note
        if r < private:
            t = self.text("private")
            return Input("/private " + t, "note", prompt, payload=t, private=True)
        r -= private
        if r < action:
            t = self.text("Follow up")
            owner = rng.choice([session.person, session.by])
            return Input(f"/action {t} @{owner} due:+7d", "action-cmd", prompt, payload=t)
        r -= action
        if r < invalid:
            bad = self.invalid(prompt)
            if bad is not None:
                return Input(bad, "invalid", prompt)
        return self.answer(prompt, session)

    def invalid(self, prompt):
        """A line coach must refuse (and record as an invalid attempt), for the simple kinds."""
        kind, part = prompt.get("kind"), prompt.get("part")
        if part:
            return None
        return {"yes-no": "maybe", "number": "lots", "percent": "many%", "date": "someday soon",
                "money": "a lot", "scale": "99"}.get(kind)

    def answer(self, p, s):
        rng = self.rng
        kind, part, step = p.get("kind"), p.get("part"), p.get("id")
        required = p.get("required", True)
        if kind == "list":
            items = p.get("items") or []
            s.list_prompts.setdefault(step, []).append(list(items))
            if step not in s.list_targets:
                low = p.get("min", 1 if required else 0)
                high = p.get("max", low + 3)
                if not required and rng.random() < 0.4:
                    low = high = 0
                s.list_targets[step] = rng.randint(low, max(low, min(high, low + 3)))
            if len(items) < max(s.list_targets[step], 1 if required else 0):
                return Input(self.text("item"), "item", p)
            return Input("", "list-end" if items else "skip", p)
        if kind == "rating" and part == "score":
            if not required and rng.random() < 0.15:
                return Input("/skip", "skip", p)
            scores = [a["score"] for a in p.get("anchors") or []] or list(range(p.get("min", 1), p.get("max", 4) + 1))
            return Input(str(rng.choice(scores)), "score", p)
        if part == "evidence":
            return Input(self.text("evidence"), "evidence", p)
        if kind == "action-review":
            today = datetime.date.today()
            choice = rng.choice(["done", "drop", "open", "date"])
            if choice == "date":
                choice = (today + datetime.timedelta(days=rng.randint(1, 30))).isoformat()
            return Input(choice, "review", p)
        if not required and kind not in ("list",) and rng.random() < 0.15:
            return Input(rng.choice(["", "/skip"]), "skip", p)
        if kind == "yes-no":
            line = rng.choice(["y", "n", "yes", "no", "Y"])
        elif kind == "scale":
            low, high = p.get("min", 1), p.get("max", 5)
            line = str(rng.randint(low, high))
        elif kind == "number":
            low = p.get("min", 0)
            high = p.get("max", low + 60)
            line = str(rng.randint(int(low), int(min(high, low + 60))))
        elif kind == "percent":
            low, high = p.get("min", 0), min(p.get("max", 100), 100)
            v = rng.randint(int(low), int(high))
            line = rng.choice([f"{v}%", str(v)])
        elif kind == "money":
            line = rng.choice([f"{rng.randint(1, 900)}k", f"${rng.randint(1, 99)},{rng.randint(100, 999)}",
                               str(rng.randint(0, 500000)), f"{rng.randint(1, 99)}.5k"])
        elif kind == "date":
            n = rng.randint(1, 30)
            line = rng.choice([f"+{n}d", "tomorrow", f"in {n} days", "next monday",
                               (datetime.date.today() + datetime.timedelta(days=n)).isoformat()])
        elif kind == "choice":
            choices = p.get("choices") or []
            i = rng.randrange(len(choices))
            line = rng.choice([str(i + 1), choices[i]["label"]])
        elif kind == "multi-choice":
            choices = p.get("choices") or []
            low = p.get("min", 1)
            high = min(p.get("max", len(choices)), len(choices), low + 3)
            picked = sorted(rng.sample(range(len(choices)), rng.randint(low, max(low, high))))
            line = ", ".join(str(i + 1) for i in picked)
        elif kind == "action":
            owner = rng.choice([s.person, s.by])
            line = f"{self.text('Call Beta')} @{owner} due:{self.due()}"
        else:  # text, and any kind this driver does not know: a text answer
            line = self.text()
        return Input(line, "answer", p)


class Session:
    """One session as the driver sees it, across its launches."""

    def __init__(self, number, store, dialog, person="Dana", by="Max"):
        self.number, self.store, self.dialog, self.person, self.by = number, store, dialog, person, by
        self.sid = None
        self.inputs = []
        self.launches = []  # dicts: argv, plan, outcome, inputs (indices), stdout lines
        self.snapshots = []  # (launch number, bytes or None) of the record after each interruption
        self.list_targets = {}
        self.list_prompts = {}  # step -> the `items` of each list prompt seen
        self.completed = False
        self.abandoned = None
        self.tail_kinds = set()  # what the record's tail looked like after interruptions
        self.failures = []  # kinds found in this session
        self.last_prompt_key = None
        self.repeats = 0

    @property
    def path(self):
        return os.path.join(self.store, "sessions", f"{self.sid}.jsonl") if self.sid else None

    def record_bytes(self):
        try:
            with open(self.path, "rb") as f:
                return f.read()
        except (OSError, TypeError):
            return None


def parse_events(data):
    """The events of a record as coach reads it: every line that parses, the header first."""
    events = []
    if not data:
        return events
    parts = data.split(b"\n")
    for i, part in enumerate(parts):
        if not part:
            continue
        try:
            events.append(json.loads(part.decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            if i != len(parts) - 1:
                events.append({"type": "__unreadable__"})
    return events


def tail_kind(data):
    """What the end of a record looks like: none, empty, header-only, clean, or a torn tail kind."""
    if data is None:
        return "none"
    if len(data) == 0:
        return "empty"
    if not data.endswith(b"\n"):
        head, _, tail = data.rpartition(b"\n")
        if not head and b"\n" not in data:
            return "torn-header"
        try:
            tail.decode("utf-8")
        except UnicodeDecodeError:
            return "torn-utf8"
        try:
            obj = json.loads(tail)
            if isinstance(obj, dict) and "type" in obj:
                return "lost-newline"
        except ValueError:
            pass
        return "torn-line"
    if data.count(b"\n") == 1:
        return "header-only"
    return "clean"


def resume_gaps(data, snapshots):
    """The resume events of a record that do not follow a prompt event, with what the record
    looked like at the interruption before each: [('header' | 'lost-newline' | 'no-prompt', line)].
    A resume right after the header, or right after an answer, partial, skip or flag (whose next
    prompt event was lost), makes `replay --check` report a divergence."""
    lines = (data or b"").split(b"\n")
    gaps = []
    for i, line in enumerate(lines):
        if i == 0 or b'"resume"' not in line:
            continue
        try:
            event, previous = json.loads(line), json.loads(lines[i - 1])
        except ValueError:
            continue
        if event.get("type") != "resume":
            continue
        if i == 1:
            gaps.append(("header", i))
            continue
        if previous.get("type") not in ("answer", "partial", "skip", "flag"):
            continue  # a flag is written with the answer that raised it, before the next prompt
        prefix = b"\n".join(lines[:i]) + b"\n"
        tail = None
        for _, snap in snapshots:
            if snap and snap.startswith(prefix) and snap.count(b"\n") == i:
                tail = tail_kind(snap)
        gaps.append(("lost-newline" if tail == "lost-newline" else "no-prompt", i))
    return gaps


def ends_with_lost_end(data):
    """Whether a record's last line is a complete `end` event without its newline."""
    return bool(data) and tail_kind(data) == "lost-newline" and b'"type":"end"' in data.rsplit(b"\n", 1)[-1]


def invalid_utf8(data):
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def present(inp, folded, events, final=True):
    """Whether input `inp` is in the record (`folded`: show --format json; `events`: its lines).
    With `final` false (a session still in progress), a list item or rating score whose step is
    not answered yet need only be in the record's events and the folded transcript."""
    step, line = inp.step, inp.line

    def has(**want):
        return any(all(e.get(k) == v for k, v in want.items()) for e in events)

    answers = folded.get("answers") or {}
    if not final and inp.expect in ("item", "score") and step not in answers:
        return has(type="partial", id=step, raw=line) and any(
            t.get("event") == "partial" and t.get("step") == step and t.get("text") == line
            for t in folded.get("transcript") or [])
    if inp.expect == "answer":
        ok = has(type="answer", id=step, raw=line) and step in answers
        if ok and inp.kind == "action":
            ok = any(a.get("id") == step for a in folded.get("action_items") or [])
        return ok
    if inp.expect == "item":
        return has(type="partial", id=step, raw=line) and line in (answers.get(step) or [])
    if inp.expect == "list-end":
        return has(type="answer", id=step, raw="") and isinstance(answers.get(step), list)
    if inp.expect == "skip":
        return has(type="skip", id=step) and step in (folded.get("skipped") or [])
    if inp.expect == "score":
        score = (folded.get("scores") or {}).get(step) or {}
        return has(type="partial", id=step, raw=line) and score.get("score") == int(line)
    if inp.expect == "evidence":
        score = (folded.get("scores") or {}).get(step) or {}
        return has(type="answer", id=step, raw=line) and score.get("evidence") == line
    if inp.expect == "review":
        return has(type="partial", id=step, raw=line)
    if inp.expect == "note":
        return has(type="note", raw=line) and any(
            n.get("text") == inp.payload and bool(n.get("private")) == inp.private for n in folded.get("notes") or [])
    if inp.expect == "action-cmd":
        return has(type="action", raw=line) and any(
            a.get("text") == inp.payload for a in folded.get("action_items") or [])
    if inp.expect == "invalid":
        return has(type="invalid", id=step, raw=line)
    return False


_REVIEW_STATUS = {"done": "done", "drop": "dropped", "open": "open"}


def check_session(sess, folded, events):
    """The end-of-session checks; a list of (kind, reason, input or None)."""
    problems = []
    for inp in sess.inputs:
        if not (inp.acked or inp.seen) or inp.reported:
            continue
        if inp.refused and inp.expect != "invalid":
            # coach refused a line the driver thought valid: the record keeps it as invalid
            if not any(e.get("type") == "invalid" and e.get("raw") == inp.line for e in events):
                problems.append(("loss", f"refused input not recorded as invalid: {inp.describe()}", inp))
            continue
        if not present(inp, folded, events):
            why = "acknowledged input" if inp.acked else "input shown by `show` after an interruption"
            if inp.tail_event:
                problems.append(("H3-lost-newline-event",
                                 f"{why} lost: its event was a last line without its newline, read as complete, "
                                 f"then cut by resume: {inp.describe()}", inp))
            else:
                problems.append(("loss", f"{why} missing from the folded record: {inp.describe()}", inp))
    # No step answered twice (this driver never sends /back).
    counts = {}
    for e in events:
        if e.get("type") in ("answer", "skip"):
            counts[e.get("id")] = counts.get(e.get("id"), 0) + 1
    for step, n in counts.items():
        if n > 1:
            problems.append(("answered-twice", f"step {step} has {n} answer/skip events", None))
    answers = folded.get("answers") or {}
    # Lists: every list shown to the driver is a prefix of the final list; the final list holds
    # only items sent, in order, each once.
    for step, shown in sess.list_prompts.items():
        final = answers.get(step)
        if final is None:
            if any(shown_items for shown_items in shown) and step not in (folded.get("skipped") or []):
                problems.append(("loss", f"list {step} had items {shown[-1]} and is gone", None))
            continue
        for items in shown:
            if final[:len(items)] != items:
                # An item coach showed and then lost: H3 when its event had lost its newline.
                gone = {i.line for i in sess.inputs if i.step == step and i.tail_event}
                kind = "H3-lost-newline-event" if gone & set(items) - set(final) else "list-prefix"
                problems.append((kind, f"list {step}: {items} shown in a prompt, final list {final}", None))
                break
        sent = [i.line for i in sess.inputs if i.step == step and i.expect == "item"]
        it = iter(sent)
        if not all(any(x == y for y in it) for x in final) or len(set(final)) != len(final):
            problems.append(("list-order", f"list {step}: final {final} is not the items sent {sent}", None))
    # Reviews: the status of each acknowledged review answer.
    reviewed = answers.get("open_actions")
    for inp in sess.inputs:
        if inp.expect == "review" and inp.acked and inp.review_index is not None and isinstance(reviewed, list):
            if inp.review_index < len(reviewed):
                item = reviewed[inp.review_index]
                want = _REVIEW_STATUS.get(inp.line)
                if want and item.get("status") != want or (want is None and item.get("due") != inp.line):
                    problems.append(("review", f"review {inp.line!r} of item {inp.review_index + 1}: {item}", inp))
    return problems


def classify_unreadable(data):
    """Why a record that `show` or `resume` refuses is refused, from its bytes."""
    if data is None:
        return "record-missing", "the record file is gone"
    if len(data) == 0:
        return "M5-empty-record", "a 0-byte record (interrupted at its creation, before its header was written or synced)"
    if invalid_utf8(data):
        head, _, tail = data.rpartition(b"\n")
        if not invalid_utf8(head + b"\n") and not data.endswith(b"\n"):
            return ("H4-torn-utf8-tail",
                    "the torn last line ends inside a UTF-8 character, so the whole record is refused as not UTF-8")
        return "H4-invalid-utf8", "invalid UTF-8 inside the record"
    if b"\n" not in data:
        return "torn-header", "the header line itself is torn (no complete line): the record is refused"
    return "unreadable", "show/resume refused the record"


class Findings:
    """Saves what is needed to look at a failure again: one folder per failure."""

    def __init__(self, root):
        self.root = root
        self.count = 0
        self.by_kind = {}

    def save(self, kind, reason, sess, coach, extra=None, record=None, files=None):
        self.by_kind.setdefault(kind, []).append(reason)
        self.count += 1
        folder = os.path.join(self.root, f"{self.count:04d}-{kind}-{sess.sid or 'nosid'}")
        os.makedirs(folder, exist_ok=True)
        for name, content in (files or {}).items():
            os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
            with open(os.path.join(folder, name), "wb") as f:
                f.write(content)
        data = record if record is not None else sess.record_bytes()
        if data is not None:
            with open(os.path.join(folder, "record.jsonl"), "wb") as f:
                f.write(data)
        for n, (launch_no, snap) in enumerate(sess.snapshots):
            if snap is not None:
                with open(os.path.join(folder, f"record-after-launch-{launch_no}.jsonl"), "wb") as f:
                    f.write(snap)
        details = {
            "kind": kind, "reason": reason, "session": sess.sid, "dialog": sess.dialog,
            "store": sess.store, "coach": coach.binary, "extra": extra or {},
            "launches": sess.launches,
            "inputs": [{"line": i.line, "expect": i.expect, "step": i.step, "part": i.part, "launch": i.launch,
                        "acked": i.acked, "seen": i.seen, "refused": i.refused} for i in sess.inputs],
        }
        with open(os.path.join(folder, "details.json"), "w") as f:
            json.dump(details, f, indent=1, ensure_ascii=False)
        # The commands, as they were run (each launch's inputs in its own file).
        lines = ["#!/bin/sh", f"# {kind}: {reason}", f"# session {sess.sid}, dialog {sess.dialog}",
                 "# The launches as run (each was interrupted as 'plan' in details.json says);",
                 "# to look again: put record.jsonl (or a record-after-launch-N.jsonl) in a store's sessions/",
                 "# as <id>.jsonl, and run the failing command on it.",
                 f"C={shlex.quote(coach.binary)}",
                 'if [ -z "$STORE" ]; then STORE="$(mktemp -d)"; trap \'rm -rf "$STORE"\' EXIT; fi',
                 'mkdir -p "$STORE/sessions" && chmod 700 "$STORE" "$STORE/sessions"']
        if sess.sid and data is not None:
            lines.append(f'cp "$(dirname "$0")/record.jsonl" "$STORE/sessions/{sess.sid}.jsonl"'
                         f' && chmod 600 "$STORE/sessions/{sess.sid}.jsonl"')
        if files:
            lines.append('cp "$(dirname "$0")"/sessions/*.jsonl "$STORE/sessions/" && chmod 600 "$STORE"/sessions/*')
        for n, launch in enumerate(sess.launches):
            name = f"inputs-launch-{n}.txt"
            with open(os.path.join(folder, name), "w") as f:
                f.write("".join(line + "\n" for line in launch.get("sent", [])))
            lines.append(f"# launch {n}: {' '.join(shlex.quote(a) for a in launch['argv'])}  ({launch.get('plan')})")
        for command in (extra or {}).get("commands", []):
            lines.append(command)
        with open(os.path.join(folder, "commands.sh"), "w") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(os.path.join(folder, "commands.sh"), 0o755)
        return folder


class Stats(dict):
    """Counters, by name; nested with a 'group/name' key."""

    def add(self, key, n=1):
        self[key] = self.get(key, 0) + n


class Harness:
    """The loop both tests run. A subclass sets `interruptions_wanted` and implements
    `pick_plan`, `launch_env` and `interrupt`."""

    name = "harness"

    def __init__(self, args, coach, rng, tmp, findings):
        self.args, self.coach, self.rng, self.tmp, self.findings = args, coach, rng, tmp, findings
        self.answerer = Answerer(rng)
        self.stats = Stats()
        self.interruptions = 0
        self.sessions_per_store = getattr(args, "sessions_per_store", 10)
        self.store_checks = []

    # --- to override -------------------------------------------------------------------------
    interruptions_wanted = 0

    def pick_plan(self, sess, resuming):
        raise NotImplementedError

    def launch_env(self, sess, plan, resuming):
        """(env, pass_fds, extra fds to watch) for a launch."""
        return None, (), ()

    def interrupt(self, sess, launch, plan, handle):
        """Interrupts `launch`; calls handle(raw_line) for every line printed before it died.
        Returns a dict describing what was done (kept in the launch's log)."""
        raise NotImplementedError

    def on_fd(self, sess, launch, plan, fd):
        """An extra fd became readable: True to interrupt now, None to stop watching it."""
        return None

    def cleanup_launch(self, plan):
        pass

    def cleanup(self):
        """Called once at the end, even after Ctrl-C."""

    def summary_rows(self, elapsed):
        """The summary table: (name, figure) rows."""
        s = self.stats
        rows = [(f"{self.unit}s", self.interruptions)]
        rows += [(f"  {k.split('/', 1)[1]}", v) for k, v in sorted(s.items()) if k.startswith(f"{self.unit}s by plan/")]
        rows += [(f"record after the {self.unit}", "")]
        rows += [(f"  {k.split('/', 1)[1]}", v) for k, v in sorted(s.items()) if k.startswith(f"record after {self.unit}/")]
        for name in ["sessions", "sessions completed", "sessions abandoned", "restarts (no record yet)",
                     "resume launches", "resumes that found the session completed",
                     "plans that fired after coach had exited", "show after interruption ok",
                     "show after interruption failed", "inputs sent", "inputs acknowledged",
                     "acknowledged inputs checked", "inputs lost", "acknowledged inputs of abandoned sessions",
                     "acknowledged inputs missing right after the interruption",
                     "replay --check ok", "replay --check failures", "stores checked", "hangs", "crashes",
                     "driver inputs refused"]:
            rows.append((name, s.get(name, 0)))
        rows.append(("failures", sum(v for k, v in s.items() if k.startswith("failures/"))))
        rows.append(("seconds", round(elapsed)))
        return rows

    # --- the loop ------------------------------------------------------------------------------
    def failure(self, kind, reason, sess, extra=None, record=None, files=None):
        """Counts a failure once per session and kind (every occurrence in 'occurrences/'), and
        saves its first occurrence in the findings folder."""
        self.stats.add(f"occurrences/{kind}")
        if sess.number >= 0 and kind in sess.failures:
            return
        sess.failures.append(kind)
        self.stats.add(f"failures/{kind}")
        folder = self.findings.save(kind, reason, sess, self.coach, extra, record, files)
        oneline = " / ".join(line for line in reason.splitlines() if line.strip())
        print(f"  FAIL {kind}: {oneline[:400]}\n       saved in {folder}", flush=True)

    def run(self):
        dialogs = self.coach.dialogs()
        self.stats["dialogs"] = len(dialogs)
        number = 0
        store = None
        while self.interruptions < self.interruptions_wanted:
            if number % self.sessions_per_store == 0:
                if store:
                    self.check_store(store)
                store = os.path.join(self.tmp, f"store-{number // self.sessions_per_store:03d}")
            sess = Session(number, store, dialogs[number % len(dialogs)])
            self.run_session(sess)
            number += 1
            if number % 10 == 0:
                print(f"  {number} sessions, {self.interruptions} {self.unit}s, "
                      f"{sum(v for k, v in self.stats.items() if k.startswith('failures/'))} failures", flush=True)
        if store:
            self.check_store(store)
        self.stats["sessions"] = number

    unit = "interruption"

    def run_session(self, sess):
        while not sess.completed and not sess.abandoned:
            if len(sess.launches) >= MAX_LAUNCHES:
                sess.abandoned = "no progress"
                self.failure("no-progress", f"{MAX_LAUNCHES} launches without completing", sess)
                break
            resuming = sess.sid is not None
            plan = self.pick_plan(sess, resuming) if self.interruptions < self.interruptions_wanted else None
            self.one_launch(sess, plan, resuming)
        if sess.completed:
            self.stats.add("sessions completed")
            self.end_checks(sess)
        else:
            self.stats.add("sessions abandoned")
            self.stats.add("acknowledged inputs of abandoned sessions", len([i for i in sess.inputs if i.acked]))

    def one_launch(self, sess, plan, resuming):
        sessions_dir = os.path.join(sess.store, "sessions")
        before = set(os.listdir(sessions_dir)) if os.path.isdir(sessions_dir) else set()
        at_launch = sess.record_bytes() if resuming else None
        if resuming:
            self.stats.add("resume launches")
        if resuming:
            argv = self.coach.cmd(["resume", sess.sid, "--jsonl"], sess.store)
        else:
            argv = self.coach.cmd(["start", sess.dialog, "--with", sess.person, "--by", sess.by, "--jsonl"],
                                  sess.store)
        env, pass_fds, watch = self.launch_env(sess, plan, resuming)
        watch = list(watch)
        stderr_path = os.path.join(self.tmp, "stderr.txt")
        launch_no = len(sess.launches)
        log = {"argv": argv, "plan": plan and plan.get("name"), "plan_detail": plan, "sent": []}
        sess.launches.append(log)
        launch = Launch(argv, env=env, pass_fds=pass_fds, stderr_path=stderr_path)
        for fd in pass_fds:
            os.close(fd)
        pending = []  # inputs sent and not yet acknowledged (at most one: the driver waits for each reply)
        counters = {"prompts": 0, "sent": 0}
        state = {"end": None, "bad_json": 0}

        def handle(raw, answer=True):
            """Handles one stdout line; with `answer`, replies to a prompt. Returns 'prompt', 'end' or None."""
            try:
                obj = json.loads(raw)
            except ValueError:
                state["bad_json"] += 1
                return None
            t = obj.get("type")
            if t == "error":
                for inp in pending:
                    inp.refused = obj.get("message")
                    if inp.expect != "invalid":
                        self.stats.add("driver inputs refused")
                return None
            if t in ("prompt", "end"):
                for inp in pending:
                    inp.acked = True
                    self.stats.add("inputs acknowledged")
                pending.clear()
                if t == "end":
                    state["end"] = obj
                    if obj.get("session"):
                        sess.sid = sess.sid or obj["session"]
                    return "end"
                counters["prompts"] += 1
                self.stats.add(f"prompts by kind/{obj.get('kind')}" + (f" ({obj['part']})" if obj.get("part") else ""))
                if answer:
                    state["prompt"] = obj
                return "prompt"
            return None

        outcome = None
        interrupted = None
        kill_at = launch.t0 + plan["delay"] if plan and plan.get("delay") is not None else None
        last = time.monotonic()
        while True:
            now = time.monotonic()
            timeout = REPLY_TIMEOUT - (now - last)
            if kill_at is not None:
                if now >= kill_at:
                    interrupted = self.interrupt(sess, launch, plan, lambda raw: handle(raw, False))
                    break
                timeout = min(timeout, kill_at - now)
            event = launch.next_event(timeout, watch)
            if event[0] == "timeout":
                if kill_at is not None and time.monotonic() >= kill_at:
                    continue
                outcome = "hang"
                break
            if event[0] == "fd":
                act = self.on_fd(sess, launch, plan, event[1])
                if act:
                    interrupted = self.interrupt(sess, launch, plan, lambda raw: handle(raw, False))
                    break
                if act is None:
                    watch.remove(event[1])
                continue
            if event[0] == "eof":
                outcome = "exited"
                break
            last = time.monotonic()
            previous = sess.inputs[-1] if sess.inputs and sess.inputs[-1].launch == launch_no else None
            kind = handle(event[1])
            if kind != "prompt" or state["end"]:
                continue
            if self.stuck(sess, state["prompt"], previous):
                outcome = "stuck"
                break
            if plan and plan.get("after_prompt") == counters["prompts"]:
                interrupted = self.interrupt(sess, launch, plan, lambda raw: handle(raw, False))
                break
            inp = self.answerer.next_input(state["prompt"], sess)
            inp.launch = launch_no
            sess.inputs.append(inp)
            pending.append(inp)
            self.stats.add("inputs sent")
            log["sent"].append(inp.line)
            if not launch.send(inp.line):
                continue  # coach is gone: the eof tells the rest
            counters["sent"] += 1
            if plan and plan.get("after_answer") == counters["sent"]:
                time.sleep(plan.get("sleep", 0.0))
                interrupted = self.interrupt(sess, launch, plan, lambda raw: handle(raw, False))
                break
        if outcome == "stuck":
            launch.signal(signal.SIGKILL)
            launch.drain_to_eof()
            launch.wait()
            self.cleanup_launch(plan)
            log["outcome"] = "stuck"
            log["stdout"] = [l.decode("utf-8", "replace") for l in launch.lines]
            p = state["prompt"]
            # The answers coach took without recording them are lost.
            r = self.coach.run(["show", sess.sid, "--format", "json"], sess.store)
            if r.rc == 0:
                folded, events = r.json(), parse_events(sess.record_bytes())
                for inp in sess.inputs:
                    if inp.acked and not inp.reported and not inp.refused and not present(inp, folded, events, False):
                        inp.reported = True
                        self.stats.add("inputs lost")
            self.failure("stuck-prompt",
                         f"coach asks the same prompt ({p.get('id')}, {p.get('kind')}) again after {STUCK_REPEATS} valid "
                         f"answers in a row, recording none of them: the session cannot go on", sess,
                         {"prompt": p, "commands": [f'"$C" resume {sess.sid} --jsonl --store "$STORE" < inputs.txt']})
            sess.abandoned = "stuck"
            return
        if outcome == "hang":
            rec = sess.record_bytes()
            launch.signal(signal.SIGKILL)
            launch.drain_to_eof()
            rc = launch.wait()
            log["outcome"] = "hang"
            self.stats.add("hangs")
            sid = self.find_sid(sess, before)
            self.failure("hang", f"no reply within {REPLY_TIMEOUT:.0f} s from {' '.join(argv[1:3])}", sess,
                         {"stdout": [l.decode("utf-8", "replace") for l in launch.lines[-5:]], "stderr": self.stderr(stderr_path)},
                         record=rec)
            self.cleanup_launch(plan)
            if sid is None:
                sess.abandoned = "hang before a record"
            return
        if interrupted is None:
            launch.drain_to_eof()
            rc = launch.wait()
        else:
            rc = launch.returncode
        self.cleanup_launch(plan)
        log["rc"] = rc
        log["stdout"] = [l.decode("utf-8", "replace") for l in launch.lines]
        if state["bad_json"]:
            self.failure("bad-json", f"{state['bad_json']} stdout lines are not JSON", sess)
        self.find_sid(sess, before)
        stderr = self.stderr(stderr_path)
        if rc is not None and rc < 0 and rc != -signal.SIGKILL:
            self.stats.add("crashes")
            self.failure(f"crash-signal-{-rc}", f"{argv[1]} died of signal {-rc}", sess, {"stderr": stderr})
            self.after_interruption(sess, launch_no, at_launch, None)
            return
        if interrupted is not None and rc == -signal.SIGKILL:
            self.interruptions += 1
            self.stats.add(f"{self.unit}s by plan/{plan['name']}")
            log["outcome"] = "interrupted"
            log["interrupt"] = interrupted
            self.after_interruption(sess, launch_no, at_launch, interrupted)
            return
        # It ended by itself.
        log["outcome"] = f"exit {rc}"
        if interrupted is not None:
            self.stats.add("plans that fired after coach had exited")
        if rc == 0 and state["end"] and state["end"].get("status") == "completed":
            sess.completed = True
            return
        if resuming and rc == 1 and "already completed" in stderr:
            self.stats.add("resumes that found the session completed")
            sess.completed = True
            return
        if not resuming and sess.sid is None and rc != 0:
            self.failure("start-failed", f"start exited {rc}: {stderr.strip()[:300]}", sess, {"stderr": stderr})
            sess.abandoned = "start failed"
            return
        kind, why = classify_unreadable(sess.record_bytes())
        if rc == 74 and kind != "unreadable":
            self.failure(kind, f"{argv[1]} exited 74: {why}: {stderr.strip()[:300]}", sess, {"stderr": stderr})
        else:
            self.failure(f"{argv[1]}-failed", f"{argv[1]} exited {rc}: {stderr.strip()[:300]}", sess,
                         {"stderr": stderr})
        sess.abandoned = f"{argv[1]} exited {rc}"

    def stuck(self, sess, prompt, previous):
        """True when coach has answered STUCK_REPEATS valid answers in a row with the very same
        prompt (not a list, whose items grow, nor a review, whose count moves on)."""
        key = json.dumps({k: v for k, v in prompt.items() if k not in ("elapsed", "total_elapsed")}, sort_keys=True)
        answered = previous is not None and previous.acked and not previous.refused and previous.expect in (
            "answer", "item", "list-end", "skip", "score", "evidence", "review")
        if answered and key == sess.last_prompt_key:
            sess.repeats += 1
        elif key != sess.last_prompt_key:
            sess.repeats = 0
        sess.last_prompt_key = key
        return sess.repeats >= STUCK_REPEATS

    def stderr(self, path):
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def find_sid(self, sess, before):
        if sess.sid is None:
            folder = os.path.join(sess.store, "sessions")
            new = sorted(set(os.listdir(folder)) - before) if os.path.isdir(folder) else []
            # Not a record's temporary (.new-<id>.jsonl), linked into place once its header is
            # durable: a cut before the link leaves no record.
            new = [n for n in new if n.endswith(".jsonl") and not n.startswith(".")]
            if len(new) == 1:
                sess.sid = new[0][:-len(".jsonl")]
            elif len(new) > 1:
                self.failure("two-records", f"one start made {len(new)} records: {new}", sess)
        return sess.sid

    def after_interruption(self, sess, launch_no, at_launch, interrupted):
        """After a kill or cut: what the record looks like, `show`, and the inputs it shows."""
        data = sess.record_bytes()
        sess.snapshots.append((launch_no, data))
        kind = tail_kind(data)
        self.stats.add(f"record after {self.unit}/{kind}")
        sess.tail_kinds.add(kind)
        acked_here = [i for i in sess.inputs if i.launch == launch_no and i.acked]
        if data is None:
            if at_launch is not None or any(i.acked for i in sess.inputs):
                self.failure("record-missing", "inputs were acknowledged and the record is gone", sess)
                sess.abandoned = "record gone"
                return
            # Killed before any record: start again from nothing.
            self.stats.add("restarts (no record yet)")
            sess.sid = None
            sess.inputs = [i for i in sess.inputs if i.launch != launch_no]
            sess.list_targets.clear()
            sess.list_prompts.clear()
            return
        events = parse_events(data)
        if kind == "lost-newline" and events:
            # The last event is complete but has no newline: remember which input it records.
            last = events[-1]
            for inp in sess.inputs:
                if last.get("raw") == inp.line and (last.get("id") in (None, inp.step)):
                    inp.tail_event = True
        r = self.coach.run(["show", sess.sid, "--format", "json"], sess.store)
        if r.hung:
            self.stats.add("hangs")
            self.failure("hang", "show after an interruption gave no reply within 20 s", sess,
                         {"commands": [f'"$C" show {sess.sid} --format json --store "$STORE"']})
            return
        if r.rc != 0:
            self.stats.add("show after interruption failed")
            k, why = classify_unreadable(data)
            self.failure(k, f"show after {self.unit} exited {r.rc}: {why}: {r.errtext().strip()[:300]}", sess,
                         {"stderr": r.errtext(), "commands": [f'"$C" show {sess.sid} --format json --store "$STORE"']},
                         record=data)
            return
        self.stats.add("show after interruption ok")
        try:
            folded = r.json()
        except ValueError:
            self.failure("show-bad-json", "show --format json printed no JSON", sess)
            return
        for inp in sess.inputs:
            if present(inp, folded, events, final=False):
                inp.seen = True
        # Early check: what was acknowledged in this launch is there now.
        for inp in acked_here:
            if not inp.seen and not inp.refused:
                self.stats.add("acknowledged inputs missing right after the interruption")
                inp.reported = True
                self.stats.add("inputs lost")
                self.failure("loss-at-interruption",
                             f"acknowledged input missing from `show` right after the {self.unit}: {inp.describe()}",
                             sess, {"commands": [f'"$C" show {sess.sid} --format json --store "$STORE"']}, record=data)

    def end_checks(self, sess):
        data = sess.record_bytes()
        r = self.coach.run(["show", sess.sid, "--format", "json"], sess.store)
        if r.rc != 0:
            k, why = classify_unreadable(data)
            self.failure(k, f"show of the completed session exited {r.rc}: {why}", sess)
            return
        try:
            folded = r.json()
        except ValueError:
            self.failure("show-bad-json", "show --format json printed no JSON", sess)
            return
        events = parse_events(data)
        self.stats.add("acknowledged inputs checked", len([i for i in sess.inputs if i.acked]))
        problems = check_session(sess, folded, events)
        if folded.get("status") != "completed":
            if any(ends_with_lost_end(snap) for _, snap in sess.snapshots):
                problems.append(("H3-end-event-cut",
                                 f"the end event had lost only its newline; resume read the session as completed, "
                                 f"cut that line, and refused to go on ('already completed'): the record now says "
                                 f"{folded.get('status')} for good", None))
            else:
                problems.append(("status", f"the session ended but its record says {folded.get('status')}", None))
        lost = [p for p in problems if p[2] is not None and p[0] in ("loss", "H3-lost-newline-event")]
        self.stats.add("inputs lost", len(lost))
        for kind, reason, inp in problems:
            self.failure(kind, reason, sess, {"commands": [f'"$C" show {sess.sid} --format json --store "$STORE"']})
        rc = self.coach.run(["replay", "--check", sess.sid], sess.store)
        if rc.rc != 0:
            out = (rc.text() + rc.errtext()).strip()
            kind, why = self.classify_divergence(sess, data, out, rc.hung)
            self.stats.add("replay --check failures")
            self.failure(kind, f"{why}: {out[-400:]}", sess,
                         {"replay": out, "commands": [f'"$C" replay --check {sess.sid} --store "$STORE"']})
        else:
            self.stats.add("replay --check ok")

    def classify_divergence(self, sess, data, out, hung):
        """Why `replay --check` fails for a completed session, from the record and its history."""
        if hung:
            return "hang", "replay --check gave no reply within 20 s"
        gaps = resume_gaps(data, sess.snapshots)
        kinds = [g for g, _ in gaps]
        if "header" in kinds:
            return ("M6-header-only-replay",
                    "interrupted after its header and before its first prompt event; resumed and completed; "
                    "replay --check now reports a divergence at the start")
        if "lost-newline" in kinds:
            return ("H3-replay-divergence",
                    "resume cut a last line that had lost only its newline (a prompt or answer event), "
                    "so a resume event follows an answer without the prompt after it; replay --check diverges")
        if "no-prompt" in kinds:
            return ("M6-resume-without-prompt",
                    "the cut left the record ending with an answer whose next prompt event was lost (torn, "
                    "never synced: nothing acknowledged); resume continues correctly, but replay --check "
                    "expects the prompt event before the resume event and reports a divergence (M6 in general)")
        if any(i.tail_event for i in sess.inputs):
            return "H3-replay-divergence", "resume cut an event that had lost its newline; replay diverges"
        if any(ends_with_lost_end(snap) for _, snap in sess.snapshots):
            return ("H3-end-event-cut", "resume cut the end event that had lost its newline (and refused to go on): "
                    "the record ends without it and replay --check goes on after its end")
        return "replay-check", "replay --check diverges"

    def check_store(self, store):
        """Per store, at the end: `sessions --json` (exit 0, JSON, no warnings) and
        `replay --check --all` (exit 0). A failure names the records involved and what they are."""
        result = {"store": store}
        fake = Session(-1, store, "(store)")
        r = self.coach.run(["sessions", "--json"], store)
        result["sessions_rc"] = r.rc
        warnings = r.errtext().strip()
        if r.rc != 0 or r.hung:
            self.failure("store-sessions", f"sessions --json exited {r.rc}: {warnings[:300]}", fake,
                         {"stderr": warnings, "commands": ['"$C" sessions --json --store "$STORE"']},
                         files=self.store_files(store, []))
        else:
            try:
                result["listed"] = len(r.json())
            except ValueError:
                self.failure("store-sessions", "sessions --json printed no JSON", fake)
            if warnings:
                ids = sorted(set(re.findall(r"([0-9a-f]{12})\.jsonl", warnings)))
                kinds = sorted(set(self.kind_of_record(store, sid) for sid in ids)) or ["unknown"]
                result["sessions_warnings"] = warnings[:2000]
                self.failure("store-sessions-warning", f"sessions --json warns about {ids}: {kinds}: {warnings[:300]}",
                             fake, {"stderr": warnings, "commands": ['"$C" sessions --json --store "$STORE"']},
                             files=self.store_files(store, ids))
        r = self.coach.run(["replay", "--check", "--all"], store, timeout=120)
        result["replay_all_rc"] = r.rc
        if r.rc != 0:
            out = r.text() + r.errtext()
            bad = sorted(set(re.findall(r"\b([0-9a-f]{12})\b", "\n".join(
                line for line in out.splitlines() if not line.startswith("✓")))))
            kinds = sorted(set(self.kind_of_record(store, sid) for sid in bad)) or ["unknown"]
            self.failure("store-replay-all", f"replay --check --all exited {r.rc}; sessions {bad}: {kinds}", fake,
                         {"replay": out[-3000:], "commands": ['"$C" replay --check --all --store "$STORE"']},
                         files=self.store_files(store, bad))
            result["replay_all_failing"] = bad
        self.store_checks.append(result)
        self.stats.add("stores checked")
        if not self.args.keep:
            shutil.rmtree(store, ignore_errors=True)

    def store_files(self, store, ids):
        files = {}
        for sid in ids:
            try:
                with open(os.path.join(store, "sessions", f"{sid}.jsonl"), "rb") as f:
                    files[f"sessions/{sid}.jsonl"] = f.read()
            except OSError:
                pass
        return files

    def kind_of_record(self, store, sid):
        path = os.path.join(store, "sessions", f"{sid}.jsonl")
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return "missing"
        k = tail_kind(data)
        if k == "clean":
            gaps = [g for g, _ in resume_gaps(data, [])]
            if "header" in gaps:
                return "M6 (resume right after the header)"
            if gaps:
                return "M6 (resume after an answer without its prompt event)"
            return "clean record"
        return {"empty": "M5 (0-byte)", "header-only": "M6 (header only)", "torn-utf8": "H4",
                "torn-header": "torn header", "lost-newline": "H3"}.get(k, k)


def summary_table(title, rows):
    """Prints two columns, the figure right-aligned."""
    width = max(len(r[0]) for r in rows)
    print(f"\n{title}")
    print("-" * (width + 12))
    for name, value in rows:
        print(f"{name:<{width}}  {value:>9}")
    print("-" * (width + 12))


def common_arguments(parser, count_name, default_count):
    parser.add_argument(f"--{count_name}", type=int, default=default_count,
                        help=f"how many {count_name} to make (default {default_count})")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time-based, printed)")
    parser.add_argument("--coach", default=".build/debug/coach", help="the coach binary (default .build/debug/coach)")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary stores")
    parser.add_argument("--findings", metavar="DIR",
                        help="where failures are saved (default: a new folder under $TMPDIR, printed)")
    parser.add_argument("--sessions-per-store", type=int, default=10,
                        help="sessions sharing one store and person (default 10)")


def main_run(args, harness_class, name, count_name):
    """What soak and powercut share around the harness: set-up, summary, figures, clean-up."""
    if not os.access(args.coach, os.X_OK):
        print(f"{name}: no coach binary at {args.coach} (build it with swift build, or pass --coach)", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int(time.time() * 1000) % 1_000_000
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix=f"coach-{name}-")
    findings_dir = args.findings or os.path.join(tempfile.gettempdir(), f"coach-{name}-findings-{seed}-{os.getpid()}")
    findings = Findings(findings_dir)
    coach = Coach(args.coach)
    install_signal_handlers()
    harness = harness_class(args, coach, rng, tmp, findings)
    print(f"{name}: {getattr(args, count_name)} {count_name} against {coach.binary}, seed {seed}; stores in {tmp}",
          flush=True)
    started = time.monotonic()
    interrupted = False
    try:
        harness.run()
    except KeyboardInterrupt:
        interrupted = True
        print(f"\n{name}: interrupted; the figures so far:", file=sys.stderr)
    finally:
        kill_strays()
        harness.cleanup()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.monotonic() - started
    stats = harness.stats
    failures = {k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("failures/")}
    rows = harness.summary_rows(elapsed)
    summary_table(f"{name}: seed {seed}, {elapsed:.0f} s", rows)
    if failures:
        print("failures by kind:")
        for kind, n in sorted(failures.items()):
            print(f"  {kind:<32} {n:>5}   {KNOWN.get(kind, '')}")
        print(f"saved in {findings_dir}")
    else:
        print("no failures")
    if args.keep:
        print(f"stores kept in {tmp}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"test": name, "seed": seed, "coach": coach.binary, "elapsed_seconds": round(elapsed, 1),
                       "interrupted": interrupted, "figures": dict(sorted(stats.items())), "failures": failures,
                       "findings": findings_dir if failures else None, "stores": harness.store_checks},
                      f, indent=1, sort_keys=True)
    return 1 if failures or interrupted else 0
