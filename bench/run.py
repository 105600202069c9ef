#!/usr/bin/env python3
"""The measurements of scripts/bench (which builds coach first): each figure for coach and for the
Python peer (bench/peer.py, prompt_toolkit + PyYAML), side by side, in one run. See BENCHMARKS.md
for what each figure is and how it is taken.

  run.py --coach BIN [--records N] [--quick] [--growth 1000,10000,100000] [--growth-peer]
         [--markdown FILE] [--json FILE] [--keep]
         [--query BIN [--team-store-sessions N] [--only-team-store]]

With --query (the team-query-bench program), also the team store's figures against a throwaway
PostgreSQL 15 (bench/team.py), beside bench/team_peer.py's (Python, psycopg 3).
"""

import argparse
import datetime as dt
import errno
import fcntl
import json
import os
import platform
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402
import jsonl  # noqa: E402
import team as team_bench  # noqa: E402

PEER = [sys.executable, os.path.join(HERE, "peer.py")]
DIALOGS = ["one-on-one", "ride-along", "hiring-interview", "ceo-alignment", "leader-self-check"]
PERSON = generate.PEOPLE[0]
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# The machine


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def machine():
    cpu = "?"
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal"):
            mem = "%.0f GB" % (int(line.split()[1]) / 1024 / 1024)
    fs = "?"
    try:
        out = subprocess.run(["df", "-T", tempfile.gettempdir()], capture_output=True, text=True)
        fs = out.stdout.splitlines()[1].split()[1]
    except (OSError, IndexError):
        pass

    def version(argv):
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    import prompt_toolkit
    import yaml
    commit = version(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources", "Package.swift",
                            "prompts"], capture_output=True, text=True).stdout.strip()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(),
        "tmp_fs": fs, "swift": version(["swift", "--version"]),
        "python": platform.python_version(), "prompt_toolkit": prompt_toolkit.__version__,
        "pyyaml": "%s%s" % (yaml.__version__, " (libyaml)" if yaml.__with_libyaml__ else ""),
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "load": read("/proc/loadavg").split()[:3],
    }


# ---------------------------------------------------------------------------------------------
# Running things


def run_timed(argv, out_path, env=None):
    """Runs argv with stdout to out_path; (wall seconds, exit code, CPU seconds: user + system)."""
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE,
                                env=env)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    if err.strip():
        with open(out_path + ".err", "wb") as f:
            f.write(err)
    return wall, proc.returncode, usage.ru_utime + usage.ru_stime


def repeat(fn, runs):
    """Calls fn() (which returns seconds) at least runs[0] times and at most runs[1], stopping
    after runs[2] seconds once the minimum is reached; the list of results."""
    least, most, budget = runs
    results = []
    start = time.perf_counter()
    while len(results) < most:
        results.append(fn())
        if len(results) >= least and time.perf_counter() - start > budget:
            break
    return results


def in_blocks(runs, coach_run, peer_run, block=5):
    """Times coach_run(i) and peer_run(i) (each returns seconds) runs times each, in alternating
    blocks: an untimed warm-up, then block timed runs of one program, then the same for the
    other. Alternating blocks lets changes in machine load reach both; the warm-up keeps out
    what the other program's last run leaves behind (on this VM, a start measured just after
    a CPU-heavy process is about 3 ms slower, whatever the program). Returns both lists."""
    c, p = [], []
    i = 0
    while len(c) < runs:
        n = min(block, runs - len(c))
        for results, fn in ((c, coach_run), (p, peer_run)):
            fn(i)
            for k in range(n):
                results.append(fn(i + 1 + k))
        i += n + 1
    return c, p


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


class Result:
    def __init__(self, key, label, target, unit, coach=None, peer=None, note=""):
        self.key, self.label, self.target, self.unit = key, label, target, unit
        self.coach, self.peer = coach, peer  # {"value": x, "runs": n, ...}
        self.note = note

    def met(self):
        if self.target is None or self.coach is None:
            return ""
        v = self.coach["value"]
        if v <= self.target:
            return "yes"
        return "NO (%.1f× the target)" % (v / self.target)


