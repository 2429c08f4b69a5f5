//! Pass 4: key parts resolved against the properties, inherited ones included (hence after
//! [`super::bases`]). A key that cannot be resolved whole is dropped: a lookup by part of a
//! key would address other entities than the service's key does.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::model::{KeyPart, Model, Primitive, Property, Type, TypeId, TypeKind, TypeRef};

/// Resolves key parts against the (now complete) properties, after [`super::bases`].
pub(super) fn resolve_keys(model: &mut Model, diags: &mut Diagnostics) {
    for id in 0..model.types.len() {
        let TypeKind::Entity(s) = &model.types[id].kind else {
            continue;
        };
        let mut parts = s.key.clone();
        let mut ok = true;
        for part in &mut parts {
            ok &= resolve_key_part(model, TypeId(id), part, diags);
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

/// Gives `part` the type of the property its path names; false, after a warning, when the
/// path names no property or a path of several segments has no alias, so the type must be
/// read without a key.
fn resolve_key_part(
    model: &Model,
    id: TypeId,
    part: &mut KeyPart,
    diags: &mut Diagnostics,
) -> bool {
    let span = &model.ty(id).span;
    let Some(p) = key_property(model, id, &part.path) else {
        diags.warning(
            span,
            format!(
                "key property `{}` of `{}` is not a property of the type; the type is read without a key (no lookup by key)",
                part.path.join("/"),
                model.ty(id).name
            ),
        );
        return false;
    };
    check_key_property(model, &p, diags);
    let mut ok = true;
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
    ok
}

/// The property a key path names: each segment but the last a single-valued complex
/// property, the last one any property.
fn key_property(model: &Model, id: TypeId, path: &[String]) -> Option<Property> {
    let mut owner = id;
    for (i, seg) in path.iter().enumerate() {
        let prop = model
            .all_properties(owner)
            .into_iter()
            .find(|p| &p.name == seg)
            .cloned();
        match prop {
            Some(p) if i + 1 == path.len() => return Some(p),
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
    None
}

/// Warnings for a key property the specification forbids (nullable) or that no URL literal
/// can carry (a stream, geo, untyped or collection value); the key is kept either way.
fn check_key_property(model: &Model, p: &Property, diags: &mut Diagnostics) {
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
}
