//! The generator's output for every fixture, compiled with warnings denied: `build.rs` runs
//! the `odata-codegen` library API over `fixtures/intune/*.xml`, `fixtures/edge/*.xml`,
//! `fixtures/lenient/*.xml`, the `fixtures/bad/*.xml` the reader accepts with warnings and
//! `fixtures/interop/*.xml`, one module per fixture (`intune_v1_0`, `edge_keywords`,
//! `lenient_name_with_dash`, `bad_key_property_nullable`, …).
//!
//! What a service does not allow does not compile. Each `compile_fail` example below has a
//! twin that compiles, so it fails for the reason it names and not for a typo.
//!
//! A navigation's `$filter` offers only what the target entity set allows: `products` refuses
//! `name` (`NonFilterableProperties`), so the products reached from a supplier do too.
//! ```
//! # use odata_codegen_suite::edge_capabilities::Client;
//! # fn f(client: Client) {
//! let _ = client.suppliers().get(1).products().list().filter(|f| f.category().eq("tools"));
//! # }
//! ```
//! ```compile_fail
//! # use odata_codegen_suite::edge_capabilities::Client;
//! # fn f(client: Client) {
//! let _ = client.suppliers().get(1).products().list().filter(|f| f.name().eq("x"));
//! # }
//! ```
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
