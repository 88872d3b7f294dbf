#!/usr/bin/env bash
# Builds the release site: the browser bundle (wasm + JS + CSS + public files under target/site)
# and the server binary. It does what `cargo leptos build --release` does with this crate's
# [package.metadata.leptos], in plain commands, so a first run need not compile cargo-leptos
# (~20 min on 2 cores). cargo-leptos stays usable for `cargo leptos watch` during development.
#   scripts/build.sh          both, at once (the two cargo builds use separate target dirs)
#   scripts/build.sh front    the browser bundle only
#   scripts/build.sh server   the server binary only
#   SERVER_PROFILE=dev        the server in Cargo.toml's first-run profile (target/debug; ~4 min cold
#                             instead of ~15): what `scripts/run.sh` uses unless given --release
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
what="${1:-all}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
site="$root/target/site"
pkg="$site/pkg"
name=shouwang
say() { printf '\033[1;34m[build]\033[0m %s\n' "$*"; }

source scripts/leptos_env.sh
# wasm-opt from npm's binaryen, which scripts/setup.sh installs (Debian's is too old).
export PATH="$root/.tools/node_modules/.bin:$PATH"

front() {
  local started=$SECONDS
  cargo build --package=$name --lib --target-dir="$target_dir/front" --target=wasm32-unknown-unknown \
    --no-default-features --features=hydrate --profile=wasm-release
  mkdir -p "$pkg"
  wasm-bindgen --target=web --no-typescript --out-name=$name --out-dir="$pkg" \
    "$target_dir/front/wasm32-unknown-unknown/wasm-release/$name.wasm"
  mv -f "$pkg/${name}_bg.wasm" "$pkg/$name.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$pkg/$name.wasm" -o "$pkg/$name.wasm"
  esbuild --minify --log-level=warning --allow-overwrite "$pkg/$name.js" --outfile="$pkg/$name.js"
  cp style/main.css "$pkg/$name.css"
  cp -r public/. "$site/"
  say "browser bundle in target/site ($((SECONDS - started)) s)"
}

server() {
  local started=$SECONDS profile="${SERVER_PROFILE:-release}"
  cargo build --package=$name --bin=$name --no-default-features --features=ssr --profile="$profile"
  [ "$profile" = dev ] && profile=debug
  say "server in $target_dir/$profile/$name ($((SECONDS - started)) s)"
}

case "$what" in
  front) front ;;
  server) server ;;
  all)
    # The wasm build ends in one long single-threaded link (LTO, one codegen unit); the server
    # build fills the other core meanwhile.
    front & front_pid=$!
    server
    wait "$front_pid"
    ;;
  *) echo "usage: scripts/build.sh [front|server|all]" >&2; exit 2 ;;
esac
