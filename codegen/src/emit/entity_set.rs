//! One module per entity set or singleton: a handle with `list`/`get`, the request types with
//! only the query options the service allows (`$select`, `$orderby`, `$top`, `$skip`,
//! `$count`, `$search`, `$expand`, each as the set's `Capabilities` annotations say), and a
//! typed `$filter` builder limited to the properties it may name.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, item_docs_with};
use super::prelude::Std;
use super::{Body, Ctx, EmitError, Module, requests, syntax};
use crate::model::vocab::Capabilities;
use crate::model::{EntitySet, Primitive, Type, TypeId, TypeKind};
use crate::naming::ident::unraw;
use crate::naming::names::SetNames;

/// The module of the entity set or singleton `ctx.names.sets[index]`, its body not yet emitted.
pub fn layout(ctx: &Ctx<'_>, index: usize) -> Module {
    let set = &ctx.names.sets[index];
    let kind = if set.singleton {
        "Singleton"
    } else {
        "Entity set"
    };
    let mut attrs = doc_lines(&[format!("{kind} `{}`: its request surface.", set.wire)]);
    if ctx.options.feature_per_entity_set {
        let feature = unraw(&set.module.to_string()).to_owned();
        attrs.extend(quote!(#[cfg(feature = #feature)]));
    }
    Module {
        name: set.module.clone(),
        public: true,
        attrs,
        body: Body::Set(index),
        children: vec![],
    }
}

/// The body of the module of `set`.
pub fn items(ctx: &Ctx<'_>, set: &SetNames) -> Result<Vec<syn::Item>, EmitError> {
    let ctx = &ctx.scoped(&[&set.handle]);
    let Std {
        result,
        string,
        into_iterator,
        send,
        ..
    } = &ctx.std;
    let container = ctx.model.main_container().ok_or(EmitError::NoContainer)?;
    let source: &EntitySet = if set.singleton {
        container.singletons.iter().find(|s| s.name == set.wire)
    } else {
        container.entity_sets.iter().find(|s| s.name == set.wire)
    }
    .ok_or(EmitError::NoContainer)?;
    let caps = Capabilities::of_set(&container.annotations, &source.annotations);

    let rt = &ctx.rt;
    let model = ctx.model;
    let t = source.entity_type;
    let entity = ctx.decoded_item(t, 1);
    let entity_name = unraw(&ctx.names.ty(t).rust.to_string()).to_owned();
    let field_enum = ctx
        .names
        .ty(t)
        .field_enum
        .as_ref()
        .map(|f| ctx.models_item(t, f, 1));
    let handle = &set.handle;
    let wire = &set.wire;
    let kind = if set.singleton {
        "Singleton"
    } else {
        "Entity set"
    };
    let props = model.all_properties(t);

    // Key parameters.
    let key = model.key(t);
    let (key_params, key_pairs, key_ok) = match requests::key_params(ctx, t, 1) {
        Some((params, pairs)) => (params, pairs, true),
        None => (vec![], vec![], false),
    };

    let mut handle_methods = Vec::new();
    // Built methods for the `set_methods!();` and `entity_methods!();` slots, when emitted.
    let mut set_methods = None;
    let mut entity_methods = None;
    if set.singleton {
        handle_methods.push(quote! {
            /// Reads the singleton.
            pub fn get(&self) -> GetRequest {
                GetRequest { inner: #rt::EntityRequest::new(self.client.clone(), #string::from(#wire)) }
            }
        });
    } else {
        let list_doc = doc_lines(&[format!("Lists the entities of the set: `GET {wire}`.")]);
        handle_methods.push(quote! {
            #list_doc
            pub fn list(&self) -> ListRequest {
                ListRequest { inner: #rt::CollectionRequest::new(self.client.clone(), #string::from(#wire)) }
            }
        });
        if key_ok && caps.indexable_by_key {
            let names: Vec<String> = key.iter().map(|k| k.name().to_owned()).collect();
            let get_doc = doc_lines(&[format!(
                "Reads one entity by its key ({}): `GET {wire}(...)`.",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )]);
            let allow = (key_params.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per key property")]));
            handle_methods.push(quote! {
                #get_doc
                #allow
                pub fn get(&self, #(#key_params),*) -> GetRequest {
                    GetRequest { inner: #rt::EntityRequest::new(self.client.clone(), #rt::key_path(#wire, &[#(#key_pairs),*])) }
                }
            });
        }
        let mut built = requests::collection_operations(ctx, t, 1, Some(wire))?;
        built.extend(requests::cast_methods(
            ctx,
            t,
            1,
            requests::CastOn::Set(wire),
        )?);
        set_methods = Some(built);
        handle_methods.push(quote!(set_methods!();));
    }
    // $expand: every navigation property through the type's enum, or those the set allows
    // through its own `ExpandField` when `NonExpandableProperties` names some.
    let navs = model.all_navigation_properties(t);
    let expandable: Vec<_> = navs.iter().filter(|n| caps.can_expand(&n.name)).collect();
    let restricted = expandable.len() < navs.len();
    let expand = if expandable.is_empty() {
        TokenStream::new()
    } else if restricted {
        requests::expand_methods_over(ctx, &quote!(ExpandField), caps.nested_expand())
    } else {
        requests::expand_methods(ctx, t, 1, caps.nested_expand())
    };

    // Typed $filter paths.
    let filter_methods = if caps.filterable {
        requests::filter_methods(ctx, t, 1, &|name| {
            caps.can_filter(name)
                .then(|| caps.filter_expressions.get(name).copied())
        })?
    } else {
        vec![]
    };
    let restricted_filter = props
        .iter()
        .any(|p| caps.can_filter(&p.name) && caps.filter_expressions.contains_key(&p.name));
    // Typed $orderby properties.
    let sortable: Vec<_> = if caps.sortable && !set.singleton {
        props
            .iter()
            .filter(|p| caps.can_sort(&p.name) && !p.ty.collection)
            .filter(|p| !matches!(&p.ty.ty, Type::Named(n) if matches!(model.ty(*n).kind, TypeKind::Entity(_) | TypeKind::Complex(_))))
            .collect()
    } else {
        vec![]
    };

    let mut items = Vec::new();
    let set_docs = item_docs_with(
        &source.annotations,
        &format!("{kind} `{wire}`."),
        &[format!(
            "{kind} `{wire}` of [`{entity_name}`]({}) entities.",
            requests::path_doc(&ctx.type_path(t, 1))
        )],
    );
    items.push(quote! {
        #set_docs
        #[derive(Clone, Debug)]
        pub struct #handle {
            client: #rt::Client,
        }

        impl #handle {
            /// Wraps a runtime client (normally reached through the version's `Client`).
            pub fn new(client: #rt::Client) -> Self {
                Self { client }
            }

            #(#handle_methods)*
        }
    });

    let select_method = |request: TokenStream| match (&field_enum, caps.select && !props.is_empty())
    {
        (Some(f), true) => quote! {
            /// `$select`: only these properties (and the key) are returned; the others are `None`.
            pub fn select(self, fields: impl #into_iterator<Item = #f>) -> Self {
                #request { inner: self.inner.select_keyed(fields.into_iter().map(#f::as_str), #f::KEY) }
            }
        },
        _ => TokenStream::new(),
    };

    if !set.singleton {
        let mut methods = vec![select_method(quote!(ListRequest))];
        if !filter_methods.is_empty() {
            let allowed: Vec<String> = props
                .iter()
                .filter(|p| caps.can_filter(&p.name))
                .map(|p| format!("`{}`", p.name))
                .collect();
            let mut lines = vec![
                format!(
                    "`$filter`, built from the properties the service allows: {}.",
                    allowed.join(", ")
                ),
                String::new(),
                "Calling it again combines the filters with `and`.".to_owned(),
            ];
            if restricted_filter {
                lines.push(String::new());
                lines.extend(RESTRICTED_FILTER_DOC.iter().map(|l| (*l).to_owned()));
            }
            let doc = doc_lines(&lines);
            methods.push(filter_method(ctx, &doc, restricted_filter));
        }
        if !sortable.is_empty() {
            methods.push(quote! {
                /// `$orderby`: sorts by `field`, descending when `descending`; call again for
                /// further sort keys.
                pub fn order_by(self, field: SortField, descending: bool) -> Self {
                    ListRequest { inner: self.inner.order_by(field.as_str(), descending) }
                }
            });
        }
        if caps.top {
            methods.push(quote! {
                /// `$top`: at most `n` entities in all.
                pub fn top(self, n: u64) -> Self {
                    ListRequest { inner: self.inner.top(n) }
                }
            });
        }
        if caps.skip {
            methods.push(quote! {
                /// `$skip`: skips the first `n` entities.
                pub fn skip(self, n: u64) -> Self {
                    ListRequest { inner: self.inner.skip(n) }
                }
            });
        }
        if caps.countable {
            methods.push(quote! {
                /// `$count=true`: asks for the total count along with the first page.
                pub fn inline_count(self, yes: bool) -> Self {
                    ListRequest { inner: self.inner.inline_count(yes) }
                }
            });
        }
        if caps.searchable {
            methods.push(quote! {
                /// `$search`: free-text search, in the service's own syntax (the set's
                /// `SearchRestrictions` do not forbid it).
                pub fn search(self, text: &str) -> Self {
                    ListRequest { inner: self.inner.search(text) }
                }
            });
        }
        methods.push(expand.clone());
        methods.push(requests::custom_option_methods(ctx, &set.custom_options));
        let count = if caps.countable {
            quote! {
                /// The number of matching entities (`GET .../$count` with the filter applied).
                pub async fn count(self) -> #result<u64, #rt::Error> {
                    self.inner.count().await
                }
            }
        } else {
            TokenStream::new()
        };
        let list_doc = doc_lines(&[
            format!(
                "A request for entities of `{wire}`: set its options, then [`send`](Self::send) it for one page,"
            ),
            "or turn it into a stream of every entity across pages with [`stream`](Self::stream)."
                .to_owned(),
        ]);
        items.push(quote! {
            #list_doc
            #[derive(Clone, Debug)]
            #[must_use = "a request does nothing until it is sent"]
            pub struct ListRequest {
                inner: #rt::CollectionRequest<#entity>,
            }

            impl ListRequest {
                #(#methods)*

                /// Sends the request and returns the first page.
                pub async fn send(self) -> #result<#rt::Page<#entity>, #rt::Error> {
                    self.inner.send().await
                }

                /// Every entity, following `@odata.nextLink` across pages.
                pub fn stream(self) -> impl #rt::Stream<Item = #result<#entity, #rt::Error>> + #send + 'static {
                    self.inner.stream()
                }

                /// Every page, following `@odata.nextLink`.
                pub fn pages(self) -> impl #rt::Stream<Item = #result<#rt::Page<#entity>, #rt::Error>> + #send + 'static {
                    self.inner.pages()
                }

                /// Every entity, each page followed by a `PagedItem::EndOfPage` carrying its
                /// next link: store the entities, then save the link, and after an
                /// interruption [`resume_from`](Self::resume_from) it.
                pub fn stream_with_checkpoints(self) -> impl #rt::Stream<Item = #result<#rt::PagedItem<#entity>, #rt::Error>> + #send + 'static {
                    self.inner.stream_with_checkpoints()
                }

                /// Starts at a next link saved from an earlier run (a page's `next_link`)
                /// instead of the first page; the link carries the query options. Checked as
                /// a server's next link is: never requested off the service.
                pub fn resume_from(self, next_link: impl ::core::convert::Into<#string>) -> Self {
                    ListRequest { inner: self.inner.resume_from(next_link) }
                }

                /// Stops [`pages`](Self::pages) and [`stream`](Self::stream) after `n` pages;
                /// the last page's `next_link` tells where to resume.
                pub fn max_pages(self, n: usize) -> Self {
                    ListRequest { inner: self.inner.max_pages(n) }
                }

                #count

                /// The runtime request, for anything this type does not offer.
                pub fn into_inner(self) -> #rt::CollectionRequest<#entity> {
                    self.inner
                }
            }
        });
    }

    if (key_ok && caps.indexable_by_key) || set.singleton {
        let select = select_method(quote!(GetRequest));
        let path_doc = doc_lines(&[format!(
            "The entity's path relative to the service root, e.g. `{}`.",
            path_example(ctx, t, wire, set.singleton)
        )]);
        entity_methods = Some(requests::entity_methods(ctx, t, 1, &|n| {
            caps.can_navigate(n)
        })?);
        let get_doc = doc_lines(&[format!(
            "A request for one entity of `{wire}`; [`send`](Self::send) it."
        )]);
        items.push(quote! {
            #get_doc
            #[derive(Clone, Debug)]
            #[must_use = "a request does nothing until it is sent"]
            pub struct GetRequest {
                inner: #rt::EntityRequest<#entity>,
            }

            impl GetRequest {
                #select

                #expand

                #path_doc
                pub fn path(&self) -> &str {
                    self.inner.path()
                }

                /// Sends the request.
                pub async fn send(self) -> #result<#entity, #rt::Error> {
                    self.inner.send().await
                }

                entity_methods!();

                /// The runtime request, for anything this type does not offer.
                pub fn into_inner(self) -> #rt::EntityRequest<#entity> {
                    self.inner
                }
            }
        });
    }

    if !filter_methods.is_empty() {
        let doc = doc_lines(&[format!(
            "The properties `$filter` may name on `{wire}`, as typed paths."
        )]);
        items.push(quote! {
            #doc
            #[derive(Debug)]
            pub struct Filter(());
        });
    }

    let mut items = syntax::parse(quote!(#(#items)*))?;
    if let Some(methods) = set_methods {
        syntax::splice(&mut items, "set_methods", methods)?;
    }
    if let Some(methods) = entity_methods {
        syntax::splice(&mut items, "entity_methods", methods)?;
    }
    if !filter_methods.is_empty() {
        items.push(requests::filter_impl(filter_methods)?);
    }
    if restricted && !expandable.is_empty() {
        items.extend(super::models::wire_enum(
            ctx,
            &format!("The navigation properties `$expand` may name on `{wire}`."),
            &syn::parse_quote!(ExpandField),
            "The navigation property's name on the wire.",
            expandable.iter().map(|n| {
                (
                    &ctx.names.nav_variants[&(t, n.name.clone())],
                    n.name.as_str(),
                )
            }),
        )?);
    }

    if !sortable.is_empty() {
        items.extend(super::models::wire_enum(
            ctx,
            &format!("The properties `$orderby` may name on `{wire}`."),
            &syn::parse_quote!(SortField),
            "The property's name on the wire.",
            sortable
                .iter()
                .map(|p| (&ctx.names.fields[&(t, p.name.clone())], p.name.as_str())),
        )?);
    }

    Ok(items)
}

/// What the `filter` of a set with restricted properties adds to its docs.
const RESTRICTED_FILTER_DOC: &[&str] = &[
    "The service restricts the shape of some properties' expressions \
     (`FilterExpressionRestrictions`): their paths offer only that shape, and the filter is a \
     conjunction (`&`, no `or` or `not` across clauses), so what the service refuses does not \
     compile. An `or` joining two different properties compiles but fails the request before \
     it is sent.",
];

/// `filter` on a list request: taking any expression, or, when `restricted`, a conjunction.
fn filter_method(ctx: &Ctx<'_>, doc: &TokenStream, restricted: bool) -> TokenStream {
    let fn_once = &ctx.std.fn_once;
    let rt = &ctx.rt;
    if restricted {
        quote! {
            #doc
            pub fn filter<C: ::core::convert::Into<#rt::Conjunction>>(self, build: impl #fn_once(&Filter) -> C) -> Self {
                ListRequest { inner: self.inner.filter(build(&Filter(())).into().into_filter()) }
            }
        }
    } else {
        quote! {
            #doc
            pub fn filter(self, build: impl #fn_once(&Filter) -> #rt::FilterExpr) -> Self {
                ListRequest { inner: self.inner.filter(build(&Filter(()))) }
            }
        }
    }
}

/// An example of an entity's path in the set `wire`: its key with example values of the key
/// properties' types (`devices(42)`, `people('x')`, `rows(a=1,b='x')`).
fn path_example(ctx: &Ctx<'_>, t: TypeId, wire: &str, singleton: bool) -> String {
    if singleton {
        return wire.to_owned();
    }
    let key = ctx.model.key(t);
    let value = |ty: &Type| match ty {
        Type::Primitive(Primitive::String) => "'x'",
        Type::Primitive(Primitive::Guid) => "00000000-0000-0000-0000-000000000000",
        Type::Primitive(Primitive::Date) => "2024-01-31",
        Type::Primitive(Primitive::Boolean) => "true",
        _ => "42",
    };
    let parts: Vec<String> = match key {
        [one] => vec![value(&one.ty.ty).to_owned()],
        many => many
            .iter()
            .map(|k| format!("{}={}", k.name(), value(&k.ty.ty)))
            .collect(),
    };
    format!("{wire}({})", parts.join(","))
}
