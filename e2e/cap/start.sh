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
source "$DIR/lib.sh"

# 2. stop a running instance, rebuild the work dir
"$DIR/stop.sh" >/dev/null 2>&1 || true
rm -rf "$WORK"; mkdir -p "$WORK"
cd "$WORK"
echo '{"name":"intune-dw-e2e-mock","private":true}' >package.json
cds import "$FIXTURE" --as cds --keep-namespace --no-save -o srv/external/model.cds >import.log 2>&1 \
  || { cat import.log >&2; echo "start.sh: cds import failed" >&2; exit 1; }
node "$DIR/prepare.js" srv/external/model.cds
node "$DIR/gen-data.js"

# 3. start the server in the background
serve "$WORK"
