//! The analyses of a named model that decide what emit writes: which types derive `Eq`, which
//! properties are boxed, which types a request body carries, and (with per-set features) which
//! features compile each model. Each runs once, over the whole model, when the [`Plan`] is
//! made.
//!
//! [`Plan`]: super::Plan

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, Primitive, Type, TypeId, TypeKind, TypeRef};
use crate::naming::Names;

/// Whether values of each type may derive `Eq` (no floating point anywhere inside), decided
/// once for every emitted type by a fixpoint over the type graph.
pub fn eq_types(model: &Model, names: &Names) -> BTreeSet<TypeId> {
    let mut eq: BTreeSet<TypeId> = names.emitted.clone();
    loop {
        let before = eq.len();
        let snapshot = eq.clone();
        let ok = |r: &TypeRef| match &r.ty {
            Type::Primitive(p) => primitive_is_eq(p),
            Type::Opaque(_) => true,
            // A polymorphic complex value may be of any type derived from the declared one.
            Type::Named(t) => {
                !names.emitted.contains(t)
                    || (snapshot.contains(t)
                        && model
                            .all_derived(*t)
                            .iter()
                            .all(|d| !names.emitted.contains(d) || snapshot.contains(d)))
            }
        };
        eq.retain(|t| match &model.ty(*t).kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => {
                model.all_properties(*t).iter().all(|p| ok(&p.ty))
                    && model.all_navigation_properties(*t).iter().all(|n| {
                        // An expanded navigation holds the target or, through its `…Any`
                        // enum, any type derived from it.
                        snapshot.contains(&n.target)
                            && model
                                .all_derived(n.target)
                                .iter()
                                .all(|d| !names.emitted.contains(d) || snapshot.contains(d))
                    })
            }
            TypeKind::Enum(_) => true,
            TypeKind::Definition(d) => primitive_is_eq(&d.underlying),
        });
        if eq.len() == before {
            return eq;
        }
    }
}

fn primitive_is_eq(p: &Primitive) -> bool {
    !matches!(
        p,
        Primitive::Single | Primitive::Double | Primitive::Geography(_) | Primitive::Geometry(_)
    )
}

