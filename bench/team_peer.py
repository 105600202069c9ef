#!/usr/bin/env python3
"""The Python peer of `coach sync` and of the org views' query, for scripts/bench (bench/team.py):
the same work done by a plain Python program with psycopg 3, so that each team store figure has
a reference beside it. Like bench/peer.py it is not a second coach: it follows coach's protocol
(docs/team-store.md) against the same schema, as the same kind of login (row-level security
applies to it as to coach), and leaves out what the benchmark does not exercise (the lock of
the store, deletions, the team file, refusals' messages).

  team_peer.py sync --store DIR --dsn DSN [--batch 250]
      Push: every record whose size or time changed since the peer's state
      (<store>/peer-sync/state.json) is read and parsed, its private notes dropped, folded
      (bench/peer.py's fold), its events fingerprinted (SHA-256); in batches of 250, one
      transaction each (synchronous_commit off): the team store's rows of those ids are read,
      new sessions go whole in one INSERT ... SELECT FROM unnest(...) ON CONFLICT (id) DO
      NOTHING, for the others the count and SHA-256 are checked against the record, the new
      events go as one run a session in one INSERT and the changed rows in one UPDATE ... FROM
      unnest(...); the state is written after each commit. Pull, in one
      REPEATABLE READ READ ONLY transaction: the ids and revisions of every visible session
      not pushed from here, those new or changed fetched (header and events) and written to
      <store>/peer-team/sessions/<id>.jsonl, then the people the login sees.
      Prints "Pushed N sessions (E events)".
  team_peer.py query --dsn DSN [--runs 10]
      The org views' query, the same SQL as TeamQuery.rituals(), run `runs` times on one
      connection; each row's answers decoded from JSON. Prints one JSON line as
      team-query-bench does: {"rows": R, "sessions": S, "ms": [...]}.

The password comes from libpq's own .pgpass ($PGPASSFILE).
"""

import argparse
import hashlib
import json
import os
import sys
import time
import unicodedata
import uuid

import psycopg

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer  # noqa: E402


def name_key(name):
    """As PeopleBook.key: no case, accents or repeated spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.split())


class Shared:
    """One record in its shared form: the header line, the events without private notes, the
    summary (the fold of those, without notes marked private)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read().decode("utf-8")
        lines = data.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        elif lines:
            lines.pop()  # a torn last line
        self.header_line = lines[0]
        self.header = json.loads(lines[0])
        self.id = self.header["id"]
        self.lines = []
        self.events = []
        for line in lines[1:]:
            event = json.loads(line)
            if event.get("type") == "note" and event.get("private"):
                continue
            self.lines.append(line)
            self.events.append(event)
        folded = peer.fold(self.header, self.events)
        participants = self.header.get("participants") or {}
        self.with_name = participants.get("with")
        self.by_name = participants.get("by")
        self.status = folded["status"]
        ended = None
        for event in reversed(self.events):
            if event.get("type") == "end":
                ended = event.get("at")
                break
        self.ended_at = ended
        self.updated_at = folded["updated_at"]
        self.open_actions = sum(1 for a in folded["actions"] if a.get("status", "open") == "open")
        summary = {"id": self.id, "dialog": self.header.get("dialog"), "participants": participants,
                   "status": self.status, "started_at": self.header.get("started_at"),
                   "ended_at": ended, "answers": folded["answers"], "action_items": folded["actions"],
                   "notes": folded["notes"], "flags": folded["flags"]}
        self.summary = peer.encode(summary)

    def sha(self, count):
        h = hashlib.sha256()
        for line in self.lines[:count]:
            h.update(line.encode("utf-8"))
            h.update(b"\n")
        return h


def stamp(path):
    s = os.stat(path)
    return "%d:%d" % (s.st_size, s.st_mtime_ns)


