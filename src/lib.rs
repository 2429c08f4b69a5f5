//! The generator's output for every fixture, compiled with warnings denied: `build.rs` runs
//! the `odata-codegen` library API over `fixtures/intune/*.xml`, `fixtures/edge/*.xml`,
//! `fixtures/lenient/*.xml` and the `fixtures/bad/*.xml` the reader accepts with warnings, one
//! module per fixture (`intune_v1_0`, `edge_keywords`, `lenient_name_with_dash`,
//! `bad_key_property_nullable`, …).
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
