//! Building the model from CSDL documents: ten passes over the loaded documents, one file each,
//! run in this order because each pass reads what the passes before it settled.
//!
//! 1. [`register`]: every type, term, container and operation name of every schema, so a
//!    reference resolves whatever the order of declarations; each type gets its arena slot.
//! 2. [`types`]: the members of structured types, enums and type definitions, their type
//!    references resolved against the names of pass 1; then the derived-type lists.
//! 3. [`bases`]: base types must be of the same kind and form no cycle; a type in a cycle
//!    loses its base, so the base-chain walks of every later pass terminate.
//! 4. [`keys`]: key parts resolved against the properties, inherited ones included, which
//!    needs the checked bases of pass 3.
//! 5. [`associations`]: navigation properties written in v3 syntax, resolved through their
//!    associations before pass 6 checks every navigation property.
//! 6. [`members`]: member names along base chains, keys redeclared, referential constraints
//!    and partners; it reads the keys of pass 4 and the navigation properties of pass 5.
//! 7. [`operations`]: terms, actions and functions with their parameters and return types.
//! 8. [`containers`]: entity sets, singletons and operation imports, which name the entity
//!    types, keys and unbound operations of the passes before.
//! 9. [`bindings`]: navigation property bindings and import entity sets, checked against
//!    every container of pass 8 (a target may name another container).
//! 10. [`annotate`](super::annotate): out-of-line annotations attached to their targets, all
//!     of which exist by now.
//!
//! Inline annotations are qualified as each pass meets them ([`inline`]).

mod associations;
mod bases;
mod bindings;
mod containers;
mod inline;
mod keys;
mod members;
mod operations;
mod register;
mod types;

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::load::Loaded;
use super::names::{Scope, TypeTable};
use super::{Model, ReferenceInfo};
use crate::diag::Diagnostics;
use crate::reader::csdl;

pub(super) use inline::annotation;

/// The model of `docs` (the main document first); `found` maps each reference URI to the
/// local file it was loaded from.
pub(crate) fn build(
    docs: &[Loaded],
    found: &[(String, PathBuf)],
    diags: &mut Diagnostics,
) -> Model {
    let mut model = Model {
        version: docs[0].doc.version.clone(),
        ..Model::default()
    };
    let scopes: Vec<Scope> = docs.iter().map(|l| scope_of(&l.doc)).collect();
    let declared: BTreeSet<String> = docs
        .iter()
        .flat_map(|l| l.doc.schemas.iter().map(|s| s.namespace.clone()))
        .collect();
    let opaque: BTreeSet<String> = docs
        .iter()
        .flat_map(|l| &l.doc.references)
        .flat_map(|r| &r.includes)
        .map(|i| i.namespace.clone())
        .filter(|ns| !declared.contains(ns))
        .collect();
    for l in docs {
        for r in &l.doc.references {
            model.references.push(ReferenceInfo {
                uri: r.uri.clone(),
                loaded_from: found
                    .iter()
                    .find(|(u, _)| *u == r.uri)
                    .map(|(_, p)| p.clone()),
                span: r.span.clone(),
            });
        }
    }
    register::register(docs, &mut model, diags);
    let index = model.type_index.clone();
    let table = TypeTable {
        index: &index,
        declared: &declared,
        opaque: &opaque,
    };
    types::resolve_types(docs, &scopes, &table, &mut model, diags);
    bases::check_bases(&mut model, diags);
    keys::resolve_keys(&mut model, diags);
    associations::resolve_associations(docs, &scopes, &mut model, diags);
    members::check_members(&mut model, diags);
    operations::resolve_operations(docs, &scopes, &table, &mut model, diags);
    containers::resolve_containers(docs, &scopes, &table, &mut model, diags);
    bindings::check_bindings(&model, diags);
    super::annotate::attach(docs, &scopes, &mut model, diags);
    model
}

/// The aliases a document declares (of its schemas and of the namespaces it includes), which
/// its qualified names may use.
fn scope_of(doc: &csdl::Document) -> Scope {
    let mut scope = Scope::default();
    for s in &doc.schemas {
        if let Some(alias) = &s.alias {
            scope.aliases.insert(alias.clone(), s.namespace.clone());
        }
    }
    for i in doc.references.iter().flat_map(|r| &r.includes) {
        if let Some(alias) = &i.alias {
            scope.aliases.insert(alias.clone(), i.namespace.clone());
        }
    }
    scope
}
