#!/usr/bin/env python3
"""Builds the fuzz targets' seed corpora and the script dictionary from the repository.

    python3 Fuzz/seeds.py ROOT OUT

writes OUT/<target>/seed-* for fuzz-script (prompts/*.yaml and the broken lint fixtures),
fuzz-record (the golden records), fuzz-answers (every `answer:` of prompts/tests/*.test.yaml,
after each of the three option-set selector bytes) and fuzz-expression (every `when:`/`if:`
expression and every `{...}` template text of the dialogs), and OUT/script.dict (the keys and
enumerated values of prompts/schema.json). Plain regular expressions, no YAML library: seeds need
not be exact, only close to what the real files hold.
"""
import hashlib
import json
import pathlib
import re
import sys

root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])


def save(target, data):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def unquote(text):
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        return text[1:-1].replace("''", "'")
    return text


dialogs = sorted((root / "prompts").glob("*.yaml"))
for path in dialogs + sorted((root / "Tests/CoachKitTests/Fixtures/broken").glob("*.yaml")):
    save("fuzz-script", path.read_bytes())

for path in sorted((root / "Tests/CoachCLITests/Snapshots/records").glob("*.jsonl")):
    save("fuzz-record", path.read_bytes())

answer = re.compile(r"""\banswer:\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}\n]+)""")
for path in sorted((root / "prompts/tests").glob("*.test.yaml")):
    for match in answer.finditer(path.read_text(encoding="utf-8")):
        text = unquote(match.group(1)).encode()
        for selector in range(3):
            save("fuzz-answers", bytes([selector]) + text)

condition = re.compile(r"\b(?:when|if):\s*(.+?)\s*[,}]?\s*$")
template = re.compile(r"^\s*(?:-\s*)?(?:[a-z_]+:\s*)?(.*\{[^{}]+\}.*?)\s*$")
for path in dialogs:
    for line in path.read_text(encoding="utf-8").splitlines():
        for pattern in (condition, template):
            match = pattern.search(line)
            if match:
                save("fuzz-expression", unquote(match.group(1)).encode())

schema = json.loads((root / "prompts/schema.json").read_text(encoding="utf-8"))
words = set()


def walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                words.update(name + ":" for name in value)
            if key == "enum":
                words.update(str(v) for v in value)
            walk(value)
    elif isinstance(node, list):
        for item in node:
            walk(item)


walk(schema)
words.update(["- ", "\n  ", "&a ", "*a", "<<: ", "{", "}", "[", "]", "|", ">", "'", '"', "#", "999999999999999999m", "90m", "1h"])
out.mkdir(parents=True, exist_ok=True)


def entry(word):
    """A libFuzzer dictionary entry: printable ASCII as it is, other bytes as \\xNN."""
    body = "".join(
        chr(b) if 32 <= b < 127 and b not in b'"\\' else "\\" + chr(b) if b in b'"\\' else f"\\x{b:02X}"
        for b in word.encode()
    )
    return f'"{body}"\n'


(out / "script.dict").write_text(
    "# The keys and values of prompts/schema.json, and YAML's punctuation (made by Fuzz/seeds.py)\n"
    + "".join(entry(word) for word in sorted(words)),
    encoding="utf-8",
)
for target in ("fuzz-script", "fuzz-record", "fuzz-answers", "fuzz-expression"):
    print(f"{target}: {len(list((out / target).glob('seed-*')))} seeds")
