#!/usr/bin/env bash
# Importing Kubernetes objects through `guardrail discover` into a running server on SQLite: a first import of
# a generated manifest, then the same manifest again (nothing changed; the server reuses the discovery result of the
# same documents), then the same again after a restart of the server (nothing changed; parsed again).
# Usage: bench/load/cmdb-import.sh [objects=100000]
set -euo pipefail
OBJECTS=${1:-100000}
PORT=${PORT:-5313}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

dotnet build "$ROOT/src/Guardrail.Cli" -c Release -v quiet -nologo >/dev/null
dotnet build "$ROOT/bench/Guardrail.Bench" -c Release -v quiet -nologo >/dev/null
GUARDRAIL="$ROOT/src/Guardrail.Cli/bin/Release/net10.0/guardrail"
BENCH="$ROOT/bench/Guardrail.Bench/bin/Release/net10.0/Guardrail.Bench"

WORK=$(mktemp -d)
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
"$BENCH" kubernetes-manifests "$WORK/manifests.yaml" "$OBJECTS"
"$BENCH" discover-kubernetes "$WORK/manifests.yaml"
export GUARDRAIL_TOKEN=$("$GUARDRAIL" token create --role admin --data "$WORK/data" --json | sed 's/.*"token":"\([^"]*\)".*/\1/')
export GUARDRAIL_URL="http://127.0.0.1:$PORT"
serve() {
  "$GUARDRAIL" serve --data "$WORK/data" --urls "$GUARDRAIL_URL" >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "$GUARDRAIL_URL/readyz" >/dev/null && break; sleep 0.2; done
}
import_once() {
  START=$(date +%s.%N)
  "$GUARDRAIL" discover kubernetes "$WORK/manifests.yaml" --scope bench --json >"$WORK/import.json"
  echo "$1 import of $OBJECTS objects: $(echo "$(date +%s.%N) - $START" | bc) s;" \
    "$(tr -d ' \n' <"$WORK/import.json" | grep -o '"created":[0-9]*,"updated":[0-9]*,"retired":[0-9]*,"unchanged":[0-9]*' | head -1)"
}

serve
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$SERVER/status"; }
import_once first
import_once unchanged
echo "server RSS after the imports (the discovery result of the manifest kept): $(rss)"
kill "$SERVER" || true; wait "$SERVER" 2>/dev/null || true
serve
echo "server RSS after a restart: $(rss)"
import_once "unchanged, after a restart,"
