#!/usr/bin/env bash
# Impact analysis on a synthetic CMDB of 1,000,000 CIs and 3,000,000 relationships, on SQLite: downstream impact of
# the CI with the largest fan-in through the API, cold (the walk memo off, so every call walks the graph) and warm
# (the default: a walk is memoised per root, direction and depth while the graph is unchanged), with wrk at one
# connection and at eight; the same question as a recursive CTE on the same database and the ratio; the server's
# memory with the graph loaded.
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
URL="http://127.0.0.1:$PORT/api/v1/cmdb/cis/1/impact?depth=10&limit=100"

# wrk prints latencies as 850.00us, 12.34ms or 1.02s: milliseconds, for the ratio.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
measure() {
  wrk -t"$2" -c"$3" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/wrk.txt"
  P50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt"); P99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  echo "impact API $1 (wrk -t$2 -c$3 -d$DURATION): $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s, p50 $P50, p99 $P99"
  eval "${4}_P50=$(ms "$P50") ${4}_P99=$(ms "$P99")"
}
serve() {
  GUARDRAIL_CmdbGraph__ImpactMemoNodes=$1 "$GUARDRAIL" serve --data "$WORK/data" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  START=$(date +%s.%N)
  TOTAL=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL" | sed 's/.*"total":\([0-9]*\).*/\1/')
  echo "graph loaded and first impact answered in $(echo "$(date +%s.%N) - $START" | bc) s; CI 1 reaches $TOTAL CIs downstream"
  echo "server RSS with the graph loaded: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$SERVER/status)"
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

echo "--- cold: no memo, every call walks the graph"
serve 0
wrk -t1 -c1 -d3s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
measure cold 1 1 COLD1
measure cold 2 8 COLD8
stop

echo "--- warm: walks memoised (the default)"
serve 4000000
wrk -t2 -c8 -d3s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
measure warm 1 1 WARM1
measure warm 2 8 WARM8
echo "server RSS after the runs: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$SERVER/status)"
stop

"$BENCH" recursive-cte "$WORK/data/guardrail.db" 1 10 | tee "$WORK/cte.txt"
CTE_P50=$(sed 's/.*p50 \([0-9.]*\) ms.*/\1/' "$WORK/cte.txt"); CTE_P99=$(sed 's/.*p99 \([0-9.]*\) ms.*/\1/' "$WORK/cte.txt")
awk -v c50="$CTE_P50" -v c99="$CTE_P99" -v a50="$COLD1_P50" -v a99="$COLD1_P99" -v w50="$WARM1_P50" -v w99="$WARM1_P99" 'BEGIN {
  printf "recursive CTE / impact API at one connection: p50 %.0fx cold, %.0fx warm; p99 %.0fx cold, %.0fx warm\n", c50 / a50, c50 / w50, c99 / a99, c99 / w99 }'
