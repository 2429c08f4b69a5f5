//! Out-of-line annotations (`<Annotations Target="…">`): parse the target path, find the
//! element it names, and attach the annotations there.

use super::build::annotation;
use super::load::Loaded;
use super::names::Scope;
use super::*;
use crate::diag::Diagnostics;

/// Where an annotation target points.
enum Target {
    Schema(usize),
    Type(TypeId),
    Property(TypeId, usize),
    Navigation(TypeId, usize),
    Member(TypeId, usize),
    Operation(Vec<OperationId>),
    Parameter(OperationId, usize),
    Term(usize),
    Container(usize),
    Set(usize, usize),
    Singleton(usize, usize),
    Import(usize, usize),
    /// A valid target whose annotations the model does not keep (return types, paths
    /// through entity sets).
    Elsewhere,
}

pub(super) fn attach(
    docs: &[Loaded],
    scopes: &[Scope],
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    for (l, scope) in docs.iter().zip(scopes) {
        for s in &l.doc.schemas {
            for group in &s.annotation_groups {
                let target = match parse_target(&group.target, scope) {
                    Ok(t) => find(model, &t.head, t.params.as_deref(), &t.rest),
                    Err(message) => {
                        diags.warning(
                            &group.span,
                            format!("{message}; its annotations are ignored"),
                        );
                        continue;
                    }
                };
                let Some(target) = target else {
                    // Well-formed targets that name nothing are common in real documents
                    // (trimmed models, annotation libraries); only malformed paths are errors.
                    diags.warning(&group.span, format!("annotation target `{}` names no element of the model; its annotations are ignored", group.target));
                    continue;
                };
                let list: Vec<Annotation> = group
                    .annotations
                    .iter()
                    .map(|a| annotation(a, scope, group.qualifier.as_ref()))
                    .collect();
                // Every overload named without a parameter list gets the annotations.
                let targets = match target {
                    Target::Operation(ids) => ids
                        .into_iter()
                        .map(|id| Target::Operation(vec![id]))
                        .collect(),
                    t => vec![t],
                };
                for t in targets {
                    if let Some(slot) = slot(model, t) {
                        if l.overlay {
                            slot.retain(|a| {
                                !list
                                    .iter()
                                    .any(|b| b.term == a.term && b.qualifier == a.qualifier)
                            });
                        }
                        slot.extend(list.iter().cloned());
                    }
                }
            }
        }
    }
}

/// A parsed annotation target: qualified head, optional parameter types, further segments.
struct TargetPath {
    head: String,
    params: Option<Vec<String>>,
    rest: Vec<String>,
}

/// `Head[(Param,…)][/rest…]` with the head qualified; an error message for malformed paths.
fn parse_target(target: &str, scope: &Scope) -> Result<TargetPath, String> {
    let target = target.trim();
    let (head, params, tail) = match target.find(['(', '/']) {
        Some(i) if target.as_bytes()[i] == b'(' => {
            let close = matching_paren(target, i).ok_or_else(|| {
                format!(
                    "malformed annotation target `{target}`: expected `)` after the parameter list"
                )
            })?;
            let list = &target[i + 1..close];
            let params: Vec<String> = if list.trim().is_empty() {
                vec![]
            } else {
                split_top_level(list)
                    .into_iter()
                    .map(|p| p.trim().to_owned())
                    .collect()
            };
            if params.iter().any(|p| p.is_empty() || p.contains(' ')) {
                return Err(format!(
                    "malformed annotation target `{target}`: expected comma-separated type names in the parameter list, found `({list})`"
                ));
            }
            let tail = &target[close + 1..];
            if !tail.is_empty() && !tail.starts_with('/') {
                return Err(format!(
                    "malformed annotation target `{target}`: expected `/` or the end after `)`"
                ));
            }
            (
                &target[..i],
                Some(params.iter().map(|p| qualify_type(p, scope)).collect()),
                tail.trim_start_matches('/'),
            )
        }
        Some(i) => (&target[..i], None, &target[i + 1..]),
        None => (target, None, ""),
    };
    if head.is_empty()
        || tail
            .split('/')
            .any(|seg| seg.is_empty() && !tail.is_empty())
    {
        return Err(format!(
            "malformed annotation target `{target}`: expected a qualified name followed by `/`-separated segments"
        ));
    }
    let rest = if tail.is_empty() {
        vec![]
    } else {
        tail.split('/').map(str::to_owned).collect()
    };
    Ok(TargetPath {
        head: scope.qualify(head),
        params,
        rest,
    })
}

/// The index of the `)` that closes the `(` at `open`.
fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `a,Collection(b),c` split at the commas outside parentheses.
fn split_top_level(list: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (vec![], 0i32, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&list[start..]);
    out
}

fn qualify_type(p: &str, scope: &Scope) -> String {
    match p
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(inner) => format!("Collection({})", scope.qualify(inner)),
        None => scope.qualify(p),
    }
}

