//! `odata-codegen`: reads OData v4 CSDL (`$metadata`) and generates typed Rust clients.
//!
//! The pipeline has four rooms with one-way doors:
//! [`reader`] (XML → CSDL syntax with spans) → [`model`] (resolved, validated) → `emit`
//! (model → Rust files) → write. The runtime that generated code calls is a separate crate,
//! `odata-runtime`, which this crate never depends on.

pub mod cli;
pub mod diag;
pub mod diff;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod model;
pub mod reader;
pub mod summary;
pub mod surface;