/// The structural properties that must be boxed: single-valued structured properties whose
/// type leads back to the declaring type through single-valued structured properties. A
/// property of a polymorphic type holds its `…Any` enum, which boxes its variants.
pub fn boxed_properties(model: &Model, names: &Names) -> BTreeSet<(TypeId, String)> {
    // Edges of the "contains by value" graph.
    let mut edges: BTreeMap<TypeId, BTreeSet<TypeId>> = BTreeMap::new();
    for t in &names.emitted {
        if model.ty(*t).structured().is_none() {
            continue;
        }
        for p in model.all_properties(*t) {
            if let Type::Named(target) = p.ty.ty
                && !p.ty.collection
                && model.ty(target).structured().is_some()
                && names.emitted.contains(&target)
                && names.ty(target).any_enum.is_none()
            {
                edges.entry(*t).or_default().insert(target);
            }
        }
    }
    let reaches = |from: TypeId, to: TypeId| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            if seen.insert(x) {
                stack.extend(edges.get(&x).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut out = BTreeSet::new();
    for t in &names.emitted {
        if model.ty(*t).structured().is_none() {
            continue;
        }
        for p in model.all_properties(*t) {
            if let Type::Named(target) = p.ty.ty
                && !p.ty.collection
                && edges.get(t).is_some_and(|e| e.contains(&target))
                && reaches(target, *t)
            {
                out.insert((*t, p.name.clone()));
            }
        }
    }
    out
}

/// The structured types a request body (or a function's JSON parameter) can carry: those of
/// operation parameters, and everything their values hold — property types, navigation
/// targets (an expanded value serializes its target) and derived types (a value of a base
/// type may be any of them). These implement `Serialize` always; with
/// [`EmitOptions::serialize_feature`](crate::emit::EmitOptions::serialize_feature) the others only
/// under the generated crate's `serialize` feature.
pub fn body_types(model: &Model, names: &Names) -> BTreeSet<TypeId> {
    let mut stack: Vec<TypeId> = model
        .operations
        .iter()
        .flat_map(|o| &o.parameters)
        .filter_map(|p| match p.ty.ty {
            Type::Named(t) => Some(t),
            _ => None,
        })
        .collect();
    let mut out = BTreeSet::new();
    while let Some(t) = stack.pop() {
        if model.ty(t).structured().is_none() || !names.emitted.contains(&t) || !out.insert(t) {
            continue;
        }
        stack.extend(value_successors(model, t));
    }
    out
}

/// With per-set features, the features that compile each model: a type only some entity sets
/// reach is compiled when one of those sets' features is on, so a crate enabling `users`
/// compiles the models `users` needs and not the rest. Types missing from the map are
/// compiled always: those the version's `Client` itself names (operation imports), those no
/// set reaches (nothing gated leads to them, and a user may still name them), and those
/// reached by more than half of the sets (compiled nearly always anyway; a long `cfg(any(…))`
/// on each would only cost reading).
pub fn feature_gates(
    model: &Model,
    names: &Names,
    options: &crate::emit::EmitOptions,
) -> BTreeMap<TypeId, BTreeSet<String>> {
    let Some(container) = model.main_container() else {
        return BTreeMap::new();
    };
    if !options.feature_per_entity_set {
        return BTreeMap::new();
    }
    let mut gates: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    let mut sets = 0;
    for set in names
        .sets
        .iter()
        .filter(|s| crate::emit::selected(options, &s.wire))
    {
        let Some(entity_type) = container
            .entity_sets
            .iter()
            .chain(&container.singletons)
            .find(|s| s.name == set.wire)
            .map(|s| s.entity_type)
        else {
            continue;
        };
        sets += 1;
        let feature = set.module.unraw().to_owned();
        for t in reach(model, names, vec![entity_type]) {
            gates.entry(t).or_default().insert(feature.clone());
        }
    }
    let imported: Vec<TypeId> = container
        .operation_imports
        .iter()
        .flat_map(|i| &i.operations)
        .flat_map(|o| operation_types(&model.operations[o.0]))
        .collect();
    let always = reach(model, names, imported);
    gates.retain(|t, features| !always.contains(t) && features.len() * 2 <= sets);
    // What an always-compiled type reaches is always compiled too (a base type's `…Any`
    // enum names every derived type, whichever sets reach those).
    let ungated: Vec<TypeId> = names
        .emitted
        .iter()
        .filter(|t| !gates.contains_key(t))
        .copied()
        .collect();
    let always = reach(model, names, ungated);
    gates.retain(|t, _| !always.contains(t));
    gates
}

/// The emitted types values of the `start` types can hold or lead to: property types,
/// navigation targets, derived types (a value of a type may be any of them), and the
/// parameter and return types of operations bound to them or their bases.
fn reach(model: &Model, names: &Names, start: Vec<TypeId>) -> BTreeSet<TypeId> {
    let mut bound: BTreeMap<TypeId, Vec<&crate::model::Operation>> = BTreeMap::new();
    for o in &model.operations {
        if let Some(Type::Named(t)) = o.binding_parameter().map(|p| &p.ty.ty) {
            bound.entry(*t).or_default().push(o);
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack = start;
    while let Some(t) = stack.pop() {
        if !names.emitted.contains(&t) || !seen.insert(t) {
            continue;
        }
        let def = model.ty(t);
        if def.structured().is_none() {
            continue;
        }
        stack.extend(value_successors(model, t));
        for base in model.base_chain(t) {
            for o in bound.get(&base).into_iter().flatten() {
                stack.extend(operation_types(o));
            }
        }
    }
    seen
}

/// The named types of an operation's parameters and return type.
fn operation_types(o: &crate::model::Operation) -> impl Iterator<Item = TypeId> + '_ {
    o.parameters
        .iter()
        .map(|p| &p.ty.ty)
        .chain(o.return_type.as_ref().map(|r| &r.ty))
        .filter_map(|ty| match ty {
            Type::Named(t) => Some(*t),
            _ => None,
        })
}

/// The types a value of structured type `t` can hold or lead to: its properties' named types,
/// its navigation targets (an expanded value holds its target) and the types derived from it
/// (a value of `t` may be any of them).
fn value_successors(model: &Model, t: TypeId) -> impl Iterator<Item = TypeId> + '_ {
    let properties = model
        .all_properties(t)
        .into_iter()
        .filter_map(|p| match p.ty.ty {
            Type::Named(target) => Some(target),
            _ => None,
        });
    let navigations = model
        .all_navigation_properties(t)
        .into_iter()
        .map(|n| n.target);
    properties.chain(navigations).chain(model.all_derived(t))
}
