//! `odata-codegen`: reads OData v4 CSDL (`$metadata`) and generates typed Rust clients.
//!
//! The pipeline has four rooms with one-way doors:
//! [`reader`] (XML → CSDL syntax with spans) → [`model`] (resolved, validated) → [`naming`]
//! (Rust names) → [`emit`] (model → token streams) → [`write`](mod@write) (prettyplease, write-if-changed),
//! driven by [`config::Config`] from build scripts and from the CLI alike. [`diff`] and
//! [`surface`] compare and list contracts; `fetch` downloads and canonicalizes `$metadata`. The runtime that generated code calls is a separate crate,
//! `odata-runtime`, which this crate never depends on.

pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod emit;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod model;
pub mod naming;
pub mod reader;
#[cfg(feature = "fetch")]
pub mod refresh;
pub mod render;
pub mod summary;
pub mod surface;
pub mod write;
