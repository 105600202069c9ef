#!/usr/bin/env python3
"""The Python peer of coach, for scripts/bench: the work coach does for each measured operation,
done by a plain Python program with prompt_toolkit and PyYAML, so that each of coach's figures has
a reference beside it. It is not a second coach: it handles the shipped dialogs and the answers
the benchmark gives, and leaves out what the benchmark does not exercise (/back, resume, colour,
line editing beyond prompt_toolkit's own). BENCHMARKS.md says what each command does.

  peer.py start DIALOG.yaml --with NAME --store DIR [--jsonl]
      A session: loads the dialog YAML, looks up the person's last completed session of the
      dialog and their open action items in the store, creates the record (header written and
      fsync'd, folder fsync'd), then for every line: validates it by the step's kind, appends
      the events (answer, flags, next prompt) as JSON lines, fsyncs, and shows the next prompt.
      --jsonl: JSON Lines on stdout printed through prompt_toolkit's print_formatted_text,
      plain lines read from stdin. Without it: prompt_toolkit's PromptSession on the terminal.
  peer.py replay-check --store DIR --prompts DIR
      Every record: reads and parses every line, re-drives this engine with the recorded inputs
      and compares the questions asked, the values and the end with what was recorded.
  peer.py sessions --store DIR
      Every record: header and events folded to a status and an answer count; a table, newest
      first.
  peer.py report --with NAME --store DIR --prompts DIR
      The person's records folded; each numeric answer with its change since the session
      before; the action items, done and overdue.
  peer.py lint FILE...
      Parses each YAML file and checks the keys, ids, kinds, options, sections, references of
      expressions and templates; prints file:line: problems.
"""

import datetime as _dt
import fcntl
import hashlib
import json
import os
import re
import sys
import time

import yaml

try:  # libyaml, as coach's Yams uses
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

KINDS = {"text", "yes-no", "scale", "number", "percent", "money", "date", "choice", "multi-choice",
         "list", "rating", "action", "action-review"}
NUMERIC = {"number", "percent", "money", "scale", "rating"}


# ---------------------------------------------------------------------------------------------
# Small helpers


def now_iso(t=None):
    t = time.time() if t is None else t
    d = _dt.datetime.fromtimestamp(t, _dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)


