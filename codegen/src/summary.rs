//! What `odata-codegen check` reports about a document: counts of everything a client is
//! generated from, and the references that were or were not found.

use serde::Serialize;

use crate::model::{Annotation, Model, OperationKind, TypeDef, TypeKind};

/// Counts of the items of a resolved model (main document only; referenced vocabularies
/// are listed under `references`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// CSDL version.
    pub version: String,
    /// Namespaces of the main document.
    pub schemas: Vec<String>,
    /// Entity container, qualified.
    pub container: Option<String>,
    /// Entity sets.
    pub entity_sets: usize,
    /// Singletons.
    pub singletons: usize,
    /// Entity types.
    pub entity_types: usize,
    /// Complex types.
    pub complex_types: usize,
    /// Enum types.
    pub enum_types: usize,
    /// Type definitions.
    pub type_definitions: usize,
    /// Structural properties declared by entity and complex types.
    pub properties: usize,
    /// Navigation properties.
    pub navigation_properties: usize,
    /// Actions (overloads counted separately).
    pub actions: usize,
    /// Functions (overloads counted separately).
    pub functions: usize,
    /// Action and function imports.
    pub operation_imports: usize,
    /// Terms declared.
    pub terms: usize,
    /// Annotations attached anywhere in the main document's items.
    pub annotations: usize,
    /// `edmx:Reference`s: URI and the local file it was loaded from, if any.
    pub references: Vec<(String, Option<String>)>,
}

impl Summary {
    /// Summarises `model`.
    pub fn of(model: &Model) -> Self {
        let main_types = || model.types.iter().filter(|t| t.is_main);
        let structured = || main_types().filter_map(|t| t.structured());
        let ops = || model.operations.iter().filter(|o| o.is_main);
        let container = model.main_container();
        let types_of = |kind: fn(&TypeKind) -> bool| main_types().filter(|t| kind(&t.kind)).count();
        Summary {
            version: model.version.clone(),
            schemas: model
                .schemas
                .iter()
                .filter(|s| s.is_main)
                .map(|s| s.namespace.clone())
                .collect(),
            container: container.map(|c| c.qualified_name()),
            entity_sets: container.map_or(0, |c| c.entity_sets.len()),
            singletons: container.map_or(0, |c| c.singletons.len()),
            entity_types: types_of(|k| matches!(k, TypeKind::Entity(_))),
            complex_types: types_of(|k| matches!(k, TypeKind::Complex(_))),
            enum_types: types_of(|k| matches!(k, TypeKind::Enum(_))),
            type_definitions: types_of(|k| matches!(k, TypeKind::Definition(_))),
            properties: structured().map(|s| s.properties.len()).sum(),
            navigation_properties: structured().map(|s| s.navigation_properties.len()).sum(),
            actions: ops().filter(|o| o.kind == OperationKind::Action).count(),
            functions: ops().filter(|o| o.kind == OperationKind::Function).count(),
            operation_imports: container.map_or(0, |c| c.operation_imports.len()),
            terms: main_terms(model),
            annotations: main_annotations(model),
            references: main_references(model),
        }
    }

    /// The summary as indented text lines.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<22}{v}\n"));
        line("version", self.version.clone());
        line("schemas", self.schemas.join(", "));
        line(
            "container",
            self.container.clone().unwrap_or_else(|| "(none)".into()),
        );
        for (k, v) in [
            ("entity sets", self.entity_sets),
            ("singletons", self.singletons),
            ("entity types", self.entity_types),
            ("complex types", self.complex_types),
            ("enum types", self.enum_types),
            ("type definitions", self.type_definitions),
            ("properties", self.properties),
            ("navigation properties", self.navigation_properties),
            ("actions", self.actions),
            ("functions", self.functions),
            ("operation imports", self.operation_imports),
            ("terms", self.terms),
            ("annotations", self.annotations),
        ] {
            line(k, v.to_string());
        }
        for (uri, found) in &self.references {
            line(
                "reference",
                format!(
                    "{uri} ({})",
                    found
                        .as_deref()
                        .map_or("not found locally".to_owned(), |p| format!(
                            "loaded from {p}"
                        ))
                ),
            );
        }
        out
    }
}

/// Terms declared by the main document's schemas.
fn main_terms(model: &Model) -> usize {
    model
        .terms
        .iter()
        .filter(|t| {
            model
                .schemas
                .iter()
                .any(|s| s.is_main && s.namespace == t.namespace)
        })
        .count()
}

/// Annotations attached to the main document's items: schemas, types and their members,
/// operations and their parameters, containers and their children.
fn main_annotations(model: &Model) -> usize {
    let count = |a: &[Annotation]| a.len();
    let mut annotations = model
        .schemas
        .iter()
        .filter(|s| s.is_main)
        .map(|s| count(&s.annotations))
        .sum::<usize>();
    for t in model.types.iter().filter(|t| t.is_main) {
        annotations += type_annotations(t);
    }
    for o in model.operations.iter().filter(|o| o.is_main) {
        annotations += count(&o.annotations)
            + o.parameters
                .iter()
                .map(|p| count(&p.annotations))
                .sum::<usize>();
    }
    for c in model.containers.iter().filter(|c| c.is_main) {
        annotations += count(&c.annotations);
        annotations += c
            .entity_sets
            .iter()
            .chain(&c.singletons)
            .map(|s| count(&s.annotations))
            .sum::<usize>();
        annotations += c
            .operation_imports
            .iter()
            .map(|i| count(&i.annotations))
            .sum::<usize>();
    }
    annotations
}

/// Annotations of a type and of its members.
fn type_annotations(t: &TypeDef) -> usize {
    let members = match &t.kind {
        TypeKind::Entity(s) | TypeKind::Complex(s) => {
            s.properties
                .iter()
                .map(|p| p.annotations.len())
                .sum::<usize>()
                + s.navigation_properties
                    .iter()
                    .map(|p| p.annotations.len())
                    .sum::<usize>()
        }
        TypeKind::Enum(e) => e.members.iter().map(|m| m.annotations.len()).sum(),
        TypeKind::Definition(_) => 0,
    };
    t.annotations.len() + members
}

/// The main document's references (those written in the file of its first schema; all of
/// them when there is no schema), each with the local file it was loaded from.
fn main_references(model: &Model) -> Vec<(String, Option<String>)> {
    model
        .references
        .iter()
        .filter(|r| {
            r.span.file
                == model
                    .schemas
                    .first()
                    .map_or(r.span.file.clone(), |s| s.span.file.clone())
        })
        .map(|r| {
            (
                r.uri.clone(),
                r.loaded_from.as_ref().map(|p| p.display().to_string()),
            )
        })
        .collect()
}
