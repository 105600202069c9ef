#!/usr/bin/env python3
"""The team store's figures for scripts/bench: `coach sync` and the org views' query against a real
PostgreSQL 15, each beside the same work done by bench/team_peer.py (Python, psycopg 3). run.py
calls measure() and prints these in its table; run alone, this prints them one a line.

  team.py --coach BIN --query BIN [--seeds DIR] [--sessions 10000] [--query-sessions 100000]
          [--runs 3] [--json FILE] [--keep]

Starts a throwaway cluster (scripts/pg-cluster; stopped and removed at the end), makes two team
stores with `coach org init` (one for coach, one for the peer: the same session ids cannot come
from two machines) and an org in each with `coach org add-user` (a leader and 20 managers, each
their own role with a password in a .pgpass of the run's), then times:

- the first sync of a store of N records (generate.py, from the seeds), as one manager: the
  push of every session and event, and the pull (nothing else is visible to a manager). The
  rows are removed between runs (the machine keeps its id). coach and the peer alternate.
- the sync of one new session after that: one more record copied into the store, then a sync;
  10 times, coach and the peer alternating (each pushes only the new one).
- the org views' query, TeamQuery.rituals() (what a team report reads: per owner, person and
  dialog, the count, the first and last session and the last one's answers), as the leader,
  over M sessions: the N synced ones copied server-side (by the superuser) to M, spread over
  the 20 managers (the originals stay the first manager's; the copies carry their events and
  headers naming their own ids). Timed inside the programs (team-query-bench, team_peer.py
  query), on one connection, the connection left out; the first of 10 runs is left out of the
  median.
- the leader's first pull of those M sessions, then `coach report --team` and `coach due
  --team` over what it pulled, offline.

--keep leaves the cluster running and the work folder (the manager's store, the leader's, the
.pgpass) in place, and says where, for profiling by hand.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402

PEER = [sys.executable, "-B", os.path.join(HERE, "team_peer.py")]
DIALOGS = ["one-on-one", "ride-along", "hiring-interview", "ceo-alignment", "leader-self-check"]
MANAGERS = ["mgr%02d" % n for n in range(20)]


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class Cluster:
    """The throwaway cluster, its superuser (trust over the socket) and the run's .pgpass."""

    def __init__(self, home):
        self.folder = subprocess.run([os.path.join(ROOT, "scripts/pg-cluster"), "start"], check=True,
                                     capture_output=True, text=True).stdout.strip()
        url = open(os.path.join(self.folder, "url")).read().strip()
        self.socket = url.split("host=")[1].split("&")[0]
        self.port = url.split("port=")[1]
        self.home = home
        self.passwords = {}

    def stop(self):
        subprocess.run([os.path.join(ROOT, "scripts/pg-cluster"), "stop", self.folder])

    def psql(self, sql, database="postgres"):
        """Runs sql as the cluster's superuser; returns stdout."""
        args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", self.socket, "-p", self.port,
                "-U", "postgres", "-d", database, "-c", sql]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    def url(self, login, database):
        return "postgresql://%s@/%s?host=%s&port=%s" % (login, database, self.socket, self.port)

    def dsn(self, login, database):
        return "host=%s port=%s dbname=%s user=%s" % (self.socket, self.port, database, login)

    def remember(self, login, password):
        self.passwords[login] = password
        path = os.path.join(self.home, ".pgpass")
        with open(path, "w") as f:
            for name, secret in sorted(self.passwords.items()):
                f.write("%s:%s:*:%s:%s\n" % (self.socket, self.port, name, secret))
        os.chmod(path, 0o600)


def run(args, env, what, timeout=600):
    """Runs args; (wall seconds, stdout). Stops the run when it fails or hangs."""
    start = time.perf_counter()
    result = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=timeout)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (what, result.returncode,
                                                        (result.stderr or result.stdout).strip()[-400:]))
    return elapsed, result.stdout


