#!/usr/bin/env python3
"""Checks that every dialog in prompts/ validates against prompts/schema.json, the schema
editors use, so the two never drift apart. Installs PyYAML and jsonschema when missing."""
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "jsonschema", "pyyaml"])
    import jsonschema
    import yaml

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "prompts" / "schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0
files = sorted((root / "prompts").glob("*.yaml"))
for path in files:
    # Through JSON, as an editor sees it: mapping keys become strings.
    document = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    for error in validator.iter_errors(document):
        failures += 1
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{path.relative_to(root)}: {where}: {error.message}")
if failures:
    sys.exit(f"check-schema: {failures} problems")
print(f"check-schema: {len(files)} dialogs match prompts/schema.json")
