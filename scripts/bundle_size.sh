#!/usr/bin/env bash
# The citizen's bundle budget: the sign-up island's wasm + JS must stay at or under 100 KB gzip
# (-9, as the server sends it). Run after a release build; scripts/test.sh runs it, `make size` too.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((100 * 1024))
pkg=target/site/pkg
[ -f "$pkg/shouwang.wasm" ] && [ -f "$pkg/shouwang.js" ] || { echo "no release bundle in $pkg: run scripts/build.sh front" >&2; exit 1; }
gz() { gzip -9 -c "$1" | wc -c; }
wasm_raw=$(wc -c < "$pkg/shouwang.wasm"); wasm_gz=$(gz "$pkg/shouwang.wasm"); js_gz=$(gz "$pkg/shouwang.js")
total=$((wasm_gz + js_gz))
printf '[size] wasm %d B raw, %d B gzip; JS %d B gzip; together %d B gzip (budget %d B)\n' \
  "$wasm_raw" "$wasm_gz" "$js_gz" "$total" "$budget"
if [ "$total" -gt "$budget" ]; then
  printf '\033[1;31m[size] the browser bundle is over its budget\033[0m\n' >&2
  exit 1
fi
