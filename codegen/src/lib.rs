//! `odata-codegen`: reads OData v4 CSDL (`$metadata`) and generates typed Rust clients.
//!
//! This crate is what a build script depends on; its public API is small:
//!
//! - **generate**: [`Config`] (prost-build style setters) and its [`generate`](Config::generate),
//!   [`generate_crate`](Config::generate_crate), [`render`](Config::render) and
//!   [`render_crate`](Config::render_crate); failures are an [`Error`].
//! - **check**: [`load`] / [`load_bytes`] read and resolve a document into a [`Model`] and the
//!   [`Diagnostics`] found (file:line:col); [`Summary`] says what a model contains;
//!   [`check_syntax`] reads a document's CSDL without resolving it.
//! - **diff**: [`ContractDiff::between`] two models: what changed, and what it breaks ([`Impact`]).
//! - **surface**: [`Surface::of`] a model: the API a generated client offers, one line per item.
//! - [`canonicalize`]: a document's canonical text, for fixtures that change only when the
//!   service does.
//!
//! Inside, the pipeline has four rooms with one-way doors: `reader` (XML → CSDL syntax with
//! spans) → `model` (resolved, validated) → `naming` (Rust names) → `emit` (model → syntax
//! trees) → `write` (prettyplease, write-if-changed). The command line is the separate crate
//! `odata-codegen-cli`, and the runtime that generated code calls is `odata-runtime`; this
//! crate depends on neither, so a build script compiles no `clap` and no HTTP stack.

mod canonical;
mod config;
mod diag;
mod diff;
mod emit;
mod model;
mod naming;
mod plan;
mod reader;
mod render;
mod summary;
mod surface;
mod write;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Arc;

pub use canonical::{CanonicalError, canonicalize};
pub use config::{
    Config, CrateManifest, CrateModule, DEFAULT_RUNTIME_DEPENDENCY, Error, module_name_from,
};
pub use diag::{Diagnostic, Diagnostics, Pos, Severity, Span, display_path};
pub use diff::report::Report;
pub use diff::semver::{Bump, Class, RustDiff};
pub use diff::{Change, ContractDiff, Impact, POSSIBLY_RENAMED};
pub use emit::EmitError;
pub use model::{LoadOptions, Model, load, load_bytes};
pub use naming::IdentError;
pub use summary::Summary;
pub use surface::{Facts, ItemKind, Surface};

/// Reads `bytes` (a document named `name` in messages) as CSDL XML without resolving it:
/// whether it is an OData v4 CSDL document, and what the reader found. Cheaper than
/// [`load_bytes`]; `fetch` uses it to refuse a response that is not `$metadata`.
pub fn check_syntax(name: &Path, bytes: &[u8]) -> (bool, Diagnostics) {
    let mut diags = Diagnostics::default();
    let read = reader::read(&Arc::from(name), bytes, &mut diags).is_some();
    (read, diags)
}

/// An entity set as a generated client offers it: what a tool built on the client (an export
/// job, a schema dump) needs to address every set without re-deriving the generator's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitySetOutline {
    /// The set's name on the wire.
    pub name: String,
    /// The version `Client`'s accessor (and module) of the set, e.g. `devices`.
    pub accessor: String,
    /// The wire names of its entity type's structural properties, inherited ones first.
    pub properties: Vec<String>,
    /// The wire names of its key properties.
    pub key: Vec<String>,
}

/// The entity sets (not singletons) of `model`'s main container, in wire-name order, with the
/// names the generated client gives them.
pub fn entity_sets(model: &Model) -> Result<Vec<EntitySetOutline>, IdentError> {
    let names = naming::Names::of(model)?;
    let Some(container) = model.main_container() else {
        return Ok(Vec::new());
    };
    Ok(names
        .sets
        .iter()
        .filter(|s| !s.singleton)
        .filter_map(|set| {
            let decl = container.entity_sets.iter().find(|e| e.name == set.wire)?;
            Some(EntitySetOutline {
                name: set.wire.clone(),
                accessor: set.module.to_string(),
                properties: model
                    .all_properties(decl.entity_type)
                    .iter()
                    .map(|p| p.name.clone())
                    .collect(),
                key: model
                    .key(decl.entity_type)
                    .iter()
                    .map(|k| k.name().to_owned())
                    .collect(),
            })
        })
        .collect())
}
