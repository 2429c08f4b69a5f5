#!/usr/bin/env bash
# Starts the local CAP OData v4 test server generated from an EDMX fixture.
# Usage: e2e/cap/start.sh [FIXTURE.xml]   (default: fixtures/intune/v1.0.xml)
# Prints the OData service root URL; also written to e2e/cap/.work/url (pid in .work/pid).
# Idempotent: installs deps when missing/stale, stops a running instance, regenerates .work/, starts anew.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIXTURE="${1:-$DIR/../../fixtures/intune/v1.0.xml}"
[ -f "$FIXTURE" ] || { echo "start.sh: fixture not found: $FIXTURE" >&2; exit 1; }
FIXTURE="$(cd "$(dirname "$FIXTURE")" && pwd)/$(basename "$FIXTURE")"
WORK="$DIR/.work"
export PATH="$DIR/node_modules/.bin:$PATH"   # node 22 from the `node` npm package, cds CLI
export NO_COLOR=1 CDS_ENV=

# 1. dependencies (npm ci when node_modules is missing or older than package-lock.json)
STAMP="$DIR/node_modules/.e2e-lock.sha256"
LOCKSUM="$(sha256sum "$DIR/package-lock.json" | cut -d' ' -f1)"
if [ ! -x "$DIR/node_modules/.bin/node" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$LOCKSUM" ]; then
  echo "start.sh: npm ci ..." >&2
  if ! (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error >"$DIR/.npm-ci.log" 2>&1); then
    cat "$DIR/.npm-ci.log" >&2; echo "start.sh: npm ci failed" >&2; exit 1
  fi
  "$DIR/node_modules/.bin/node" --version >/dev/null
  echo "$LOCKSUM" >"$STAMP"
fi
case "$(node --version)" in v22.*) ;; *) echo "start.sh: expected node 22, got $(node --version)" >&2; exit 1;; esac

# 2. stop a running instance, rebuild the work dir
"$DIR/stop.sh" >/dev/null 2>&1 || true
rm -rf "$WORK"; mkdir -p "$WORK"
cd "$WORK"
echo '{"name":"intune-dw-e2e-mock","private":true}' >package.json
cds import "$FIXTURE" --as cds --keep-namespace --no-save -o srv/external/model.cds >import.log 2>&1 \
  || { cat import.log >&2; echo "start.sh: cds import failed" >&2; exit 1; }
node "$DIR/prepare.js" srv/external/model.cds
node "$DIR/gen-data.js"

# 3. start the server in the background (port 0: the OS picks a free port; server.js binds 127.0.0.1)
T0=$(date +%s%N)
nohup node "$DIR/node_modules/@sap/cds/bin/serve.js" all --with-mocks --in-memory --port 0 \
  >server.log 2>&1 </dev/null &
PID=$!
echo "$PID" >pid
for _ in $(seq 1 300); do
  if [ -s url ] && curl -fsS -o /dev/null "$(cat url)/"; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then cat server.log >&2; echo "start.sh: server exited" >&2; exit 1; fi
  sleep 0.1
done
[ -s url ] && curl -fsS -o /dev/null "$(cat url)/" || { cat server.log >&2; echo "start.sh: server did not answer in 30 s" >&2; exit 1; }
echo "start.sh: server pid $PID up in $(( ($(date +%s%N) - T0) / 1000000 )) ms; log: $WORK/server.log" >&2
cat url
