//! The version's `Client`: wraps the runtime client, one accessor per entity set and singleton.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::docs::{deprecated, doc_lines, item_doc_text, item_docs_with};
use super::prelude::Std;
use crate::model::Container;
use crate::naming::names::SetNames;

/// The `Client` struct and its impl.
pub fn emit(ctx: &Ctx<'_>, sets: &[&SetNames]) -> syn::Result<TokenStream> {
    let rt = &ctx.rt;
    let container = ctx.model.main_container();
    let mut accessors: Vec<TokenStream> = sets
        .iter()
        .filter_map(|set| set_accessor(ctx, container?, set))
        .collect();
    for import in &ctx.names.imports {
        accessors.push(super::operations::method(
            ctx,
            import,
            0,
            super::operations::Binding::Import,
        ));
    }
    let (api_const, new_doc) = api_version_items(ctx);
    let builder = builder(ctx);
    let client_doc = client_doc(ctx, container);
    Ok(quote! {
        /// The runtime crate, for what this module does not re-export.
        pub use #rt::runtime;
        pub use #rt::{ClientCredentials, Error, Expanded, Page};

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: #rt::Client,
        }

        impl Client {
            #api_const

            #builder

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
    })
}

/// The accessor of entity set or singleton `set` of `container`, or `None` when the
/// container does not declare it.
fn set_accessor(ctx: &Ctx<'_>, container: &Container, set: &SetNames) -> Option<TokenStream> {
    let source = if set.singleton {
        container.singletons.iter().find(|s| s.name == set.wire)
    } else {
        container.entity_sets.iter().find(|s| s.name == set.wire)
    }?;
    let module = &set.module;
    let handle = &set.handle;
    let kind = super::entity_set::set_kind(set);
    let docs = item_docs_with(
        &source.annotations,
        &format!("{kind} `{}`.", set.wire),
        &[format!("{kind} `{}`.", set.wire)],
    );
    let dep = deprecated(&source.annotations);
    let cfg = if ctx.options.feature_per_entity_set {
        let feature = module.unraw().to_owned();
        quote!(#[cfg(feature = #feature)])
    } else {
        TokenStream::new()
    };
    let allow = self_convention_allow(module);
    Some(quote! {
        #docs
        #dep
        #cfg
        #allow
        pub fn #module(&self) -> #module::#handle {
            #module::#handle::new(self.inner.clone())
        }
    })
}

/// The docs of the `Client`: what it is for, then the container's own description (what
/// the service is, how far its document can be trusted).
fn client_doc(ctx: &Ctx<'_>, container: Option<&Container>) -> TokenStream {
    let service = container.map(|c| c.qualified_name()).unwrap_or_default();
    let mut lines = vec![
        format!(
            "Client for the service `{service}` (generated from `{}`).",
            ctx.options.source_name
        ),
        String::new(),
        "Cheap to clone; every accessor returns the request surface of one entity set or singleton.".to_owned(),
    ];
    let described = item_doc_text(container.map_or(&[][..], |c| &c.annotations[..]), "");
    if described != [""] {
        lines.push(String::new());
        lines.extend(described);
    }
    doc_lines(&lines)
}

/// The name of the `api-version` query option as the service declares it, if it does.
fn api_version_name(ctx: &Ctx<'_>) -> String {
    ctx.model
        .main_container()
        .map(|c| crate::model::vocab::custom_query_options(&c.annotations))
        .unwrap_or_default()
        .into_iter()
        .find(|o| o.name.eq_ignore_ascii_case("api-version"))
        .map_or_else(|| "api-version".to_owned(), |o| o.name)
}

/// `API_VERSION` when the client was generated for one, and the docs of `Client::new`.
fn api_version_items(ctx: &Ctx<'_>) -> (TokenStream, TokenStream) {
    let Some(v) = &ctx.options.api_version else {
        return (
            TokenStream::new(),
            doc_lines(&["Wraps a configured runtime client (see [`Client::builder`]).".to_owned()]),
        );
    };
    let name = api_version_name(ctx);
    (
        quote! {
            /// The `api-version` this client was generated for.
            pub const API_VERSION: &'static str = #v;
        },
        doc_lines(&[
            "Wraps a configured runtime client.".to_owned(),
            String::new(),
            format!(
                "It must send `{name}={v}` ([`Self::API_VERSION`]), as [`Client::builder`] sees to: configure"
            ),
            format!(
                "a runtime client builder with `.query_param(\"{name}\", Client::API_VERSION)`, or put `?{name}={v}` in the service root URL."
            ),
        ]),
    )
}

/// `Client::builder(service_root)`: the runtime's typed builder, which builds this `Client`
/// (and sends the `api-version` the client was generated for, if any).
fn builder(ctx: &Ctx<'_>) -> TokenStream {
    let Std { as_ref, .. } = &ctx.std;
    let rt = &ctx.rt;
    let mut lines = vec![
        "Starts configuring a client for the service at `service_root`: add credentials and other"
            .to_owned(),
        "settings, then `build()` it (`Client::builder(url).bearer_token(token).build()?`)."
            .to_owned(),
    ];
    let mut runtime = quote!(#rt::Client::builder(service_root));
    if let Some(v) = &ctx.options.api_version {
        let name = api_version_name(ctx);
        lines.push(format!(
            "It sends `{name}={v}` ([`Self::API_VERSION`]) on every request, next links included."
        ));
        runtime = quote!(#runtime.query_param(#name, Self::API_VERSION));
    }
    let doc = doc_lines(&lines);
    quote! {
        #doc
        pub fn builder(service_root: impl #as_ref<str>) -> #rt::TypedClientBuilder<Self> {
            #rt::TypedClientBuilder::new(#runtime, Self::new)
        }
    }
}

/// `#[allow(clippy::wrong_self_convention)]` for a `&self` method whose name clippy reads as
/// a conversion (`from_*`, `into_*`), with the reason.
pub fn self_convention_allow(ident: &crate::naming::RustName) -> TokenStream {
    let text = ident.unraw();
    if text.starts_with("from_") || text.starts_with("into_") {
        quote!(#[allow(clippy::wrong_self_convention, reason = "the name is the service's, not a conversion")])
    } else {
        TokenStream::new()
    }
}
