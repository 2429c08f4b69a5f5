//! Methods that call actions and functions: imports on the version's `Client`, operations
//! bound to an entity on entity requests, operations bound to a collection on collection
//! handles. Each returns the runtime's `OperationRequest` of the decoded return type.
//!
//! Parameters are typed: a function's primitive and enum parameters are URL literals
//! (`.param`), its complex, entity and collection parameters JSON in the parameter alias
//! (`.json_param`, as the URL conventions allow); an action's parameters are members of its
//! JSON body (`.body_param`). EDM values whose JSON form differs from serde's go through the
//! runtime's `Edm` wrapper.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Ctx;
use super::client::self_convention_allow;
use super::docs::{deprecated, doc_lines, item_doc_text_with};
use super::prelude::Std;
use crate::model::{Operation, OperationKind, Parameter, Primitive, Type, TypeKind, vocab};
use crate::naming::RustName;
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
    let rt = &ctx.rt;
    let op = &ctx.model.operations[names.operation.0];
    let is_function = matches!(op.kind, OperationKind::Function);
    let own = if op.is_bound {
        &op.parameters[1..]
    } else {
        &op.parameters[..]
    };
    let (out, send) = return_type(ctx, op, depth);
    let RequestStart { line, start } = request_start(ctx, op, &names.wire, binding, send);
    // Parameters, and the setter call each adds to the request.
    let (inputs, calls): (Vec<_>, Vec<_>) = own
        .iter()
        .map(|p| parameter(ctx, &names.params[&p.name], p, is_function, depth))
        .unzip();
    let method = &names.method;
    let attrs = method_attrs(op, own, line, inputs.len(), method);
    quote! {
        #attrs
        pub fn #method(&self, #(#inputs),*) -> #rt::OperationRequest<#out> {
            #start #(#calls)*
        }
    }
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

/// The start of an operation method: the request as `binding` reaches it, and the doc line
/// that says so.
struct RequestStart {
    /// The line naming the operation, its path and how to send its request.
    line: String,
    /// The request, before parameters: from the client (imports, set-bound operations) or
    /// the request's runtime request.
    start: TokenStream,
}

/// How the method of `op` (named `wire` on the wire), sent with `send`, starts its request.
fn request_start(
    ctx: &Ctx<'_>,
    op: &Operation,
    wire: &str,
    binding: Binding<'_>,
    send: &str,
) -> RequestStart {
    let rt = &ctx.rt;
    let is_function = matches!(op.kind, OperationKind::Function);
    let constructor = Ident::new(
        if is_function { "function" } else { "action" },
        Span::call_site(),
    );
    let kind = if is_function { "Function" } else { "Action" };
    let qualified = op.qualified_name();
    let collection = op.return_type.as_ref().is_some_and(|r| r.collection);
    let call = if collection {
        format!("`{send}()` (or `send_page()`, which keeps the next link)")
    } else {
        format!("`{send}()`")
    };
    let (line, start) = match binding {
        Binding::Import => (
            format!("{kind} import `{wire}` (`{qualified}`)"),
            quote!(#rt::OperationRequest::#constructor(self.inner.clone(), #wire)),
        ),
        Binding::Set(set) => {
            let path = format!("{set}/{wire}");
            (
                format!("{kind} `{qualified}` bound to the entity set, at `{path}`"),
                quote!(#rt::OperationRequest::#constructor(self.client.clone(), #path)),
            )
        }
        Binding::Inner { what } => (
            format!("{kind} `{qualified}` bound to {what}, at `{{path}}/{wire}`"),
            quote!(self.inner.#constructor(#wire)),
        ),
    };
    RequestStart {
        line: format!("{line}: call {call} on the request."),
        start,
    }
}

/// The attributes of the method of `op` with the parameters `own` (`inputs` of them as
/// arguments), named `method`: its docs (the description, if any, then `line` and the
/// optional parameters), deprecation, and the lints its shape trips.
fn method_attrs(
    op: &Operation,
    own: &[Parameter],
    line: String,
    inputs: usize,
    method: &RustName,
) -> TokenStream {
    let optional: Vec<String> = own
        .iter()
        .filter(|p| vocab::optional_parameter(&p.annotations))
        .map(|p| format!("`{}`", p.name))
        .collect();
    let mut paragraph = vec![line];
    if !optional.is_empty() {
        paragraph.push(format!(
            "Optional parameters (`None` leaves them out and the service applies its default): {}.",
            optional.join(", ")
        ));
    }
    // Without a description, `line` alone opens the docs (`item_doc_text_with` drops a
    // fallback its paragraph repeats).
    let docs = doc_lines(&item_doc_text_with(
        &op.annotations,
        &paragraph[0],
        &paragraph,
    ));
    let deprecated = deprecated(&op.annotations);
    let too_many = (inputs + 1 > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per operation parameter")])
    });
    let allow = self_convention_allow(method);
    quote!(#docs #deprecated #too_many #allow)
}

/// One parameter of an operation method: its argument, and the call on the request that
/// passes it. A function's primitive and enum parameters are URL literals (`.param`), its
/// other parameters JSON in the alias (`.json_param`); an action's are body members
/// (`.body_param`). A `Core.OptionalParameter` is an `Option` argument, left out of the
/// call when `None` (the runtime's `.optional`).
fn parameter(
    ctx: &Ctx<'_>,
    ident: &RustName,
    p: &Parameter,
    is_function: bool,
    depth: usize,
) -> (TokenStream, TokenStream) {
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
    (quote!(#ident: #ty), call)
}
