#!/usr/bin/env python3
"""Checks the JSON Schemas coach ships against what they describe, so they never drift apart:

1. every dialog in prompts/ validates against prompts/schema.json, the schema editors use;
2. real folded records validate against docs/folded-record.schema.json: a few sessions are
   recorded into a temporary store by the built debug binary (.build/debug/coach, or $COACH_BIN)
   driven in --jsonl mode, and `coach show ID --format json` (with and without --shared) of
   each is validated.

Prints every problem and exits non-zero on any. Installs PyYAML and jsonschema when missing."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "jsonschema", "pyyaml"])
    import jsonschema
    import yaml

root = pathlib.Path(__file__).resolve().parent.parent
failures = 0


def problem(message):
    global failures
    failures += 1
    print(message)


def load_schema(relative):
    schema = json.loads((root / relative).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# 1. The dialogs against prompts/schema.json.
dialog_validator = load_schema("prompts/schema.json")
files = sorted((root / "prompts").glob("*.yaml"))
for path in files:
    # Through JSON, as an editor sees it: mapping keys become strings.
    document = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    for error in dialog_validator.iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path)
        problem(f"{path.relative_to(root)}: {where}: {error.message}")

# 2. Folded records against docs/folded-record.schema.json.
record_validator = load_schema("docs/folded-record.schema.json")
coach = os.environ.get("COACH_BIN") or str(root / ".build" / "debug" / "coach")
if not os.access(coach, os.X_OK):
    sys.exit(f"check-schema: {coach} is missing: build it first (swift build)")

PRIVATE = "Worried about churn \x1b[2J"


def sample(prompt):
    """A valid answer to `prompt`, from what it announces (kind, bounds, choices, items)."""
    kind, part = prompt.get("kind"), prompt.get("part")
    low, high = prompt.get("min"), prompt.get("max")
    if part == "evidence":
        return "Named two hires, how they were chosen, and why one did not work out"
    if kind == "text":
        return "Because of the numbers: 12 deals in Q3, I ran the reviews myself"
    if kind == "yes-no":
        return "y"
    if kind in ("scale", "rating"):
        return str(int(high if high is not None else 4))
    if kind == "number":
        low = low if low is not None else 0
        high = high if high is not None else low + 100
        return str(int((low + high) / 2))
    if kind == "percent":
        return f"{int(((low or 0) + (high if high is not None else 100)) / 2)}%"
    if kind == "money":
        return "12,500"
    if kind == "date":
        return "+7d"
    if kind == "choice":
        return "2" if len(prompt.get("choices", [])) > 1 else "1"
    if kind == "multi-choice":
        return "1, 2" if len(prompt.get("choices", [])) > 1 else "1"
    if kind == "list":
        items = len(prompt.get("items", []))
        return f"Item number {items + 1}" if items < max(int(low or 1), 2) else ""
    if kind == "action":
        return "Call the customer's counsel @Dana due:+7d"
    if kind == "action-review":
        return "done"
    return "something"


def record(store, dialog, person, lines):
    """Runs a session of `dialog` with `person`; `lines` maps a step id to the lines to send, one
    a prompt, before sample answers take over. Returns the session id and its status."""
    env = {"PATH": "/usr/bin:/bin", "HOME": store, "LANG": "C.UTF-8", "TZ": "UTC"}
    args = [coach, "start", dialog, "--with", person, "--by", "Max", "--store", store, "--jsonl"]
    queued = {step: list(sent) for step, sent in lines.items()}
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True, env=env
        )
        end, prompts, refused = None, 0, 0
        for line in process.stdout:
            message = json.loads(line)
            if message["type"] == "end":
                end = message
                break
            if message["type"] == "error":
                refused += 1
                if refused > 20:
                    break
            if message["type"] != "prompt":
                continue
            prompts += 1
            if prompts > 400:
                break
            pending = queued.get(message["id"])
            answer = pending.pop(0) if pending else sample(message)
            process.stdin.write(answer + "\n")
            process.stdin.flush()
        process.stdin.close()
        process.wait(timeout=30)
        errors.seek(0)
        if end is None:
            problem(f"{dialog} with {person}: the session did not end (exit {process.returncode}): {errors.read()}")
            return None, None
        return end["session"], end["status"]


def show(store, session, shared):
    args = [coach, "show", session, "--format", "json", "--store", store] + (["--shared"] if shared else [])
    result = subprocess.run(args, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "TZ": "UTC"})
    if result.returncode != 0:
        problem(f"coach {' '.join(args[1:])}: exit {result.returncode}: {result.stderr.strip()}")
        return None
    return json.loads(result.stdout)


store = tempfile.mkdtemp(prefix="coach-schema-")
try:
    sessions = [
        record(
            store,
            "one-on-one",
            "Dana",
            {
                "plan_attainment": ["/note Good energy today", "/private " + PRIVATE, "45%"],
                "on_plan": ["n"],
                "activity": ["/action Send Beta the revised terms @dana due:+3d", "40"],
            },
        ),
        # The second 1-on-1 reviews the items left open by the first.
        record(store, "one-on-one", "dana", {"plan_attainment": ["/back", "55%"]}),
        record(store, "ride-along", "Dana", {"skill_negotiating": [""], "positives": ["Clear opening", ""]}),
        record(
            store,
            "hiring-interview",
            "Sam Lee",
            {"role_context": ["Led 12 reps \x1b]0;pwned\x07 in the Nordics"], "team_size": ["many", "12"]},
        ),
        record(store, "hiring-interview", "Ana Ruiz", {"prior_performance": ["/pause"]}),
    ]
    recorded = [(session, status) for session, status in sessions if session]
    if len(recorded) != len(sessions):
        problem("check-schema: not every session could be recorded")
    # A torn last line, as a process killed while writing leaves it: shown with a warning.
    if recorded:
        with open(os.path.join(store, "sessions", recorded[-1][0] + ".jsonl"), "a") as torn:
            torn.write('{"type":"answer","at":"2026')
    statuses = set()
    for session, status in recorded:
        for shared in (False, True):
            folded = show(store, session, shared)
            if folded is None:
                continue
            statuses.add(folded.get("status"))
            label = f"coach show {session}{' --shared' if shared else ''} ({folded.get('dialog', {}).get('id')})"
            for error in record_validator.iter_errors(folded):
                where = "/".join(str(p) for p in error.absolute_path) or "(top)"
                problem(f"{label}: {where}: {error.message[:300]}")
            if shared and (any(note.get("private") for note in folded.get("notes", [])) or PRIVATE in json.dumps(folded, ensure_ascii=False)):
                problem(f"{label}: a private note is in the shared record")
    if statuses != {"completed", "paused"}:
        problem(f"check-schema: expected completed and paused records, got {sorted(statuses)}")
finally:
    shutil.rmtree(store, ignore_errors=True)

if failures:
    sys.exit(f"check-schema: {failures} problems")
print(
    f"check-schema: {len(files)} dialogs match prompts/schema.json; "
    f"{2 * len(recorded)} folded records match docs/folded-record.schema.json"
)
