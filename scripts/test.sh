#!/usr/bin/env bash
# The single test command for Guardrail: provisions PostgreSQL + Chromium, builds, runs all tests
# and ends with one line "N passed, N failed, N skipped". Extra args go to `dotnet test`.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_UI_LANGUAGE=en DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# --- system dependencies (apt-get update only when something is missing, and at most once) ---
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq "$@"
}
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || apt_install postgresql
[ -x /usr/bin/chromium ] || apt_install chromium

# --- throw-away PostgreSQL cluster, removed on exit ---
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d); chown postgres:postgres "$PGDATA"
TESTTMP=$(mktemp -d)
cleanup() {
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$PGDATA" "$TESTTMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP   # make the EXIT trap run on Ctrl-C / kill too

su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres -A trust --no-sync -E UTF8 >/dev/null"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PGPORT=55432
# Skip busy ports; also retry on start failure in case a concurrent run grabbed the port first.
for attempt in $(seq 1 20); do
  while port_in_use "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
  if su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -w -t 30 -o \"-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"; then
    break
  fi
  if [ "$attempt" = 20 ]; then cat "$PGDATA/server.log" >&2; echo "error: could not start PostgreSQL" >&2; exit 1; fi
  PGPORT=$((PGPORT + 1))
done
echo "PostgreSQL running on 127.0.0.1:$PGPORT"

export GUARDRAIL_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=postgres;Pooling=true"
export GUARDRAIL_TEST_CHROMIUM=/usr/bin/chromium

# --- build and test ---
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f .config/dotnet-tools.json ]; then dotnet tool restore; fi

if ! dotnet build Guardrail.slnx -c Release -warnaserror -v minimal -nologo; then
  echo "error: build failed" >&2
  exit 1
fi

LOG="$TESTTMP/test.log"
set +e
dotnet test Guardrail.slnx -c Release --no-build "$@" 2>&1 | tee "$LOG"
test_rc=${PIPESTATUS[0]}
set -e

# Sum the per-assembly VSTest result lines, e.g.
#   Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: 2 s - X.Tests.dll (net10.0)
read -r passed failed skipped < <(sed 's/\x1b\[[0-9;]*m//g' "$LOG" | awk '
  /(Passed|Failed)! +- +Failed:/ {
    gsub(/,/, " ")
    for (i = 1; i < NF; i++) {
      if ($i == "Failed:") f += $(i + 1)
      else if ($i == "Passed:") p += $(i + 1)
      else if ($i == "Skipped:") s += $(i + 1)
    }
  }
  END { print p + 0, f + 0, s + 0 }')

echo "$passed passed, $failed failed, $skipped skipped"
[ "$test_rc" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
