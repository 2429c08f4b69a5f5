//! The generator's output for every fixture, compiled with warnings denied: `build.rs` runs
//! the `odata-codegen` library API over `fixtures/intune/*.xml` and `fixtures/edge/*.xml`,
//! one module per fixture (`intune_v1_0`, `edge_keywords`, …).
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
