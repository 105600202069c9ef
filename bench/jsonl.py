"""Driving a JSON Lines session (coach start --jsonl, or bench/peer.py start) from Python.

Shared by scripts/bench's measurements and by bench/generate.py. The answers are a port of
Tests/CoachTestSupport/Scripts.swift `SampleAnswers`: a plausible valid answer chosen from what a
prompt announces (kind, part, min, max, items so far, number of choices).
"""

import json
import os
import select
import subprocess
import time


def sample_answer(prompt):
    """SampleAnswers.answer(kind:part:min:max:items:choices:) in Python."""
    kind = prompt.get("kind")
    part = prompt.get("part")
    lo_ = prompt.get("min")
    hi_ = prompt.get("max")
    # min/max may be dates on date prompts: only numbers count here.
    lo_ = lo_ if isinstance(lo_, (int, float)) and not isinstance(lo_, bool) else None
    hi_ = hi_ if isinstance(hi_, (int, float)) and not isinstance(hi_, bool) else None
    items = len(prompt.get("items") or [])
    choices = len(prompt.get("choices") or [])
    if part == "evidence" or kind == "text":
        return "Because of the numbers: 12 deals in Q3, I ran the reviews myself"
    if kind == "yes-no":
        return "y"
    if kind in ("scale", "rating"):
        return str(int(hi_ if hi_ is not None else 4))
    if kind == "number":
        lo = lo_ if lo_ is not None else 0
        hi = hi_ if hi_ is not None else lo + 100
        return str(int((lo + hi) / 2 if (lo + hi) / 2 > lo else lo))
    if kind == "percent":
        return "%d%%" % int(((lo_ if lo_ is not None else 0) + (hi_ if hi_ is not None else 100)) / 2)
    if kind == "money":
        return "12,500"
    if kind == "date":
        return "+7d"
    if kind == "action":
        return "Follow up with the customer @Dana due:+7d"
    if kind == "action-review":
        return "done"
    if kind == "choice":
        return "2" if choices > 1 else "1"
    if kind == "multi-choice":
        return "1, 2" if (hi_ >= 2 if hi_ is not None else True) and choices >= 2 else "1"
    if kind == "list":
        needed = int(lo_ if lo_ is not None else 1)
        return "Item number %d" % (items + 1) if items < max(needed, 2) else ""
    return "something"


class LineProcess:
    """A child process spoken to in lines over pipes, read without Python's buffering delays."""

    def __init__(self, argv, env=None, cwd=None):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, cwd=cwd, bufsize=0)
        self.out = self.proc.stdout.fileno()
        self.buffer = b""

    def read_line(self, timeout=30.0):
        """The next stdout line (bytes, without newline), or None at end of output."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no line from %s" % self.proc.args[0])
            ready, _, _ = select.select([self.out], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.out, 65536)
            if not chunk:
                if self.buffer:
                    line, self.buffer = self.buffer, b""
                    return line
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def next_message(self, timeout=30.0):
        """The next JSON message that is a prompt or the end (say and error lines are skipped),
        and the time it arrived."""
        while True:
            line = self.read_line(timeout)
            now = time.perf_counter()
            if line is None:
                return None, now
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("type") in ("prompt", "end"):
                return message, now
            if message.get("type") == "error" and "id" not in message:
                raise RuntimeError("session failed: %s" % message.get("message"))

    def send(self, text):
        os.write(self.proc.stdin.fileno(), text.encode() + b"\n")

    def pid(self):
        return self.proc.pid

    def close(self, timeout=30):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode, err


def drive(argv, env=None, extra=None, stop_after=None, on_prompt=None):
    """Runs a whole session, answering every prompt with sample_answer.

    extra: {step_number: [lines]} sent before the answer at that prompt (notes, actions).
    stop_after: send /pause after this many prompts.
    on_prompt(process, prompt, count): called at every prompt before it is answered.
    Returns (first_prompt_seconds, [answer_to_next_prompt_seconds...], end_message).
    """
    p = LineProcess(argv, env=env)
    message, arrived = p.next_message()
    first = arrived - p.started
    latencies = []
    count = 0
    try:
        while message is not None and message.get("type") == "prompt":
            count += 1
            if on_prompt:
                on_prompt(p, message, count)
            for line in (extra or {}).get(count, []):
                p.send(line)
                message, _ = p.next_message()
            if stop_after is not None and count > stop_after:
                p.send("/pause")
                message, _ = p.next_message()
                break
            answer = sample_answer(message)
            sent = time.perf_counter()
            p.send(answer)
            message, arrived = p.next_message()
            latencies.append(arrived - sent)
    finally:
        code, err = p.close()
    if code != 0:
        raise RuntimeError("%s exited %s: %s" % (" ".join(argv[:3]), code, err.strip()))
    return first, latencies, message
