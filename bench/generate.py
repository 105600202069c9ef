#!/usr/bin/env python3
"""Benchmark data for scripts/bench: real sessions recorded with coach, multiplied into a store of
N records, and dialog files for lint.

  generate.py seeds --coach BIN --store DIR       record the seed sessions with coach --jsonl
  generate.py store --seeds DIR --store DIR -n N  N records made from the seeds
  generate.py dialogs --prompts DIR --out DIR -n N  N dialog files, copies of the shipped ones

Seeds: every shipped dialog, twice with each of two people (so the second session has a previous
one, trends and carried action items), with a /note, a /action and a /tip along the way, and
one 1-on-1 paused half way.

Copies: each gets a new id (12 hex digits; the file name and the header's "id" match it), one of
200 people (the seed's person renamed in the header and the question texts; action owners, typed
as @Dana, stay as typed so that replaying gives the same values) and a start moved back by whole
days (every timestamp and date in the record moves by the same number of days, so that
`replay --check` still finds the same values for relative dates such as +7d). Every person has
a session about weekly, going through the seeds: with 10,000 records, 50 each over a year.
Files are mode 0600 in folders of mode 0700, as coach writes them.
"""

import argparse
import datetime as dt
import os
import random
import re
import sys

sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonl  # noqa: E402

SEED_PEOPLE = ["Dana", "Robin"]
FIRST = ["Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Gray", "Harper", "Indigo", "Jordan",
         "Kai", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor"]
LAST = ["Chen", "Okafor", "Silva", "Novak", "Haddad", "Moreau", "Tanaka", "Kowalski", "Byrne",
        "Lindqvist"]
PEOPLE = ["%s %s" % (f, l) for l in LAST for f in FIRST]  # 200


def record_seeds(coach, store, dialogs):
    """Records the seed sessions with coach; returns how many."""
    count = 0
    for dialog in dialogs:
        for person in SEED_PEOPLE:
            for round_ in range(2):
                extra = {3: ["/note %s seemed confident about the quarter" % person],
                         5: ["/action Send the revised terms @%s due:+3d" % person, "/tip"]}
                jsonl.drive([coach, "start", dialog, "--with", person, "--by", "Max",
                             "--store", store, "--jsonl"], extra=extra if round_ else {3: extra[3]})
                count += 1
    jsonl.drive([coach, "start", "one-on-one", "--with", SEED_PEOPLE[0], "--by", "Max", "--store",
                 store, "--jsonl"], stop_after=8)
    return count + 1


class Seed:
    """A seed record split into literal text and the parts a copy changes."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        head, _, rest = text.partition("\n")
        self.sid = re.search(r'"format":"coach-session","id":"([0-9a-f]{12})"', head).group(1)
        self.parts = []
        for line_no, line in enumerate((head, rest)):
            self.parts.extend(re.split(_PATTERN, line))
            if line_no == 0:
                self.parts.append("\n")
        self.person = next((p for p in SEED_PEOPLE if '"with":"%s"' % p in head), None)


_PATTERN = re.compile(
    r'(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|\d{4}-\d{2}-\d{2}|(?<!@)(?<!"owner":")(?:%s))' % "|".join(SEED_PEOPLE))
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def make_store(seeds_dir, store, n, seed=1):
    """Writes n records into store/sessions made from the seed records in seeds_dir."""
    rng = random.Random(seed)
    names = sorted(x for x in os.listdir(os.path.join(seeds_dir, "sessions")) if x.endswith(".jsonl"))
    seeds = [Seed(os.path.join(seeds_dir, "sessions", x)) for x in names]
    folder = os.path.join(store, "sessions")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(store, 0o700)
    os.chmod(folder, 0o700)
    shifted = {}
    used = set()

    def shift(text, days):
        key = (text, days)
        out = shifted.get(key)
        if out is None:
            if _TIMESTAMP.match(text):
                t = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ") - dt.timedelta(days=days)
                out = t.strftime("%Y-%m-%dT%H:%M:%S.") + text[-4:]
            else:
                out = (dt.date.fromisoformat(text) - dt.timedelta(days=days)).isoformat()
            shifted[key] = out
        return out

    for i in range(n):
        week = i // len(PEOPLE)
        s = seeds[(i + week) % len(seeds)]
        person = PEOPLE[i % len(PEOPLE)]
        days = 7 * week + (i % 5)
        while True:
            ident = "%012x" % rng.getrandbits(48)
            if ident not in used:
                used.add(ident)
                break
        out = []
        for piece in s.parts:
            if piece in SEED_PEOPLE:
                out.append(person)
            elif _TIMESTAMP.match(piece) or _DATE.match(piece):
                out.append(shift(piece, days))
            else:
                out.append(piece)
        text = "".join(out)
        text = text.replace('"format":"coach-session","id":"%s"' % s.sid,
                            '"format":"coach-session","id":"%s"' % ident, 1)
        fd = os.open(os.path.join(folder, ident + ".jsonl"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
    return n


def make_dialogs(prompts, out, n):
    """n dialog files in out, copies of the shipped dialogs, each with its own id."""
    os.makedirs(out, exist_ok=True)
    shipped = sorted(x for x in os.listdir(prompts) if x.endswith(".yaml"))
    files = []
    for i in range(n):
        name = shipped[i % len(shipped)]
        with open(os.path.join(prompts, name), encoding="utf-8") as f:
            text = f.read()
        old = name[:-5]
        new = "%s-%03d" % (old, i)
        text = re.sub(r"^id: %s$" % re.escape(old), "id: %s" % new, text, count=1, flags=re.M)
        path = os.path.join(out, new + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        files.append(path)
    return files


def main(argv):
    parser = argparse.ArgumentParser(prog="generate.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("seeds")
    p.add_argument("--coach", required=True)
    p.add_argument("--store", required=True)
    p = sub.add_parser("store")
    p.add_argument("--seeds", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("-n", type=int, default=10000)
    p = sub.add_parser("dialogs")
    p.add_argument("--prompts", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("-n", type=int, default=100)
    args = parser.parse_args(argv)
    if args.command == "seeds":
        print(record_seeds(args.coach, args.store,
                           ["one-on-one", "ride-along", "hiring-interview", "ceo-alignment",
                            "leader-self-check"]))
    elif args.command == "store":
        print(make_store(args.seeds, args.store, args.n))
    else:
        print(len(make_dialogs(args.prompts, args.out, args.n)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