def fmt(value, unit):
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.001:
            return "%.0f µs" % (value * 1e6)
        if value < 1:
            return "%.1f ms" % (value * 1e3) if value < 0.1 else "%.0f ms" % (value * 1e3)
        return "%.2f s" % value
    if unit == "MB":
        return "%.1f MB" % value
    return "%s" % value


def cell(side, unit):
    if side is None:
        return "—"
    text = fmt(side["value"], unit)
    extra = side.get("extra")
    return text + (" " + extra if extra else "")


# ---------------------------------------------------------------------------------------------
# Measurements


class Bench:
    def __init__(self, args, tmp):
        self.args, self.tmp = args, tmp
        self.coach = os.path.abspath(args.coach)
        self.results = []
        q = args.quick
        # (least, most, seconds): how many runs of each measurement.
        self.fast_runs = (5, 10, 8) if q else (10, 30, 20)
        self.slow_runs = (1, 3, 5) if q else (3, 10, 15)
        self.peer_slow_runs = (1, 1, 0) if q else (3, 5, 15)
        self.first_runs = 10 if q else 25
        self.dialog_rounds = 1 if q else 3

    def add(self, result):
        self.results.append(result)
        log("  %-50s coach %-22s peer %s" % (result.label, cell(result.coach, result.unit),
                                            cell(result.peer, result.unit)))

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    # -- data

    def prepare(self):
        log("Recording the seed sessions with coach and copying the dialogs...")
        self.prompts = self.path("prompts")
        shutil.copytree(os.path.join(ROOT, "prompts"), self.prompts,
                        ignore=shutil.ignore_patterns("tests", "*.json"))
        self.seeds = self.path("seeds")
        generate.record_seeds(self.coach, self.seeds, DIALOGS)
        # The peer reads prompts/*.yaml; coach has them built in. Same bytes, or a warning.
        import peer
        shas = {}
        for name in os.listdir(os.path.join(self.seeds, "sessions")):
            header = json.loads(open(os.path.join(self.seeds, "sessions", name)).readline())
            shas[header["dialog"]["id"]] = header["dialog"]["sha256"]
        self.mismatch = []
        for dialog_id, sha in sorted(shas.items()):
            mine = peer.Dialog(os.path.join(self.prompts, dialog_id + ".yaml")).sha256
            if mine != sha:
                self.mismatch.append(dialog_id)
        if self.mismatch:
            log("WARNING: prompts/%s differ from the dialogs built into coach (rebuild coach): the "
                "peer's figures use different scripts" % ", prompts/".join(self.mismatch))
        self.lint_files = generate.make_dialogs(self.prompts, self.path("lint"), 100)

    def store(self, n):
        folder = self.path("store-%d" % n)
        if not os.path.isdir(folder):
            log("Making a store of %d records..." % n)
            t = time.perf_counter()
            generate.make_store(self.seeds, folder, n)
            log("  (%.1f s)" % (time.perf_counter() - t))
        return folder

    def drop_store(self, n):
        shutil.rmtree(self.path("store-%d" % n), ignore_errors=True)

    # -- first prompt

    def first_prompt_pipe(self, argv):
        p = jsonl.LineProcess(argv)
        message, arrived = p.next_message()
        seconds = arrived - p.started
        code, err = p.close()
        if message is None or message.get("type") != "prompt":
            raise RuntimeError("no first prompt from %s: %s" % (argv[0], err))
        return seconds

    def first_prompt(self):
        log("First prompt (pipes, JSON Lines), empty store, %d runs each..." % self.first_runs)
        c, p = in_blocks(
            self.first_runs,
            lambda i: self.first_prompt_pipe([self.coach, "start", "one-on-one", "--with", "Dana",
                                              "--store", self.path("first", "coach-%d" % i),
                                              "--jsonl"]),
            lambda i: self.first_prompt_pipe(PEER + ["start", self.dialog_file("one-on-one"),
                                                     "--with", "Dana", "--store",
                                                     self.path("first", "peer-%d" % i), "--jsonl"]))
        self.add(Result("first_prompt", "launch → first prompt (median)", 0.015, "s",
                        {"value": statistics.median(c), "runs": len(c)},
                        {"value": statistics.median(p), "runs": len(p)}))

    def leaving_store_as_it_was(self, store, fn):
        """fn, wrapped so that the records it adds to store are removed afterwards."""
        folder = os.path.join(store, "sessions")
        before = set(os.listdir(folder))

        def wrapped(*args):
            try:
                return fn(*args)
            finally:
                for name in set(os.listdir(folder)) - before:
                    os.unlink(os.path.join(folder, name))
        return wrapped

    def first_prompt_big(self, n):
        store = self.store(n)
        # Each start adds its session to the store, as in real use; the sessions added are removed
        # after all the runs of a program (not between runs: users do not delete sessions, and a
        # removal costs coach a rewrite of its index).
        coach_runs = self.leaving_store_as_it_was(store, lambda: repeat(
            lambda: self.first_prompt_pipe([self.coach, "start", "one-on-one", "--with", PERSON,
                                            "--store", store, "--jsonl"]), self.slow_runs))
        peer_runs = self.leaving_store_as_it_was(store, lambda: repeat(
            lambda: self.first_prompt_pipe(PEER + ["start", self.dialog_file("one-on-one"), "--with",
                                                   PERSON, "--store", store, "--jsonl"]),
            self.peer_slow_runs))

        log("First prompt in a store of %d records (%s has %d sessions)..." % (
            n, PERSON, n // len(generate.PEOPLE)))
        c = coach_runs()
        p = peer_runs()
        self.add(Result("first_prompt_store", "launch → first prompt, store of %s records" % f"{n:,}",
                        0.015, "s", {"value": statistics.median(c), "runs": len(c)},
                        {"value": statistics.median(p), "runs": len(p)}))

    def first_prompt_tty(self):
        """Launch → the prompt drawn on a pseudo-terminal: coach with libedit, the peer with
        prompt_toolkit's PromptSession (which asks the terminal for the cursor position; this
        pty answers it like a terminal would)."""
        runs = max(5, self.first_runs // 2)
        log("First prompt on a terminal (pty), %d runs each..." % runs)
        c, p = in_blocks(
            runs,
            lambda i: self.pty_first([self.coach, "start", "one-on-one", "--with", "Dana", "--store",
                                      self.path("tty", "coach-%d" % i)], b"you \xe2\x80\xba"),
            lambda i: self.pty_first(PEER + ["start", self.dialog_file("one-on-one"), "--with",
                                             "Dana", "--store", self.path("tty", "peer-%d" % i)],
                                     b"you \xe2\x80\xba"))
        self.add(Result("first_prompt_tty", "launch → first prompt on a terminal (pty)", 0.015, "s",
                        {"value": statistics.median(c), "runs": len(c)},
                        {"value": statistics.median(p), "runs": len(p)}))

    def pty_first(self, argv, marker):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
        start = time.perf_counter()
        # A session of its own on the pty. The pty is not made its controlling terminal: that
        # takes a preexec_fn, which makes Python fork rather than spawn and adds about 1.4 ms of
        # the driver's own to both figures. Nothing before the first prompt depends on it.
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True, close_fds=True)
        os.close(slave)
        seen = b""
        seconds = None
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.5)
                if not ready:
                    continue
                try:
                    chunk = os.read(master, 65536)
                except OSError as e:
                    if e.errno == errno.EIO:
                        break
                    raise
                if not chunk:
                    break
                seen += chunk
                if b"\x1b[6n" in chunk:  # a cursor position request: answer as a terminal does
                    os.write(master, b"\x1b[1;1R")
                if marker in seen:
                    seconds = time.perf_counter() - start
                    break
        finally:
            os.write(master, b"/pause\r")
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(master)
        if seconds is None:
            raise RuntimeError("no prompt on the terminal from %s: %r" % (argv[0], seen[-300:]))
        return seconds

    # -- answers and memory

    def dialog_file(self, dialog):
        return os.path.join(self.prompts, dialog + ".yaml")

    def answers(self):
        log("Answer → next prompt, %d round(s) of the %d dialogs each..." % (
            self.dialog_rounds, len(DIALOGS)))
        c, p = [], []
        for r in range(self.dialog_rounds):
            for d in DIALOGS:
                _, lat, end = jsonl.drive([self.coach, "start", d, "--with", "Dana", "--store",
                                           self.path("live-coach"), "--jsonl"])
                assert end and end["status"] == "completed", end
                c.extend(lat)
                _, lat, end = jsonl.drive(PEER + ["start", self.dialog_file(d), "--with", "Dana",
                                                  "--store", self.path("live-peer"), "--jsonl"])
                assert end and end["status"] == "completed", end
                p.extend(lat)
        for pct in (50, 99):
            self.add(Result("answer_p%d" % pct, "answer → recorded + next prompt, p%d" % pct,
                            0.002 if pct == 99 else None, "s",
                            {"value": percentile(c, pct), "runs": len(c)},
                            {"value": percentile(p, pct), "runs": len(p)},
                            note="%d answers over %d sessions each" % (len(c),
                                                                       self.dialog_rounds * len(DIALOGS))))
        self.latencies = {"coach": c, "peer": p}

    def memory(self, label, key, coach_store, peer_store, person):
        """Peak resident memory (VmHWM) of a session waiting at its 11th prompt."""
        def measure(argv):
            seen = {}

            def at_prompt(process, prompt, count):
                if count == 11:
                    for line in read("/proc/%d/status" % process.pid()).splitlines():
                        if line.startswith(("VmHWM", "VmRSS")):
                            seen[line.split(":")[0]] = int(line.split()[1]) / 1024
            jsonl.drive(argv, stop_after=11, on_prompt=at_prompt)
            return seen
        c = self.leaving_store_as_it_was(coach_store, measure)(
            [self.coach, "start", "one-on-one", "--with", person, "--store", coach_store,
             "--jsonl"])
        p = self.leaving_store_as_it_was(peer_store, measure)(
            PEER + ["start", self.dialog_file("one-on-one"), "--with", person, "--store",
                    peer_store, "--jsonl"])
        self.add(Result(key, label, 30.0, "MB",
                        {"value": c.get("VmHWM"), "extra": "(now %.1f)" % c.get("VmRSS", 0)},
                        {"value": p.get("VmHWM"), "extra": "(now %.1f)" % p.get("VmRSS", 0)}))

    # -- commands over the store

    def command(self, key, label, target, coach_argv, peer_argv, check=None, runs=None,
                peer_runs=None, peer=True, warm=True):
        """Times coach_argv and peer_argv. With warm, an untimed first run of each (which also
        gives the peak resident memory) then the timed runs; without, one run, timed, under
        /usr/bin/time (for the long runs of the growth table)."""
        out = self.path("out-%s" % key)
        codes = {}
        rss = {}
        cpu = {"coach": [], "peer": []}

        def one(argv, who, measure_memory=False):
            path = out + "-" + who
            if measure_memory and TIME:
                # ru_maxrss of a child of this Python process would count the Python process
                # it was forked from; /usr/bin/time's child starts small.
                seconds, code, used = run_timed([TIME, "-f", "%M", "-o", path + ".rss"] + argv,
                                                path)
                try:
                    rss[who] = int(read(path + ".rss").split()[-1]) / 1024
                except (IndexError, ValueError):
                    pass
            else:
                seconds, code, used = run_timed(argv, path)
            codes[who] = code
            cpu[who].append(used)
            return seconds

        problems = {}

        def series(argv, who, counts):
            """The timed runs of one program (after an untimed one, with warm); its problem, if
            any, is logged and kept in problems."""
            if warm:
                one(argv, who, True)
                cpu[who].clear()
                times = repeat(lambda: one(argv, who), counts)
            else:
                times = [one(argv, who, True)]
            problems[who] = check(out + "-" + who, codes[who]) if check else None
            if problems[who]:
                log("  %s: %s" % (who, problems[who]))
            return times

        c = series(coach_argv, "coach", runs or self.slow_runs)
        p = series(peer_argv, "peer", peer_runs or self.peer_slow_runs) if peer else None
        r = Result(key, label, target, "s",
                   {"value": statistics.median(c), "runs": len(c), "rss": rss.get("coach"), "all": c,
                    "cpu": statistics.median(cpu["coach"])},
                   p and {"value": statistics.median(p), "runs": len(p), "rss": rss.get("peer"),
                          "all": p, "cpu": statistics.median(cpu["peer"])},
                   note=problems["coach"] or "")
        return r

    def over_store(self, n, peer=True, add=True, runs=None, peer_runs=None, warm=True):
        store = self.store(n)
        person = PERSON

        def replay_ok(path, code):
            last = read(path).strip().splitlines()[-1:] or [""]
            if code != 0 or "%d same" % n not in last[0]:
                return "replay check: exit %d, %s" % (code, last[0])
        def lines_ok(path, code):
            count = len(read(path).splitlines())
            if code != 0 or count != n:
                return "sessions: exit %d, %d lines for %d records" % (code, count, n)
        def ok(path, code):
            if code != 0 or not read(path).strip():
                return "exit %d%s" % (code, (": " + read(path + ".err").strip()[:200]))
        results = [
            self.command("replay_%d" % n, "replay --check --all, %s records" % f"{n:,}", 2.0,
                         [self.coach, "replay", "--check", "--all", "--store", store],
                         PEER + ["replay-check", "--store", store, "--prompts", self.prompts],
                         replay_ok, runs, peer_runs, peer, warm),
            self.command("sessions_%d" % n, "sessions, %s records" % f"{n:,}", 0.5,
                         [self.coach, "sessions", "--store", store],
                         PEER + ["sessions", "--store", store], lines_ok, runs, peer_runs, peer,
                         warm),
            self.command("report_%d" % n, "report --with (%d of them), %s records" % (
                n // len(generate.PEOPLE), f"{n:,}"), 0.5,
                [self.coach, "report", "--with", person, "--store", store],
                PEER + ["report", "--with", person, "--store", store, "--prompts", self.prompts],
                ok, runs, peer_runs, peer, warm),
        ]
        if peer and add:
            results += self.team(store, n, runs, peer_runs, warm)
        if add:
            for r in results:
                self.add(r)
        return results

    def team(self, store, n, runs=None, peer_runs=None, warm=True):
        """coach due and report --team over the store, with a team file of its 200 people (all
        reps, reporting to one manager; the manager is not one of the store's people)."""
        lines = ["version: 1", "people:", "  - name: Max Power", "    role: manager"]
        for person in generate.PEOPLE:
            lines += ["  - name: %s" % person, "    role: rep", "    reports_to: Max Power"]
        path = os.path.join(store, "team.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(path, 0o600)
        people = len(generate.PEOPLE)

        def ok(path, code):
            if code != 0 or generate.PEOPLE[-1] not in read(path):
                return "exit %d%s" % (code, (": " + read(path + ".err").strip()[:200]))
        return [
            self.command("due_%d" % n, "due, %d people, %s records" % (people, f"{n:,}"), 0.1,
                         [self.coach, "due", "--store", store],
                         PEER + ["due", "--store", store], ok, runs, peer_runs, True, warm),
            self.command("report_team_%d" % n, "report --team, %d people, %s records" % (
                people, f"{n:,}"), 0.1,
                [self.coach, "report", "--team", "--store", store],
                PEER + ["report-team", "--store", store, "--prompts", self.prompts],
                ok, runs, peer_runs, True, warm),
        ]

    def lint(self):
        log("lint of 100 dialog files...")

        def ok(path, code):
            text = read(path)
            if code != 0:
                return "exit %d: %s" % (code, text.strip().splitlines()[-1:] or read(path + ".err"))
        self.add(self.command("lint", "lint, 100 dialog files", 0.2,
                              [self.coach, "lint"] + self.lint_files,
                              PEER + ["lint"] + self.lint_files, ok, self.fast_runs,
                              self.slow_runs))

    # -- growth

    def growth(self, sizes, peer):
        rows = []
        for n in sizes:
            big = n >= 50000
            log("Growth: %s records..." % f"{n:,}")
            if big:
                # The store is generated without coach's index: the first command builds it,
                # as the first command after an upgrade would. The timed runs come after.
                seconds, _, _ = run_timed([self.coach, "sessions", "--store", self.store(n)],
                                          self.path("out-index-%d" % n))
                log("  (coach's first command there built its index: %.1f s)" % seconds)
            rs = self.over_store(n, peer=peer, add=False, warm=not big)
            for r in rs:
                log("  %-50s coach %-12s peer %s" % (r.label, cell(r.coach, "s"), cell(r.peer, "s")))
            size = sum(os.path.getsize(os.path.join(self.store(n), "sessions", f))
                       for f in os.listdir(os.path.join(self.store(n), "sessions")))
            rows.append((n, size, rs))
            if n != self.args.records:
                self.drop_store(n)
        self.growth_rows = rows

    # -- the team store

    def team_store(self, query, query_sessions):
        """bench/team.py's figures: the first sync of the store's records, one new session's
        sync, the org views' query over query_sessions synced sessions."""
        for r in team_bench.measure(self.coach, os.path.abspath(query), self.seeds, self.args.records,
                              query_sessions, runs=1 if self.args.quick else 3, tmp=self.tmp):
            self.add(Result(r["key"], r["label"], r["target"], "s", r["coach"], r["peer"], note=r["note"]))


# ---------------------------------------------------------------------------------------------
# Output


def table(bench, info, markdown=False):
    head = ["metric", "target", "coach", "python peer", "met?"]
    rows = []
    for r in bench.results:
        target = "—" if r.target is None else ("≤ " if r.unit == "s" else "< ") + fmt(r.target, r.unit)
        rows.append([r.label, target, cell(r.coach, r.unit), cell(r.peer, r.unit), r.met()])
    lines = []
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("| " + " | ".join(["---"] * len(head)) + " |")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    else:
        widths = [max(len(x[i]) for x in rows + [head]) for i in range(len(head))]
        sep = "-+-".join("-" * w for w in widths)
        lines.append(" | ".join(h.ljust(w) for h, w in zip(head, widths)))
        lines.append(sep)
        lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def memory_table(bench, markdown=False):
    rows = [[r.label, "%s (×%d)" % (fmt(r.coach["cpu"], "s"), r.coach["runs"]),
             "%s (×%d)" % (fmt(r.peer["cpu"], "s"), r.peer["runs"]) if r.peer else "—",
             fmt(r.coach.get("rss"), "MB"), fmt(r.peer and r.peer.get("rss"), "MB")]
            for r in bench.results if r.coach and "cpu" in r.coach]
    if not rows:
        return ""
    head = ["command", "coach CPU (user+sys)", "peer CPU (user+sys)", "coach peak RSS",
            "peer peak RSS"]
    if markdown:
        out = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] * len(head)) + " |"]
        out += ["| " + " | ".join(row) + " |" for row in rows]
    else:
        widths = [max(len(x[i]) for x in rows + [head]) for i in range(len(head))]
        out = [" | ".join(h.ljust(w) for h, w in zip(head, widths)),
               "-+-".join("-" * w for w in widths)]
        out += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(out)


