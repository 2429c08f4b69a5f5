//! Methods that call actions and functions: imports on the version's `Client`, operations
//! bound to an entity on entity requests, operations bound to a collection on collection
//! handles. Each returns the runtime's `OperationRequest` of the decoded return type.
//!
//! Parameters are typed: a function's primitive and enum parameters are URL literals
//! (`.param`), its complex, entity and collection parameters JSON in the parameter alias
//! (`.json_param`, as the URL conventions allow); an action's parameters are members of its
//! JSON body (`.body_param`). EDM values whose JSON form differs from serde's go through the
//! runtime's `Edm` wrapper.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::client::self_convention_allow;
use super::docs::{deprecated, item_docs_with};
use super::prelude::Std;
use crate::model::{OperationKind, Primitive, Type, TypeKind};
use crate::naming::names::ImportNames;

/// How a method reaches its operation.
pub enum Binding<'a> {
    /// An operation import, on the `Client` (whose runtime client is `self.inner`).
    Import,
    /// Bound to an entity set, on its handle (whose runtime client is `self.client`):
    /// the static path of the collection, e.g. `products`.
    Set(&'a str),
    /// Bound to what the request's runtime request (`self.inner`) addresses.
    Inner {
        /// `"an entity"` or `"a collection"`, for docs.
        what: &'static str,
    },
}

/// The method for one operation overload, seen from `depth` below the version root.
pub fn method(
    ctx: &Ctx<'_>,
    names: &ImportNames,
    depth: usize,
    binding: Binding<'_>,
) -> TokenStream {
    let Std { vec, .. } = &ctx.std;
    let rt = &ctx.rt;
    let op = &ctx.model.operations[names.operation.0];
    let is_function = matches!(op.kind, OperationKind::Function);
    let wire = &names.wire;
    let own = if op.is_bound {
        &op.parameters[1..]
    } else {
        &op.parameters[..]
    };
    let mut params = Vec::new();
    let mut calls = Vec::new();
    for p in own {
        let ident = &names.params[&p.name];
        let name = &p.name;
        let literal = match &p.ty.ty {
            _ if p.ty.collection => None,
            Type::Primitive(Primitive::String) => Some(quote!(&str)),
            other => ctx.literal_type(other, depth),
        };
        if let (true, Some(ty)) = (is_function, literal) {
            params.push(quote!(#ident: #ty));
            calls.push(quote!(.param(#name, &#ident)));
            continue;
        }
        let scalar = ctx.scalar(&p.ty.ty, depth);
        let inner = scalar.tokens;
        let ty = if p.ty.collection {
            quote!(#vec<#inner>)
        } else {
            inner
        };
        params.push(quote!(#ident: #ty));
        let setter = if is_function {
            quote!(json_param)
        } else {
            quote!(body_param)
        };
        if scalar.edm {
            calls.push(quote!(.#setter(#name, #rt::Edm(#ident))));
        } else {
            calls.push(quote!(.#setter(#name, #ident)));
        }
    }
    let (out, send) = match &op.return_type {
        None => (quote!(()), "send_no_content"),
        Some(r) => {
            let structured = match &r.ty {
                Type::Named(t)
                    if ctx.names.emitted.contains(t) && ctx.model.ty(*t).structured().is_some() =>
                {
                    Some(*t)
                }
                _ => None,
            };
            let scalar = ctx.scalar(&r.ty, depth);
            let element = match structured {
                Some(t) => ctx.decoded_item(t, depth),
                None if scalar.edm => {
                    let t = scalar.tokens;
                    quote!(#rt::Edm<#t>)
                }
                None => scalar.tokens,
            };
            let structured = matches!(&r.ty, Type::Named(t) if matches!(ctx.model.ty(*t).kind, TypeKind::Entity(_) | TypeKind::Complex(_)));
            match (r.collection, structured) {
                (true, _) => (quote!(#vec<#element>), "send_value"),
                (false, true) => (element, "send"),
                (false, false) => (element, "send_value"),
            }
        }
    };
    let collection = op.return_type.as_ref().is_some_and(|r| r.collection);
    let call = if collection {
        format!("`{send}()` (or `send_page()`, which keeps the next link)")
    } else {
        format!("`{send}()`")
    };
    let kind = if is_function { "Function" } else { "Action" };
    let constructor = if is_function {
        quote!(function)
    } else {
        quote!(action)
    };
    let qualified = op.qualified_name();
    let (fallback, extra, receiver) = match binding {
        Binding::Import => (
            format!("{kind} import `{wire}` (`{qualified}`)."),
            format!("{kind} import `{wire}` (`{qualified}`); call {call} on the request."),
            quote!(#rt::OperationRequest::#constructor(self.inner.clone(), #wire)),
        ),
        Binding::Set(set) => {
            let path = format!("{set}/{wire}");
            (
                format!("{kind} `{qualified}`, bound to the entity set."),
                format!(
                    "{kind} `{qualified}` bound to the entity set (`{path}`); call {call} on the request."
                ),
                quote!(#rt::OperationRequest::#constructor(self.client.clone(), #path)),
            )
        }
        Binding::Inner { what } => (
            format!("{kind} `{qualified}`, bound to {what}."),
            format!(
                "{kind} `{qualified}` bound to {what} (`{{path}}/{wire}`); call {call} on the request."
            ),
            quote!(self.inner.#constructor(#wire)),
        ),
    };
    let docs = item_docs_with(&op.annotations, &fallback, &[extra]);
    let dep = deprecated(&op.annotations);
    let method = &names.method;
    let allow_args = (params.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per operation parameter")]));
    let allow_self = self_convention_allow(method);
    quote! {
        #docs
        #dep
        #allow_args
        #allow_self
        pub fn #method(&self, #(#params),*) -> #rt::OperationRequest<#out> {
            #receiver #(#calls)*
        }
    }
}