def parse_iso(text):
    return _dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def encode(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def tidy(n):
    """A number as JSON would want it: 62 rather than 62.0."""
    if isinstance(n, float) and n.is_integer() and abs(n) < 1e15:
        return int(n)
    return n


def slug(label):
    return re.sub(r"[^a-z0-9]+", "-", str(label).lower()).strip("-")


def read_record(path):
    """(header, events, warnings) of one record file: every line parsed."""
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    warnings = []
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        warnings.append("torn last line")
        lines.pop()
    if not lines:
        raise ValueError("%s: empty record" % path)
    header = json.loads(lines[0])
    if header.get("format") != "coach-session":
        raise ValueError("%s: not a coach session record" % path)
    events = [json.loads(line) for line in lines[1:]]
    return header, events, warnings


def fold(header, events):
    """What a record adds up to: status, answers (path order), actions, notes, times."""
    answers = {}
    status = "in-progress"
    actions = []
    notes = []
    flags = {}
    updated = header.get("started_at")
    for e in events:
        t = e.get("type")
        updated = e.get("at", updated)
        if t == "answer":
            value = e.get("value")
            answers[e["id"]] = value
            if isinstance(value, dict) and value.get("type") == "action":
                actions.append(dict(value, id=e["id"], step=e["id"], status="open"))
        elif t == "skip":
            answers.pop(e.get("id"), None)
        elif t == "back":
            for d in e.get("dropped") or []:
                answers.pop(d, None)
        elif t == "action":
            actions.append(e.get("action") or {})
        elif t == "note":
            notes.append(e)
        elif t == "flag":
            if e.get("raised"):
                flags[e["id"]] = e.get("text")
            else:
                flags.pop(e.get("id"), None)
        elif t == "pause":
            status = "paused"
        elif t == "resume":
            status = "in-progress"
        elif t == "end":
            status = e.get("status", "completed")
    return {"status": status, "answers": answers, "actions": actions, "notes": notes,
            "flags": flags, "updated_at": updated}


def record_files(store):
    folder = os.path.join(store, "sessions")
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(os.path.join(folder, n) for n in names if n.endswith(".jsonl"))


# ---------------------------------------------------------------------------------------------
# Dialogs


class Dialog:
    def __init__(self, path, text=None, origin=None):
        if text is None:
            with open(path, "r", encoding="utf-8") as f:
                text = f.read()
        self.path = path
        self.sha256 = hashlib.sha256(text.encode()).hexdigest()
        data = yaml.load(text, Loader=_Loader)
        self.data = data
        self.id = data["id"]
        self.title = data.get("title", self.id)
        self.version = data.get("version", 1)
        self.origin = origin or path
        self.steps = data.get("steps") or []
        self.index = {s["id"]: i for i, s in enumerate(self.steps)}
        self.flags = data.get("flags") or []
        self.sections = {s["id"]: s for s in data.get("sections") or []}
        self.compiled = {}

    def step(self, ident):
        return self.steps[self.index[ident]]


_CONTAINS = re.compile(r'([A-Za-z_][\w.]*|"[^"]*")\s+contains\s+("[^"]*"|[A-Za-z_][\w.]*)')


def to_python(expression):
    text = _CONTAINS.sub(r"_contains(\1, \2)", str(expression))
    text = re.sub(r"\bif\(", "_if(", text)
    text = re.sub(r"\btrue\b", "True", text)
    text = re.sub(r"\bfalse\b", "False", text)
    text = re.sub(r"\bnull\b", "None", text)
    text = re.sub(r"\bwith\b", "with_", text)
    return text


class _Answers:
    """previous.<id>: None when not known."""

    def __init__(self, values):
        self.__dict__["_values"] = values or {}

    def __getattr__(self, name):
        v = self._values.get(name)
        if isinstance(v, dict) and "score" in v:
            return v["score"]
        return v


def _count(x):
    return len(x) if isinstance(x, (list, str)) else None


def _words(x):
    return len(str(x).split()) if x is not None else None


def _has_number(x):
    return None if x is None else bool(re.search(r"\d", str(x)))


def _empty(x):
    return x is None or x == "" or x == []


def _contains(a, b):
    if a is None or b is None:
        return None
    if isinstance(a, str):
        return str(b).lower() in a.lower()
    return b in a


class Namespace(dict):
    """Names in expressions: answers of this session, with, by, today, previous.<id>; anything
    not known is None."""

    def __missing__(self, key):
        return None


class Engine:
    """The conversation: the next question, an answer checked by kind, the events."""

    def __init__(self, dialog, header, clock=None):
        self.dialog = dialog
        self.with_ = (header.get("participants") or {}).get("with")
        self.by = (header.get("participants") or {}).get("by")
        self.previous = (header.get("previous") or {}).get("answers") or {}
        self.carried = [a for a in header.get("carried") or [] if a.get("status", "open") == "open"]
        self.clock = clock or time.time
        self.answers = {}
        self.values = {}  # the answers as expressions read them
        self.base = None
        self.current = None  # index of the step asked
        self.part = None  # score/evidence/item/review
        self.items = []
        self.pending = None  # a rating's score
        self.raised = {}
        self.actions = 0
        self.ended = False

    # -- expressions and templates

    def today(self):
        return _dt.datetime.fromtimestamp(self.clock()).date()

    def namespace(self):
        if self.base is None:
            self.base = Namespace({
                "with_": self.with_, "by": self.by, "previous": _Answers(self.previous),
                "count": _count, "words": _words, "has_number": _has_number, "empty": _empty,
                "_contains": _contains, "len": _count,
                "abs": lambda n: None if n is None else abs(n),
                "round": lambda n: None if n is None else round(n),
                "min": lambda a, b: None if a is None or b is None else min(a, b),
                "max": lambda a, b: None if a is None or b is None else max(a, b),
                "signed": lambda n: None if n is None else ("%+g" % n),
                "_if": lambda c, a, b: a if c is True else b,
                "days_until": lambda d: None if d is None else
                (_dt.date.fromisoformat(d) - self.today()).days,
            })
        ns = Namespace(self.base)
        ns.update(self.values)
        ns["today"] = self.today().isoformat()
        return ns

    def set_answer(self, ident, value):
        self.answers[ident] = value
        if isinstance(value, dict) and "score" in value:
            value = value["score"]
        elif isinstance(value, dict) and value.get("type") == "action":
            value = value.get("text")
        self.values[ident] = value

    def evaluate(self, expression, ns=None):
        code = self.dialog.compiled.get(expression)
        if code is None:
            code = compile(to_python(expression), "<expr>", "eval")
            self.dialog.compiled[expression] = code
        try:
            return eval(code, {"__builtins__": {}}, ns if ns is not None else self.namespace())
        except Exception:
            return None

    def holds(self, expression, ns=None):
        return self.evaluate(expression, ns) is True

    def fill(self, template, ns=None):
        if not template:
            return ""
        ns = ns if ns is not None else self.namespace()
        template = str(template).replace("{with}", str(self.with_ or "—"))

        def one(m):
            expr = m.group(1)
            value = self.evaluate(expr, ns)
            if value is None:
                return "—"
            step = self.dialog.steps[self.dialog.index[expr.split(".")[-1]]] \
                if expr.split(".")[-1] in self.dialog.index else None
            return format_value(value, step)
        return re.sub(r"\{([^{}]+)\}", one, template)

    # -- flow

    def next_index(self, after):
        ns = self.namespace()
        i = after + 1
        while i < len(self.dialog.steps):
            step = self.dialog.steps[i]
            if step.get("when") is not None and not self.holds(step["when"], ns):
                i += 1
                continue
            if step.get("kind") == "action-review" and not self.carried:
                i += 1
                continue
            return i
        return None

    def prompt_events(self):
        step = self.dialog.steps[self.current]
        kind = step.get("kind")
        if self.part == "evidence":
            kind = "text"
        text = step.get("ask", "")
        if self.part == "evidence":
            ev = step.get("evidence")
            text = ev if isinstance(ev, str) else "What did you see that supports this score?"
        if self.part == "review":
            item = self.carried[len(self.items)]
            text = "Open action: %s (owner %s, due %s): done, drop, a new date, or open?" % (
                item.get("text"), item.get("owner"), item.get("due"))
        event = {"type": "prompt", "id": step["id"], "kind": kind, "text": self.fill(text),
                 "at": now_iso(self.clock())}
        if self.part:
            event["part"] = self.part
        return [event]

    def describe(self):
        """The JSON Lines prompt message for the question being asked."""
        step = self.dialog.steps[self.current]
        message = self.prompt_events()[0]
        del message["at"]
        kind = step.get("kind")
        if kind in ("scale", "rating") and self.part != "evidence":
            anchors = step.get("anchors") or {}
            keys = sorted(int(k) for k in anchors) or [step.get("min", 1), step.get("max", 5)]
            message["min"], message["max"] = step.get("min", keys[0]), step.get("max", keys[-1])
            message["anchors"] = [{"score": int(k), "label": v} for k, v in anchors.items()]
        elif kind in ("number", "percent", "money", "list", "multi-choice") and self.part != "evidence":
            if "min" in step:
                message["min"] = step["min"]
            if "max" in step:
                message["max"] = step["max"]
            elif kind == "percent":
                message["max"] = 100
        if kind in ("choice", "multi-choice"):
            message["choices"] = [choice_of(c) for c in step.get("choices") or []]
        if kind == "list":
            message["items"] = list(self.items)
        message["required"] = step.get("required", True)
        message["step"] = self.current + 1
        message["steps"] = len(self.dialog.steps)
        return message

    def start(self):
        self.current = self.next_index(-1)
        if self.current is None:
            return self.finish(), [{"type": "say", "text": self.fill(self.dialog.data.get("intro"))}]
        self.begin_step()
        out = [{"type": "say", "text": self.fill(self.dialog.data.get("intro"))}]
        return self.prompt_events(), out

    def begin_step(self):
        kind = self.dialog.steps[self.current].get("kind")
        self.items = []
        self.pending = None
        self.part = "score" if kind == "rating" else "item" if kind == "list" else \
            "review" if kind == "action-review" else None

    def finish(self):
        self.ended = True
        self.current = None
        return [{"type": "end", "status": "completed", "at": now_iso(self.clock())}]

    def advance(self, events, out):
        """After an answer: the `after` text, flags, then the next question or the end."""
        ns = self.namespace()
        step = self.dialog.steps[self.current]
        if step.get("after"):
            out.append({"type": "say", "text": self.fill(step["after"], ns)})
        at = now_iso(self.clock())
        for flag in self.dialog.flags:
            up = self.holds(flag.get("if", "false"), ns)
            if up != self.raised.get(flag["id"], False):
                self.raised[flag["id"]] = up
                events.append({"type": "flag", "id": flag["id"], "raised": up, "at": at,
                               "text": self.fill(flag.get("text"), ns)})
        self.current = self.next_index(self.current)
        if self.current is None:
            events.extend(self.finish())
            out.append({"type": "say", "text": self.fill(self.dialog.data.get("outro"), ns)})
            return
        self.begin_step()
        events.extend(self.prompt_events())

    def handle(self, line):
        """One line in: (events to record, messages to show)."""
        if self.ended:
            return [], []
        at = now_iso(self.clock())
        step = self.dialog.steps[self.current]
        kind = step.get("kind")
        raw = line
        events, out = [], []
        if line.startswith("/") and not line.startswith("//"):
            word, _, rest = line[1:].partition(" ")
            if word in ("pause", "quit"):
                self.ended = True
                return [{"type": "pause", "raw": raw, "reason": word, "at": at}], []
            if word in ("note", "private"):
                return [{"type": "note", "text": rest.strip(), "private": word == "private",
                         "step": step["id"], "raw": raw, "at": at}], [
                    {"type": "say", "text": "Noted."}]
            if word == "action":
                ok, value = parse_answer({"kind": "action", "owner": "{with}"}, "action", rest,
                                         self.today(), self.with_)
                if not ok:
                    return [], [{"type": "error", "id": step["id"], "message": value}]
                self.actions += 1
                item = {"id": "a%d" % self.actions, "text": value["text"], "owner": value["owner"],
                        "due": value["due"], "status": "open", "step": step["id"]}
                return [{"type": "action", "action": item, "raw": raw, "at": at}], [
                    {"type": "say", "text": "Action: %s" % value["text"]}]
            if word == "skip" and not step.get("required", True):
                line = ""
            else:
                return [{"type": "command", "raw": raw, "at": at}], [
                    {"type": "say", "text": "(%s)" % word}]
        if line.startswith("//"):
            line = line[1:]
        text = line.strip()
        if self.part == "item":
            if text:
                self.items.append(text)
                events.append({"type": "partial", "id": step["id"], "raw": raw, "part": "item",
                               "value": [text], "at": at})
                return events, out
            needed = step.get("min", 1 if step.get("required", True) else 0)
            if not self.items and not step.get("required", True):
                events.append({"type": "skip", "id": step["id"], "raw": raw, "at": at})
                self.advance(events, out)
                return events, out
            if len(self.items) < needed:
                return self.refuse(step, raw, "at least %d items" % needed, at)
            self.set_answer(step["id"], list(self.items))
            events.append({"type": "answer", "id": step["id"], "raw": raw,
                           "value": list(self.items), "at": at})
            self.advance(events, out)
            return events, out
        if not text and not step.get("required", True) and self.part in (None, "score"):
            events.append({"type": "skip", "id": step["id"], "raw": raw, "at": at})
            self.advance(events, out)
            return events, out
        if self.part == "evidence":
            if not text:
                return self.refuse(step, raw, "the evidence is needed", at)
            value = dict(self.pending)
            value["evidence"] = text
            self.set_answer(step["id"], value)
            events.append({"type": "answer", "id": step["id"], "raw": raw, "value": value,
                           "at": at})
            self.advance(events, out)
            return events, out
        if self.part == "review":
            item = self.carried[len(self.items)]
            status = {"done": "done", "drop": "dropped", "open": "open"}.get(text.lower())
            decision = dict(item)
            if status is None:
                due = parse_date(text, self.today())
                if due is None:
                    return self.refuse(step, raw, "done, drop, open or a date", at)
                decision["due"], status = due, "open"
            decision["status"] = status
            self.items.append(decision)
            events.append({"type": "partial", "id": step["id"], "raw": raw, "part": "review",
                           "value": decision, "at": at})
            if len(self.items) < len(self.carried):
                return events, out
            self.set_answer(step["id"], list(self.items))
            events.append({"type": "answer", "id": step["id"], "raw": raw,
                           "value": list(self.items), "at": at})
            self.advance(events, out)
            return events, out
        ok, value = parse_answer(step, kind, text, self.today(), self.with_)
        if not ok:
            return self.refuse(step, raw, value, at)
        if kind == "rating":
            anchors = step.get("anchors") or {}
            keys = sorted(int(k) for k in anchors)
            self.pending = {"score": value, "min": keys[0], "max": keys[-1],
                            "anchor": anchors.get(value, anchors.get(str(value))),
                            "competency": step.get("competency")}
            if step.get("evidence", True) is not False:
                events.append({"type": "partial", "id": step["id"], "raw": raw, "part": "score",
                               "value": value, "at": at})
                self.part = "evidence"
                events.extend(self.prompt_events())
                return events, out
            value = self.pending
        self.set_answer(step["id"], value)
        events.append({"type": "answer", "id": step["id"], "raw": raw, "value": value, "at": at})
        self.advance(events, out)
        return events, out

    def refuse(self, step, raw, message, at):
        events = [{"type": "invalid", "id": step["id"], "raw": raw, "message": message, "at": at}]
        return events + self.prompt_events(), [{"type": "error", "id": step["id"],
                                                "message": message}]


def choice_of(c):
    if isinstance(c, dict):
        return {"value": str(c.get("value")), "label": str(c.get("label", c.get("value")))}
    return {"value": slug(c), "label": str(c)}


def format_value(value, step):
    kind = step.get("kind") if step else None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "percent" and isinstance(value, (int, float)):
        return "%g%%" % value
    if kind == "money" and isinstance(value, (int, float)):
        return ("-$" if value < 0 else "$") + "{:,.0f}".format(abs(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return "%g" % value
    return str(value)


_NUMBER = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?|[+-]?\.\d+)\s*([km])?$", re.I)


def parse_number(text):
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    n = float(m.group(1).replace(",", ""))
    if m.group(2):
        n *= 1000 if m.group(2).lower() == "k" else 1000000
    return tidy(n)


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_date(text, today):
    t = text.strip().lower()
    if t == "today":
        return today.isoformat()
    if t == "tomorrow":
        return (today + _dt.timedelta(days=1)).isoformat()
    if t == "yesterday":
        return (today - _dt.timedelta(days=1)).isoformat()
    m = re.match(r"^(?:\+|in\s+)(\d+)\s*(d|days?|w|weeks?)$", t)
    if m:
        n = int(m.group(1)) * (7 if m.group(2).startswith("w") else 1)
        return (today + _dt.timedelta(days=n)).isoformat()
    if t.replace("next ", "") in _WEEKDAYS:
        wd = _WEEKDAYS.index(t.replace("next ", ""))
        ahead = (wd - today.weekday()) % 7 or 7
        return (today + _dt.timedelta(days=ahead)).isoformat()
    try:
        return _dt.date.fromisoformat(t).isoformat()
    except ValueError:
        return None


def parse_answer(step, kind, text, today, with_):
    """(True, value) or (False, message): the answer read by the step's kind."""
    if kind == "text":
        return (True, text) if text else (False, "an answer is needed")
    if kind == "yes-no":
        t = text.lower()
        if t in ("y", "yes", "true"):
            return True, True
        if t in ("n", "no", "false"):
            return True, False
        return False, "'%s' is not yes or no: answer y or n" % text
    if kind in ("number", "percent", "money", "scale", "rating"):
        t = text
        if kind == "percent":
            t = t.rstrip().rstrip("%")
        if kind == "money":
            t = t.replace("$", "").replace("USD", "")
        if kind == "number" and step.get("unit"):
            t = t.replace(str(step["unit"]), "")
        n = parse_number(t)
        if n is None and kind in ("scale", "rating"):
            for k, label in (step.get("anchors") or {}).items():
                if str(label).lower().startswith(text.lower()):
                    n = int(k)
        if n is None:
            return False, "'%s' is not a number" % text
        if kind in ("scale", "rating"):
            keys = sorted(int(k) for k in step.get("anchors") or {}) or [1, 5]
            lo, hi = step.get("min", keys[0]), step.get("max", keys[-1])
        else:
            lo, hi = step.get("min", 0 if kind != "number" else None), step.get(
                "max", 100 if kind == "percent" else None)
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            return False, "%s is out of range" % text
        if step.get("integer") and n != int(n):
            return False, "a whole number is needed"
        return True, n
    if kind == "date":
        d = parse_date(text, today)
        if d is None:
            return False, "'%s' is not a date" % text
        if step.get("min") == "today" and d < today.isoformat():
            return False, "the date is in the past"
        return True, d
    if kind in ("choice", "multi-choice"):
        choices = [choice_of(c) for c in step.get("choices") or []]
        picks = [p.strip() for p in re.split(r",|\s+(?=\d)", text) if p.strip()] \
            if kind == "multi-choice" else [text]
        values = []
        for p in picks:
            if p.isdigit() and 1 <= int(p) <= len(choices):
                values.append(choices[int(p) - 1]["value"])
                continue
            found = [c["value"] for c in choices
                     if c["value"].lower().startswith(p.lower()) or c["label"].lower().startswith(p.lower())]
            if len(found) != 1:
                return False, "'%s' is not one of the choices" % p
            values.append(found[0])
        if kind == "choice":
            return True, values[0]
        if len(values) < step.get("min", 1) or ("max" in step and len(values) > step["max"]):
            return False, "choose between %s and %s" % (step.get("min", 1), step.get("max", "all"))
        return True, values
    if kind == "action":
        owner = None
        due = None
        words = []
        for w in text.split():
            if w.startswith("@") and len(w) > 1:
                owner = w[1:]
            elif w.lower().startswith("due:"):
                due = parse_date(w[4:], today)
                if due is None:
                    return False, "'%s' is not a date" % w[4:]
            else:
                words.append(w)
        if not words:
            return False, "say what is to be done"
        if step.get("require_due") and not due:
            return False, "add a due date, e.g. due:friday"
        if owner is None and step.get("owner"):
            owner = with_ if step["owner"] == "{with}" else step["owner"]
        return True, {"type": "action", "text": " ".join(words), "owner": owner, "due": due}
    return True, text


# ---------------------------------------------------------------------------------------------
# start


class Record:
    """The session's record: created with O_EXCL, locked, each batch written then fsync'd."""

    def __init__(self, store, header):
        folder = os.path.join(store, "sessions")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        self.path = os.path.join(folder, header["id"] + ".jsonl")
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                          0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.append_lines([encode(header)])
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        os.fsync(dfd)
        os.close(dfd)

    def append_lines(self, lines):
        if not lines:
            return
        data = ("\n".join(lines) + "\n").encode()
        while data:
            n = os.write(self.fd, data)
            data = data[n:]
        os.fsync(self.fd)

    def append(self, events):
        self.append_lines([encode(e) for e in events])


def person_history(store, person, dialog_id):
    """The person's last completed session of the dialog (its id and answers) and the action
    items still open from any of their sessions. Reads each record's header line, and the whole
    of the person's records only."""
    name = person.lower()
    mine = []
    for path in record_files(store):
        try:
            with open(path, "rb") as f:
                header = json.loads(f.readline())
        except (OSError, ValueError):
            continue
        if ((header.get("participants") or {}).get("with") or "").lower() == name:
            mine.append((header.get("started_at", ""), header.get("id", ""), path))
    mine.sort()
    previous = None
    items = {}
    for _, _, path in mine:
        try:
            header, events, _ = read_record(path)
        except (OSError, ValueError):
            continue
        folded = fold(header, events)
        if folded["status"] == "completed" and header["dialog"]["id"] == dialog_id:
            previous = (header["id"], folded["answers"])
        for value in folded["answers"].values():
            if isinstance(value, list):
                for d in value:
                    if isinstance(d, dict) and d.get("id") in items and d.get("status"):
                        items[d["id"]]["status"] = d["status"]
        for i, a in enumerate(folded["actions"]):
            item = dict(a)
            item["id"] = "%s:%s" % (header["id"], a.get("id", i + 1))
            item["origin"] = "%s, %s" % (header["dialog"].get("title"), header["started_at"][:10])
            item.pop("type", None)
            item.setdefault("status", "open")
            items[item["id"]] = item
    return previous, [i for i in items.values() if i.get("status") == "open"]


class Output:
    """The JSON Lines on stdout, printed through prompt_toolkit."""

    def __init__(self):
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText
        self.print = print_formatted_text
        self.Text = FormattedText

    def send(self, messages):
        for m in messages:
            self.print(self.Text([("", encode(m))]), flush=True)


def start(args):
    # A prompt_toolkit program loads prompt_toolkit before anything else.
    import prompt_toolkit  # noqa: F401
    from prompt_toolkit import PromptSession

    dialog = Dialog(args.dialog, origin="builtin:" + os.path.basename(args.dialog)[:-5])
    ident = os.urandom(6).hex()
    header = {
        "format": "coach-session", "version": 1, "id": ident, "coach_version": "peer",
        "dialog": {"id": dialog.id, "version": dialog.version, "title": dialog.title,
                   "sha256": dialog.sha256, "origin": dialog.origin},
        "participants": {"with": args.with_, "by": args.by},
        "started_at": now_iso(), "previous": {"session": None, "answers": {}, "earlier": {}},
        "carried": [], "time_zone": os.environ.get("TZ", "UTC"), "terminal": None,
    }
    if args.with_:
        previous, carried = person_history(args.store, args.with_, dialog.id)
        if previous:
            header["previous"]["session"], header["previous"]["answers"] = previous
        if any(s.get("kind") == "action-review" for s in dialog.steps):
            header["carried"] = carried
    engine = Engine(dialog, header)
    record = Record(args.store, header)
    events, out = engine.start()
    record.append(events)
    if args.jsonl:
        output = Output()

        def show(events, out):
            messages = list(out)
            if engine.ended:
                if events and events[-1]["type"] == "end":
                    messages.append({"type": "end", "session": ident, "status": "completed",
                                     "path": record.path})
            else:
                messages.append(engine.describe())
            output.send(messages)

        show(events, out)
        stdin = sys.stdin
        while not engine.ended:
            line = stdin.readline()
            if not line:
                record.append([{"type": "pause", "reason": "end of input", "at": now_iso()}])
                break
            events, out = engine.handle(line.rstrip("\n"))
            record.append(events)
            show(events, out)
        return 0
    session = PromptSession()
    printer = Output()
    for m in out:
        printer.print(m["text"])
    while not engine.ended:
        question = engine.describe()["text"]
        try:
            line = session.prompt("coach › %s\nyou › " % question)
        except (EOFError, KeyboardInterrupt):
            record.append([{"type": "pause", "reason": "end of input", "at": now_iso()}])
            break
        events, out = engine.handle(line)
        record.append(events)
        for m in out:
            printer.print(m.get("text") or m.get("message"))
    return 0


# ---------------------------------------------------------------------------------------------
# replay-check, sessions, report


def load_dialogs(folder):
    dialogs = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            d = Dialog(os.path.join(folder, name), origin="builtin:" + name[:-5])
            dialogs[d.id] = d
    return dialogs


def check_one(dialog, header, events):
    """None when re-driving the recorded inputs gives the same questions, values and end; else
    where it diverges. Walks the record as coach's ReplayCheck does: each input-bearing event is
    handed to the engine, and what that produces is compared with the events recorded after it
    (flags are passed over on either side: this engine's null logic is not coach's)."""
    clock_at = [parse_iso(header["started_at"]).timestamp()]
    engine = Engine(dialog, header, clock=lambda: clock_at[0])
    position = [0]

    def essential(e):
        t = e.get("type")
        if t == "prompt":
            return ("prompt", e.get("id"), e.get("part"))
        if t in ("answer", "partial"):
            return (t, e.get("id"), encode(e.get("value")))
        if t in ("skip", "invalid"):
            return (t, e.get("id"))
        if t == "end":
            return ("end", e.get("status"))
        return (t,)

    def compare(new):
        i = position[0]
        for event in new:
            if event["type"] == "flag":
                continue
            while i < len(events) and events[i].get("type") == "flag":
                i += 1
            if i >= len(events):
                return "the script now goes on after the end of the record"
            a, b = essential(events[i]), essential(event)
            if a != b:
                return "at event %d: recorded %s, now %s" % (i, a, b)
            i += 1
        while i < len(events) and events[i].get("type") == "flag":
            i += 1
        position[0] = i
        return None

    produced, _ = engine.start()
    problem = compare(produced)
    if problem:
        return "at the start: " + problem
    while position[0] < len(events):
        event = events[position[0]]
        kind = event.get("type")
        if kind == "resume" or (kind == "pause" and event.get("raw") is None):
            position[0] += 1
            continue
        raw = event.get("raw")
        if raw is None:
            return "the record has a %s event where the script did not produce it" % kind
        if event.get("at"):
            clock_at[0] = parse_iso(event["at"]).timestamp()
        produced, _ = engine.handle(raw)
        if not produced:
            return "input %r changes nothing now" % raw
        problem = compare(produced)
        if problem:
            return problem
    return None


def replay_check(args):
    dialogs = load_dialogs(args.prompts)
    same = 0
    failures = 0
    files = record_files(args.store)
    out = []
    for path in files:
        try:
            header, events, _ = read_record(path)
        except (OSError, ValueError) as e:
            failures += 1
            out.append("✗ %s: %s" % (path, e))
            continue
        dialog = dialogs.get(header["dialog"]["id"])
        if dialog is None:
            failures += 1
            out.append("✗ %s: the dialog is not available" % header["id"])
            continue
        problem = check_one(dialog, header, events)
        if problem:
            failures += 1
            out.append("✗ %s %s: diverges: %s" % (header["id"], header["dialog"]["id"], problem))
        else:
            same += 1
    out.append("%d sessions checked: %d same, %d diverge or cannot be checked"
               % (len(files), same, failures))
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if failures else 0


def sessions(args):
    rows = []
    for path in record_files(args.store):
        try:
            header, events, _ = read_record(path)
        except (OSError, ValueError) as e:
            sys.stderr.write("peer: warning: %s\n" % e)
            continue
        f = fold(header, events)
        rows.append((header["started_at"], header["id"], header["dialog"]["id"],
                     (header.get("participants") or {}).get("with") or "—", f["status"],
                     len(f["answers"])))
    rows.sort(reverse=True)
    lines = ["%s  %s  %-18s %-24s %s" % (r[1], r[0][:16].replace("T", " "), r[2], r[3][:24], r[4])
             for r in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def report(args):
    name = args.with_.lower()
    dialogs = load_dialogs(args.prompts)
    found = []
    for path in record_files(args.store):
        try:
            header, events, _ = read_record(path)
        except (OSError, ValueError) as e:
            sys.stderr.write("peer: warning: %s\n" % e)
            continue
        if ((header.get("participants") or {}).get("with") or "").lower() != name:
            continue
        if args.dialog and header["dialog"]["id"] != args.dialog:
            continue
        found.append((header["started_at"], header, fold(header, events)))
    if not found:
        sys.stderr.write("peer: no sessions with %s\n" % args.with_)
        return 66
    found.sort(key=lambda x: (x[0], x[1]["id"]))
    out = ["Report: %s, %d sessions" % (args.with_, len(found))]
    last = {}
    today = _dt.date.today().isoformat()
    items = []
    for started, header, f in found:
        dialog = dialogs.get(header["dialog"]["id"])
        out.append("")
        out.append("%s  %s  %s" % (started[:10], header["dialog"]["title"], f["status"]))
        for step_id, value in f["answers"].items():
            step = dialog.step(step_id) if dialog and step_id in dialog.index else None
            if not step or step.get("kind") not in NUMERIC:
                continue
            number = value.get("score") if isinstance(value, dict) else value
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                continue
            key = (header["dialog"]["id"], step_id)
            before = last.get(key)
            mark = "" if before is None else " ▲ %+g" % (number - before) if number > before \
                else " ▼ %+g" % (number - before) if number < before else " ="
            out.append("  %-40s %s%s" % (step.get("label") or step_id,
                                          format_value(number, step), mark))
            last[key] = number
        for value in f["answers"].values():
            if isinstance(value, list):
                for d in value:
                    if isinstance(d, dict) and d.get("status"):
                        for it in items:
                            if it["id"] == d.get("id"):
                                it["status"] = d["status"]
        for i, a in enumerate(f["actions"]):
            item = dict(a)
            item["id"] = "%s:%s" % (header["id"], a.get("id", i + 1))
            item.setdefault("status", "open")
            items.append(item)
    out.append("")
    out.append("Action items: %d, %d done, %d overdue" % (
        len(items), sum(1 for i in items if i.get("status") == "done"),
        sum(1 for i in items if i.get("status") == "open" and (i.get("due") or "9") < today)))
    for it in items:
        out.append("  [%s] %s (%s, due %s)" % (it.get("status"), it.get("text"), it.get("owner"),
                                               it.get("due")))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


# ---------------------------------------------------------------------------------------------
# due and report --team: every record read and folded (the peer keeps no cache)

CADENCES = {"rep": {"one-on-one": 7, "ride-along": 30}, "manager": {"one-on-one": 7}}


def _team(store):
    path = os.path.join(store, "team.yaml")
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_Loader) or {}
    return data.get("people") or []


def _people_sessions(store):
    """Name key -> [(started, header, folded)], oldest first."""
    people = {}
    for path in record_files(store):
        try:
            header, events, _ = read_record(path)
        except (OSError, ValueError) as e:
            sys.stderr.write("peer: warning: %s\n" % e)
            continue
        with_ = (header.get("participants") or {}).get("with")
        if not with_:
            continue
        people.setdefault(" ".join(with_.lower().split()), []).append(
            (header["started_at"], header, fold(header, events)))
    for sessions in people.values():
        sessions.sort(key=lambda x: (x[0], x[1]["id"]))
    return people


def _open_actions(sessions):
    items = []
    for _, header, f in sessions:
        for value in f["answers"].values():
            if isinstance(value, list):
                for d in value:
                    if isinstance(d, dict) and d.get("status"):
                        for it in items:
                            if it["id"] == d.get("id"):
                                it["status"] = d["status"]
        for i, a in enumerate(f["actions"]):
            item = dict(a)
            item["id"] = "%s:%s" % (header["id"], a.get("id", i + 1))
            item.setdefault("status", "open")
            item["agreed_on"] = header["started_at"][:10]
            items.append(item)
    return [i for i in items if i.get("status") == "open"]


def _due_people(store, today):
    people = _people_sessions(store)
    out = []
    for member in _team(store):
        key = " ".join(member["name"].lower().split())
        sessions = people.get(key, [])
        rituals = dict(CADENCES.get(member.get("role"), {}))
        for dialog, every in (member.get("cadence") or {}).items():
            if str(every).lower() == "none":
                rituals.pop(dialog, None)
            else:
                rituals[dialog] = int(str(every)[:-1]) * (7 if str(every).endswith("w") else 1)
        rows = []
        for dialog, every in rituals.items():
            held = [s for s in sessions if s[1]["dialog"]["id"] == dialog]
            if held:
                last = _dt.date.fromisoformat(held[-1][0][:10])
                agreed = held[-1][2]["answers"].get("next_meeting")
                due = last + _dt.timedelta(days=every)
                if isinstance(agreed, str) and agreed > last.isoformat():
                    due = _dt.date.fromisoformat(agreed)
            else:
                due = _dt.date.fromisoformat(str(member.get("since") or today.isoformat()))
            over = max(0, (today - due).days)
            done = [s for s in held if s[2]["status"] == "completed"][-2:]
            twice = sorted(set(done[0][2]["flags"]) & set(done[1][2]["flags"])) if len(done) == 2 else []
            rows.append({"dialog": dialog, "due": due.isoformat(), "overdue_days": over,
                         "missed": 1 + (over - 1) // every if over > 0 else 0, "held": len(held),
                         "repeated_flags": twice})
        actions = _open_actions(sessions)
        overdue = [a for a in actions if (a.get("due") or "9") < today.isoformat()]
        out.append({"name": member["name"], "role": member.get("role"), "rituals": rows,
                    "open": len(actions), "overdue": len(overdue), "sessions": sessions,
                    "first_due": min([r["due"] for r in rows] or ["9999-12-31"])})
    out.sort(key=lambda p: (p["first_due"], p["name"].lower()))
    return out


def due(args):
    today = _dt.date.today()
    people = _due_people(args.store, today)
    lines = ["Due as of %s" % today.isoformat()]
    for p in people:
        lines.append("")
        lines.append("%s (%s)" % (p["name"], p["role"]))
        for r in sorted(p["rituals"], key=lambda r: r["due"]):
            lines.append("  %-20s due %s  %d days over, %d missed" % (
                r["dialog"], r["due"], r["overdue_days"], r["missed"]))
        lines.append("  commitments: %d open, %d overdue" % (p["open"], p["overdue"]))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def report_team(args):
    today = _dt.date.today()
    dialogs = load_dialogs(args.prompts)
    trends = [s["id"] for s in dialogs["one-on-one"].steps if s.get("trend")] if "one-on-one" in dialogs else []
    lines = ["%-24s %-10s %-12s %-12s %s" % ("PERSON", "COVERAGE", "LAST 1-ON-1", "OPEN", "METRICS")]
    start = today - _dt.timedelta(days=91)
    for p in _due_people(args.store, today):
        held = expected = 0
        for r in p["rituals"]:
            every = CADENCES.get(p["role"], {}).get(r["dialog"], 7)
            n = sum(1 for s in p["sessions"] if s[1]["dialog"]["id"] == r["dialog"] and s[0][:10] >= start.isoformat())
            e = max(1, 91 // every)
            held += min(n, e)
            expected += e
        ones = [s for s in p["sessions"] if s[1]["dialog"]["id"] == "one-on-one"]
        metrics = []
        for step in trends:
            values = [s[2]["answers"][step] for s in ones[-8:] if isinstance(s[2]["answers"].get(step), (int, float))]
            if values:
                metrics.append("%s %g%s" % (step, values[-1], "" if len(values) < 2 else
                                            " ▲" if values[-1] > values[-2] else " ▼" if values[-1] < values[-2] else " ="))
        lines.append("%-24s %-10s %-12s %-12s %s" % (
            p["name"][:24], "%d%%" % round(100 * held / expected) if expected else "-",
            ones[-1][0][:10] if ones else "never", "%d/%d" % (p["open"], p["overdue"]), "; ".join(metrics)))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


# ---------------------------------------------------------------------------------------------
# lint

_TOP = {"id", "title", "version", "description", "timebox", "intro", "outro", "sections", "steps",
        "flags"}
_STEP = {"id", "section", "ask", "kind", "tip", "required", "when", "next", "after", "label",
         "trend", "min", "max", "unit", "integer", "currency", "choices", "anchors", "competency",
         "evidence", "owner", "require_due"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
_WORDS = {"and", "or", "not", "in", "contains", "true", "false", "null", "with", "by", "today",
          "count", "len", "days_until", "empty", "has_number", "words", "abs", "round", "min",
          "max", "signed", "if"}


class _LineLoader(_Loader):
    pass


def _mapping_with_line(loader, node):
    m = loader.construct_mapping(node, deep=True)
    m["__line__"] = node.start_mark.line + 1
    return m


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def lint_file(path):
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=_LineLoader)
    except (OSError, yaml.YAMLError) as e:
        return ["%s: %s" % (path, e)]
    if not isinstance(data, dict):
        return ["%s:1: the script is not a mapping" % path]

    def problem(node, text):
        problems.append("%s:%s: %s" % (path, node.get("__line__", 1) if isinstance(node, dict) else 1,
                                       text))

    for key in data:
        if key not in _TOP and key != "__line__":
            problem(data, "unknown key '%s'" % key)
    for key in ("id", "title", "steps"):
        if key not in data:
            problem(data, "'%s' is required" % key)
    sections = set()
    for s in data.get("sections") or []:
        if not isinstance(s, dict) or "id" not in s or "title" not in s:
            problem(s if isinstance(s, dict) else data, "a section needs an id and a title")
            continue
        if s["id"] in sections:
            problem(s, "section '%s' is defined twice" % s["id"])
        sections.add(s["id"])
    steps = [s for s in data.get("steps") or [] if isinstance(s, dict)]
    ids = {}
    for s in steps:
        ident = s.get("id")
        if not isinstance(ident, str) or not _ID.match(ident):
            problem(s, "step id '%s' is not lower-case letters, digits and _" % ident)
        elif ident in ids:
            problem(s, "step id '%s' is used twice (first on line %d)" % (ident, ids[ident]))
        else:
            ids[ident] = s.get("__line__", 0)
    known = set(ids)
    order = {s.get("id"): i for i, s in enumerate(steps)}

    def check_expression(node, text, position):
        for name in _NAME.findall(re.sub(r'"[^"]*"|\'[^\']*\'', "", str(text))):
            head = name.split(".")[0]
            if head in ("previous", "earlier"):
                name = name.split(".", 1)[1] if "." in name else ""
                if name and name not in known:
                    problem(node, "unknown step '%s' in '%s'" % (name, text))
                continue
            if head in _WORDS or head.replace(".", "").isdigit():
                continue
            if head not in known:
                problem(node, "unknown name '%s' in '%s'" % (head, text))
            elif position is not None and order.get(head, -1) >= position:
                problem(node, "'%s' is read before it is asked" % head)
        try:
            compile(to_python(text), "<expr>", "eval")
        except SyntaxError:
            problem(node, "the expression '%s' does not parse" % text)

    def check_template(node, text, position):
        for expr in re.findall(r"\{([^{}]+)\}", str(text or "").replace("{{", "").replace("}}", "")):
            check_expression(node, expr, position)

    for i, s in enumerate(steps):
        kind = s.get("kind")
        for key in s:
            if key not in _STEP and key != "__line__":
                problem(s, "unknown key '%s'" % key)
        if "ask" not in s:
            problem(s, "step '%s' has no ask" % s.get("id"))
        if kind not in KINDS:
            problem(s, "unknown kind '%s'" % kind)
        if s.get("section") is not None and s["section"] not in sections:
            problem(s, "unknown section '%s'" % s["section"])
        if kind in ("choice", "multi-choice") and not s.get("choices"):
            problem(s, "a %s step needs choices" % kind)
        if kind == "rating" and not s.get("anchors"):
            problem(s, "a rating needs anchors")
        if isinstance(s.get("min"), (int, float)) and isinstance(s.get("max"), (int, float)) \
                and s["min"] > s["max"]:
            problem(s, "min is above max")
        if s.get("when") is not None:
            check_expression(s, s["when"], i)
        nxt = s.get("next")
        targets = [nxt] if isinstance(nxt, str) else [b.get("goto") for b in nxt or []
                                                      if isinstance(b, dict)]
        for b in nxt if isinstance(nxt, list) else []:
            if isinstance(b, dict) and "if" in b:
                check_expression(s, b["if"], i + 1)
        for t in targets:
            if t != "end" and t not in known:
                problem(s, "goto '%s': no such step" % t)
        for key in ("ask", "tip", "after"):
            check_template(s, s.get(key), i + (1 if key == "after" else 0))
    for key in ("intro", "outro"):
        check_template(data, data.get(key), None)
    for f in data.get("flags") or []:
        if isinstance(f, dict):
            check_expression(f, f.get("if", ""), None)
            check_template(f, f.get("text"), None)
    return problems


def lint(args):
    problems = []
    for path in args.files:
        problems.extend(lint_file(path))
    if problems:
        sys.stdout.write("\n".join(problems) + "\n")
    sys.stdout.write("%d files checked, %d problems\n" % (len(args.files), len(problems)))
    return 1 if problems else 0


# ---------------------------------------------------------------------------------------------


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(prog="peer.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("start")
    p.add_argument("dialog")
    p.add_argument("--with", dest="with_")
    p.add_argument("--by")
    p.add_argument("--store", required=True)
    p.add_argument("--jsonl", action="store_true")
    p = sub.add_parser("replay-check")
    p.add_argument("--store", required=True)
    p.add_argument("--prompts", required=True)
    p = sub.add_parser("sessions")
    p.add_argument("--store", required=True)
    p = sub.add_parser("report")
    p.add_argument("--with", dest="with_", required=True)
    p.add_argument("--dialog")
    p.add_argument("--store", required=True)
    p.add_argument("--prompts", required=True)
    p = sub.add_parser("lint")
    p.add_argument("files", nargs="+")
    p = sub.add_parser("due")
    p.add_argument("--store", required=True)
    p = sub.add_parser("report-team")
    p.add_argument("--store", required=True)
    p.add_argument("--prompts", required=True)
    args = parser.parse_args(argv)
    return {"start": start, "replay-check": replay_check, "sessions": sessions, "report": report,
            "lint": lint, "due": due, "report-team": report_team}[args.command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
