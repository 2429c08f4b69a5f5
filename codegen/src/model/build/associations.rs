//! Pass 5: navigation properties written in v3 syntax (`Relationship`, `ToRole`), which
//! [`super::types`] left out, resolved through the association ends they name. Real
//! services still ship this syntax under a v4 header.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::model::load::Loaded;
use crate::model::names::Scope;
use crate::model::{Model, NavigationProperty, TypeKind};

use super::inline::annotations;

/// Adds each v3 navigation property to its type, in document order after the v4 ones; one
/// naming a missing association end or an unknown type is left out, after a warning.
pub(super) fn resolve_associations(
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
