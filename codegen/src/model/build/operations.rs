//! Pass 7: terms, actions and functions. Parameter and return types resolve against the
//! type index; a repeated parameter name keeps its first declaration, and a bound operation
//! without parameters is left out (nothing says what it is bound to).

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Span};
use crate::model::load::Loaded;
use crate::model::names::{Scope, TypeTable};
use crate::model::{Model, Operation, Parameter, Term};
use crate::reader::csdl;

use super::inline::annotations;

/// Terms and operations of every schema, in document order.
pub(super) fn resolve_operations(
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
                if let Some(operation) = operation(o, &s.namespace, l.is_main, scope, table, diags)
                {
                    model.operations.push(operation);
                }
            }
        }
    }
}

/// One action or function of schema `namespace`, unless it is bound and has no parameters.
fn operation(
    o: &csdl::Operation,
    namespace: &str,
    is_main: bool,
    scope: &Scope,
    table: &TypeTable<'_>,
    diags: &mut Diagnostics,
) -> Option<Operation> {
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
    drop_repeated_parameters(o, &mut parameters, diags);
    if o.is_bound && parameters.is_empty() {
        // Nothing says what it is bound to, so no request can call it.
        diags.warning(
            &o.span,
            format!(
                "bound operation `{}` needs a binding parameter, found no parameters; it is left out",
                o.name
            ),
        );
        return None;
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
    Some(Operation {
        kind: o.kind,
        namespace: namespace.to_owned(),
        name: o.name.clone(),
        is_main,
        is_bound: o.is_bound,
        is_composable: o.is_composable,
        parameters,
        return_type,
        annotations: annotations(&o.annotations, scope),
    })
}

/// Invalid, but shipped: of repeated names, the first keeps its parameter, as a URL could
/// pass only one value for the name. A bound operation's binding parameter never appears in
/// a URL, so one repeating its name is kept (an OData test model binds `p1` and passes
/// another `p1`).
fn drop_repeated_parameters(
    o: &csdl::Operation,
    parameters: &mut Vec<Parameter>,
    diags: &mut Diagnostics,
) {
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
        let what = if binding {
            "kept: the binding parameter is not passed"
        } else {
            "ignored"
        };
        diags.warning(
            &p.span,
            format!(
                "duplicate parameter `{}` in operation `{}` (first declared at {at}); {what}",
                p.name, o.name
            ),
        );
        if binding {
            seen.insert(p.name.clone(), (i, p.span.clone()));
        }
        binding
    });
}
