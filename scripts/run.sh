#!/usr/bin/env bash
# Builds and serves the portal on SQLite (./data/) with the demo campaigns.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
echo "Building… then the portal opens at http://$LEPTOS_SITE_ADDR"
exec cargo leptos serve --release
