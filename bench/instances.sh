#!/usr/bin/env bash
# Sign-ups through nginx (deploy/nginx/shouwang.conf) with one and with two instances on one
# PostgreSQL, in the same run, each against the static route through the same nginx.
#   SKIP_BUILD=1 bench/instances.sh   use the release server already built (e.g. by the test command)
#   DURATION=15 BENCH_OUT=BENCHMARKS.md bench/instances.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-15}
say() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }

scripts/setup.sh test
command -v wrk >/dev/null || { say "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
export PATH="$root/.tools/node_modules/.bin:$PATH"
[ "${SKIP_BUILD:-0}" = "1" ] || { say "building the release server"; scripts/build.sh >&2; }
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="$target_dir/release/shouwang"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d /tmp/shouwang-bench-instances.XXXXXX)
pg="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
dbname="sw_bench_inst_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for file in "$work"/*/nginx.pid; do [ -f "$file" ] && kill "$(cat "$file")" 2>/dev/null || true; done
  sleep 0.5
  psql "$pg" -qc "drop database if exists $dbname with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" INT TERM
psql "$pg" -qc "create database $dbname" >/dev/null
database_url="${pg%/*}/$dbname"
key=$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')

ports=()
for i in 0 1; do
  port=$(free_port); ports+=("$port")
  DATABASE_URL="$database_url" SHOUWANG_SECRET_KEY="$key" SHOUWANG_DATA_DIR="$work/data$i" \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$root/target/site" TRUSTED_PROXIES=127.0.0.1 \
    SIGNUPS_PER_MINUTE=100000000 RUST_LOG=warn "$bin" > "$work/instance$i.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
done

# nginx: the deployed site file, first with instance 0 alone, then with both
nginx_with() { # name upstream-lines → port
  local name=$1 lines=$2 port
  port=$(free_port)
  mkdir -p "$work/$name"
  python3 - "$root/deploy/nginx/shouwang.conf" "$lines" "$port" "$root/target/site" > "$work/$name/site.conf" <<'PY'
import re, sys
conf, lines, port, site = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
conf = re.sub(r"(upstream shouwang \{\n(?:\s*#.*\n)*)(?:\s*server 127\.0\.0\.1:800\d[^\n]*\n)+", lambda m: m.group(1) + lines, conf)
print(conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/opt/shouwang/site", site))
PY
  cat > "$work/$name/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $work/$name/nginx.pid; error_log $work/$name/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/$name/b; proxy_temp_path $work/$name/p;
  fastcgi_temp_path $work/$name/f; uwsgi_temp_path $work/$name/u; scgi_temp_path $work/$name/s;
  include $work/$name/site.conf; }
CONF
  # its output away from the caller's $(…), which would otherwise wait for nginx to end;
  # cleanup stops it by its pid file (this function runs in that subshell)
  /usr/sbin/nginx -p "$work/$name" -c "$work/$name/nginx.conf" -e "$work/$name/error.log" > /dev/null 2>&1 &
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
  echo "$port"
}
one=$(nginx_with one "    server 127.0.0.1:${ports[0]};
")
two=$(nginx_with two "    server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=2s;
")

result() { grep '^RESULT' | tail -n 1; }
field() { sed -E "s/.* $1=([0-9]+).*/\1/"; }
per_s() { awk -v r="$1" -v d="$2" 'BEGIN { printf "%.0f", r / (d / 1e6) }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
static() { # port → req/s of /healthz through nginx
  local line
  line=$(wrk -t1 -c32 -d"${duration}s" --latency -s bench/page.lua "http://127.0.0.1:$1/healthz" | result)
  per_s "$(echo "$line" | field requests)" "$(echo "$line" | field duration_us)"
}
signups() { # port offset → "accepted/s p50_ms p99_ms failed"
  local line
  line=$(THREADS=2 OFFSET=$2 wrk -t2 -c64 -d"${duration}s" --latency -s bench/signup.lua "http://127.0.0.1:$1" | result)
  echo "$(per_s "$(echo "$line" | field accepted)" "$(echo "$line" | field duration_us)") \
$(ms "$(echo "$line" | field p50_us)") $(ms "$(echo "$line" | field p99_us)") \
$(( $(echo "$line" | field rejected) + $(echo "$line" | field failed) ))"
}

say "warming up"
wrk -t1 -c8 -d2s "http://127.0.0.1:$two/healthz" >/dev/null
say "one instance behind nginx (${duration}s each)"
static1=$(static "$one")
read -r s1 p50_1 p99_1 f1 < <(signups "$one" 3000000)
say "two instances behind nginx (${duration}s each)"
static2=$(static "$two")
read -r s2 p50_2 p99_2 f2 < <(signups "$two" 4000000)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

table=$(cat <<TABLE
| through nginx, PostgreSQL | static \`/healthz\` | sign-ups at saturation (2 wrk threads, 64 connections) | ratio to static |
| --- | --- | --- | --- |
| 1 instance | $static1 req/s | $s1 accepted/s, p50 $p50_1 ms, p99 $p99_1 ms ($f1 not accepted) | $(ratio "$s1" "$static1") |
| 2 instances | $static2 req/s | $s2 accepted/s, p50 $p50_2 ms, p99 $p99_2 ms ($f2 not accepted) | $(ratio "$s2" "$static2") |
TABLE
)
echo "$table"
if [ -n "${BENCH_OUT:-}" ]; then
  {
    echo
    echo "## $(date -u +%Y-%m-%d) — several instances behind nginx (PostgreSQL)"
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; nginx, both instances, PostgreSQL and wrk on the same machine."
    echo "Command: \`bench/instances.sh\` (DURATION=$duration)"
    echo
    echo "$table"
  } >> "$BENCH_OUT"
fi
