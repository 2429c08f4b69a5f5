#!/usr/bin/env bash
# Stops the server started by start.sh (pid in e2e/cap/.work/pid), or the one whose work dir is
# given: e2e/cap/stop.sh [WORK]   (bookshop/start.sh serves from e2e/cap/bookshop/.work).
set -uo pipefail
WORK="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.work}"
[ -f "$WORK/pid" ] || { echo "stop.sh: not running (no $WORK/pid)"; exit 0; }
PID="$(cat "$WORK/pid")"
if kill -0 "$PID" 2>/dev/null && tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q "@sap/cds/bin/serve.js"; then
  kill -TERM "$PID"
  for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$PID" 2>/dev/null && kill -KILL "$PID"
  echo "stop.sh: stopped $PID"
else
  echo "stop.sh: $PID was not running (or is not our server)"
fi
rm -f "$WORK/pid" "$WORK/url"
