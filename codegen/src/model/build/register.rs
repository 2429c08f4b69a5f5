//! Pass 1: every named item of every schema, in document order. Types get their arena slot
//! (empty until [`super::types`] fills it) and their qualified name in the type index; a name
//! declared twice in one namespace keeps its first declaration, the later one is reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, Span};
use crate::model::load::Loaded;
use crate::model::{
    EnumType, Model, OperationKind, Primitive, Schema, StructuredType, TypeDef, TypeDefinition,
    TypeId, TypeKind,
};
use crate::reader::csdl;

/// Every named item of every schema, in document order; a name declared twice is a warning
/// and keeps its first declaration.
pub(super) fn register(docs: &[Loaded], model: &mut Model, diags: &mut Diagnostics) {
    let mut schema_items = SchemaItems::default();
    for l in docs {
        for s in &l.doc.schemas {
            if s.namespace.is_empty() {
                continue;
            }
            register_schema(s, l.is_main, &mut schema_items, model, diags);
        }
    }
}

/// The qualified names declared so far across all schemas, with where each was declared:
/// one namespace may be split over several schemas, so duplicates are found across them.
#[derive(Default)]
struct SchemaItems(BTreeMap<String, Span>);

impl SchemaItems {
    /// Claims `namespace.name` for the declaration at `span`; false, after a warning, when an
    /// earlier declaration holds it.
    fn claim(&mut self, namespace: &str, name: &str, span: &Span, diags: &mut Diagnostics) -> bool {
        let q = format!("{namespace}.{name}");
        if let Some(first) = self.0.get(&q) {
            diags.warning(
                span,
                format!(
                    "duplicate name `{q}`: already declared at {first}; this declaration is ignored"
                ),
            );
            false
        } else {
            self.0.insert(q, span.clone());
            true
        }
    }
}

/// One schema: its entry in [`Model::schemas`], then its types, terms, containers and
/// operations, in that order (the order of the arena and of the warnings).
fn register_schema(
    s: &csdl::Schema,
    is_main: bool,
    schema_items: &mut SchemaItems,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    if model.schemas.iter().any(|m| m.namespace == s.namespace) {
        diags.warning(
            &s.span,
            format!(
                "expected each namespace once, found a second schema `{}`; its items join the first one's (a name declared twice keeps its first declaration)",
                s.namespace
            ),
        );
    }
    model.schemas.push(Schema {
        namespace: s.namespace.clone(),
        alias: s.alias.clone(),
        is_main,
        annotations: vec![],
        span: s.span.clone(),
    });
    register_types(s, is_main, schema_items, model, diags);
    register_terms(s, schema_items, diags);
    for c in &s.containers {
        schema_items.claim(&s.namespace, &c.name, &c.span, diags);
    }
    if s.containers.len() > 1 {
        diags.warning(&s.containers[1].span, "expected at most one <EntityContainer> per schema, found a second one; the first one is the service's");
    }
    register_operations(s, schema_items, diags);
}

/// One arena slot per declared type, in the order [`super::types`] walks them (entity,
/// complex, enum, definition), each holding an empty type of its kind.
fn register_types(
    s: &csdl::Schema,
    is_main: bool,
    schema_items: &mut SchemaItems,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    let entity = || TypeKind::Entity(StructuredType::default());
    let complex = || TypeKind::Complex(StructuredType::default());
    let enumeration = || {
        TypeKind::Enum(EnumType {
            underlying: Primitive::Int32,
            is_flags: false,
            members: vec![],
        })
    };
    let definition = || {
        TypeKind::Definition(TypeDefinition {
            underlying: Primitive::String,
        })
    };
    let types = s
        .entity_types
        .iter()
        .map(|t| (&t.name, &t.span, entity()))
        .chain(
            s.complex_types
                .iter()
                .map(|t| (&t.name, &t.span, complex())),
        )
        .chain(
            s.enum_types
                .iter()
                .map(|t| (&t.name, &t.span, enumeration())),
        )
        .chain(
            s.type_definitions
                .iter()
                .map(|t| (&t.name, &t.span, definition())),
        );
    for (name, span, kind) in types {
        let id = TypeId(model.types.len());
        // A duplicate still gets an arena slot so indices stay aligned with the documents;
        // it stays empty, out of the index and out of the main document, so nothing
        // reaches it and it is not generated.
        let claimed = schema_items.claim(&s.namespace, name, span, diags);
        if claimed {
            model
                .type_index
                .insert(format!("{}.{}", s.namespace, name), id);
        }
        model.types.push(TypeDef {
            namespace: s.namespace.clone(),
            name: name.clone(),
            is_main: is_main && claimed,
            kind,
            annotations: vec![],
            span: span.clone(),
        });
    }
}

/// Terms: Microsoft Graph declares some terms several times; the first one counts.
fn register_terms(s: &csdl::Schema, schema_items: &mut SchemaItems, diags: &mut Diagnostics) {
    let mut terms = BTreeSet::new();
    for t in &s.terms {
        if !terms.insert(&t.name) {
            diags.warning(
                &t.span,
                format!(
                    "term `{}` is declared more than once; the first declaration is used",
                    t.name
                ),
            );
        } else {
            schema_items.claim(&s.namespace, &t.name, &t.span, diags);
        }
    }
}

/// Operations: overloads share a name; a name used by an action and a function, or by an
/// operation and another kind of item, is an error.
fn register_operations(s: &csdl::Schema, schema_items: &mut SchemaItems, diags: &mut Diagnostics) {
    let mut operations: BTreeMap<&str, OperationKind> = BTreeMap::new();
    for o in &s.operations {
        match operations.get(o.name.as_str()) {
            // Microsoft Graph binds actions and functions of one name to different types.
            Some(kind) if *kind != o.kind => diags.warning(
                &o.span,
                format!(
                    "`{}` is declared both as an action and as a function",
                    o.name
                ),
            ),
            Some(_) => {}
            None => {
                operations.insert(&o.name, o.kind);
                let q = format!("{}.{}", s.namespace, o.name);
                match schema_items.0.get(&q) {
                    Some(first) => diags.warning(
                        &o.span,
                        format!(
                            "operation `{q}` shares its name with another item declared at {first}"
                        ),
                    ),
                    None => {
                        schema_items.0.insert(q, o.span.clone());
                    }
                }
            }
        }
    }
}
