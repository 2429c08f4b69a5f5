//! Inline annotations, qualified where each pass meets them: terms, record types and enum
//! members written with an alias are stored with their namespace, so later readers (the
//! vocabulary readers, the emitter) compare names without knowing the document's aliases.

use crate::model::names::Scope;
use crate::model::{Annotation, ConstKind, Expr, Record};
use crate::reader::csdl;

/// Inline annotations with their terms, record types and enum members qualified.
pub(super) fn annotations(list: &[csdl::Annotation], scope: &Scope) -> Vec<Annotation> {
    list.iter().map(|a| annotation(a, scope, None)).collect()
}

/// One annotation, qualified; `qualifier` is that of the enclosing `<Annotations>` element,
/// which applies when the annotation names none of its own.
pub(in crate::model) fn annotation(
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

/// An expression with its enum members and record types qualified.
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
