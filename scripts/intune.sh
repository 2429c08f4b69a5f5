#!/usr/bin/env bash
# The main job: read both Intune Data Warehouse contracts, report what they contain,
# regenerate the checked-in client from them, and show what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p odata-codegen
bin=target/release/odata-codegen
"$bin" check fixtures/intune/v1.0.xml fixtures/intune/beta.xml
if "$bin" help generate >/dev/null 2>&1; then
  ODATA_CODEGEN_BLESS=1 cargo test --quiet --test generated_client_fresh >/dev/null
  echo "generated-client/ regenerated from fixtures/intune/; changes against git:"
  git --no-pager diff --stat -- generated-client || true
fi
if "$bin" help diff >/dev/null 2>&1; then
  "$bin" diff fixtures/intune/v1.0.xml fixtures/intune/beta.xml
fi
