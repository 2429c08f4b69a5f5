#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of the three targets in fuzz/: document
# bytes → read → resolve → generate; response JSON → page and EDM decoding; values → URL
# literals. Runs each target for SECONDS (default 60) on one process (-jobs=1 -workers=1), then
# prints per target the executions, the executions per second and the findings (crash, leak,
# timeout and out-of-memory inputs saved in fuzz/artifacts/TARGET/). Exits 1 if any target found
# something. Not run in CI: it needs a nightly toolchain and `cargo install cargo-fuzz`.
# Seeds: the repository's small fixtures (documents) and fuzz/seeds/ (responses), copied into
# fuzz/corpus/TARGET/, where libFuzzer keeps what it finds between runs (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets=(document response literal)
command -v cargo-fuzz >/dev/null || { echo "fuzz.sh: cargo-fuzz is not installed (cargo install cargo-fuzz)"; exit 2; }
rustup run nightly rustc --version >/dev/null 2>&1 || { echo "fuzz.sh: no nightly toolchain (rustup toolchain install nightly)"; exit 2; }

mkdir -p fuzz/corpus/document fuzz/corpus/response fuzz/corpus/literal
for f in fixtures/edge/*.xml fixtures/bad/*.xml fixtures/overlays/*.xml; do
  [ "$(wc -c <"$f")" -le 16384 ] && cp -n "$f" fuzz/corpus/document/
done
cp -n fuzz/seeds/response/* fuzz/corpus/response/

(cd fuzz && cargo +nightly fuzz build >/dev/null)
logs="fuzz/target/logs"
mkdir -p "$logs"
found=0
printf '%-10s %14s %10s %9s\n' target executions "exec/s" findings
for t in "${targets[@]}"; do
  mkdir -p "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  # -jobs=1 runs one worker that logs to fuzz-0.log in the current folder.
  (cd "$logs" && rm -f fuzz-0.log && "../x86_64-unknown-linux-gnu/release/$t" \
    -jobs=1 -workers=1 -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$PWD/../../artifacts/$t/" "$PWD/../../corpus/$t" >/dev/null 2>&1 || true)
  mv -f "$logs/fuzz-0.log" "$logs/$t.log" 2>/dev/null || true
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$logs/$t.log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  findings=$(( $(find "fuzz/artifacts/$t" -type f | wc -l) - before ))
  [ "$findings" -gt 0 ] && found=1
  printf '%-10s %14s %10s %9s\n' "$t" "${execs:-0}" "${rate:-0}" "$findings"
done
echo "(logs: $logs/TARGET.log; findings: fuzz/artifacts/TARGET/)"
exit "$found"
