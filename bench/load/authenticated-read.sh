#!/usr/bin/env bash
# Load scenario: authenticated GET /api/v1/services/{id} beside bare /healthz, in the same run, on SQLite.
# Starts a Release build of `guardrail serve --demo` on a fresh store, drives it with wrk on loopback and
# prints requests/s and p99 for both, and their ratio.
# Usage: bench/load/authenticated-read.sh [duration=15s] [connections=64]
set -euo pipefail
DURATION=${1:-15s}
CONNECTIONS=${2:-64}
PORT=${PORT:-5311}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
dotnet build "$ROOT/src/Guardrail.Cli" -c Release -v quiet -nologo >/dev/null
GUARDRAIL="$ROOT/src/Guardrail.Cli/bin/Release/net10.0/guardrail"

WORK=$(mktemp -d)
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
TOKEN=$("$GUARDRAIL" token create --role reader --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
"$GUARDRAIL" serve --demo --data "$WORK/data" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
SERVICE_ID=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/services/payments-api" | sed 's/^{"id":\([0-9]*\).*/\1/')

run() { # id, label, path, extra wrk args
  local name=$1 label=$2 path=$3; shift 3
  wrk -t2 -c"$CONNECTIONS" -d2s "$@" "http://127.0.0.1:$PORT$path" >/dev/null   # warm-up
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "http://127.0.0.1:$PORT$path" >"$WORK/$name.txt"
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$name.txt")
  printf '%-40s %12s req/s   p99 %8s   non-2xx %s\n' "$label" "$rps" "$p99" "${non2xx:-0}"
  echo "$rps" >"$WORK/$name.rps"
}

echo "guardrail $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION, SQLite"
run bare "GET /healthz" "/healthz"
run read "GET /api/v1/services/$SERVICE_ID (token)" "/api/v1/services/$SERVICE_ID" -H "Authorization: Bearer $TOKEN"
awk -v a="$(cat "$WORK/read.rps")" -v b="$(cat "$WORK/bare.rps")" \
  'BEGIN { printf "authenticated read / bare healthz = %.1f%%\n", 100 * a / b }'
