#!/usr/bin/env bash
# The quality gate: formatting, clippy for the server and for the browser (wasm32) with warnings
# denied (tests and benches included), the code's shape (scripts/shape.py), and no database crate
# in the browser bundle.
# `make lint` runs it; scripts/test.sh runs it before any test.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m[lint]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[lint] %s\033[0m\n' "$*" >&2; exit 1; }

say "cargo fmt --check"
cargo fmt --all --check || fail "formatting differs: run 'cargo fmt --all'"

say "shape: files in src/ at most 400 lines, server functions at most 15"
python3 scripts/shape.py || fail "the code's shape is over its limits (see above)"

say "clippy, server (ssr): lib, bin, tests, benches"
cargo clippy --workspace --features ssr --all-targets --quiet -- -D warnings || fail "clippy (ssr) found warnings"

say "clippy, browser (hydrate, wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --quiet -- -D warnings \
  || fail "clippy (hydrate) found warnings"

say "no sea-orm in the wasm"
# cargo tree answers "did not match any packages" when sea-orm is nowhere in the wasm's graph
set +e
leak=$(cargo tree --target wasm32-unknown-unknown --no-default-features --features hydrate -i sea-orm 2>&1)
set -e
case "$leak" in
  *"did not match any packages"*) ;;
  *) echo "$leak" >&2; fail "sea-orm reaches the browser bundle (or cargo tree failed)" ;;
esac
say "ok"
