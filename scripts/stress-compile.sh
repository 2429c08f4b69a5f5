#!/usr/bin/env bash
# Compiles, with warnings denied and the default recursion limit, the clients generated from
# the synthetic densely cross-linked documents of codegen/tests/stress.rs (300 entity types
# laid out as a crate, 20 navigation properties each in a random graph, containment and
# derived types mixed in; with ODATA_STRESS_ALL=1 also 800 laid out as one file for
# `include!`, which takes rustc over 9 CPU minutes and 12 GB). Such a graph once made rustc
# overflow proving `Model: Send` (E0275); see runtime/src/expanded.rs.
# Prints how many compiled; exits 1 if any did not.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/compile-modules.sh
shopt -s nullglob
work="$PWD/target/stress-compile"
new_crate "$work"
gen="$work/generated"
ODATA_STRESS_OUT="$gen" cargo test --quiet -p odata-codegen --test stress >"$work/test.log" 2>&1 \
  || { cat "$work/test.log"; exit 1; }
for file in "$gen"/*.rs; do
  module=$(basename "$file" .rs)
  mv "$file" "$work/src/"
  echo "include!(\"$module.rs\");" >>"$work/src/lib.rs"
  printf '%s\t%s\n' "$module" "$gen/$module.xml" >>"$work/modules.tsv"
done
for dir in "$gen"/*/; do
  # A generated crate becomes a module: its `src/lib.rs` is `src/<name>.rs`, and the
  # version modules it declares sit in `src/<name>/`.
  module=$(basename "$dir")
  mv "$dir/src/lib.rs" "$work/src/$module.rs"
  mkdir -p "$work/src/$module" && mv "$dir"/src/* "$work/src/$module/"
  echo "pub mod $module;" >>"$work/src/lib.rs"
  printf '%s\t%s\n' "$module" "$gen/$module.xml" >>"$work/modules.tsv"
done
du -sh "$work/src" | awk '{print "stress-compile: " $1 " of generated Rust"}'
check_modules "$work" stress-compile