def make_org(cluster, coach, env, database):
    """A team store in database, as its own administrator: org init, then the org."""
    cluster.psql("CREATE DATABASE %s OWNER bench_admin" % database)
    run([coach, "org", "init", "--database", cluster.url("bench_admin", database)], env, "org init")
    admin = dict(env, COACH_DATABASE_URL=cluster.url("bench_admin", database))
    run([coach, "org", "add-user", "Lena Leader", "--login", "lena", "--password", "pw-lena-bench"], admin,
        "add-user")
    cluster.remember("lena", "pw-lena-bench")
    for n, login in enumerate(MANAGERS):
        run([coach, "org", "add-user", "Manager %02d" % n, "--login", login, "--reports-to", "lena",
             "--password", "pw-bench-" + login], admin, "add-user")
        cluster.remember(login, "pw-bench-" + login)


def measure(coach, query, seeds, sessions=10000, query_sessions=100000, runs=3, tmp=None, keep=False):
    """The team store's figures: a list of dicts (key, label, target in seconds, coach and peer
    each {"value": seconds, "runs": n, "all": [...]}, note)."""
    work = tempfile.mkdtemp(prefix="coach-team-bench-", dir=tmp)
    os.chmod(work, 0o700)
    home = os.path.join(work, "home")
    os.makedirs(home)
    log("Team store: a throwaway PostgreSQL 15 cluster, two orgs of a leader and 20 managers...")
    cluster = Cluster(home)
    results = []
    try:
        cluster.psql("CREATE ROLE bench_admin LOGIN CREATEROLE PASSWORD 'admin-pw'")
        cluster.remember("bench_admin", "admin-pw")
        env = dict(os.environ, HOME=home, PGPASSFILE=os.path.join(home, ".pgpass"))
        for name in ("COACH_DATABASE_URL", "PGUSER", "PGPASSWORD", "PGHOST", "PGDATABASE"):
            env.pop(name, None)
        make_org(cluster, coach, env, "bench")
        make_org(cluster, coach, env, "bench_peer")

        if not seeds:
            seeds = os.path.join(work, "seeds")
            generate.record_seeds(coach, seeds, DIALOGS)
        log("Team store: a store of %d records..." % sessions)
        store = os.path.join(work, "store")
        generate.make_store(seeds, store, sessions)
        mine = dict(env, COACH_DATABASE_URL=cluster.url("mgr00", "bench"))
        coach_sync = [coach, "sync", "--store", store]
        peer_sync = PEER + ["sync", "--store", store, "--dsn", cluster.dsn("mgr00", "bench_peer")]

        log("Team store: first sync of %d sessions, %d runs each..." % (sessions, runs))
        first = {"coach": [], "peer": []}
        for n in range(runs):
            if n > 0:
                cluster.psql("DELETE FROM coach.sessions; DELETE FROM coach.team_files", "bench")
                cluster.psql("DELETE FROM coach.sessions; DELETE FROM coach.team_files", "bench_peer")
                for path in ("sync/state.json", "peer-sync/state.json"):
                    os.remove(os.path.join(store, path))
                for path in ("team", "peer-team"):
                    shutil.rmtree(os.path.join(store, path), ignore_errors=True)
                cluster.psql("VACUUM ANALYZE", "bench")
                cluster.psql("VACUUM ANALYZE", "bench_peer")
                cluster.psql("CHECKPOINT")
            elapsed, out = run(coach_sync, mine, "coach sync")
            if "Pushed %d sessions" % sessions not in out:
                raise RuntimeError("the first coach sync did not push every session: " + out)
            first["coach"].append(elapsed)
            elapsed, out = run(peer_sync, env, "team_peer.py sync")
            if "Pushed %d sessions" % sessions not in out:
                raise RuntimeError("the first peer sync did not push every session: " + out)
            first["peer"].append(elapsed)
        counts = [int(cluster.psql("SELECT sum(count) FROM coach.events", db)) for db in ("bench", "bench_peer")]
        results.append({
            "key": "team_first_sync", "label": "team store: first sync, %s sessions" % f"{sessions:,}",
            "target": 10.0,
            "coach": {"value": statistics.median(first["coach"]), "runs": runs, "all": first["coach"]},
            "peer": {"value": statistics.median(first["peer"]), "runs": runs, "all": first["peer"]},
            "note": "%d events pushed by coach, %d by the peer" % tuple(counts)})
        log("  coach %.2f s, peer %.2f s (medians)" % (results[-1]["coach"]["value"],
                                                       results[-1]["peer"]["value"]))

        log("Team store: sync of one new session after that, 10 runs each...")
        folder = os.path.join(store, "sessions")
        source = os.path.join(folder, sorted(os.listdir(folder))[0])
        text = open(source).read()
        old_id = os.path.basename(source)[:-6]
        one = {"coach": [], "peer": []}
        for n in range(10):
            new_id = "%012x" % (0xBE0000000000 + n)
            target = os.path.join(folder, new_id + ".jsonl")
            with open(target, "w") as f:
                f.write(text.replace('"id":"%s"' % old_id, '"id":"%s"' % new_id, 1))
            os.chmod(target, 0o600)
            for who, argv, environment in (("coach", coach_sync, mine), ("peer", peer_sync, env)):
                elapsed, out = run(argv, environment, who + " sync")
                if "Pushed 1 session" not in out:
                    raise RuntimeError("the %s sync did not push just the new session: %s" % (who, out))
                one[who].append(elapsed)
        results.append({
            "key": "team_one_sync", "label": "team store: sync of one new session after that", "target": 0.05,
            "coach": {"value": statistics.median(one["coach"]), "runs": 10, "all": one["coach"]},
            "peer": {"value": statistics.median(one["peer"]), "runs": 10, "all": one["peer"]},
            "note": "process start, connection, push and pull included"})
        log("  coach %.1f ms, peer %.1f ms (medians)" % (results[-1]["coach"]["value"] * 1e3,
                                                         results[-1]["peer"]["value"] * 1e3))

        have = int(cluster.psql("SELECT count(*) FROM coach.sessions", "bench"))
        log("Team store: %d sessions copied to %d, spread over the 20 managers..." % (have, query_sessions))
        copies = max(0, -(-(query_sessions - have) // have))
        cluster.psql("""
            INSERT INTO coach.sessions (id, owner, machine, dialog_id, dialog_version, with_name, with_key,
              by_name, status, started_at, ended_at, updated_at, header, summary, open_actions, event_count,
              events_sha256)
            SELECT s.id || '-' || c, 'mgr' || lpad((abs(hashtext(coalesce(s.with_key, ''))) %% 20)::text, 2, '0'),
              s.machine, s.dialog_id, s.dialog_version, s.with_name, s.with_key, s.by_name, s.status,
              s.started_at - c * interval '1 day', s.ended_at, s.updated_at,
              replace(s.header, '"id":"' || s.id || '"', '"id":"' || s.id || '-' || c || '"'), s.summary,
              s.open_actions, s.event_count, s.events_sha256
            FROM coach.sessions s, generate_series(1, %d) AS c
            LIMIT %d
            """ % (copies, max(0, query_sessions - have)), "bench")
        # The copies' events too, so that the leader's pull writes whole records.
        cluster.psql("""
            INSERT INTO coach.events (session_id, seq, count, owner, body)
            SELECT c.id, e.seq, e.count, c.owner, e.body
            FROM coach.sessions c JOIN coach.events e ON e.session_id = split_part(c.id, '-', 1)
            WHERE c.id LIKE '%-%'
            """, "bench")
        cluster.psql("VACUUM ANALYZE coach.sessions", "bench")
        cluster.psql("VACUUM ANALYZE coach.events", "bench")
        total = int(cluster.psql("SELECT count(*) FROM coach.sessions", "bench"))
        log("Team store: the org views' query as the leader over %d sessions, 10 runs each..." % total)
        answers = {}
        for who, argv in (("coach", [query, cluster.url("lena", "bench"), "10"]),
                          ("peer", PEER + ["query", "--dsn", cluster.dsn("lena", "bench"), "--runs", "10"])):
            _, out = run(argv, env, who + " query")
            answers[who] = json.loads(out)
            if answers[who]["sessions"] != total:
                raise RuntimeError("the leader's query (%s) saw %d of %d sessions"
                                   % (who, answers[who]["sessions"], total))
        if answers["coach"]["rows"] != answers["peer"]["rows"]:
            raise RuntimeError("coach's query gave %d rows, the peer's %d" % (answers["coach"]["rows"],
                                                                             answers["peer"]["rows"]))

        def side(ms):
            timed = [t / 1000 for t in (ms[1:] or ms)]
            return {"value": statistics.median(timed), "runs": len(timed), "all": timed, "first": ms[0] / 1000}
        results += org_view(cluster, coach, env, work, total)
        results.append({
            "key": "team_query", "label": "team store: TeamQuery.rituals(), %s sessions" % f"{total:,}",
            "target": None, "coach": side(answers["coach"]["ms"]), "peer": side(answers["peer"]["ms"]),
            "note": "the org's rows online, as the leader: %d rows; connection left out" % answers["coach"]["rows"]})
        log("  coach %.0f ms, peer %.0f ms (medians; %d rows)" % (
            results[-1]["coach"]["value"] * 1e3, results[-1]["peer"]["value"] * 1e3, answers["coach"]["rows"]))
    finally:
        if keep:
            log("Kept: the work folder %s (HOME=%s, PGPASSFILE=%s/.pgpass), the cluster %s (%s); "
                "stop it with scripts/pg-cluster stop %s" % (work, home, home, cluster.folder,
                                                             cluster.url("lena", "bench"), cluster.folder))
        else:
            cluster.stop()
            shutil.rmtree(work, ignore_errors=True)
    return results


def org_view(cluster, coach, env, work, total):
    """The leader's first pull of the whole org (every session, whole), then `coach report
    --team` and `coach due --team` over it: the org's views as a leader runs them, offline, from
    what the sync pulled (the sync works their cache out once)."""
    leader = os.path.join(work, "leader")
    as_leader = dict(env, COACH_DATABASE_URL=cluster.url("lena", "bench"))
    log("Team store: the leader's first pull of %d sessions..." % total)
    pull, out = run([coach, "sync", "--store", leader], as_leader, "coach sync (the leader)", timeout=3600)
    if not re.search(r"Pulled %s of the %s sessions" % ((r"(?:%d|%s)" % (total, f"{total:,}"),) * 2), out):
        raise RuntimeError("the leader's sync did not pull every session: " + out)
    results = [{
        "key": "team_leader_pull", "label": "team store: the leader's first pull, %s sessions" % f"{total:,}",
        "target": None, "coach": {"value": pull, "runs": 1, "all": [pull]}, "peer": None,
        "note": "every session written to team/, and the org views' cache worked out"}]
    for key, argv, label in (
            ("team_org_report", ["report", "--team"], "report --team over %s synced sessions"),
            ("team_org_due", ["due", "--team"], "due --team over %s synced sessions")):
        times = []
        for n in range(11):
            elapsed, out = run([coach] + argv + ["--store", leader], env, "coach " + " ".join(argv))
            if "reports to Lena Leader" not in out:
                raise RuntimeError("coach %s did not show the managers: %s" % (" ".join(argv), out[:2000]))
            times.append(elapsed)
        timed = times[1:]
        results.append({
            "key": key, "label": "team store: " + label % f"{total:,}",
            "target": 0.5 if key == "team_org_report" else None,
            "coach": {"value": statistics.median(timed), "runs": len(timed), "all": timed, "first": times[0]},
            "peer": None, "note": "as the leader, offline; 10 runs after one, process start included"})
        log("  %s: coach %.0f ms (median; the first %.0f ms)" % (
            " ".join(argv), results[-1]["coach"]["value"] * 1e3, times[0] * 1e3))
    return results


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/team.py")
    parser.add_argument("--coach", required=True)
    parser.add_argument("--query", required=True, help="the team-query-bench program")
    parser.add_argument("--seeds", help="the seed sessions (generate.py seeds); recorded anew when not given")
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--query-sessions", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--tmp")
    parser.add_argument("--keep", action="store_true", help="leave the cluster and the work folder")
    options = parser.parse_args(argv)
    results = measure(os.path.abspath(options.coach), os.path.abspath(options.query), options.seeds,
                      options.sessions, options.query_sessions, options.runs, options.tmp, options.keep)
    def ms(value):
        return "%8.1f ms" % (value * 1e3) if value is not None else "%11s" % "-"
    for r in results:
        print("%-55s target %s   coach %s   peer %s   (%s)" % (
            r["label"], ms(r["target"]), ms(r["coach"]["value"]), ms(r["peer"] and r["peer"]["value"]),
            r["note"]))
    if options.json:
        with open(options.json, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
