# Sourced by start.sh and bookshop/start.sh (which set DIR = e2e/cap): installs Node 22 and SAP
# CAP into e2e/cap/node_modules (npm ci when node_modules is missing or was installed from another
# package-lock.json), puts them first on PATH, and defines `serve WORK`.
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

# serve WORK: starts `cds serve` in WORK in the background (port 0: the OS picks a free port;
# server.js binds 127.0.0.1), waits until it answers, writes WORK/url and WORK/pid, prints the URL.
serve() {
  local WORK="$1" T0 PID
  cd "$WORK"
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
}
