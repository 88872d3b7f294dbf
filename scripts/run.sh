#!/usr/bin/env bash
# Builds and serves the portal on SQLite (./data/) with the demo campaigns.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
echo "Building the release bundle (the first build takes several minutes)…"
scripts/build.sh
scripts/precompress.sh
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec "${CARGO_TARGET_DIR:-target}/release/shouwang" serve
