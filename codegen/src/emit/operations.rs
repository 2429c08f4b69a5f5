//! Methods that call actions and functions: imports on the version's `Client`, operations
//! bound to an entity on entity requests, operations bound to a collection on collection
//! handles. Each returns the runtime's `OperationRequest` of the decoded return type.
//!
//! Parameters are typed: a function's primitive and enum parameters are URL literals
//! (`.param`), its complex, entity and collection parameters JSON in the parameter alias
//! (`.json_param`, as the URL conventions allow); an action's parameters are members of its
//! JSON body (`.body_param`). EDM values whose JSON form differs from serde's go through the
//! runtime's `Edm` wrapper.

use proc_macro2::{Span, TokenStream};
use quote::quote;

use super::client::self_convention_allow;
use super::docs::{deprecated, doc_attrs, item_doc_text_with};
use super::prelude::Std;
use super::{Ctx, syntax};
use crate::model::{Operation, OperationKind, Parameter, Primitive, Type, TypeKind, vocab};
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

/// The method for one operation overload, seen from `depth` below the version root, built as
/// a syntax tree from one parsed method (a large service has hundreds).
pub fn method(
    ctx: &Ctx<'_>,
    names: &ImportNames,
    depth: usize,
    binding: Binding<'_>,
) -> syn::Result<syn::ImplItem> {
    let rt = &ctx.rt;
    let op = &ctx.model.operations[names.operation.0];
    let is_function = matches!(op.kind, OperationKind::Function);
    let own = if op.is_bound {
        &op.parameters[1..]
    } else {
        &op.parameters[..]
    };
    let (out, send) = return_type(ctx, op, depth);
    let RequestStart {
        fallback,
        extra,
        mut body,
    } = request_start(ctx, op, &names.wire, binding, send)?;
    // Parameters, and the setter call each adds to the request.
    let mut inputs = Vec::new();
    for p in own {
        let (input, next) = parameter(ctx, &names.params[&p.name], p, is_function, depth, body)?;
        inputs.push(input);
        body = next;
    }
    let method = &names.method;
    let mut f = ctx.templates.method("operation", || {
        quote! {
            pub fn operation(&self) -> T {
                x
            }
        }
    })?;
    f.attrs = method_attrs(op, own, &fallback, extra, inputs.len(), method)?;
    f.sig.ident = method.ident();
    f.sig.inputs.extend(inputs);
    f.sig.output = syn::ReturnType::Type(
        Default::default(),
        Box::new(syntax::ty(quote!(#rt::OperationRequest<#out>))?),
    );
    f.block.stmts = vec![syn::Stmt::Expr(body, None)];
    Ok(syn::ImplItem::Fn(f))
}

/// What the request of `op` decodes (`()` without a return type), and the runtime method
/// that sends it: `send` for one entity or complex value, `send_value` for a collection or
/// a primitive or enum value (wrapped in `value`), `send_no_content` for nothing.
fn return_type(ctx: &Ctx<'_>, op: &Operation, depth: usize) -> (TokenStream, &'static str) {
    let Std { vec, .. } = &ctx.std;
    let rt = &ctx.rt;
    let Some(r) = &op.return_type else {
        return (quote!(()), "send_no_content");
    };
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

/// The start of an operation method: the request as `binding` reaches it, and the docs that
/// say so.
struct RequestStart {
    /// The doc line when the operation has no description.
    fallback: String,
    /// The paragraph that says where the operation is and how to send it.
    extra: String,
    /// The request, before parameters: from the client (imports, set-bound operations) or
    /// the request's runtime request.
    body: syn::Expr,
}

/// How the method of `op` (named `wire` on the wire), sent with `send`, starts its request.
fn request_start(
    ctx: &Ctx<'_>,
    op: &Operation,
    wire: &str,
    binding: Binding<'_>,
    send: &str,
) -> syn::Result<RequestStart> {
    let rt = &ctx.rt;
    let is_function = matches!(op.kind, OperationKind::Function);
    let constructor = if is_function { "function" } else { "action" };
    let kind = if is_function { "Function" } else { "Action" };
    let qualified = op.qualified_name();
    let collection = op.return_type.as_ref().is_some_and(|r| r.collection);
    let call = if collection {
        format!("`{send}()` (or `send_page()`, which keeps the next link)")
    } else {
        format!("`{send}()`")
    };
    Ok(match binding {
        Binding::Import => {
            let ctor = syn::Ident::new(constructor, Span::call_site());
            RequestStart {
                fallback: format!("{kind} import `{wire}` (`{qualified}`)."),
                extra: format!(
                    "{kind} import `{wire}` (`{qualified}`); call {call} on the request."
                ),
                body: syn::parse2(quote!(#rt::OperationRequest::#ctor(self.inner.clone(), #wire)))?,
            }
        }
        Binding::Set(set) => {
            let path = format!("{set}/{wire}");
            let ctor = syn::Ident::new(constructor, Span::call_site());
            RequestStart {
                fallback: format!("{kind} `{qualified}`, bound to the entity set."),
                extra: format!(
                    "{kind} `{qualified}` bound to the entity set (`{path}`); call {call} on the request."
                ),
                body: syn::parse2(
                    quote!(#rt::OperationRequest::#ctor(self.client.clone(), #path)),
                )?,
            }
        }
        Binding::Inner { what } => RequestStart {
            fallback: format!("{kind} `{qualified}`, bound to {what}."),
            extra: format!(
                "{kind} `{qualified}` bound to {what} (`{{path}}/{wire}`); call {call} on the request."
            ),
            body: syntax::inner_call(constructor, wire),
        },
    })
}

/// The attributes of the method of `op` with the parameters `own` (`inputs` of them as
/// arguments), named `method`: its docs (`fallback` without a description, then `extra` and
/// the optional parameters), deprecation, and the lints its shape trips.
fn method_attrs(
    op: &Operation,
    own: &[Parameter],
    fallback: &str,
    extra: String,
    inputs: usize,
    method: &crate::naming::RustName,
) -> syn::Result<Vec<syn::Attribute>> {
    let optional: Vec<String> = own
        .iter()
        .filter(|p| vocab::optional_parameter(&p.annotations))
        .map(|p| format!("`{}`", p.name))
        .collect();
    let mut paragraphs = vec![extra];
    if !optional.is_empty() {
        paragraphs.push(format!(
            "Optional parameters (`None` leaves them out and the service applies its default): {}.",
            optional.join(", ")
        ));
    }
    let mut attrs = doc_attrs(&item_doc_text_with(&op.annotations, fallback, &paragraphs));
    attrs.extend(syntax::attrs(deprecated(&op.annotations))?);
    if inputs + 1 > 7 {
        attrs.extend(syntax::attrs(quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per operation parameter")]))?);
    }
    attrs.extend(syntax::attrs(self_convention_allow(method))?);
    Ok(attrs)
}

/// One parameter of an operation method: its argument, and `request` with the call that
/// passes it. A function's primitive and enum parameters are URL literals (`.param`), its
/// other parameters JSON in the alias (`.json_param`); an action's are body members
/// (`.body_param`). A `Core.OptionalParameter` is an `Option` argument, left out of the
/// call when `None` (the runtime's `.optional`).
fn parameter(
    ctx: &Ctx<'_>,
    ident: &crate::naming::RustName,
    p: &Parameter,
    is_function: bool,
    depth: usize,
    request: syn::Expr,
) -> syn::Result<(syn::FnArg, syn::Expr)> {
    let Std { vec, option, .. } = &ctx.std;
    let rt = &ctx.rt;
    let optional = vocab::optional_parameter(&p.annotations);
    let literal = match &p.ty.ty {
        _ if p.ty.collection => None,
        Type::Primitive(Primitive::String) => Some(quote!(&str)),
        other => ctx.literal_type(other, depth),
    };
    // How the value is passed: by reference as a literal, wrapped in `Edm` when its JSON form
    // differs from serde's, or as it is.
    let (ty, setter, pass): (_, _, fn(&TokenStream, TokenStream) -> TokenStream) =
        match (is_function, literal) {
            (true, Some(ty)) => (ty, quote!(param), |_, v| quote!(&#v)),
            _ => {
                let scalar = ctx.scalar(&p.ty.ty, depth);
                let inner = scalar.tokens;
                let ty = if p.ty.collection {
                    quote!(#vec<#inner>)
                } else {
                    inner
                };
                let setter = if is_function {
                    quote!(json_param)
                } else {
                    quote!(body_param)
                };
                if scalar.edm {
                    (ty, setter, |rt, v| quote!(#rt::Edm(#v)))
                } else {
                    (ty, setter, |_, v| v)
                }
            }
        };
    let name = &p.name;
    let (ty, call) = if optional {
        let arg = pass(rt, quote!(value));
        (
            quote!(#option<#ty>),
            quote!(.optional(#ident, |request, value| request.#setter(#name, #arg))),
        )
    } else {
        let arg = pass(rt, quote!(#ident));
        (ty, quote!(.#setter(#name, #arg)))
    };
    let input = syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: ident.ident(),
            subpat: None,
        })),
        colon_token: Default::default(),
        ty: Box::new(syntax::ty(ty)?),
    });
    Ok((input, syn::parse2(quote!(#request #call))?))
}
