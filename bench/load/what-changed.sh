#!/usr/bin/env bash
# "What changed?" on SQLite at the scale of issue 6: a synthetic CMDB of 100,000 CIs (3 relationships each) whose CIs
# belong to 2,000 catalogue services, 1,000,000 deployments over 90 days (half to production) with their shipped
# commits, gate changes for a fifth of the production ones and changes by hand naming CIs; then the engine in process,
# a scope per question as a request has, for incidents on CIs drawn across the graph (one in ten on a service) starting
# anywhere in the last 85 days: latency p50/p95/p99 (wall clock, and the question's own CPU time, which a shared machine
# does not inflate), allocations per question and the process's memory with the graph loaded.
# The data set is kept in DIR and reused by later runs (generating it takes a few minutes).
# Usage: bench/load/what-changed.sh [incidents=2000] [dir=a new temporary directory]
set -euo pipefail
INCIDENTS=${1:-2000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

dotnet build "$ROOT/bench/Guardrail.Bench" -c Release -v quiet -nologo >/dev/null
BENCH="$ROOT/bench/Guardrail.Bench/bin/Release/net10.0/Guardrail.Bench"

if [ -n "${2:-}" ]; then
  WORK=$2
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
echo "guardrail $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" what-changed "$WORK/guardrail.db" 100000 1000000 "$INCIDENTS"