fn find(model: &Model, head: &str, params: Option<&[String]>, rest: &[String]) -> Option<Target> {
    if let Some(i) = model.schemas.iter().position(|s| s.namespace == head) {
        return rest.is_empty().then_some(Target::Schema(i));
    }
    if let Some(id) = model.type_by_name(head) {
        return member(model, id, rest);
    }
    if let Some(c) = model
        .containers
        .iter()
        .position(|c| c.qualified_name() == head)
    {
        let container = &model.containers[c];
        let Some(first) = rest.first() else {
            return Some(Target::Container(c));
        };
        let found = if let Some(i) = container.entity_sets.iter().position(|s| &s.name == first) {
            Target::Set(c, i)
        } else if let Some(i) = container.singletons.iter().position(|s| &s.name == first) {
            Target::Singleton(c, i)
        } else if let Some(i) = container
            .operation_imports
            .iter()
            .position(|s| &s.name == first)
        {
            Target::Import(c, i)
        } else {
            return None;
        };
        return Some(if rest.len() == 1 {
            found
        } else {
            Target::Elsewhere
        });
    }
    let overloads: Vec<OperationId> = model
        .operations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.qualified_name() == head)
        .filter(|(_, o)| params.is_none_or(|p| binding_matches(model, o, p)))
        .map(|(i, _)| OperationId(i))
        .collect();
    if !overloads.is_empty() {
        return match rest {
            [] => Some(Target::Operation(overloads)),
            [r] if r == "$ReturnType" => Some(Target::Elsewhere),
            [p] => model.operations[overloads[0].0]
                .parameters
                .iter()
                .position(|x| &x.name == p)
                .map(|i| Target::Parameter(overloads[0], i)),
            _ => None,
        };
    }
    if let Some(i) = model
        .terms
        .iter()
        .position(|t| format!("{}.{}", t.namespace, t.name) == head)
    {
        return rest.is_empty().then_some(Target::Term(i));
    }
    None
}

/// Whether an overload's parameters match the types a target lists. CSDL identifies a
/// function overload by all its parameter types and an action overload by its binding
/// parameter's type alone (`NS.Act()` for an unbound action, as SAP CAP writes it); either
/// form is accepted for both kinds.
fn binding_matches(model: &Model, op: &Operation, params: &[String]) -> bool {
    let names: Vec<String> = op
        .parameters
        .iter()
        .map(|p| type_name(model, &p.ty))
        .collect();
    let binding = if op.is_bound {
        names.get(..1).unwrap_or_default()
    } else {
        &[]
    };
    names == params || binding == params
}

fn type_name(model: &Model, t: &TypeRef) -> String {
    let inner = match &t.ty {
        Type::Primitive(p) => format!("Edm.{}", p.edm_name()),
        Type::Named(id) => model.ty(*id).qualified_name(),
        Type::Opaque(n) => n.clone(),
    };
    if t.collection {
        format!("Collection({inner})")
    } else {
        inner
    }
}

/// A member of a type: property (possibly through complex properties), navigation
/// property or enum member; casts to derived types (`NS.Derived/Prop`) are followed.
fn member(model: &Model, id: TypeId, rest: &[String]) -> Option<Target> {
    let Some(first) = rest.first() else {
        return Some(Target::Type(id));
    };
    if let TypeKind::Enum(e) = &model.ty(id).kind {
        return (rest.len() == 1)
            .then(|| {
                e.members
                    .iter()
                    .position(|m| &m.name == first)
                    .map(|i| Target::Member(id, i))
            })
            .flatten();
    }
    if let Some(cast) = model.type_by_name(first)
        && model.ty(cast).structured().is_some()
    {
        return member(model, cast, &rest[1..]);
    }
    for owner in model.base_chain(id) {
        let s = model.ty(owner).structured()?;
        if let Some(i) = s.properties.iter().position(|p| &p.name == first) {
            if rest.len() == 1 {
                return Some(Target::Property(owner, i));
            }
            return match &s.properties[i].ty.ty {
                Type::Named(c) => member(model, *c, &rest[1..]).map(|t| {
                    if matches!(t, Target::Type(_)) {
                        Target::Elsewhere
                    } else {
                        t
                    }
                }),
                _ => None,
            };
        }
        if let Some(i) = s
            .navigation_properties
            .iter()
            .position(|n| &n.name == first)
        {
            return Some(if rest.len() == 1 {
                Target::Navigation(owner, i)
            } else {
                Target::Elsewhere
            });
        }
    }
    None
}

fn slot(model: &mut Model, target: Target) -> Option<&mut Vec<Annotation>> {
    fn st(model: &mut Model, id: TypeId) -> &mut StructuredType {
        match &mut model.types[id.0].kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => s,
            _ => unreachable!("member targets are structured types"),
        }
    }
    Some(match target {
        Target::Schema(i) => &mut model.schemas[i].annotations,
        Target::Type(id) => &mut model.types[id.0].annotations,
        Target::Property(id, i) => &mut st(model, id).properties[i].annotations,
        Target::Navigation(id, i) => &mut st(model, id).navigation_properties[i].annotations,
        Target::Member(id, i) => match &mut model.types[id.0].kind {
            TypeKind::Enum(e) => &mut e.members[i].annotations,
            _ => unreachable!("member targets are enums"),
        },
        Target::Operation(ids) => &mut model.operations[ids.first()?.0].annotations,
        Target::Parameter(op, i) => &mut model.operations[op.0].parameters[i].annotations,
        Target::Term(i) => &mut model.terms[i].annotations,
        Target::Container(c) => &mut model.containers[c].annotations,
        Target::Set(c, i) => &mut model.containers[c].entity_sets[i].annotations,
        Target::Singleton(c, i) => &mut model.containers[c].singletons[i].annotations,
        Target::Import(c, i) => &mut model.containers[c].operation_imports[i].annotations,
        Target::Elsewhere => return None,
    })
}
