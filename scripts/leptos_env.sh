# Sourced by scripts/build.sh and scripts/test.sh: what the leptos crates read at compile time
# (cargo-leptos sets the same from [package.metadata.leptos]). The same values for `cargo test` and
# the release build let both share one set of compiled crates.
export LEPTOS_OUTPUT_NAME=shouwang LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=. LEPTOS_BIN_DIR=. \
  LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=false