def load_json(path, default):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def save_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def sync(args):
    folder = os.path.join(args.store, "peer-sync")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    machine_path = os.path.join(folder, "machine")
    if not os.path.exists(machine_path):
        with open(machine_path, "w") as f:
            f.write(uuid.uuid4().hex)
    machine = open(machine_path).read().strip()
    state_path = os.path.join(folder, "state.json")
    state = load_json(state_path, {"sessions": {}})
    files = {os.path.basename(p)[:-6]: p for p in peer.record_files(args.store)}
    stamps = {i: stamp(p) for i, p in files.items()}
    pushed_sessions = pushed_events = 0
    with psycopg.connect(args.dsn, application_name="coach-peer") as db:
        info = dict(db.execute("SELECT key, value FROM coach.info").fetchall())
        if "store_id" not in info:
            raise SystemExit("team_peer: not a member of the team store")
        if state.get("store_id") != info["store_id"]:
            state = {"sessions": {}, "store_id": info["store_id"]}
        (count,) = db.execute("SELECT count(*) FROM coach.sessions WHERE owner = session_user::text "
                              "AND machine = %s", (machine,)).fetchone()
        if count != len(state["sessions"]):
            state["sessions"] = {}
        db.commit()
        candidates = sorted(i for i in stamps if (state["sessions"].get(i) or {}).get("stamp") != stamps[i])
        for start in range(0, len(candidates), args.batch):
            ids = candidates[start:start + args.batch]
            records = [Shared(files[i]) for i in ids]
            with db.transaction():
                db.execute("SET LOCAL synchronous_commit = off")
                held = {row[0]: row[1:] for row in db.execute(
                    "SELECT id, owner = session_user::text, machine, event_count, events_sha256 "
                    "FROM coach.sessions WHERE id = ANY(%s)", (ids,))}
                reset, runs, changed, fresh = [], [[], [], [], []], [[] for _ in range(16)], []
                mine = set()

                def run_of(r, first, h):
                    body = "".join(line + "\n" for line in r.lines[first:])
                    h.update(body.encode("utf-8"))
                    return (r.id, first + 1, len(r.lines) - first, body)

                def row_of(r, h):
                    dialog = r.header.get("dialog") or {}
                    return (r.id, machine, dialog.get("id"), dialog.get("version", 0), r.with_name or "",
                            name_key(r.with_name) if r.with_name else "", r.by_name or "", r.status,
                            r.header.get("started_at"), r.ended_at or "", r.updated_at, r.header_line,
                            r.summary, r.open_actions, len(r.lines), h.hexdigest())
                for r in records:
                    remote = held.get(r.id)
                    if remote is None:
                        fresh.append(r)
                        continue
                    if not remote[0] or remote[1] != machine:
                        sys.stderr.write("team_peer: %s refused (another login or machine)\n" % r.id)
                        continue
                    mine.add(r.id)
                    first = remote[2]
                    h = r.sha(min(first, len(r.lines)))
                    if first > len(r.lines) or h.hexdigest() != remote[3]:
                        reset.append(r.id)
                        first = 0
                        h = hashlib.sha256()
                    elif first == len(r.lines):
                        continue
                    if first < len(r.lines):
                        for column, value in zip(runs, run_of(r, first, h)):
                            column.append(value)
                    pushed_sessions += 1
                    pushed_events += len(r.lines) - first
                    for column, value in zip(changed, row_of(r, h)):
                        column.append(value)
                if fresh:
                    columns, fresh_runs = [[] for _ in range(16)], {}
                    for r in sorted(fresh, key=lambda r: r.id):
                        h = hashlib.sha256()
                        if r.lines:
                            fresh_runs[r.id] = run_of(r, 0, h)
                        for column, value in zip(columns, row_of(r, h)):
                            column.append(value)
                    taken = {row[0] for row in db.execute("""
                        INSERT INTO coach.sessions (id, machine, dialog_id, dialog_version, with_name, with_key,
                          by_name, status, started_at, ended_at, updated_at, header, summary, open_actions,
                          event_count, events_sha256)
                        SELECT u.id, u.machine, u.dialog_id, u.dialog_version, NULLIF(u.with_name, ''),
                          NULLIF(u.with_key, ''), NULLIF(u.by_name, ''), u.status, u.started_at,
                          NULLIF(u.ended_at, '')::timestamptz, u.updated_at, u.header, u.summary::jsonb,
                          u.open_actions, u.event_count, u.sha
                        FROM unnest(%s::text[], %s::text[], %s::text[], %s::int8[], %s::text[], %s::text[],
                          %s::text[], %s::text[], %s::timestamptz[], %s::text[], %s::timestamptz[], %s::text[],
                          %s::text[], %s::int8[], %s::int8[], %s::text[])
                          AS u (id, machine, dialog_id, dialog_version, with_name, with_key, by_name, status,
                            started_at, ended_at, updated_at, header, summary, open_actions, event_count, sha)
                        ORDER BY u.id
                        ON CONFLICT (id) DO NOTHING
                        RETURNING id""", columns)}
                    for r in fresh:
                        if r.id not in taken:
                            sys.stderr.write("team_peer: %s refused (another login or machine)\n" % r.id)
                            continue
                        mine.add(r.id)
                        pushed_sessions += 1
                        pushed_events += len(r.lines)
                        if r.id in fresh_runs:
                            for column, value in zip(runs, fresh_runs[r.id]):
                                column.append(value)
                if reset:
                    db.execute("DELETE FROM coach.events WHERE session_id = ANY(%s)", (reset,))
                if runs[0]:
                    db.execute("""
                        INSERT INTO coach.events (session_id, seq, count, body)
                        SELECT * FROM unnest(%s::text[], %s::int8[], %s::int8[], %s::text[])""", runs)
                if changed[0]:
                    db.execute("""
                        UPDATE coach.sessions s SET machine = u.machine, dialog_id = u.dialog_id,
                          dialog_version = u.dialog_version, with_name = NULLIF(u.with_name, ''),
                          with_key = NULLIF(u.with_key, ''), by_name = NULLIF(u.by_name, ''),
                          status = u.status, started_at = u.started_at,
                          ended_at = NULLIF(u.ended_at, '')::timestamptz, updated_at = u.updated_at,
                          header = u.header, summary = u.summary::jsonb, open_actions = u.open_actions,
                          event_count = u.event_count, events_sha256 = u.sha
                        FROM unnest(%s::text[], %s::text[], %s::text[], %s::int8[], %s::text[], %s::text[],
                          %s::text[], %s::text[], %s::timestamptz[], %s::text[], %s::timestamptz[], %s::text[],
                          %s::text[], %s::int8[], %s::int8[], %s::text[])
                          AS u (id, machine, dialog_id, dialog_version, with_name, with_key, by_name, status,
                            started_at, ended_at, updated_at, header, summary, open_actions, event_count, sha)
                        WHERE s.id = u.id AND s.owner = session_user::text""", changed)
            for r in records:
                if r.id in mine:
                    state["sessions"][r.id] = {"stamp": stamps[r.id], "events": len(r.lines)}
            save_json(state_path, state)

        # Pull.
        mirror = os.path.join(args.store, "peer-team", "sessions")
        os.makedirs(mirror, mode=0o700, exist_ok=True)
        index_path = os.path.join(args.store, "peer-team", "pulled.json")
        known = load_json(index_path, {}).get("sessions", {})
        index = {"sessions": {}, "people": []}
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        wanted = []
        for sid, owner, other, revision in db.execute(
                "SELECT id, owner, machine, revision FROM coach.sessions "
                "WHERE NOT (owner = session_user::text AND machine = %s)", (machine,)):
            if sid in files:
                continue
            index["sessions"][sid] = {"owner": owner, "revision": revision}
            if (known.get(sid) or {}).get("revision") != revision:
                wanted.append(sid)
        wanted.sort()
        for start in range(0, len(wanted), args.batch):
            ids = wanted[start:start + args.batch]
            texts = {sid: header + "\n" for sid, header in db.execute(
                "SELECT id, header FROM coach.sessions WHERE id = ANY(%s)", (ids,))}
            for sid, body in db.execute("SELECT session_id, body FROM coach.events WHERE session_id = ANY(%s) "
                                        "ORDER BY session_id, seq", (ids,)):
                texts[sid] += body
            for sid, text in texts.items():
                path = os.path.join(mirror, sid + ".jsonl")
                with open(path + ".tmp", "w") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(path + ".tmp", path)
        index["people"] = [list(row) for row in db.execute(
            "SELECT login, name, reports_to FROM coach.people ORDER BY login")]
        db.commit()
        save_json(index_path, index)
    print("Pushed %d sessions (%d events)" % (pushed_sessions, pushed_events))
    return 0


