#!/usr/bin/env bash
# Installs what building and testing Shouwang needs, only where it is missing. Idempotent and
# quick when everything is there. Usage: scripts/setup.sh [build|test]
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-build}"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

BINARYEN_VERSION=132
ESBUILD_VERSION=0.28.2
SCHEMATHESIS_VERSION=4.32.5

# Debian packages: only when something is missing, and only as root (or via sudo).
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing Debian packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js with npm is required" >&2; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# No cargo-leptos: scripts/build.sh does its release build in plain commands (compiling cargo-leptos
# took 20 of a first run's 39 minutes). wasm-bindgen must be the exact version Cargo.lock pins.
wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# wasm-opt from npm's binaryen (Debian's older wasm-opt produces a bundle that fails to hydrate)
# and esbuild to minify wasm-bindgen's JS, both into .tools/.
if [ "$(.tools/node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ] ||
   [ "$(.tools/node_modules/.bin/esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) and esbuild $ESBUILD_VERSION into .tools/"
  mkdir -p .tools
  (cd .tools && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd .tools && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" "esbuild@$ESBUILD_VERSION")
fi

if [ "$want" = "test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
  command -v pg_ctlcluster >/dev/null || [ -n "${TEST_DATABASE_URL:-}" ] || \
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  # tests/it/instances.rs runs several instances behind it
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  # schemathesis (PyPI) tests the partner API against its OpenAPI document (tests/it/api_schema.rs)
  if [ "$(.tools/venv/bin/schemathesis --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into .tools/venv"
    mkdir -p .tools
    if ! python3 -m venv .tools/venv 2>/dev/null; then
      apt_install python3-venv
      /usr/bin/python3 -m venv .tools/venv
    fi
    .tools/venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the Playwright test runner (no browser download: Debian's Chromium is used)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
fi
