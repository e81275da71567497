#!/usr/bin/env bash
# The pipeline gate under load on SQLite: POST /api/v1/gate at 32 connections, every request a new pipeline run (so a
# new change record, assessed against the policy with its blast radius on a 100,000-CI CMDB, and written with its audit
# entry), beside bare /healthz in the same run. 50 services across the criticality tiers, each owning 3 CIs of the
# synthetic graph's service layer; half the requests go to production, half to staging.
# Usage: bench/load/change-gate.sh [duration=15s] [connections=32] [cis=100000]
set -euo pipefail
DURATION=${1:-15s}
CONNECTIONS=${2:-32}
CIS=${3:-100000}
PORT=${PORT:-5313}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
dotnet build "$ROOT/src/Guardrail.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$ROOT/bench/Guardrail.Bench" -c Release -v quiet -nologo >/dev/null
GUARDRAIL="$ROOT/src/Guardrail.Cli/bin/Release/net10.0/guardrail"
BENCH="$ROOT/bench/Guardrail.Bench/bin/Release/net10.0/Guardrail.Bench"

WORK=$(mktemp -d)
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
ADMIN=$("$GUARDRAIL" token create --role admin --name bench-admin --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
PIPELINE=$("$GUARDRAIL" token create --role pipeline --name bench-pipeline --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
"$BENCH" cmdb-graph "$WORK/data/guardrail.db" "$CIS" $((CIS * 3))

serve() {
  "$GUARDRAIL" serve --data "$WORK/data" --urls "http://127.0.0.1:$PORT" >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }
post() { curl -sf -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/api/v1/$1" -d "$2" >/dev/null; }

serve
post teams '{"key":"bench","name":"Bench"}'
post environments '{"key":"production","name":"Production","tier":"production"}'
post environments '{"key":"staging","name":"Staging","tier":"staging"}'
for i in $(seq 1 50); do post services "{\"key\":\"svc-$i\",\"name\":\"Service $i\",\"kind\":\"technical\",\"criticality\":\"tier$(( (i % 4) + 1 ))\",\"ownerTeam\":\"bench\"}"; done
stop
"$BENCH" service-cis "$WORK/data/guardrail.db" 3
serve

cat >"$WORK/gate.lua" <<LUA
local counter = 0
local threads = 0
-- A run id unique across wrk invocations, so the measured run never repeats one the warm-up already decided.
function setup(thread) threads = threads + 1; thread:set("thread_id", string.format("%d-%d", os.time(), threads)) end
request = function()
  counter = counter + 1
  local environment = (counter % 2 == 0) and "production" or "staging"
  local body = string.format('{"service":"svc-%d","environment":"%s","commit":"%040x","pipelineRunId":"run-%s-%d","evidence":{"tests":"passed","scan":"passed"},"commits":["%040x"]}',
    (counter % 50) + 1, environment, counter, thread_id, counter, counter)
  return wrk.format("POST", "/api/v1/gate", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $PIPELINE"}, body)
end
LUA

run() { # name, label, path, extra wrk args
  local name=$1 label=$2 path=$3; shift 3
  wrk -t2 -c"$CONNECTIONS" -d3s "$@" "http://127.0.0.1:$PORT$path" >/dev/null   # warm-up
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "http://127.0.0.1:$PORT$path" >"$WORK/$name.txt"
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$name.txt")
  printf '%-44s %12s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$label" "$rps" "$(awk '$1 == "50%" {print $2}' "$WORK/$name.txt")" "$p99" "${non2xx:-0}"
  echo "$rps" >"$WORK/$name.rps"
}

echo "guardrail $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION, SQLite, $CIS CIs"
run bare "GET /healthz" "/healthz"
run gate "POST /api/v1/gate (new pipeline run each)" "/api/v1/gate" -s "$WORK/gate.lua"
awk -v a="$(cat "$WORK/gate.rps")" -v b="$(cat "$WORK/bare.rps")" 'BEGIN { printf "gate decisions / bare healthz = %.1f%%\n", 100 * a / b }'
CHANGES=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/changes?limit=1" | sed 's/.*"id":\([0-9]*\),.*/\1/')
echo "changes recorded: $CHANGES; audit chain: $("$GUARDRAIL" audit verify --server "http://127.0.0.1:$PORT" --token "$ADMIN" 2>&1 | tail -1)"
