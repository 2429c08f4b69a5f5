//! Pass 3: base types. Every later pass walks base chains (inherited properties, keys,
//! navigation), so a base of another kind or a cycle is cut here, after a warning.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::model::{Model, TypeKind};

/// Base types: same kind, no cycles (found by walking, never by recursion). A type in a
/// cycle loses its base so later passes terminate.
pub(super) fn check_bases(model: &mut Model, diags: &mut Diagnostics) {
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