def growth_table(bench, markdown=False):
    rows = getattr(bench, "growth_rows", None)
    if not rows:
        return ""
    head = ["records", "on disk", "replay --check --all", "sessions", "report --with",
            "coach per record (replay / sessions)", "coach peak RSS (replay / sessions)"]
    body = []
    for n, size, rs in rows:
        cells = [f"{n:,}", "%.0f MB" % (size / 1e6)]
        for r in rs:
            cells.append(cell(r.coach, "s") + ("" if r.peer is None else " (peer " + cell(r.peer, "s") + ")"))
        cells.append("%s / %s" % (fmt(rs[0].coach["value"] / n, "s"), fmt(rs[1].coach["value"] / n, "s")))
        cells.append("%s / %s" % (fmt(rs[0].coach.get("rss"), "MB"), fmt(rs[1].coach.get("rss"), "MB")))
        body.append(cells)
    if markdown:
        out = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] * len(head)) + " |"]
        out += ["| " + " | ".join(row) + " |" for row in body]
    else:
        widths = [max(len(x[i]) for x in body + [head]) for i in range(len(head))]
        out = [" | ".join(h.ljust(w) for h, w in zip(head, widths)),
               "-+-".join("-" * w for w in widths)]
        out += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in body]
    return "\n".join(out)


