//! Pass 6: members along base chains. A name declared twice in one type keeps its first
//! declaration; a redeclared inherited member, a second key, a referential constraint naming
//! a missing property and a partner naming no navigation property are reported, and such a
//! partner is dropped. Runs after [`super::keys`] and [`super::associations`], so it sees
//! resolved keys and every navigation property.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, Span};
use crate::model::{Model, TypeId, TypeKind};

/// and partners that name no navigation property (by type and navigation property index).
#[derive(Default)]
struct MemberFixes {
    duplicates: BTreeSet<(TypeId, Span)>,
    partners: Vec<(TypeId, usize)>,
}

/// Keys, member name clashes along base chains, partners; then leaves out what they found
/// unusable (the second of two members of one name, a partner that names nothing usable).
pub(super) fn check_members(model: &mut Model, diags: &mut Diagnostics) {
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

/// Reports every member defect of every structured type and collects what to leave out.
fn find_member_defects(model: &Model, diags: &mut Diagnostics) -> MemberFixes {
    let mut fixes = MemberFixes::default();
    for id in (0..model.types.len()).map(TypeId) {
        if model.ty(id).structured().is_none() {
            continue;
        }
        check_member_names(model, id, &mut fixes, diags);
        check_redeclared_key(model, id, diags);
        check_navigation_properties(model, id, &mut fixes, diags);
    }
    fixes
}

/// Member names of `id` against each other and against those it inherits, walked from the
/// root of its base chain down.
fn check_member_names(model: &Model, id: TypeId, fixes: &mut MemberFixes, diags: &mut Diagnostics) {
    let t = model.ty(id);
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
}

/// A key declared by a type whose base already has one: the base key is used.
fn check_redeclared_key(model: &Model, id: TypeId, diags: &mut Diagnostics) {
    let t = model.ty(id);
    let Some(s) = t.structured() else { return };
    if !s.key.is_empty()
        && model
            .base_chain(id)
            .iter()
            .skip(1)
            .any(|b| model.ty(*b).structured().is_some_and(|b| !b.key.is_empty()))
    {
        diags.warning(&t.span, format!("entity type `{}` declares a key but its base type already has one; the base key is used", t.name));
    }
}

/// Referential constraints and partners of the navigation properties `id` declares.
fn check_navigation_properties(
    model: &Model,
    id: TypeId,
    fixes: &mut MemberFixes,
    diags: &mut Diagnostics,
) {
    let t = model.ty(id);
    let Some(s) = t.structured() else { return };
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
