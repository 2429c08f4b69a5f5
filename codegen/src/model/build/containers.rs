//! Pass 8: entity containers. Entity sets and singletons need their entity types, operation
//! imports the unbound operations of [`super::operations`], and a keyless set is reported
//! with the keys of [`super::keys`] known. A name a URL could not tell apart (two sets,
//! singletons or imports of one name) keeps its first declaration.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, Span};
use crate::model::load::Loaded;
use crate::model::names::{Scope, TypeTable};
use crate::model::{Container, EntitySet, Model, OperationId, OperationImport, TypeId, TypeKind};
use crate::reader::csdl;

use super::inline::annotations;

/// Every container of every schema, in document order.
pub(super) fn resolve_containers(
    docs: &[Loaded],
    scopes: &[Scope],
    table: &TypeTable<'_>,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    for (l, scope) in docs.iter().zip(scopes) {
        for s in l.doc.schemas.iter().filter(|s| !s.namespace.is_empty()) {
            for c in &s.containers {
                let container = container(c, &s.namespace, l.is_main, scope, table, model, diags);
                model.containers.push(container);
            }
        }
    }
}

/// One container of schema `namespace`.
fn container(
    c: &csdl::EntityContainer,
    namespace: &str,
    is_main: bool,
    scope: &Scope,
    table: &TypeTable<'_>,
    model: &Model,
    diags: &mut Diagnostics,
) -> Container {
    let mut entity_sets = sets(&c.entity_sets, "entity set", scope, table, model, diags);
    let mut singletons = sets(&c.singletons, "singleton", scope, table, model, diags);
    let duplicates = duplicate_names(c, diags);
    entity_sets.retain(|e| !duplicates.contains(&e.span));
    singletons.retain(|e| !duplicates.contains(&e.span));
    for e in &entity_sets {
        if model.key(e.entity_type).is_empty() {
            diags.warning(&e.span, format!("entity set `{}` has entity type `{}`, which has no key; no lookup by key is possible", e.name, model.ty(e.entity_type).qualified_name()));
        }
    }
    let operation_imports = c
        .operation_imports
        .iter()
        .filter(|i| !duplicates.contains(&i.span))
        .filter_map(|i| operation_import(i, scope, model, diags))
        .collect();
    Container {
        namespace: namespace.to_owned(),
        name: c.name.clone(),
        is_main,
        entity_sets,
        singletons,
        operation_imports,
        annotations: annotations(&c.annotations, scope),
    }
}

/// Entity sets or singletons (`what`) whose entity type is one of the model.
fn sets(
    list: &[csdl::EntitySet],
    what: &str,
    scope: &Scope,
    table: &TypeTable<'_>,
    model: &Model,
    diags: &mut Diagnostics,
) -> Vec<EntitySet> {
    list.iter()
        .filter_map(|e| {
            let ty = set_entity_type(e, what, scope, table, model, diags)?;
            Some(EntitySet {
                name: e.name.clone(),
                entity_type: ty,
                bindings: e
                    .bindings
                    .iter()
                    .map(|b| (b.path.clone(), b.target.clone()))
                    .collect(),
                annotations: annotations(&e.annotations, scope),
                span: e.span.clone(),
            })
        })
        .collect()
}

/// The entity type of a set or singleton; `None`, after a warning, when it names a type of
/// another kind, of a missing referenced document, or no type at all.
fn set_entity_type(
    e: &csdl::EntitySet,
    what: &str,
    scope: &Scope,
    table: &TypeTable<'_>,
    model: &Model,
    diags: &mut Diagnostics,
) -> Option<TypeId> {
    let q = scope.qualify(&e.entity_type);
    match model.type_index.get(&q) {
        Some(id) if matches!(model.ty(*id).kind, TypeKind::Entity(_)) => Some(*id),
        Some(_) => {
            diags.warning(&e.span, format!("expected an entity type for {what} `{}`, found `{q}`, which is not one; it is left out", e.name));
            None
        }
        None if table.is_opaque(&q) => {
            diags.warning(&e.span, format!("{what} `{}` has entity type `{q}` from a referenced document that was not found locally; it is left out", e.name));
            None
        }
        None => {
            diags.warning(
                &e.span,
                format!(
                    "{what} `{}` has unknown entity type `{}`; it is left out",
                    e.name, e.entity_type
                ),
            );
            None
        }
    }
}

/// The spans of the sets, singletons and imports whose name an earlier one of the container
/// already has: a URL names one of them, so the first declaration keeps the name.
fn duplicate_names<'c>(
    c: &'c csdl::EntityContainer,
    diags: &mut Diagnostics,
) -> BTreeSet<&'c Span> {
    let mut names: BTreeMap<&str, &Span> = BTreeMap::new();
    let mut duplicates: BTreeSet<&Span> = BTreeSet::new();
    for (name, span) in c
        .entity_sets
        .iter()
        .chain(&c.singletons)
        .map(|e| (&e.name, &e.span))
        .chain(c.operation_imports.iter().map(|i| (&i.name, &i.span)))
    {
        if let Some(first) = names.get(name.as_str()) {
            diags.warning(span, format!("duplicate name `{name}` in container `{}`: already declared at {first}; this one is left out", c.name));
            duplicates.insert(span);
        } else {
            names.insert(name, span);
        }
    }
    duplicates
}

/// An action or function import, if it names unbound operations of its kind.
fn operation_import(
    i: &csdl::OperationImport,
    scope: &Scope,
    model: &Model,
    diags: &mut Diagnostics,
) -> Option<OperationImport> {
    let q = scope.qualify(&i.operation);
    let ops: Vec<OperationId> = model
        .operations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.kind == i.kind && !o.is_bound && o.qualified_name() == q)
        .map(|(n, _)| OperationId(n))
        .collect();
    if ops.is_empty() {
        diags.warning(&i.span, format!("operation import `{}` names `{}`, which is no unbound {:?} of the model; it is left out", i.name, i.operation, i.kind));
        return None;
    }
    Some(OperationImport {
        name: i.name.clone(),
        operations: ops,
        entity_set: i.entity_set.clone(),
        annotations: annotations(&i.annotations, scope),
        span: i.span.clone(),
    })
}
