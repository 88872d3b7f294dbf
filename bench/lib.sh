# Sourced by the bench scripts: the release server on a fresh database (SQLite in a temporary
# folder, or a new PostgreSQL database with `--postgres`), stopped — and its database dropped — on
# exit. After `start_server "$@" [VAR=value …]`: $work (the temporary folder), $base (the server's
# address), $server_pid, $engine, and `sql QUERY` (the first value of its first row).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/shouwang-bench.XXXXXX)
server_pid=""
dbname=""
pg="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
stop_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  if [ -n "$dbname" ]; then
    sleep 0.5
    psql "$pg" -qc "drop database if exists $dbname with (force)" >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap stop_server EXIT

start_server() { # [--postgres] [VAR=value …]: extra settings for the server
  local database_url port
  if [ "${1:-}" = "--postgres" ]; then
    engine=postgres
    shift
    dbname="sw_bench_$$"
    psql "$pg" -qc "create database $dbname" >/dev/null
    database_url="${pg%/*}/$dbname"
  else
    engine=sqlite
    [ "${1:-}" = "--sqlite" ] && shift
    database_url="sqlite://$work/data/shouwang.db?mode=rwc"
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  env SHOUWANG_DATA_DIR="$work/data" DATABASE_URL="$database_url" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT="$root/target/site" SIGNUPS_PER_MINUTE=100000000 STATUS_LOOKUPS_PER_MINUTE=100000000 \
    RUST_LOG=warn "$@" "${CARGO_TARGET_DIR:-$root/target}/release/shouwang" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do curl -fsS "$base/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  cat "$work/server.log" >&2
  exit 1
}

sql() {
  if [ "$engine" = postgres ]; then
    psql "${pg%/*}/$dbname" -tAc "$1"
  else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" \
      "$work/data/shouwang.db" "$1"
  fi
}

# wrk's RESULT line (bench/page.lua, bench/signup.lua) and one field of it
result() { grep '^RESULT' | tail -n 1; }
field() { sed -E "s/.* $1=([0-9]+).*/\1/"; }
