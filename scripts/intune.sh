#!/usr/bin/env bash
# The main job: read both Intune Data Warehouse contracts, regenerate the checked-in client
# and API listings from them, and show the contract diff of each contract changed since HEAD,
# then the v1.0 -> beta one.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p odata-codegen
bin=target/release/odata-codegen

echo "== check"
"$bin" check fixtures/intune/v1.0.xml fixtures/intune/beta.xml

echo "== generate: generated-client/ (v1_0 and beta side by side)"
"$bin" generate \
  --metadata v1_0=fixtures/intune/v1.0.xml --api-version v1_0=v1.0 \
  --metadata beta=fixtures/intune/beta.xml --api-version beta=beta \
  --out generated-client
"$bin" surface fixtures/intune/v1.0.xml >generated-client/api/v1_0.txt
"$bin" surface fixtures/intune/beta.xml >generated-client/api/beta.txt
if git rev-parse --git-dir >/dev/null 2>&1; then
  changed=$(git status --porcelain -- generated-client | wc -l)
  echo "generated-client/: $changed file(s) differ from git"
fi

# What a refresh changed: each contract that differs from its committed version, first,
# with the items of the generated crate it touches and the semver bump it needs.
if git rev-parse --git-dir >/dev/null 2>&1; then
  for pair in v1_0=fixtures/intune/v1.0.xml beta=fixtures/intune/beta.xml; do
    module=${pair%%=*} f=${pair#*=}
    if ! git diff --quiet HEAD -- "$f"; then
      echo "== diff: $f as committed (HEAD) -> as it is now"
      "$bin" diff --against "$f" --rust-module "intune_dw::$module"
    fi
  done
fi

echo "== diff: v1.0 -> beta"
"$bin" diff fixtures/intune/v1.0.xml fixtures/intune/beta.xml --rust-module intune_dw::beta
