#!/usr/bin/env bash
# A rolling upgrade of the instances named on the command line (their ports), no maintenance
# window: deploy/rolling-upgrade.sh 8001 8002
# The new binary and site are in place first (/opt/shouwang/bin, /opt/shouwang/site), and its
# migrations are ones the old code survives (add a column or a table; drop only in a later
# release, once no running code reads it).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 PORT..." >&2; exit 2; }
systemctl restart shouwang-migrate.service
for port in "$@"; do
  systemctl restart "shouwang@$port"
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { echo "instance $port is not ready" >&2; exit 1; }
  # nginx leaves an instance it saw fail alone for fail_timeout (2 s): wait it out before the next
  sleep 3
done
echo "upgraded: $*"
