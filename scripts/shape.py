#!/usr/bin/env python3
"""The code's shape, as the quality gate holds it: no file in src/ over 400 lines, and no server
function in src/api/ over 15 lines (signature to closing brace) — a server function is a doorway
to a service, not a room. Prints what is over and exits 1."""
import pathlib
import re
import sys

MAX_FILE, MAX_SERVER_FN = 400, 15
root = pathlib.Path(__file__).resolve().parent.parent
over = []
for path in sorted((root / "src").rglob("*.rs")):
    lines = path.read_text(encoding="utf-8").splitlines()
    name = path.relative_to(root)
    if len(lines) > MAX_FILE:
        over.append(f"{name}: {len(lines)} lines (at most {MAX_FILE})")
    if "api" not in path.parts:
        continue
    for i, line in enumerate(lines):
        if not line.startswith("#[server("):
            continue
        start = next(j for j in range(i + 1, len(lines)) if re.match(r"pub async fn ", lines[j]))
        end = next(j for j in range(start, len(lines)) if lines[j] == "}")
        if end - start + 1 > MAX_SERVER_FN:
            fn = re.match(r"pub async fn (\w+)", lines[start]).group(1)
            over.append(f"{name}:{start + 1}: server function {fn} is {end - start + 1} lines (at most {MAX_SERVER_FN})")
for line in over:
    print(line)
sys.exit(1 if over else 0)
