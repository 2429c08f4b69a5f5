//! Building the model from CSDL documents: register names, resolve references, check the
//! rules that make a model usable, attach out-of-line annotations.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::load::Loaded;
use super::names::{self, Scope, TypeTable, split_qualified};
use super::*;
use crate::diag::{Diagnostics, Span};
use crate::reader::csdl;

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
    register(docs, &mut model, diags);
    let index = model.type_index.clone();
    let table = TypeTable {
        index: &index,
        declared: &declared,
        opaque: &opaque,
    };
    resolve_types(docs, &scopes, &table, &mut model, diags);
    check_bases(&mut model, diags);
    resolve_keys(&mut model, diags);
    resolve_associations(docs, &scopes, &mut model, diags);
    check_members(&mut model, diags);
    resolve_operations(docs, &scopes, &table, &mut model, diags);
    resolve_containers(docs, &scopes, &opaque, &mut model, diags);
    super::annotate::attach(docs, &scopes, &mut model, diags);
    model
}

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

/// Every named item of every schema, in document order; duplicates are errors.
fn register(docs: &[Loaded], model: &mut Model, diags: &mut Diagnostics) {
    let mut schema_items: BTreeMap<String, Span> = BTreeMap::new();
    for l in docs {
        for s in &l.doc.schemas {
            if s.namespace.is_empty() {
                continue;
            }
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
                is_main: l.is_main,
                annotations: vec![],
                span: s.span.clone(),
            });
            let mut claim = |name: &str, span: &Span, diags: &mut Diagnostics| {
                let q = format!("{}.{}", s.namespace, name);
                if let Some(first) = schema_items.get(&q) {
                    diags.warning(
                        span,
                        format!("duplicate name `{q}`: already declared at {first}; this declaration is ignored"),
                    );
                    false
                } else {
                    schema_items.insert(q, span.clone());
                    true
                }
            };
            let types = s
                .entity_types
                .iter()
                .map(|t| (&t.name, &t.span, 0))
                .chain(s.complex_types.iter().map(|t| (&t.name, &t.span, 1)))
                .chain(s.enum_types.iter().map(|t| (&t.name, &t.span, 2)))
                .chain(s.type_definitions.iter().map(|t| (&t.name, &t.span, 3)));
            for (name, span, kind) in types {
                let id = TypeId(model.types.len());
                let kind = match kind {
                    0 => TypeKind::Entity(StructuredType::default()),
                    1 => TypeKind::Complex(StructuredType::default()),
                    2 => TypeKind::Enum(EnumType {
                        underlying: Primitive::Int32,
                        is_flags: false,
                        members: vec![],
                    }),
                    _ => TypeKind::Definition(TypeDefinition {
                        underlying: Primitive::String,
                    }),
                };
                // A duplicate still gets an arena slot so indices stay aligned with the documents;
                // it stays empty, out of the index and out of the main document, so nothing
                // reaches it and it is not generated.
                let claimed = claim(name, span, diags);
                if claimed {
                    model
                        .type_index
                        .insert(format!("{}.{}", s.namespace, name), id);
                }
                model.types.push(TypeDef {
                    namespace: s.namespace.clone(),
                    name: name.clone(),
                    is_main: l.is_main && claimed,
                    kind,
                    annotations: vec![],
                    span: span.clone(),
                });
            }
            // Microsoft Graph declares some terms several times; the first one counts.
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
                    claim(&t.name, &t.span, diags);
                }
            }
            for c in &s.containers {
                claim(&c.name, &c.span, diags);
            }
            if s.containers.len() > 1 {
                diags.warning(&s.containers[1].span, "expected at most one <EntityContainer> per schema, found a second one; the first one is the service's");
            }
            // Overloads share a name; a name used by an action and a function, or by an
            // operation and another kind of item, is an error.
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
                        match schema_items.get(&q) {
                            Some(first) => diags.warning(&o.span, format!("operation `{q}` shares its name with another item declared at {first}")),
                            None => {
                                schema_items.insert(q, o.span.clone());
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Structured types, enums and type definitions, in the order [`register`] created them.
fn resolve_types(
    docs: &[Loaded],
    scopes: &[Scope],
    table: &TypeTable<'_>,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    let mut next = 0;
    for (l, scope) in docs.iter().zip(scopes) {
        for s in l.doc.schemas.iter().filter(|s| !s.namespace.is_empty()) {
            for t in s.entity_types.iter().chain(&s.complex_types) {
                if is_ignored_duplicate(model, next) {
                    next += 1;
                    continue;
                }
                let resolved = structured(t, scope, table, model, diags);
                let def = &mut model.types[next];
                def.annotations = annotations(&t.annotations, scope);
                match &mut def.kind {
                    TypeKind::Entity(st) | TypeKind::Complex(st) => *st = resolved,
                    _ => unreachable!("registered as structured"),
                }
                next += 1;
            }
            for e in &s.enum_types {
                if is_ignored_duplicate(model, next) {
                    next += 1;
                    continue;
                }
                let resolved = enum_type(e, scope, diags);
                model.types[next].annotations = annotations(&e.annotations, scope);
                model.types[next].kind = TypeKind::Enum(resolved);
                next += 1;
            }
            for d in &s.type_definitions {
                if is_ignored_duplicate(model, next) {
                    next += 1;
                    continue;
                }
                let underlying = match scope
                    .qualify(&d.underlying_type)
                    .strip_prefix("Edm.")
                    .and_then(names::primitive)
                {
                    Some(p) => p,
                    None => {
                        diags.warning(&d.span, format!("expected a primitive UnderlyingType for type definition `{}`, found `{}`; its values are kept as untyped JSON", d.name, d.underlying_type));
                        Primitive::Untyped
                    }
                };
                model.types[next].annotations = annotations(&d.annotations, scope);
                model.types[next].kind = TypeKind::Definition(TypeDefinition { underlying });
                next += 1;
            }
        }
    }
    // Derived lists, now that every base is known.
    for id in 0..model.types.len() {
        if let Some(base) = model.types[id].structured().and_then(|s| s.base)
            && let TypeKind::Entity(b) | TypeKind::Complex(b) = &mut model.types[base.0].kind
        {
            b.derived.push(TypeId(id));
        }
    }
}

/// Whether the arena slot `id` holds a declaration [`register`] ignored as a duplicate name.
fn is_ignored_duplicate(model: &Model, id: usize) -> bool {
    let t = &model.types[id];
    model.type_index.get(&t.qualified_name()) != Some(&TypeId(id))
}

fn structured(
    t: &csdl::StructuredType,
    scope: &Scope,
    table: &TypeTable<'_>,
    model: &Model,
    diags: &mut Diagnostics,
) -> StructuredType {
    let base = t.base_type.as_ref().and_then(|b| {
        let q = scope.qualify(b);
        match table.index.get(&q) {
            Some(id) => Some(*id),
            None if table.is_opaque(&q) => {
                diags.warning(&t.span, format!("base type `{b}` of `{}` comes from a referenced document that was not found locally; its members are missing", t.name));
                None
            }
            None => {
                // Microsoft tools write `System.Object`; the type's own members are still right.
                diags.warning(&t.span, format!("unknown base type `{b}` of `{}`; the base type is ignored", t.name));
                None
            }
        }
    });
    let properties = t
        .properties
        .iter()
        .filter_map(|p| {
            let ty = table.resolve(
                scope,
                &p.ty,
                p.facets.nullable.unwrap_or(true),
                &p.span,
                diags,
            )?;
            Some(Property {
                name: p.name.clone(),
                ty,
                facets: p.facets.clone(),
                annotations: annotations(&p.annotations, scope),
                span: p.span.clone(),
            })
        })
        .collect();
    let navigation_properties = t
        .navigation_properties
        .iter()
        .filter(|n| n.relationship.is_none())
        .filter_map(|n| {
            let (collection, target_name) = navigation_target(n, scope, diags)?;
            // `Edm.EntityType` targets occur only in vocabularies; they carry no client surface.
            if target_name == "Edm.EntityType" {
                return None;
            }
            if target_name.starts_with("Edm.") {
                diags.warning(&n.span, format!("expected an entity type for navigation property `{}`, found primitive `{target_name}`; it is left out", n.name));
                return None;
            }
            let Some(target) = table.index.get(&target_name).copied() else {
                // Real services (Microsoft Graph among them) ship navigation properties to types
                // they trimmed; the property is dropped rather than the whole document refused.
                diags.warning(&n.span, format!("navigation property `{}` leads to unknown type `{target_name}`; it is left out", n.name));
                return None;
            };
            if !matches!(model.types[target.0].kind, TypeKind::Entity(_)) {
                diags.warning(&n.span, format!("expected an entity type for navigation property `{}`, found `{target_name}`; it is left out", n.name));
                return None;
            }
            Some(NavigationProperty {
                name: n.name.clone(),
                target,
                collection,
                nullable: n.nullable.unwrap_or(!collection),
                partner: n.partner.clone(),
                contains_target: n.contains_target,
                referential_constraints: n.referential_constraints.iter().map(|r| (r.property.clone(), r.referenced_property.clone())).collect(),
                annotations: annotations(&n.annotations, scope),
                span: n.span.clone(),
            })
        })
        .collect();
    // Which of two keys the service uses is unknown: a lookup by the wrong one would address
    // other entities, so the type is read without a key (no lookup by key) rather than guessed.
    if t.keys.len() > 1 {
        diags.warning(
            &t.keys[1].span,
            format!(
                "expected at most one <Key> in entity type `{}`, found {}; the type is read without a key (no lookup by key)",
                t.name,
                t.keys.len()
            ),
        );
    }
    // Key parts are resolved once bases are checked (keys may name inherited properties).
    let key = t
        .keys
        .first()
        .filter(|_| t.keys.len() == 1)
        .map(|k| {
            k.property_refs
                .iter()
                .map(|r| KeyPart {
                    path: r.name.split('/').map(str::to_owned).collect(),
                    alias: r.alias.clone(),
                    ty: placeholder(),
                })
                .collect()
        })
        .unwrap_or_default();
    StructuredType {
        base,
        is_abstract: t.is_abstract,
        open_type: t.open_type,
        has_stream: t.has_stream,
        key,
        properties,
        navigation_properties,
        derived: vec![],
    }
}

fn placeholder() -> TypeRef {
    TypeRef {
        ty: Type::Primitive(Primitive::Untyped),
        collection: false,
        nullable: false,
    }
}

/// The target of a navigation property written with `Type` (v3 ones come later).
fn navigation_target(
    n: &csdl::NavigationProperty,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> Option<(bool, String)> {
    match names::parse_collection(&n.ty) {
        Ok((collection, inner)) => Some((collection, scope.qualify(inner))),
        Err(message) => {
            diags.warning(
                &n.span,
                format!("{message}; the navigation property is left out"),
            );
            None
        }
    }
}

fn enum_type(e: &csdl::EnumType, scope: &Scope, diags: &mut Diagnostics) -> EnumType {
    let underlying = match e.underlying_type.as_deref().map(|u| scope.qualify(u)) {
        None => Primitive::Int32,
        Some(u) => match u.strip_prefix("Edm.").and_then(names::primitive) {
            Some(
                p @ (Primitive::Byte
                | Primitive::SByte
                | Primitive::Int16
                | Primitive::Int32
                | Primitive::Int64),
            ) => p,
            _ => {
                diags.warning(&e.span, format!("expected UnderlyingType Edm.Byte, Edm.SByte, Edm.Int16, Edm.Int32 or Edm.Int64 for enum `{}`, found `{u}`; read as Edm.Int64", e.name));
                Primitive::Int64
            }
        },
    };
    let mut members: Vec<EnumMember> = Vec::with_capacity(e.members.len());
    for (i, m) in e.members.iter().enumerate() {
        if members.iter().any(|x| x.name == m.name) {
            diags.warning(
                &m.span,
                format!(
                    "duplicate member `{}` in enum `{}`; this one is ignored",
                    m.name, e.name
                ),
            );
            continue;
        }
        let value = m.value.unwrap_or(i as i64);
        let (lo, hi) = match underlying {
            Primitive::Byte => (0, 255),
            Primitive::SByte => (-128, 127),
            Primitive::Int16 => (i16::MIN as i64, i16::MAX as i64),
            Primitive::Int32 => (i32::MIN as i64, i32::MAX as i64),
            _ => (i64::MIN, i64::MAX),
        };
        if !(lo..=hi).contains(&value) {
            diags.warning(
                &m.span,
                format!(
                    "value {value} of member `{}` does not fit Edm.{}",
                    m.name,
                    underlying.edm_name()
                ),
            );
        }
        members.push(EnumMember {
            name: m.name.clone(),
            value,
            annotations: annotations(&m.annotations, scope),
        });
    }
    EnumType {
        underlying,
        is_flags: e.is_flags,
        members,
    }
}

/// Base types: same kind, no cycles (found by walking, never by recursion). A type in a
/// cycle loses its base so later passes terminate.
fn check_bases(model: &mut Model, diags: &mut Diagnostics) {
    let mut cut = vec![];
    for id in 0..model.types.len() {
        let Some(base) = model.types[id].structured().and_then(|s| s.base) else {
            continue;
        };
        let same_kind = matches!(
            (&model.types[id].kind, &model.types[base.0].kind),
            (TypeKind::Entity(_), TypeKind::Entity(_))
                | (TypeKind::Complex(_), TypeKind::Complex(_))
        );
        if !same_kind {
            diags.warning(
                &model.types[id].span,
                format!(
                    "base type `{}` of `{}` is not a type of the same kind; the base type is ignored",
                    model.types[base.0].qualified_name(),
                    model.types[id].name
                ),
            );
            cut.push(id);
            continue;
        }
        let mut seen = BTreeSet::from([id]);
        let mut cur = base;
        loop {
            if !seen.insert(cur.0) {
                if cur.0 == id {
                    diags.warning(
                        &model.types[id].span,
                        format!(
                            "base type cycle: `{}` inherits from itself; its base type is ignored",
                            model.types[id].qualified_name()
                        ),
                    );
                    cut.push(id);
                }
                break;
            }
            match model.types[cur.0].structured().and_then(|s| s.base) {
                Some(next) => cur = next,
                None => break,
            }
        }
    }
    for id in cut {
        if let TypeKind::Entity(s) | TypeKind::Complex(s) = &mut model.types[id].kind {
            s.base = None;
        }
    }
}

/// What [`check_members`] found to leave out: members declared twice in one type (by span)
/// and partners that name no navigation property (by type and navigation property index).
#[derive(Default)]
struct MemberFixes {
    duplicates: BTreeSet<(TypeId, Span)>,
    partners: Vec<(TypeId, usize)>,
}

/// Keys, member name clashes along base chains, partners; then leaves out what they found
/// unusable (the second of two members of one name, a partner that names nothing usable).
fn check_members(model: &mut Model, diags: &mut Diagnostics) {
    let fixes = find_member_defects(model, diags);
    for (id, span) in &fixes.duplicates {
        if let TypeKind::Entity(s) | TypeKind::Complex(s) = &mut model.types[id.0].kind {
            s.properties.retain(|p| p.span != *span);
            s.navigation_properties.retain(|n| n.span != *span);
        }
    }
    for (id, index) in fixes.partners {
        if let TypeKind::Entity(s) | TypeKind::Complex(s) = &mut model.types[id.0].kind {
            s.navigation_properties[index].partner = None;
        }
    }
}

fn find_member_defects(model: &Model, diags: &mut Diagnostics) -> MemberFixes {
    let mut fixes = MemberFixes::default();
    for id in (0..model.types.len()).map(TypeId) {
        let t = model.ty(id);
        let Some(s) = t.structured() else { continue };
        let mut names: BTreeMap<&str, (TypeId, &Span)> = BTreeMap::new();
        for chain_id in model.base_chain(id).into_iter().rev() {
            let st = model
                .ty(chain_id)
                .structured()
                .expect("chain of structured types");
            for (name, span) in st
                .properties
                .iter()
                .map(|p| (&p.name, &p.span))
                .chain(st.navigation_properties.iter().map(|n| (&n.name, &n.span)))
            {
                match names.insert(name, (chain_id, span)) {
                    Some((owner, first)) if chain_id == id && owner == id => {
                        diags.warning(span, format!("duplicate member `{name}` in `{}`: already declared at {first}; this one is ignored", t.name));
                        fixes.duplicates.insert((id, span.clone()));
                        // The first declaration keeps the name.
                        names.insert(name, (owner, first));
                    }
                    // Vocabularies narrow inherited properties this way; the derived one wins.
                    Some((_, first)) if chain_id == id => diags.warning(span, format!("`{}` redeclares inherited member `{name}` (declared at {first}); the redeclaration is used", t.name)),
                    _ => {}
                }
            }
        }
        if !s.key.is_empty()
            && model
                .base_chain(id)
                .iter()
                .skip(1)
                .any(|b| model.ty(*b).structured().is_some_and(|b| !b.key.is_empty()))
        {
            diags.warning(&t.span, format!("entity type `{}` declares a key but its base type already has one; the base key is used", t.name));
        }
        for (index, n) in s.navigation_properties.iter().enumerate() {
            for (dependent, principal) in &n.referential_constraints {
                let has = |owner: TypeId, name: &str| {
                    model.all_properties(owner).iter().any(|p| p.name == name)
                };
                if !has(id, dependent) {
                    diags.warning(&n.span, format!("referential constraint of `{}` names property `{dependent}`, which `{}` does not have", n.name, t.name));
                }
                if !has(n.target, principal) {
                    diags.warning(&n.span, format!("referential constraint of `{}` names referenced property `{principal}`, which `{}` does not have", n.name, model.ty(n.target).name));
                }
            }
            if let Some(partner) = &n.partner {
                let last = partner.rsplit('/').next().unwrap_or(partner);
                let candidates: Vec<TypeId> = std::iter::once(n.target)
                    .chain(model.all_derived(n.target))
                    .collect();
                if !candidates.iter().any(|c| {
                    model
                        .all_navigation_properties(*c)
                        .iter()
                        .any(|p| p.name == last)
                }) {
                    // Dataverse names structural properties as partners; the partner only
                    // pairs two navigation properties, and generated code does not use it.
                    diags.warning(&n.span, format!("partner `{partner}` of navigation property `{}` is not a navigation property of `{}`; the partner is ignored", n.name, model.ty(n.target).qualified_name()));
                    fixes.partners.push((id, index));
                }
            }
        }
    }
    fixes
}

/// Resolves key parts against the (now complete) properties, after [`check_bases`].
fn resolve_keys(model: &mut Model, diags: &mut Diagnostics) {
    for id in 0..model.types.len() {
        let TypeKind::Entity(s) = &model.types[id].kind else {
            continue;
        };
        let mut parts = s.key.clone();
        let mut ok = true;
        for part in &mut parts {
            let mut owner = TypeId(id);
            let mut found = None;
            for (i, seg) in part.path.iter().enumerate() {
                let prop = model
                    .all_properties(owner)
                    .into_iter()
                    .find(|p| &p.name == seg)
                    .cloned();
                match prop {
                    Some(p) if i + 1 == part.path.len() => found = Some(p),
                    Some(Property {
                        ty:
                            TypeRef {
                                ty: Type::Named(c),
                                collection: false,
                                ..
                            },
                        ..
                    }) if matches!(model.ty(c).kind, TypeKind::Complex(_)) => owner = c,
                    _ => break,
                }
            }
            let span = &model.types[id].span;
            match found {
                None => {
                    diags.warning(
                        span,
                        format!(
                            "key property `{}` of `{}` is not a property of the type; the type is read without a key (no lookup by key)",
                            part.path.join("/"),
                            model.types[id].name
                        ),
                    );
                    ok = false;
                }
                Some(p) => {
                    if p.facets.nullable == Some(true) {
                        diags.warning(&p.span, format!("key property `{}` must not be nullable, found Nullable=\"true\"; read as not nullable", p.name));
                    }
                    let keyable = match &p.ty.ty {
                        Type::Primitive(prim) => !matches!(
                            prim,
                            Primitive::Stream
                                | Primitive::Geography(_)
                                | Primitive::Geometry(_)
                                | Primitive::Untyped
                        ),
                        Type::Named(t) => matches!(
                            model.ty(*t).kind,
                            TypeKind::Enum(_) | TypeKind::Definition(_)
                        ),
                        // No URL literal exists for a value of an unresolved type.
                        Type::Opaque(_) => false,
                    };
                    if !keyable || p.ty.collection {
                        diags.warning(&p.span, format!("key property `{}` should have a primitive or enum type; lookups by key may not work", p.name));
                    }
                    if part.path.len() > 1 && part.alias.is_none() {
                        diags.warning(
                            span,
                            format!("key property path `{}` needs an Alias; the type is read without a key (no lookup by key)", part.path.join("/")),
                        );
                        ok = false;
                    }
                    part.ty = TypeRef {
                        nullable: false,
                        ..p.ty
                    };
                }
            }
        }
        let mut seen = BTreeSet::new();
        parts.retain(|part| {
            let first = seen.insert(part.name().to_owned());
            if !first {
                diags.warning(
                    &model.types[id].span,
                    format!(
                        "key of `{}` names `{}` twice; it is read once",
                        model.types[id].name,
                        part.name()
                    ),
                );
            }
            first
        });
        // A lookup by part of a key would address other entities than the service's key does.
        if !ok {
            parts.clear();
        }
        if let TypeKind::Entity(s) = &mut model.types[id].kind {
            s.key = parts;
        }
    }
}

fn resolve_operations(
    docs: &[Loaded],
    scopes: &[Scope],
    table: &TypeTable<'_>,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    for (l, scope) in docs.iter().zip(scopes) {
        for s in l.doc.schemas.iter().filter(|s| !s.namespace.is_empty()) {
            for t in &s.terms {
                model.terms.push(Term {
                    namespace: s.namespace.clone(),
                    name: t.name.clone(),
                    annotations: annotations(&t.annotations, scope),
                });
            }
            for o in &s.operations {
                let mut parameters: Vec<Parameter> = o
                    .parameters
                    .iter()
                    .filter_map(|p| {
                        let ty = table.resolve(
                            scope,
                            &p.ty,
                            p.facets.nullable.unwrap_or(true),
                            &p.span,
                            diags,
                        )?;
                        Some(Parameter {
                            name: p.name.clone(),
                            ty,
                            annotations: annotations(&p.annotations, scope),
                            span: p.span.clone(),
                        })
                    })
                    .collect();
                // Invalid, but shipped: of repeated names, the first keeps its parameter, as a
                // URL could pass only one value for the name. A bound operation's binding
                // parameter never appears in a URL, so one repeating its name is kept (an
                // OData test model binds `p1` and passes another `p1`).
                let mut seen: BTreeMap<String, (usize, Span)> = BTreeMap::new();
                let mut index = 0;
                parameters.retain(|p| {
                    let i = index;
                    index += 1;
                    let Some((first, at)) = seen.get(&p.name) else {
                        seen.insert(p.name.clone(), (i, p.span.clone()));
                        return true;
                    };
                    let binding = o.is_bound && *first == 0;
                    let what = if binding { "kept: the binding parameter is not passed" } else { "ignored" };
                    diags.warning(&p.span, format!("duplicate parameter `{}` in operation `{}` (first declared at {at}); {what}", p.name, o.name));
                    if binding {
                        seen.insert(p.name.clone(), (i, p.span.clone()));
                    }
                    binding
                });
                if o.is_bound && parameters.is_empty() {
                    // Nothing says what it is bound to, so no request can call it.
                    diags.warning(
                        &o.span,
                        format!(
                            "bound operation `{}` needs a binding parameter, found no parameters; it is left out",
                            o.name
                        ),
                    );
                    continue;
                }
                let return_type = o.return_type.as_ref().and_then(|r| {
                    table.resolve(
                        scope,
                        &r.ty,
                        r.facets.nullable.unwrap_or(true),
                        &r.span,
                        diags,
                    )
                });
                model.operations.push(Operation {
                    kind: o.kind,
                    namespace: s.namespace.clone(),
                    name: o.name.clone(),
                    is_main: l.is_main,
                    is_bound: o.is_bound,
                    is_composable: o.is_composable,
                    parameters,
                    return_type,
                    annotations: annotations(&o.annotations, scope),
                });
            }
        }
    }
}

/// Navigation properties written in v3 syntax were given a placeholder target name
/// (`association\0role`); they were dropped as unknown unless resolved here.
fn resolve_associations(
    docs: &[Loaded],
    scopes: &[Scope],
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    let mut ends: BTreeMap<(String, String), (String, bool)> = BTreeMap::new();
    for (l, scope) in docs.iter().zip(scopes) {
        for s in &l.doc.schemas {
            for a in &s.associations {
                for (role, ty, multiplicity) in &a.ends {
                    ends.insert(
                        (format!("{}.{}", s.namespace, a.name), role.clone()),
                        (scope.qualify(ty), multiplicity == "*"),
                    );
                }
            }
        }
    }
    if ends.is_empty() {
        return;
    }
    let mut next = 0;
    for (l, scope) in docs.iter().zip(scopes) {
        for s in l.doc.schemas.iter().filter(|s| !s.namespace.is_empty()) {
            for t in s.entity_types.iter().chain(&s.complex_types) {
                for n in &t.navigation_properties {
                    let Some(rel) = &n.relationship else { continue };
                    let key = (scope.qualify(&rel.association), rel.to_role.clone());
                    let Some((ty, collection)) = ends.get(&key) else {
                        diags.warning(&n.span, format!("navigation property `{}` names association `{}` role `{}`, which does not exist; it is left out", n.name, key.0, key.1));
                        continue;
                    };
                    let Some(target) = model.type_index.get(ty).copied() else {
                        diags.warning(
                            &n.span,
                            format!("unknown type `{ty}` of association end `{}`; navigation property `{}` is left out", key.1, n.name),
                        );
                        continue;
                    };
                    let nav = NavigationProperty {
                        name: n.name.clone(),
                        target,
                        collection: *collection,
                        nullable: !*collection,
                        partner: None,
                        contains_target: false,
                        referential_constraints: vec![],
                        annotations: annotations(&n.annotations, scope),
                        span: n.span.clone(),
                    };
                    if let TypeKind::Entity(st) | TypeKind::Complex(st) =
                        &mut model.types[next].kind
                    {
                        st.navigation_properties.push(nav);
                    }
                }
                next += 1;
            }
            next += s.enum_types.len() + s.type_definitions.len();
        }
    }
}

fn resolve_containers(
    docs: &[Loaded],
    scopes: &[Scope],
    opaque_namespaces: &BTreeSet<String>,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    let opaque = |q: &str| split_qualified(q).is_some_and(|(ns, _)| opaque_namespaces.contains(ns));
    for (l, scope) in docs.iter().zip(scopes) {
        for s in l.doc.schemas.iter().filter(|s| !s.namespace.is_empty()) {
            for c in &s.containers {
                let sets = |list: &[csdl::EntitySet],
                            what: &str,
                            model: &Model,
                            diags: &mut Diagnostics|
                 -> Vec<EntitySet> {
                    list.iter()
                        .filter_map(|e| {
                            let q = scope.qualify(&e.entity_type);
                            let ty = match model.type_index.get(&q) {
                                Some(id) if matches!(model.ty(*id).kind, TypeKind::Entity(_)) => *id,
                                Some(_) => {
                                    diags.warning(&e.span, format!("expected an entity type for {what} `{}`, found `{q}`, which is not one; it is left out", e.name));
                                    return None;
                                }
                                None if opaque(&q) => {
                                    diags.warning(&e.span, format!("{what} `{}` has entity type `{q}` from a referenced document that was not found locally; it is left out", e.name));
                                    return None;
                                }
                                None => {
                                    diags.warning(&e.span, format!("{what} `{}` has unknown entity type `{}`; it is left out", e.name, e.entity_type));
                                    return None;
                                }
                            };
                            Some(EntitySet {
                                name: e.name.clone(),
                                entity_type: ty,
                                bindings: e.bindings.iter().map(|b| (b.path.clone(), b.target.clone())).collect(),
                                annotations: annotations(&e.annotations, scope),
                                span: e.span.clone(),
                            })
                        })
                        .collect()
                };
                let mut entity_sets = sets(&c.entity_sets, "entity set", model, diags);
                let mut singletons = sets(&c.singletons, "singleton", model, diags);
                // A URL names one of them: the first declaration keeps the name.
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
                    .filter_map(|i| {
                        if duplicates.contains(&i.span) {
                            return None;
                        }
                        let q = scope.qualify(&i.operation);
                        let ops: Vec<OperationId> = model.operations.iter().enumerate().filter(|(_, o)| o.kind == i.kind && !o.is_bound && o.qualified_name() == q).map(|(n, _)| OperationId(n)).collect();
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
                    })
                    .collect();
                model.containers.push(Container {
                    namespace: s.namespace.clone(),
                    name: c.name.clone(),
                    is_main: l.is_main,
                    entity_sets,
                    singletons,
                    operation_imports,
                    annotations: annotations(&c.annotations, scope),
                });
            }
        }
    }
    check_bindings(model, diags);
}

/// Binding targets and import entity sets must name a set or singleton (of this container,
/// of a container named by qualified name, or a containment path starting at one).
fn check_bindings(model: &Model, diags: &mut Diagnostics) {
    let exists = |container: &Container, target: &str| -> bool {
        let (owner, rest) = match target.split_once('/') {
            Some((head, rest)) if split_qualified(head).is_some() => {
                match model.containers.iter().find(|c| c.qualified_name() == head) {
                    Some(c) => (c, rest),
                    None => return false,
                }
            }
            _ => (container, target),
        };
        let first = rest.split('/').next().unwrap_or(rest);
        owner
            .entity_sets
            .iter()
            .chain(&owner.singletons)
            .any(|s| s.name == first)
    };
    for c in &model.containers {
        for set in c.entity_sets.iter().chain(&c.singletons) {
            for (path, target) in &set.bindings {
                if !binding_path_leads_to_navigation(model, set.entity_type, path) {
                    diags.warning(&set.span, format!("navigation property binding path `{path}` of `{}` names no navigation property of `{}`", set.name, model.ty(set.entity_type).qualified_name()));
                }
                if !exists(c, target) {
                    diags.warning(&set.span, format!("navigation property binding `{path}` of `{}` targets `{target}`, which is no entity set or singleton", set.name));
                }
            }
        }
        for i in &c.operation_imports {
            if let Some(set) = &i.entity_set
                && !set.starts_with('$')
                && !exists(c, set)
            {
                diags.warning(
                    &i.span,
                    format!(
                        "operation import `{}` names entity set `{set}`, which does not exist",
                        i.name
                    ),
                );
            }
        }
    }
}

/// Whether a binding path (`Nav`, `Complex/Nav`, `NS.Derived/Nav`, `Nav/Contained`) ends in a
/// navigation property reachable from `start`. Type casts written with an alias cannot be
/// resolved here; such paths are accepted rather than guessed at.
fn binding_path_leads_to_navigation(model: &Model, start: TypeId, path: &str) -> bool {
    let mut current = start;
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if seg.contains('.') {
            match model.type_by_name(seg) {
                Some(cast) if !last => current = cast,
                Some(_) => return false,
                None => return true,
            }
            continue;
        }
        let candidates: Vec<TypeId> = std::iter::once(current)
            .chain(model.all_derived(current))
            .collect();
        if let Some(nav) = candidates
            .iter()
            .flat_map(|t| model.all_navigation_properties(*t))
            .find(|n| n.name == *seg)
        {
            if last {
                return true;
            }
            current = nav.target;
        } else if let Some(Type::Named(complex)) = model
            .all_properties(current)
            .iter()
            .find(|p| p.name == *seg)
            .map(|p| p.ty.ty.clone())
        {
            if last {
                return false;
            }
            current = complex;
        } else {
            return false;
        }
    }
    false
}

/// Inline annotations with their terms, record types and enum members qualified.
pub(super) fn annotations(list: &[csdl::Annotation], scope: &Scope) -> Vec<Annotation> {
    list.iter().map(|a| annotation(a, scope, None)).collect()
}

pub(super) fn annotation(
    a: &csdl::Annotation,
    scope: &Scope,
    qualifier: Option<&String>,
) -> Annotation {
    Annotation {
        term: scope.qualify(&a.term),
        qualifier: a.qualifier.clone().or_else(|| qualifier.cloned()),
        value: a.value.as_ref().map(|v| expr(v, scope)),
        annotations: annotations(&a.annotations, scope),
        span: a.span.clone(),
    }
}

fn expr(e: &Expr, scope: &Scope) -> Expr {
    match e {
        Expr::Const(ConstKind::EnumMember, s) => Expr::Const(
            ConstKind::EnumMember,
            s.split_whitespace()
                .map(|m| scope.qualify_path(m))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Expr::Record(r) => Expr::Record(Record {
            ty: r.ty.as_ref().map(|t| scope.qualify(t)),
            properties: r
                .properties
                .iter()
                .map(|(n, v)| (n.clone(), expr(v, scope)))
                .collect(),
            annotations: r
                .annotations
                .iter()
                .map(|a| csdl_to_inline(a, scope))
                .collect(),
        }),
        Expr::Collection(items) => Expr::Collection(items.iter().map(|i| expr(i, scope)).collect()),
        other => other.clone(),
    }
}

/// Record annotations stay in syntax form inside [`Expr`]; only their terms are qualified.
fn csdl_to_inline(a: &csdl::Annotation, scope: &Scope) -> csdl::Annotation {
    csdl::Annotation {
        term: scope.qualify(&a.term),
        ..a.clone()
    }
}
