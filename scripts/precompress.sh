#!/usr/bin/env bash
# Writes <file>.gz next to the browser bundle so the server sends it compressed without
# compressing on every request.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  [ -f "$f" ] && gzip -9 -k -f "$f"
done