RITUALS = """
    SELECT g.owner, l.with_name, g.dialog_id, g.n, g.first, g.last, g.id, l.status, l.open_actions, l.answers
    FROM (
      SELECT DISTINCT ON (owner, with_key, dialog_id)
        owner, with_key, dialog_id, count(*) OVER w AS n, min(started_at) OVER w AS first,
        max(started_at) OVER w AS last, id
      FROM coach.sessions
      WINDOW w AS (PARTITION BY owner, with_key, dialog_id ORDER BY started_at DESC, id DESC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
      ORDER BY owner, with_key, dialog_id, started_at DESC, id DESC
    ) g, LATERAL (
      SELECT s.with_name, s.status, s.open_actions, coalesce((s.summary -> 'answers')::text, '{}') AS answers
      FROM coach.sessions s WHERE s.id = g.id LIMIT 1
    ) l
    ORDER BY g.owner, g.with_key, g.dialog_id
"""


def query(args):
    times = []
    rows = sessions = 0
    with psycopg.connect(args.dsn, application_name="coach-peer", autocommit=True) as db:
        for _ in range(args.runs):
            start = time.perf_counter()
            rituals = []
            for owner, with_, dialog, count, first, last, sid, status, open_, answers in db.execute(RITUALS):
                rituals.append({"owner": owner, "with": with_, "dialog": dialog, "sessions": count,
                                "first": first, "last": last, "last_session": sid, "last_status": status,
                                "open_actions": open_, "answers": json.loads(answers) if answers else {}})
            times.append((time.perf_counter() - start) * 1000)
            rows = len(rituals)
            sessions = sum(r["sessions"] for r in rituals)
    print(json.dumps({"rows": rows, "sessions": sessions, "ms": [round(t, 2) for t in times]}))
    return 0


def main(argv):
    parser = argparse.ArgumentParser(prog="team_peer.py")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sync")
    p.add_argument("--store", required=True)
    p.add_argument("--dsn", required=True)
    p.add_argument("--batch", type=int, default=250)
    p = sub.add_parser("query")
    p.add_argument("--dsn", required=True)
    p.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    return sync(args) if args.command == "sync" else query(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
