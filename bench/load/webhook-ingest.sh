#!/usr/bin/env bash
# Load scenario: sustained ingestion of signed GitHub deployment_status deliveries on SQLite, each a deployment of
# its own, accepted and fully processed, beside bare /healthz in the same run. Then a crash: the server is killed
# with SIGKILL in the middle of a burst, restarted, and every delivery that was answered 2xx is checked to be stored
# and processed exactly once.
# Usage: bench/load/webhook-ingest.sh [deliveries=50000] [connections=64] [crash-burst=20000]
set -euo pipefail
COUNT=${1:-50000}
CONNECTIONS=${2:-64}
BURST=${3:-20000}
PORT=${PORT:-5312}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEMPLATE="$ROOT/../shared/corpus/github-webhooks/octokit-webhooks/deployment_status/payload.json"
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
dotnet build "$ROOT/src/Guardrail.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$ROOT/bench/Guardrail.Bench" -c Release -v quiet -nologo >/dev/null
GUARDRAIL="$ROOT/src/Guardrail.Cli/bin/Release/net10.0/guardrail"
BENCH="$ROOT/bench/Guardrail.Bench/bin/Release/net10.0/Guardrail.Bench"

WORK=$(mktemp -d)
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
start() {
  "$GUARDRAIL" serve --demo --data "$WORK/data" --urls "$URL" >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -sf "$URL/readyz" >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

TOKEN=$("$GUARDRAIL" token create --role admin --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
start
SECRET=$(api -X POST "$URL/api/v1/integrations" -d '{"kind":"github","name":"bench"}' | sed 's/^{"secret":"\([^"]*\)".*/\1/')
api -X POST "$URL/api/v1/deployments/mapping-rules" -d '{"repository":"github.com/codertocat/hello-world","service":"payments-api"}' >/dev/null

echo "guardrail $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, SQLite, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d10s --latency "$URL/healthz" >"$WORK/healthz.txt"
printf 'GET /healthz: %s req/s, p99 %s\n' "$(awk '/Requests\/sec/ {print $2}' "$WORK/healthz.txt")" "$(awk '$1 == "99%" {print $2}' "$WORK/healthz.txt")"
echo "warm-up (not counted):"
"$BENCH" webhook-ingest "$URL" /hooks/github/bench "$SECRET" "$TOKEN" "$TEMPLATE" 5000 "$CONNECTIONS" "$WORK/warm-up.txt"
echo "measured:"
"$BENCH" webhook-ingest "$URL" /hooks/github/bench "$SECRET" "$TOKEN" "$TEMPLATE" "$COUNT" "$CONNECTIONS" "$WORK/accepted.txt"

echo "crash: SIGKILL in the middle of a burst of $BURST deliveries"
"$BENCH" webhook-ingest "$URL" /hooks/github/bench "$SECRET" "$TOKEN" "$TEMPLATE" "$BURST" "$CONNECTIONS" "$WORK/crash-accepted.txt" &
LOAD=$!
sleep 3
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
wait "$LOAD" || true
start
until ! api "$URL/api/v1/deliveries?status=pending&limit=1" | grep -q '"id":'; do sleep 0.2; done
"$BENCH" webhook-verify "$WORK/data/guardrail.db" "$WORK/crash-accepted.txt"
