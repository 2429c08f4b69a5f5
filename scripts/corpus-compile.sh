#!/usr/bin/env bash
# Generates a client for every document of the corpus and compiles them all, with warnings
# denied, as modules of one crate (one `cargo check`, not 200). Prints how many documents
# generated and how many compiled; exits 1 if any generated client does not compile.
# Documents the reader refuses (under the default policy only for fatal defects) are counted,
# not compiled: codegen/tests/corpus.rs lists them, with the reason of each.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/compile-modules.sh
corpus="${ODATA_CORPUS:-../shared/corpus}"
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
  echo "NOTICE: corpus not found at $corpus; corpus compile skipped"
  exit 0
fi
corpus="$(cd "$corpus" && pwd)"
cargo build --quiet --release -p odata-codegen
bin="$PWD/target/release/odata-codegen"
work="$PWD/target/corpus-compile"
new_crate "$work"
total=0 generated=0
while IFS=$'\t' read -r path _rest; do
  total=$((total + 1))
  module="doc_$(printf '%s' "$path" | tr -c 'a-zA-Z0-9' '_' | tr 'A-Z' 'a-z' | tr -s '_')"
  if "$bin" generate --single-file --vocabularies "$corpus/oasis-odata-vocabularies" \
       --metadata "$module=$corpus/$path" --out "$work/src" >"$work/generate.log" 2>&1; then
    generated=$((generated + 1))
    echo "include!(\"$module.rs\");" >>"$work/src/lib.rs"
    printf '%s\t%s\n' "$module" "$path" >>"$work/modules.tsv"
  fi
done < <(tail -n +2 "$corpus/MANIFEST.tsv")
echo "corpus: $total documents, $generated generated a client ($((total - generated)) rejected by the reader)"
check_modules "$work" corpus-compile
