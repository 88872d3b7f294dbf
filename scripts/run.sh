#!/usr/bin/env bash
# Builds and serves the portal on SQLite (./data/) with the demo campaigns.
#   scripts/run.sh             the browser bundle as shipped, the server in the first-run profile
#                              (Cargo.toml [profile.dev]: a cold build in ~4 min instead of ~15)
#   scripts/run.sh --release   the server fully optimized, as deployed and benchmarked
set -euo pipefail
cd "$(dirname "$0")/.."
profile=dev bin_dir=debug
if [ "${1:-}" = "--release" ]; then profile=release bin_dir=release; fi
scripts/setup.sh build
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
echo "Building the browser bundle and the server (the first build takes several minutes)…"
SERVER_PROFILE=$profile scripts/build.sh
scripts/precompress.sh
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec "${CARGO_TARGET_DIR:-target}/$bin_dir/shouwang" serve
