#!/usr/bin/env bash
# Compiles, with warnings denied, what the generator made of the damaged documents of the
# mutants test (codegen/tests/mutants.rs) that it accepted: code generated from any document
# the reader lets through must compile, not only from the well-formed ones of the corpus.
# Prints how many compiled; exits 1 if any did not (its document is kept beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/compile-modules.sh
shopt -s nullglob
work="$PWD/target/mutants-compile"
new_crate "$work"
# Since the reader degrades instead of refusing, most mutants generate: the test's own size
# (1) writes 558 clients (6.5 min, 11.4 GB peak here), as many as three times it did before.
ODATA_MUTANTS="${ODATA_MUTANTS:-1}" ODATA_MUTANTS_OUT="$work/src" cargo test --quiet -p odata-codegen --test mutants >"$work/test.log" 2>&1 \
  || { cat "$work/test.log"; exit 1; }
for file in "$work"/src/m_*.rs; do
  module=$(basename "$file" .rs)
  echo "pub mod $module { include!(\"$module.rs\"); }" >>"$work/src/lib.rs"
  printf '%s\t%s\n' "$module" "${file%.rs}.xml" >>"$work/modules.tsv"
done
[ -s "$work/modules.tsv" ] || { echo "mutants-compile: no mutant generated a client"; exit 1; }
check_modules "$work" mutants-compile
