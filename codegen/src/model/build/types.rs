//! Pass 2: the members of every type registered by [`super::register`], their type
//! references resolved against the type index (an unknown one becomes untyped JSON after a
//! warning), then each type's list of derived types. Key parts are only recorded here:
//! [`super::keys`] resolves them once base types are checked.

use crate::diag::Diagnostics;
use crate::model::load::Loaded;
use crate::model::names::{self, Scope, TypeTable};
use crate::model::{
    EnumMember, EnumType, KeyPart, Model, NavigationProperty, Primitive, Property, StructuredType,
    Type, TypeDefinition, TypeId, TypeKind, TypeRef,
};
use crate::reader::csdl;

use super::inline::annotations;

/// Structured types, enums and type definitions, in the order [`super::register`] created them.
pub(super) fn resolve_types(
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
                let underlying = definition_underlying(d, scope, diags);
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

/// The primitive a type definition stands for; untyped JSON, after a warning, when its
/// `UnderlyingType` is no primitive.
fn definition_underlying(
    d: &csdl::TypeDefinition,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> Primitive {
    match scope
        .qualify(&d.underlying_type)
        .strip_prefix("Edm.")
        .and_then(names::primitive)
    {
        Some(p) => p,
        None => {
            diags.warning(&d.span, format!("expected a primitive UnderlyingType for type definition `{}`, found `{}`; its values are kept as untyped JSON", d.name, d.underlying_type));
            Primitive::Untyped
        }
    }
}

/// Whether the arena slot `id` holds a declaration [`super::register`] ignored as a duplicate name.
fn is_ignored_duplicate(model: &Model, id: usize) -> bool {
    let t = &model.types[id];
    model.type_index.get(&t.qualified_name()) != Some(&TypeId(id))
}

/// An entity or complex type's base, members and declared key.
fn structured(
    t: &csdl::StructuredType,
    scope: &Scope,
    table: &TypeTable<'_>,
    model: &Model,
    diags: &mut Diagnostics,
) -> StructuredType {
    let base = base_type(t, scope, table, diags);
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
        .filter_map(|n| navigation_property(n, scope, table, model, diags))
        .collect();
    StructuredType {
        base,
        is_abstract: t.is_abstract,
        open_type: t.open_type,
        has_stream: t.has_stream,
        key: declared_key(t, diags),
        properties,
        navigation_properties,
        derived: vec![],
    }
}

/// The base type, if it names a known type; [`super::bases`] checks its kind and cycles.
fn base_type(
    t: &csdl::StructuredType,
    scope: &Scope,
    table: &TypeTable<'_>,
    diags: &mut Diagnostics,
) -> Option<TypeId> {
    t.base_type.as_ref().and_then(|b| {
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
    })
}

/// A navigation property written with `Type`, if it leads to an entity type of the model.
fn navigation_property(
    n: &csdl::NavigationProperty,
    scope: &Scope,
    table: &TypeTable<'_>,
    model: &Model,
    diags: &mut Diagnostics,
) -> Option<NavigationProperty> {
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
        diags.warning(
            &n.span,
            format!(
                "navigation property `{}` leads to unknown type `{target_name}`; it is left out",
                n.name
            ),
        );
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
        referential_constraints: n
            .referential_constraints
            .iter()
            .map(|r| (r.property.clone(), r.referenced_property.clone()))
            .collect(),
        annotations: annotations(&n.annotations, scope),
        span: n.span.clone(),
    })
}

/// The key as declared, its parts' types still placeholders: they are resolved once bases
/// are checked, since a key may name inherited properties.
fn declared_key(t: &csdl::StructuredType, diags: &mut Diagnostics) -> Vec<KeyPart> {
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
    t.keys
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
        .unwrap_or_default()
}

/// The type of a key part until [`super::keys`] resolves it.
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

/// An enum's underlying type and members; a value that does not fit the underlying type is
/// reported, not changed.
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
