#!/usr/bin/env bash
# Profiles the sign-up path at saturation: starts the release server on a fresh SQLite database
# (or, with --postgres, a fresh PostgreSQL database), drives sign-ups with wrk (2 threads, 64
# connections) and samples the server with `perf record` (no call graphs: self time per symbol).
# Prints the top entries and the saturation rate beside the static route's, measured in the same run.
#   bench/profile.sh [--postgres]      TOP=25 SECONDS=10 bench/profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
engine=sqlite
[ "${1:-}" = "--postgres" ] && engine=postgres
seconds=${SECONDS_SAMPLED:-10}
top=${TOP:-25}
say() { printf '\033[1;34m[profile]\033[0m %s\n' "$*" >&2; }
command -v perf >/dev/null || { say "installing perf"; apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }
command -v wrk >/dev/null || { say "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
target_dir="${CARGO_TARGET_DIR:-$root/target}"
work=$(mktemp -d /tmp/shouwang-profile.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
if [ "$engine" = postgres ]; then
  pg="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  dbname="sw_profile_$$"
  psql "$pg" -qc "create database $dbname" >/dev/null
  database_url="${pg%/*}/$dbname"
  cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; sleep 0.5; psql "$pg" -qc "drop database if exists $dbname with (force)" >/dev/null 2>&1; rm -rf "$work"; }
else
  database_url="sqlite://$work/data/shouwang.db?mode=rwc"
fi
SHOUWANG_DATA_DIR="$work/data" DATABASE_URL="$database_url" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT="$root/target/site" SIGNUPS_PER_MINUTE=100000000 RUST_LOG=warn \
  "$target_dir/release/shouwang" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$base/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }
result() { grep '^RESULT' | tail -n 1; }
field() { sed -E "s/.* $1=([0-9]+).*/\1/"; }

static=$(wrk -t2 -c64 -d"${seconds}s" -s bench/page.lua "$base/healthz" | result)
static_rps=$(awk -v r="$(echo "$static" | field requests)" -v d="$(echo "$static" | field duration_us)" 'BEGIN{printf "%.0f", r/(d/1e6)}')
say "static route: $static_rps req/s; now sign-ups at saturation with perf sampling the server"
THREADS=2 CAMPAIGN=patrols-keep-peace wrk -t2 -c64 -d"$((seconds + 4))s" --latency -s bench/signup.lua "$base" > "$work/wrk.out" &
wrk_pid=$!
sleep 2
perf record -F 999 -p "$server_pid" -o "$work/perf.data" -- sleep "$seconds" > /dev/null 2>&1
wait "$wrk_pid"
line=$(result < "$work/wrk.out")
accepted=$(echo "$line" | field accepted)
rate=$(awk -v a="$accepted" -v d="$(echo "$line" | field duration_us)" 'BEGIN{printf "%.0f", a/(d/1e6)}')
echo "engine $engine: static $static_rps req/s; sign-ups at saturation $rate accepted/s (ratio $(awk -v a="$rate" -v b="$static_rps" 'BEGIN{printf "%.3f", a/b}'); p50 $(echo "$line" | field p50_us) us, p99 $(echo "$line" | field p99_us) us; sampled ${seconds}s under perf)"
perf report -i "$work/perf.data" --no-children --sort dso,symbol --percent-limit 0.4 --stdio 2>/dev/null | sed -E "s/ +-? +-? *$//; s/ {2,}/ /g" \
  | grep -E '^ +[0-9]' | head -n "$top"
