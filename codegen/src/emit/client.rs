//! The version's `Client`: wraps the runtime client, one accessor per entity set and singleton.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::docs::{deprecated, doc_lines, item_docs_with};
use crate::naming::names::SetNames;

/// The `Client` struct and its impl.
pub fn emit(ctx: &Ctx<'_>, sets: &[&SetNames]) -> TokenStream {
    let rt = &ctx.rt;
    let container = ctx.model.main_container();
    let service = container.map(|c| c.qualified_name()).unwrap_or_default();
    let mut accessors = Vec::new();
    for set in sets {
        let Some(source) = container.and_then(|c| {
            if set.singleton {
                c.singletons.iter().find(|s| s.name == set.wire)
            } else {
                c.entity_sets.iter().find(|s| s.name == set.wire)
            }
        }) else {
            continue;
        };
        let module = &set.module;
        let handle = &set.handle;
        let kind = if set.singleton {
            "Singleton"
        } else {
            "Entity set"
        };
        let docs = item_docs_with(
            &source.annotations,
            &format!("{kind} `{}`.", set.wire),
            &[format!("{kind} `{}`.", set.wire)],
        );
        let dep = deprecated(&source.annotations);
        let cfg = if ctx.options.feature_per_entity_set {
            let feature = crate::naming::ident::unraw(&module.to_string()).to_owned();
            quote!(#[cfg(feature = #feature)])
        } else {
            TokenStream::new()
        };
        let allow = self_convention_allow(module);
        accessors.push(quote! {
            #docs
            #dep
            #cfg
            #allow
            pub fn #module(&self) -> #module::#handle {
                #module::#handle::new(self.inner.clone())
            }
        });
    }
    for import in &ctx.names.imports {
        accessors.extend(operation(ctx, import));
    }
    let (api_const, new_doc) = match &ctx.options.api_version {
        Some(v) => (
            quote! {
                /// The `api-version` this client was generated for.
                pub const API_VERSION: &'static str = #v;
            },
            doc_lines(&[
                "Wraps a configured runtime client.".to_owned(),
                String::new(),
                format!(
                    "It must send `api-version={v}` ([`Self::API_VERSION`]): configure the runtime client builder"
                ),
                format!(
                    "with `.query_param(\"api-version\", Client::API_VERSION)`, or put `?api-version={v}` in the service root URL."
                ),
            ]),
        ),
        None => (
            TokenStream::new(),
            doc_lines(&["Wraps a configured runtime client.".to_owned()]),
        ),
    };
    let client_doc = doc_lines(&[
        format!("Client for the service `{service}` (generated from `{}`).", ctx.options.source_name),
        String::new(),
        "Cheap to clone; every accessor returns the request surface of one entity set or singleton.".to_owned(),
    ]);
    quote! {
        #client_doc
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        pub struct Client {
            inner: #rt::Client,
        }

        impl Client {
            #api_const

            #new_doc
            pub fn new(inner: #rt::Client) -> Self {
                Self { inner }
            }

            /// The runtime client.
            pub fn runtime(&self) -> &#rt::Client {
                &self.inner
            }

            #(#accessors)*
        }
    }
}

/// `#[allow(clippy::wrong_self_convention)]` for a `&self` method whose name clippy reads as
/// a conversion (`from_*`, `into_*`), with the reason.
pub fn self_convention_allow(ident: &syn::Ident) -> TokenStream {
    let text = ident.to_string();
    let text = crate::naming::ident::unraw(&text);
    if text.starts_with("from_") || text.starts_with("into_") {
        quote!(#[allow(clippy::wrong_self_convention, reason = "the name is the service's, not a conversion")])
    } else {
        TokenStream::new()
    }
}

/// A client method for one imported operation overload, or `None` when a parameter has no
/// representation yet (a function parameter that is not a URL literal).
fn operation(ctx: &Ctx<'_>, import: &crate::naming::names::ImportNames) -> Option<TokenStream> {
    use crate::model::{OperationKind, Primitive, Type, TypeKind};
    let rt = &ctx.rt;
    let op = &ctx.model.operations[import.operation.0];
    let is_function = matches!(op.kind, OperationKind::Function);
    let wire = &import.wire;
    let mut params = Vec::new();
    let mut calls = Vec::new();
    for p in &op.parameters {
        let ident = &import.params[&p.name];
        let name = &p.name;
        if is_function {
            if p.ty.collection {
                return None;
            }
            let ty = match &p.ty.ty {
                Type::Primitive(Primitive::String) => quote!(&str),
                other => ctx.literal_type(other, 0)?,
            };
            params.push(quote!(#ident: #ty));
            calls.push(quote!(.param(#name, &#ident)));
        } else {
            let scalar = ctx.scalar(&p.ty.ty, 0);
            let inner = scalar.tokens;
            let ty = if p.ty.collection {
                quote!(::std::vec::Vec<#inner>)
            } else {
                inner
            };
            params.push(quote!(#ident: #ty));
            if scalar.edm {
                calls.push(quote!(.body_param(#name, #rt::Edm(#ident))));
            } else {
                calls.push(quote!(.body_param(#name, #ident)));
            }
        }
    }
    let (out, send) = match &op.return_type {
        None => (quote!(()), "send_no_content"),
        Some(r) => {
            let scalar = ctx.scalar(&r.ty, 0);
            let element = if scalar.edm {
                let t = scalar.tokens;
                quote!(#rt::Edm<#t>)
            } else {
                scalar.tokens
            };
            let structured = matches!(&r.ty, Type::Named(t) if matches!(ctx.model.ty(*t).kind, TypeKind::Entity(_) | TypeKind::Complex(_)));
            match (r.collection, structured) {
                (true, _) => (quote!(::std::vec::Vec<#element>), "send_value"),
                (false, true) => (element, "send"),
                (false, false) => (element, "send_value"),
            }
        }
    };
    let kind = if is_function { "Function" } else { "Action" };
    let constructor = if is_function {
        quote!(function)
    } else {
        quote!(action)
    };
    let docs = item_docs_with(
        &op.annotations,
        &format!("{kind} import `{wire}` (`{}`).", op.qualified_name()),
        &[format!(
            "{kind} import `{wire}` (`{}`); call `{send}()` on the request.",
            op.qualified_name()
        )],
    );
    let method = &import.method;
    let allow_args = (params.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per operation parameter")]));
    let allow_self = self_convention_allow(method);
    Some(quote! {
        #docs
        #allow_args
        #allow_self
        pub fn #method(&self, #(#params),*) -> #rt::OperationRequest<#out> {
            #rt::OperationRequest::#constructor(self.inner.clone(), #wire) #(#calls)*
        }
    })
}
