#!/usr/bin/env bash
# Sign-ups as they arrive: an open model (a constant arrival rate, whatever the server answers),
# not wrk's closed loop, which waits for each answer and so hides queueing (coordinated omission).
# `oha -q RATE --latency-correction` (crates.io, installed into .tools/ when missing) measures each
# request from when it was due, not from when it was sent. Then a mixed run: 95 % page views of the
# campaign page, 5 % sign-ups, at once. Every body is a unique, valid person (bench/bodies.py; oha
# picks lines at random, so the file holds 25 per request and about 2 % repeat — a repeat is answered
# "already signed up" and is not stored; the table counts what was stored).
#   bench/arrivals.sh [--postgres]       RATES="1000 2000 4000" MIXED="2000 4000" SECONDS_EACH=8
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rates=${RATES:-1000 2000 4000}
mixed=${MIXED:-2000 4000}
each=${SECONDS_EACH:-8}
say() { printf '\033[1;34m[arrivals]\033[0m %s\n' "$*" >&2; }
oha=$root/.tools/bin/oha
if [ "$("$oha" --version 2>/dev/null | awk '{print $2}')" != "1.16.0" ]; then
  say "installing oha 1.16.0 into .tools/"
  cargo install oha --version 1.16.0 --locked --root "$root/.tools"
fi
command -v wrk >/dev/null || { say "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
start_server "$@"

stored() { sql "select count(*) from applications"; }
# The next run starts once the last one's mail (if its people gave addresses; these do not) is out,
# so that it measures itself, not the last one's tail.
drain() {
  for _ in $(seq 1 240); do
    [ "$(sql "select count(*) from outbox where status = 'pending'")" = "0" ] && return
    sleep 0.5
  done
  say "the outbox did not drain within 120 s"
}
static=$(wrk -t2 -c64 -d"${each}s" -s bench/page.lua "$base/healthz" | result)
static_rps=$(awk -v r="$(echo "$static" | field requests)" -v d="$(echo "$static" | field duration_us)" 'BEGIN{printf "%.0f", r/(d/1e6)}')
say "static route /healthz: $static_rps req/s (wrk, closed loop, 64 connections)"

offset=0
# oha at a constant rate; prints "achieved_rps p50_ms p99_ms p999_ms non_200"
run() { # rate method url [bodies]
  local rate=$1 method=$2 url=$3 bodies=${4:-} out
  out="$work/oha-$RANDOM.json"
  local args=(-z "${each}s" -q "$rate" --latency-correction -c 512 --no-tui --output-format json -m "$method"
    -H 'Accept: application/json')
  [ -n "$bodies" ] && args+=(-H 'Content-Type: application/x-www-form-urlencoded' -Z "$bodies")
  "$oha" "${args[@]}" "$url" > "$out"
  python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["latencyPercentiles"]
codes = d.get("statusCodeDistribution", {})
# requests still in flight when the run's time is up are cut off by oha itself, not refused
errors = {k: n for k, n in d.get("errorDistribution", {}).items() if "deadline" not in k}
bad = sum(n for code, n in codes.items() if code != "200") + sum(errors.values())
ms = lambda s: "%.1f" % ((s or 0) * 1000)
print("%.0f %s %s %s %d" % (d["summary"]["requestsPerSec"] or 0, ms(p["p50"]), ms(p["p99"]), ms(p["p99.9"]), bad))
PY
}
bodies() { # count → file of unique people (25 lines per request)
  local file="$work/bodies-$offset.txt"
  python3 bench/bodies.py "$(( $1 * 25 ))" "$offset" patrols-keep-peace community_patrol > "$file"
  offset=$(( offset + $1 * 25 ))
  echo "$file"
}

rows=""
for rate in $rates; do
  file=$(bodies $(( rate * each )))
  before=$(stored)
  say "sign-ups offered at $rate/s for ${each}s"
  read -r got p50 p99 p999 bad < <(run "$rate" POST "$base/api/signup" "$file")
  after=$(stored)
  drain
  rows+="| $rate/s | $got/s | $(( after - before )) | $p50 ms | $p99 ms | $p999 ms | $bad |"$'\n'
done

mixed_rows=""
for total in $mixed; do
  views=$(( total * 95 / 100 )); signups=$(( total - views ))
  file=$(bodies $(( signups * each )))
  before=$(stored)
  say "mixed: $views page views/s + $signups sign-ups/s for ${each}s"
  run "$views" GET "$base/campaigns/patrols-keep-peace" > "$work/views.txt" &
  views_pid=$!
  read -r s_got s_p50 s_p99 s_p999 s_bad < <(run "$signups" POST "$base/api/signup" "$file")
  wait "$views_pid"
  read -r v_got v_p50 v_p99 v_p999 v_bad < "$work/views.txt"
  after=$(stored)
  drain
  mixed_rows+="| $total/s ($views + $signups) | $v_got/s: p50 $v_p50, p99 $v_p99, p99.9 $v_p999 ms ($v_bad not 200) | $s_got/s, $(( after - before )) stored: p50 $s_p50, p99 $s_p99, p99.9 $s_p999 ms ($s_bad not 200) |"$'\n'
done

cat <<TABLE
### $engine — open model (oha $("$oha" --version | awk '{print $2}'), -q, latency corrected, ${each} s per rate)

Static route \`/healthz\` in the same run: $static_rps req/s (wrk, closed loop, 64 connections).

| offered | answered | stored | p50 | p99 | p99.9 | not 200 |
| --- | --- | --- | --- | --- | --- | --- |
${rows}
| mixed, offered | campaign page views | sign-ups |
| --- | --- | --- |
${mixed_rows}
TABLE
