#!/usr/bin/env bash
# Every figure of the organisation at the scale of issue 7, on SQLite with the data on disk.
# Data set (generated once into DIR, straight into the tables, deterministic; deployments, changes and incidents numbered in
# time order, as a store that recorded them would have them): 5,000 services in 50 teams (elite to low)
# with a layered CMDB, production and staging environments, 1,000,000 deployments over the 365 days before generation
# (every production release deployed to staging first; a few production attempts stopped by their checks; failures rolled
# back, fixed forward by a hotfix under an emergency change, or restored by hand), 2,000,000 commits with their pushes and
# each deployment's shipped-commit rows, a merged pull request for most releases (merge commit shipped, first authored
# commit known), gate change records for most releases, 100,000 incidents with services, priorities, acknowledge and
# resolve times, SLA targets, confirmed causes and surveys.
# Backfill: the real LeadTimeProjection runs, batch by batch as ProjectAllAsync does, over the oldest PROJECTED deployments
# (50,000 by default; at the ~2,700 deployments/s measured here all of them would take about 6 minutes) and is timed; the
# other deployments get their DeliveredChanges rows from the same rule written in SQL, which is first checked row for row
# against what the projection wrote for the deployments it did.
# Then, in process, a fresh DI scope per run as a request has: MetricsEngine.ReportAsync for the organisation, one team and
# one service (default window: trailing 90 days, production), p50/p95 over 10 runs after one warm-up, the organisation also
# with the OS page cache dropped (root only), and where the time goes, query by query. Last, the server on the same store:
# 20 timed GET /api/v1/metrics and GET /dashboards (the overview page) after one warm-up each, and the server's memory.
# Every figure is printed with the load average.
# Usage: bench/load/metrics.sh [dir=a new temporary directory] [projected=50000] [requests=20]
# (SERVICES, DEPLOYMENTS, COMMITS and INCIDENTS in the environment make a smaller store to try the script on.)
set -euo pipefail
PROJECTED=${2:-50000}
REQUESTS=${3:-20}
PORT=${PORT:-5313}
URL="http://127.0.0.1:$PORT"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

dotnet build "$ROOT/src/Guardrail.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$ROOT/bench/Guardrail.Bench" -c Release -v quiet -nologo >/dev/null
GUARDRAIL="$ROOT/src/Guardrail.Cli/bin/Release/net10.0/guardrail"
BENCH="$ROOT/bench/Guardrail.Bench/bin/Release/net10.0/Guardrail.Bench"

if [ -n "${1:-}" ]; then
  WORK=$1
  mkdir -p "$WORK/data"
else
  WORK=$(mktemp -d)
  mkdir -p "$WORK/data"
  REMOVE=1
fi
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; [ -n "${REMOVE:-}" ] && rm -rf "$WORK"; true; }
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "guardrail $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(load)"
"$BENCH" metrics "$WORK/data/guardrail.db" "${SERVICES:-5000}" "${DEPLOYMENTS:-1000000}" "${COMMITS:-2000000}" "${INCIDENTS:-100000}" "$PROJECTED"

TOKEN=$("$GUARDRAIL" token create --role reader --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
"$GUARDRAIL" serve --data "$WORK/data" --urls "$URL" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do curl -sf "$URL/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "$URL/readyz" >/dev/null || { echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
sleep 5

timed() { # label, path: one warm-up, then REQUESTS timed requests; p50, p95, max of the time to the last byte
  local label=$1 path=$2 times status
  status=$(curl -s -o "$WORK/page" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL$path")
  if [ "$status" != 200 ]; then
    printf '%-44s FAILED: answered %s: %s; load average %s\n' "$label" "$status" "$(head -c 300 "$WORK/page" | tr '\n' ' ')" "$(load)"
    return
  fi
  local cpu_before cpu_after
  cpu_before=$(cpu_ms)
  times=$(for _ in $(seq 1 "$REQUESTS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$path"
  done | sort -n)
  cpu_after=$(cpu_ms)
  echo "$times" | awk -v label="$label" -v size="$(wc -c <"$WORK/page")" -v load="$(load)" -v cpu="$(( (cpu_after - cpu_before) / REQUESTS ))" '
    { t[NR] = $1 * 1000 }
    END { p50 = t[int(NR * 0.5 + 0.5)]; p95 = t[int(NR * 0.95 + 0.5)];
          printf "%-44s p50 %5.0f ms, p95 %5.0f ms, max %5.0f ms over %d requests (%d KiB; the server'"'"'s CPU time %d ms a request); load average %s\n",
                 label, p50, p95, t[NR], NR, size / 1024, cpu, load }'
}
cpu_ms() { awk -v tick="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / tick) }' "/proc/$SERVER/stat"; }
timed "GET /api/v1/metrics (organisation)" "/api/v1/metrics"
timed "GET /dashboards (the overview page)" "/dashboards"
timed "GET /api/v1/metrics?team=team-25 (one team)" "/api/v1/metrics?team=team-25"
if [ -w /proc/sys/vm/drop_caches ]; then
  for path in /api/v1/metrics /dashboards; do
    cold=$(for _ in 1 2 3; do
      sync; echo 3 >/proc/sys/vm/drop_caches
      curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$path"
    done | awk '{ printf "%s%.0f ms", (NR > 1 ? ", " : ""), $1 * 1000 }')
    echo "GET $path with the OS page cache dropped before each: $cold; load average $(load)"
  done
fi
echo "server memory: $(awk '/VmRSS/ {printf "RSS %.0f MiB", $2 / 1024}' /proc/$SERVER/status), peak $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' /proc/$SERVER/status)"
