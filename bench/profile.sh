#!/usr/bin/env bash
# Profiles the sign-up path at saturation: starts the release server on a fresh SQLite database
# (or, with --postgres, a fresh PostgreSQL database), drives sign-ups with wrk (2 threads, 64
# connections) and samples the server with `perf record` (no call graphs: self time per symbol).
# Prints the top entries and the saturation rate beside the static route's, measured in the same run.
#   bench/profile.sh [--postgres]      TOP=25 SECONDS=10 bench/profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_SAMPLED:-10}
top=${TOP:-25}
say() { printf '\033[1;34m[profile]\033[0m %s\n' "$*" >&2; }
command -v perf >/dev/null || { say "installing perf"; apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }
command -v wrk >/dev/null || { say "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
source bench/lib.sh
start_server "$@"

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
