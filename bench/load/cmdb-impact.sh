#!/usr/bin/env bash
# Impact analysis on a synthetic CMDB of 1,000,000 CIs and 3,000,000 relationships, on SQLite:
# downstream impact of the CI with the largest fan-in through the API (wrk: requests/s, p50, p99), the same
# question as a recursive CTE on the same database, and the server's memory with the graph loaded.
# Usage: bench/load/cmdb-impact.sh [cis=1000000] [relationships=3000000] [duration=15s]
set -euo pipefail
CIS=${1:-1000000}
RELATIONSHIPS=${2:-3000000}
DURATION=${3:-15s}
PORT=${PORT:-5312}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
dotnet build "$ROOT/src/Guardrail.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$ROOT/bench/Guardrail.Bench" -c Release -v quiet -nologo >/dev/null
GUARDRAIL="$ROOT/src/Guardrail.Cli/bin/Release/net10.0/guardrail"
BENCH="$ROOT/bench/Guardrail.Bench/bin/Release/net10.0/Guardrail.Bench"

WORK=$(mktemp -d)
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
TOKEN=$("$GUARDRAIL" token create --role reader --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
"$BENCH" cmdb-graph "$WORK/data/guardrail.db" "$CIS" "$RELATIONSHIPS"

"$GUARDRAIL" serve --data "$WORK/data" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/api/v1/cmdb/cis/1/impact?depth=10&limit=100"
START=$(date +%s.%N)
TOTAL=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL" | sed 's/.*"total":\([0-9]*\).*/\1/')
echo "graph loaded and first impact answered in $(echo "$(date +%s.%N) - $START" | bc) s; CI 1 reaches $TOTAL CIs downstream"
echo "server RSS with the graph loaded: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$SERVER/status)"

wrk -t2 -c8 -d3s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
wrk -t2 -c8 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/wrk.txt"
echo "impact API (wrk -t2 -c8 -d$DURATION): $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s, p50 $(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt"), p99 $(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=

"$BENCH" recursive-cte "$WORK/data/guardrail.db" 1 10