def describe_machine(info):
    return ("%s UTC; %s, %s cores, %s RAM, Linux %s, temp folder on %s; %s; Python %s, "
            "prompt_toolkit %s, PyYAML %s; coach at %s; load average at start %s, at end %s") % (
        info["date"].replace(" UTC", ""), info["cpu"], info["cores"], info["memory"], info["kernel"],
        info["tmp_fs"], info["swift"], info["python"], info["prompt_toolkit"], info["pyyaml"],
        info["commit"], " ".join(info["load"]), " ".join(info.get("load_end", [])))


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run.py")
    parser.add_argument("--coach", required=True)
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--growth", default="", help="record counts, e.g. 1000,10000,100000")
    parser.add_argument("--growth-peer", action="store_true")
    parser.add_argument("--only-growth", action="store_true")
    parser.add_argument("--no-tty", action="store_true")
    parser.add_argument("--query", help="the team-query-bench program: also the team store's figures")
    parser.add_argument("--team-store-sessions", type=int, default=100000,
                        help="synced sessions the org views' query runs over")
    parser.add_argument("--only-team-store", action="store_true")
    parser.add_argument("--markdown")
    parser.add_argument("--json")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--tmp")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the 1-minute load average to fall "
                             "below 0.7")
    parser.add_argument("--source", help="what the coach binary was built from, when it was not "
                        "built from this checkout (e.g. 'b735f55, from git archive')")
    args = parser.parse_args(argv)

    if args.wait_quiet:
        deadline = time.monotonic() + args.wait_quiet
        while time.monotonic() < deadline and float(read("/proc/loadavg").split()[0]) > 0.7:
            log("Waiting for a quieter machine (load average %s)..." % read("/proc/loadavg").split()[0])
            time.sleep(15)
    info = machine()
    if args.source:
        info["commit"] = args.source
    tmp = tempfile.mkdtemp(prefix="coach-bench-", dir=args.tmp)
    os.chmod(tmp, 0o700)
    started = time.perf_counter()
    bench = Bench(args, tmp)
    try:
        bench.prepare()
        if not args.only_growth and not args.only_team_store:
            bench.first_prompt()
            if not args.no_tty:
                bench.first_prompt_tty()
            bench.first_prompt_big(args.records)
            bench.answers()
            bench.memory("peak resident memory, live session", "memory",
                         bench.path("live-coach"), bench.path("live-peer"), "Dana")
            bench.memory("… in a store of %s records" % f"{args.records:,}", "memory_store",
                         bench.store(args.records), bench.store(args.records), PERSON)
            log("Commands over %s records..." % f"{args.records:,}")
            bench.over_store(args.records)
            bench.lint()
        if args.query and not args.only_growth:
            bench.team_store(args.query, args.team_store_sessions)
        if args.growth and not args.only_team_store:
            bench.growth([int(x) for x in args.growth.split(",") if x], args.growth_peer)
    finally:
        info["load_end"] = read("/proc/loadavg").split()[:3]
        info["seconds"] = time.perf_counter() - started
        if args.keep:
            log("Kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("coach benchmark, %s" % describe_machine(info))
    print("(medians of repeated runs; p50/p99 over every answer of the dialogs; warm page cache; "
          "whole run %.0f s)" % info["seconds"])
    if bench.mismatch:
        print("WARNING: prompts/%s differ from the dialogs built into coach: rebuild, then re-run."
              % ", prompts/".join(bench.mismatch))
    print()
    if bench.results:
        print(table(bench, info))
    m = memory_table(bench)
    if m:
        print()
        print("The commands' CPU time (median of the timed runs; less disturbed than wall time "
              "by other work on the machine) and peak resident memory (their untimed first run, "
              "under /usr/bin/time):")
        print(m)
    g = growth_table(bench)
    if g:
        print()
        print("How the cost grows with the number of records (coach; peer in brackets):")
        print(g)
    if bench.results:
        print()
        print("%d of %d targets met." % (sum(1 for r in bench.results if r.met() == "yes"),
                                         sum(1 for r in bench.results if r.met())))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("Run: %s\n\n" % describe_machine(info))
            if bench.results:
                f.write(table(bench, info, markdown=True) + "\n")
            if m:
                f.write("\n" + memory_table(bench, markdown=True) + "\n")
            if g:
                f.write("\n" + growth_table(bench, markdown=True) + "\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "results": [
                {"key": r.key, "label": r.label, "target": r.target, "unit": r.unit,
                 "coach": r.coach, "peer": r.peer, "met": r.met(), "note": r.note}
                for r in bench.results],
                "growth": [{"records": n, "bytes": size, "results": [
                    {"key": r.key, "coach": r.coach, "peer": r.peer} for r in rs]}
                    for n, size, rs in getattr(bench, "growth_rows", [])],
                "latencies": getattr(bench, "latencies", None)}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
