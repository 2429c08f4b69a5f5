#!/usr/bin/env bash
# Starts the interop bookshop service (a CDS model written for the interop test, not derived
# from a fixture) on 127.0.0.1 with a page size of 10 and compositions served as contained
# navigation. Prints the service root URL; also written to bookshop/.work/url (pid in .work/pid).
# Stop it with `e2e/cap/stop.sh e2e/cap/bookshop/.work`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="$(dirname "$HERE")"
WORK="$HERE/.work"
source "$DIR/lib.sh"

"$DIR/stop.sh" "$WORK" >/dev/null 2>&1 || true
rm -rf "$WORK"; mkdir -p "$WORK"
cp -r "$HERE/db" "$HERE/srv" "$WORK/"
cd "$WORK"
node -e '
  const base = require(process.argv[1])
  base.query.limit = { default: 10, max: 10 }
  base.odata = { containment: true }
  require("node:fs").writeFileSync("package.json",
    JSON.stringify({ name: "interop-bookshop", private: true, cds: base }, null, 2) + "\n")
' "$DIR/cdsrc.json"
echo "module.exports = require('../../server.js')" >server.js
node "$HERE/gen-data.js"
serve "$WORK"
