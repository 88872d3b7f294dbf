#!/usr/bin/env bash
# The benchmark harness: starts the release server on a fresh database, drives it from a second
# process (wrk) over loopback, prints one table and writes it to BENCHMARKS.md.
#   bench/run.sh               SQLite (synchronous=FULL)
#   bench/run.sh --postgres    the local PostgreSQL (a fresh database)
#   SIGNUPS=100000 DURATION=10 SQLITE_SYNCHRONOUS=NORMAL bench/run.sh
#   SKIP_BUILD=1 bench/run.sh  use the release server and bundle already built (e.g. by the test command)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
engine=sqlite
[ "${1:-}" = "--postgres" ] && engine=postgres
signups=${SIGNUPS:-100000}
duration=${DURATION:-10}
sync=${SQLITE_SYNCHRONOUS:-FULL}
say() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }

scripts/setup.sh build
command -v wrk >/dev/null || { say "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
export PATH="$root/.tools/node_modules/.bin:$PATH"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  say "building the release bundle"
  scripts/build.sh >&2
fi
scripts/precompress.sh
target_dir="${CARGO_TARGET_DIR:-$root/target}"

source bench/lib.sh
if [ "$engine" = postgres ]; then
  start_server --postgres SQLITE_SYNCHRONOUS="$sync"
else
  start_server --sqlite SQLITE_SYNCHRONOUS="$sync"
fi

rps() { # requests duration_us → requests per second
  awk -v r="$1" -v d="$2" 'BEGIN { printf "%.0f", r / (d / 1e6) }'
}
get_rps() { # path → "rps p50_ms p99_ms"
  local line
  # as a browser asks: gzip accepted
  line=$(wrk -t1 -c32 -d"${duration}s" --latency -H 'Accept-Encoding: gzip' -s bench/page.lua "$base$1" | result)
  local n d e
  n=$(echo "$line" | field requests); d=$(echo "$line" | field duration_us); e=$(echo "$line" | field errors)
  [ "$e" = "0" ] || say "WARNING: $e errors on $1"
  echo "$(rps "$n" "$d") $(echo "$line" | field p50_us | awk '{printf "%.1f", $1/1000}') $(echo "$line" | field p99_us | awk '{printf "%.1f", $1/1000}')"
}

say "warming up"
wrk -t1 -c8 -d2s "$base/" >/dev/null
wrk -t1 -c8 -d2s "$base/campaigns/volunteers-guard-expo" >/dev/null
wrk -t1 -c8 -d2s "$base/activities/1" >/dev/null

say "read paths (${duration}s each)"
read -r static_rps static_p50 static_p99 < <(get_rps /healthz)
read -r css_rps css_p50 css_p99 < <(get_rps /pkg/shouwang.css)
read -r shell_rps shell_p50 shell_p99 < <(get_rps /privacy)
read -r home_rps home_p50 home_p99 < <(get_rps /)
read -r campaign_rps campaign_p50 campaign_p99 < <(get_rps /campaigns/volunteers-guard-expo)
# a demo activity ("小手牵大手"): the sign-up box with its live feed and read count
read -r activity_rps activity_p50 activity_p99 < <(get_rps /activities/1)

say "sign-ups at a paced 1,000/s (100 connections, one request per 100 ms each, ${duration}s)"
paced=$(THREADS=1 PACE_MS=100 wrk -t1 -c100 -d"${duration}s" --latency -s bench/signup.lua "$base" | result)

say "sign-ups at saturation (2 wrk threads, 64 connections, 15 s)"
saturation=$(THREADS=2 CAMPAIGN=patrols-keep-peace wrk -t2 -c64 -d15s --latency -s bench/signup.lua "$base" | result)

say "opening day: $signups sign-ups within a 50 s window (stops when all are in)"
per_thread=$(( (signups + 1) / 2 ))
burst=$(THREADS=2 LIMIT=$per_thread OFFSET=1000000 CAMPAIGN=volunteers-guard-expo wrk -t2 -c64 -d50s --latency -s bench/signup.lua "$base" | result)

rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
if [ "$engine" = postgres ]; then
  db_bytes=$(psql "$pg" -tAc "select pg_database_size('$dbname')")
else
  db_bytes=$(du -cb "$work"/data/shouwang.db* | tail -n 1 | cut -f1)
fi
stored=$(curl -fsS "$base/" >/dev/null; echo "")

size() { stat -c%s "$1"; }
gz() { gzip -9c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
home_html=$(curl -fsS "$base/" -o "$work/home.html" && echo "$work/home.html")
camp_html=$(curl -fsS "$base/campaigns/volunteers-guard-expo" -o "$work/campaign.html" && echo "$work/campaign.html")
pkg="$root/target/site/pkg"

p_acc=$(echo "$paced" | field accepted); p_d=$(echo "$paced" | field duration_us)
b_acc=$(echo "$burst" | field accepted); b_rej=$(echo "$burst" | field rejected); b_fail=$(echo "$burst" | field failed)
s_acc=$(echo "$saturation" | field accepted); s_d=$(echo "$saturation" | field duration_us)
s_fail=$(( $(echo "$saturation" | field rejected) + $(echo "$saturation" | field failed) ))
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { echo "$1" | awk '{printf "%.1f", $1/1000}'; }
s_rps=$(rps "$s_acc" "$s_d"); p_rps=$(rps "$p_acc" "$p_d")

table=$(cat <<TABLE
| measure | value | ratio to static route |
| --- | --- | --- |
| static route \`/healthz\` | $static_rps req/s (p50 $static_p50 ms, p99 $static_p99 ms) | 1.00 |
| static asset \`/pkg/shouwang.css\` | $css_rps req/s (p50 $css_p50 ms, p99 $css_p99 ms) | $(ratio "$css_rps" "$static_rps") |
| empty app-shell page \`/privacy\` | $shell_rps req/s (p50 $shell_p50 ms, p99 $shell_p99 ms) | $(ratio "$shell_rps" "$static_rps") |
| home page \`/\` (real data, cached ≤ 1 s) | $home_rps req/s (p50 $home_p50 ms, p99 $home_p99 ms) | $(ratio "$home_rps" "$static_rps") |
| campaign page (real data, cached ≤ 1 s) | $campaign_rps req/s (p50 $campaign_p50 ms, p99 $campaign_p99 ms) | $(ratio "$campaign_rps" "$static_rps") |
| activity page with its feed (real data, cached ≤ 1 s) | $activity_rps req/s (p50 $activity_p50 ms, p99 $activity_p99 ms) | $(ratio "$activity_rps" "$static_rps") |
| sign-ups, paced 1,000/s offered | $p_rps accepted/s, p50 $(ms "$(echo "$paced" | field p50_us)") ms, p99 $(ms "$(echo "$paced" | field p99_us)") ms | $(ratio "$p_rps" "$static_rps") |
| sign-ups at saturation, 15 s ($s_fail not accepted) | $s_rps accepted/s, p50 $(ms "$(echo "$saturation" | field p50_us)") ms, p99 $(ms "$(echo "$saturation" | field p99_us)") ms | $(ratio "$s_rps" "$static_rps") |
| opening day: $signups sign-ups offered within 50 s | $b_acc accepted, $b_rej rejected, $b_fail failed (p99 $(ms "$(echo "$burst" | field p99_us)") ms) | |
| empty app shell vs campaign page | campaign page serves $(ratio "$campaign_rps" "$shell_rps")× the empty shell's rate (the cache at work) | |
| peak server RSS (VmHWM) | $(awk -v k="$rss_kb" 'BEGIN{printf "%.1f", k/1024}') MB | |
| database size after the run | $(awk -v b="$db_bytes" 'BEGIN{printf "%.1f", b/1048576}') MB | |
| first visit, home page: HTML | $(kb "$(size "$home_html")") KB raw, $(kb "$(gz "$home_html")") KB gzip; CSS $(kb "$(size "$pkg/shouwang.css")") / $(kb "$(gz "$pkg/shouwang.css")") KB; no JS, no wasm | |
| first visit, sign-up (campaign) page: HTML | $(kb "$(size "$camp_html")") KB raw, $(kb "$(gz "$camp_html")") KB gzip; CSS as above; no JS or wasm until the form is touched | |
| island bundle, loaded on first interaction | JS $(kb "$(size "$pkg/shouwang.js")") / $(kb "$(gz "$pkg/shouwang.js")") KB, wasm $(kb "$(size "$pkg/shouwang.wasm")") / $(kb "$(gz "$pkg/shouwang.wasm")") KB (raw / gzip) | |
TABLE
)
echo "$table"
{
  echo "## $(date -u +%Y-%m-%d) — $engine$([ "$engine" = sqlite ] && echo " (synchronous=$sync)")"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}') on the same machine."
  echo "Command: \`$0 $*\` (SIGNUPS=$signups DURATION=$duration)"
  echo
  echo "$table"
  echo
} > "$work/section.md"
if [ -n "${BENCH_OUT:-}" ]; then cat "$work/section.md" >> "$BENCH_OUT"; fi
