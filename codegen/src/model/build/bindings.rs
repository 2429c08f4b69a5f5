//! Pass 9: navigation property bindings and the entity sets of operation imports, checked
//! once every container exists, since a target may name a set of another container. A
//! binding that leads nowhere is reported and kept: generated code does not follow bindings.

use crate::diag::Diagnostics;
use crate::model::names::split_qualified;
use crate::model::{Container, Model, Type, TypeId};

/// Binding targets and import entity sets must name a set or singleton (of this container,
/// of a container named by qualified name, or a containment path starting at one).
pub(super) fn check_bindings(model: &Model, diags: &mut Diagnostics) {
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
