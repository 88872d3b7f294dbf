#!/usr/bin/env bash
# Runs every suite: unit and property tests, integration tests against SQLite and PostgreSQL with
# a real SMTP sink, and the browser tests in Debian's Chromium against the browser bundle as shipped.
#   REQUIRE_POSTGRES=1   fail instead of skipping when no PostgreSQL can be had (CI sets it)
#   TEST_DATABASE_URL    a PostgreSQL server to create throw-away databases on
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf '\033[1;34m[test]\033[0m %s\n' "$*"; }
started=$(date +%s)
phase_start=$started
phase() { local now; now=$(date +%s); say "$1 took $((now - phase_start)) s"; phase_start=$now; }

scripts/setup.sh test
export PATH="$root/.tools/node_modules/.bin:$PATH"
# the same compile-time settings for clippy, the tests and the release build: one set of crates
source scripts/leptos_env.sh
target_dir="${CARGO_TARGET_DIR:-$root/target}"
work=$(mktemp -d /tmp/shouwang-test.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${throwaway_pg:-}" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$throwaway_pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
phase "setup"

# ---- the quality gate first: a formatting slip or a clippy warning fails the run ---------------
scripts/lint.sh
phase "lint"

# ---- PostgreSQL: the given URL, else the local server, else a throw-away cluster ----------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_url="${TEST_DATABASE_URL:-}"
if [ -z "$pg_url" ] && psql "postgres://postgres@127.0.0.1:5432/postgres" -tAc 'select 1' >/dev/null 2>&1; then
  pg_url="postgres://postgres@127.0.0.1:5432/postgres"
fi
if [ -z "$pg_url" ]; then
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$initdb" ] && id postgres >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    pg_bin=$(dirname "$initdb")
    throwaway_pg=$(mktemp -d /tmp/shouwang-pg.XXXXXX)
    chown postgres "$throwaway_pg"
    port=$(free_port)
    say "starting a throw-away PostgreSQL on port $port"
    runuser -u postgres -- "$initdb" -D "$throwaway_pg/data" -A trust -U postgres >/dev/null
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$throwaway_pg/data" -l "$throwaway_pg/log" -w \
      -o "-p $port -k $throwaway_pg -c listen_addresses=127.0.0.1" start >/dev/null
    pg_url="postgres://postgres@127.0.0.1:$port/postgres"
  fi
fi
if [ -n "$pg_url" ]; then
  export TEST_DATABASE_URL="$pg_url"
  # databases left behind by interrupted runs
  for db in $(psql "$pg_url" -tAc "select datname from pg_database where datname like 'sw\_t\_%'" 2>/dev/null); do
    psql "$pg_url" -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
  done
  say "PostgreSQL: $pg_url"
elif [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "REQUIRE_POSTGRES=1 but no PostgreSQL could be found or started" >&2
  exit 1
else
  printf '\n\033[1;31m!!!!! NO POSTGRESQL: the PostgreSQL half of the suite is SKIPPED !!!!!\033[0m\n\n'
fi

# ---- unit, property and integration tests ------------------------------------------------------
# the browser bundle builds meanwhile in its own target dir (its long single-threaded link
# would leave a core idle on its own)
say "building the browser bundle in the background (log: $work/front.log)"
scripts/build.sh front > "$work/front.log" 2>&1 &
front_pid=$!
pids+=($front_pid)
say "cargo test (unit, property, integration on SQLite and PostgreSQL)"
# Cargo.toml's first-run profile: a cold build of the tests takes minutes less than --release would
cargo test --features ssr 2>&1 | tee "$work/cargo-test.log"
cargo_passed=$(grep -E '^test result: ok' "$work/cargo-test.log" | awk '{s += $4} END {print s+0}')
phase "cargo test"

# ---- browser tests: the release browser bundle, served by the server `cargo test` has built ---------
# The server: the binary `cargo test` has just built for the integration tests (same code, same
# features; a separate `cargo build --bin` would compile the crate again only because the
# dev-dependencies unify some dependencies' features differently).
server_bin="$target_dir/debug/shouwang"
[ "$server_bin" -nt Cargo.lock ] || { echo "no server binary from cargo test" >&2; exit 1; }
say "waiting for the browser bundle"
wait "$front_pid" || { cat "$work/front.log"; exit 1; }
tail -n 1 "$work/front.log"
scripts/precompress.sh
scripts/bundle_size.sh
phase "browser bundle"

mail_dir="$work/mail"; mkdir -p "$mail_dir"
smtp_port=$(free_port)
/usr/bin/python3 scripts/smtp_sink.py --port "$smtp_port" --dir "$mail_dir" > "$work/smtp.log" 2>&1 &
pids+=($!)
web_port=$(free_port)
# the organizer the browser tests log in as: created like the first admin of a real install
admin_password=$(SHOUWANG_DATA_DIR="$work/data" RUST_LOG=warn "$server_bin" admin create \
  --name e2e-admin --role city_admin | tail -n 1)
SHOUWANG_DATA_DIR="$work/data" SMTP_URL="smtp://127.0.0.1:$smtp_port" LEPTOS_SITE_ADDR="127.0.0.1:$web_port" \
  LEPTOS_SITE_ROOT="$root/target/site" PUBLIC_URL="http://127.0.0.1:$web_port" STATUS_LOOKUPS_PER_MINUTE=1000 \
  RUST_LOG=warn "$server_bin" > "$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$web_port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$web_port/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }

say "Playwright in /usr/bin/chromium"
set +e
(cd end2end && BASE_URL="http://127.0.0.1:$web_port" MAIL_DIR="$mail_dir" ADMIN_NAME=e2e-admin \
  ADMIN_PASSWORD="$admin_password" npx playwright test 2>&1) | tee "$work/e2e.log"
e2e_status=${PIPESTATUS[0]}
set -e
if grep -qi "panicked\|ERROR" "$work/server.log"; then
  say "server log:"; cat "$work/server.log"
fi
[ "$e2e_status" -eq 0 ] || exit "$e2e_status"
e2e_passed=$(grep -oE '[0-9]+ passed' "$work/e2e.log" | tail -n 1 | awk '{print $1}')
phase "browser tests"

say "total $(( $(date +%s) - started )) s"
echo "summary: $((cargo_passed + ${e2e_passed:-0})) passed, 0 failed"
