//! One module per entity set or singleton: a handle with `list`/`get`, the request types with
//! only the query options the service allows (`$select`, `$orderby`, `$top`, `$skip`,
//! `$count`, `$search`, `$expand`, each as the set's `Capabilities` annotations say), and a
//! typed `$filter` builder limited to the properties it may name. Every choice reads the set's
//! [`QuerySurface`]; a set that restricts nothing its entity type's navigation request offers
//! reads entities through that request (`GetRequest` is an alias of it).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, item_docs_with};
use super::{Body, Ctx, EmitError, Module, requests};
use crate::model::{EntitySet, Primitive, Type, TypeId, TypeKind};
use crate::naming::names::SetNames;
use crate::plan::query::QuerySurface;

/// The module of the entity set or singleton `ctx.names.sets[index]`, its body not yet emitted.
pub fn layout(ctx: &Ctx<'_>, index: usize) -> Module {
    let set = &ctx.names.sets[index];
    let kind = set_kind(set);
    let mut attrs = doc_lines(&[format!("{kind} `{}`: its request surface.", set.wire)]);
    if ctx.options.feature_per_entity_set {
        let feature = set.module.unraw().to_owned();
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

/// The body of the module of `set`: its handle, its `ListRequest` (sets) and `GetRequest`
/// (singletons, and sets addressable by key), its `Filter`, and the `ExpandField` and
/// `SortField` enums of what its `$expand` and `$orderby` may name; parsed once.
pub fn items(ctx: &Ctx<'_>, set: &SetNames) -> Result<Vec<syn::Item>, EmitError> {
    Ok(syn::parse2::<syn::File>(tokens(ctx, set)?)?.items)
}

/// The tokens of the body of the module of `set` (see [`items`]), each item built with
/// `quote!` from the set's [`QuerySurface`].
fn tokens(ctx: &Ctx<'_>, set: &SetNames) -> Result<TokenStream, EmitError> {
    let ctx = &ctx.scoped(&[&set.handle]);
    let surface = SetSurface::of(ctx, set)?;
    let plan = &surface.plan;
    let expand = surface.expand_methods();
    let mut tokens = surface.handle(&surface.handle_methods()?);
    if !set.singleton {
        tokens.extend(surface.list_request(&surface.list_options(&expand)));
    }
    if surface.has_get_request() {
        tokens.extend(surface.get_request(&expand)?);
    }
    if !plan.filter.is_empty() {
        tokens.extend(surface.filter_struct()?);
    }
    if plan.expand_restricted && !plan.expand.is_empty() {
        tokens.extend(surface.expand_field_enum());
    }
    if !plan.sort.is_empty() {
        tokens.extend(surface.sort_field_enum());
    }
    Ok(tokens)
}

/// `"Singleton"` or `"Entity set"`, for docs.
pub(super) fn set_kind(set: &SetNames) -> &'static str {
    if set.singleton {
        "Singleton"
    } else {
        "Entity set"
    }
}

/// One entity set or singleton as its module's items see it: its names, its declaration
/// in the container, its query surface, and its entity type with the paths the items name.
struct SetSurface<'c, 'a> {
    ctx: &'c Ctx<'a>,
    set: &'c SetNames,
    /// The entity set or singleton in the main container.
    source: &'a EntitySet,
    /// What requests on the set may do: every choice below reads it.
    plan: QuerySurface,
    /// The entity type.
    t: TypeId,
    /// The decoded entity, as the module names it.
    entity: TokenStream,
    /// The entity type's field enum, as the module names it, if it has one.
    field_enum: Option<TokenStream>,
    /// The key parameters and `key_path` pairs, `None` when the key cannot be a URL literal.
    key: Option<(Vec<TokenStream>, Vec<TokenStream>)>,
}

impl<'c, 'a> SetSurface<'c, 'a> {
    /// The surface of `set`, found in the main container.
    fn of(ctx: &'c Ctx<'a>, set: &'c SetNames) -> Result<Self, EmitError> {
        let container = ctx.model.main_container().ok_or(EmitError::NoContainer)?;
        let source: &EntitySet = if set.singleton {
            container.singletons.iter().find(|s| s.name == set.wire)
        } else {
            container.entity_sets.iter().find(|s| s.name == set.wire)
        }
        .ok_or(EmitError::NoContainer)?;
        let t = source.entity_type;
        Ok(SetSurface {
            ctx,
            set,
            source,
            plan: QuerySurface::of(ctx.model, container, source, set.singleton),
            t,
            entity: ctx.decoded_item(t, 1),
            field_enum: ctx
                .names
                .ty(t)
                .field_enum
                .as_ref()
                .map(|f| ctx.models_item(t, f, 1)),
            key: requests::key_params(ctx, t, 1),
        })
    }

    /// Whether the module has a `GetRequest`: a singleton, or a set addressable by key.
    fn has_get_request(&self) -> bool {
        self.plan.by_key || self.set.singleton
    }

    /// The `EntityRequest` of the type's navigation requests, when the set's `GetRequest`
    /// is that type: the set restricts none of its options, and navigation reaches the type.
    /// Not for singletons: their module would then name no model, and the `models` import
    /// (which the docs' links need) would be unused.
    fn shared_entity_request(&self) -> Option<TokenStream> {
        let shared = !self.set.singleton
            && self.plan.entity_request_unrestricted
            && self.ctx.requests.contains(&self.t);
        shared.then(|| {
            let module = self.ctx.request_module(self.t, 1);
            quote!(#module::EntityRequest)
        })
    }

    /// The module of the type's navigation requests, when its `Filter` offers exactly the
    /// set's filter `methods` (the set restricts no property's shape): the set re-exports it.
    fn shared_filter(&self, methods: &[TokenStream]) -> Option<TokenStream> {
        if !self.ctx.requests.contains(&self.t) {
            return None;
        }
        let navigation = requests::navigation_filter_shape(self.ctx, self.t);
        let shared = requests::filter_methods(self.ctx, self.t, 1, &navigation);
        let text =
            |entries: &[TokenStream]| entries.iter().map(|e| e.to_string()).collect::<Vec<_>>();
        (text(&shared) == text(methods)).then(|| self.ctx.request_module(self.t, 1))
    }

    /// A `GetRequest` of the runtime request `inner`.
    fn new_get_request(&self, inner: TokenStream) -> TokenStream {
        match self.shared_entity_request() {
            Some(_) => quote!(GetRequest::new(#inner)),
            None => quote!(GetRequest { inner: #inner }),
        }
    }

    /// The handle's methods: `list` and `get`, operations bound to the collection and type
    /// casts (a singleton has only `get`).
    fn handle_methods(&self) -> syn::Result<TokenStream> {
        let rt = &self.ctx.rt;
        let string = &self.ctx.std.string;
        let wire = &self.set.wire;
        if self.set.singleton {
            let get = self.new_get_request(
                quote!(#rt::EntityRequest::new(self.client.clone(), #string::from(#wire))),
            );
            return Ok(quote! {
                /// Reads the singleton.
                pub fn get(&self) -> GetRequest {
                    #get
                }
            });
        }
        let list_doc = doc_lines(&[format!("Lists the entities of the set: `GET {wire}`.")]);
        let get = self.get_by_key();
        let operations = requests::collection_operations(self.ctx, self.t, 1, Some(wire));
        let casts = requests::cast_methods(self.ctx, self.t, 1, requests::CastOn::Set(wire));
        Ok(quote! {
            #list_doc
            pub fn list(&self) -> ListRequest {
                ListRequest { inner: #rt::CollectionRequest::new(self.client.clone(), #string::from(#wire)) }
            }
            #get
            #operations
            #casts
        })
    }

    /// The handle's `get` by key, when the set is addressable by key.
    fn get_by_key(&self) -> Option<TokenStream> {
        let (key_params, key_pairs) = self.key.as_ref().filter(|_| self.plan.by_key)?;
        let rt = &self.ctx.rt;
        let wire = &self.set.wire;
        let names: Vec<String> = self
            .ctx
            .model
            .key(self.t)
            .iter()
            .map(|k| format!("`{}`", k.name()))
            .collect();
        let get_doc = doc_lines(&[format!(
            "Reads one entity by its key ({}): `GET {wire}(...)`.",
            names.join(", ")
        )]);
        let allow = (key_params.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per key property")]));
        let get = self.new_get_request(quote!(#rt::EntityRequest::new(self.client.clone(), #rt::key_path(#wire, &[#(#key_pairs),*]))));
        Some(quote! {
            #get_doc
            #allow
            pub fn get(&self, #(#key_params),*) -> GetRequest {
                #get
            }
        })
    }

    /// `$expand`: every navigation property through the type's enum, or those the set
    /// allows through its own `ExpandField` when it leaves some out.
    fn expand_methods(&self) -> TokenStream {
        let nested = self.plan.nested_expand;
        if self.plan.expand.is_empty() {
            TokenStream::new()
        } else if self.plan.expand_restricted {
            requests::expand_methods_over(self.ctx, &quote!(ExpandField), nested)
        } else {
            requests::expand_methods(self.ctx, self.t, 1, nested)
        }
    }

    /// The handle struct, with `methods`.
    fn handle(&self, methods: &TokenStream) -> TokenStream {
        let rt = &self.ctx.rt;
        let handle = &self.set.handle;
        let wire = &self.set.wire;
        let kind = set_kind(self.set);
        let entity_name = self.ctx.names.ty(self.t).rust.unraw().to_owned();
        let set_docs = item_docs_with(
            &self.source.annotations,
            &format!("{kind} `{wire}`."),
            &[format!(
                "{kind} `{wire}` of [`{entity_name}`]({}) entities.",
                requests::path_doc(&self.ctx.type_path(self.t, 1))
            )],
        );
        quote! {
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

                #methods
            }
        }
    }

    /// `select` on `request` (`ListRequest` or `GetRequest`), when the set allows `$select`
    /// and the type has properties.
    fn select_method(&self, request: TokenStream) -> TokenStream {
        let into_iterator = &self.ctx.std.into_iterator;
        match (&self.field_enum, self.plan.select) {
            (Some(f), true) => quote! {
                /// `$select`: only these properties (and the key) are returned; the others are `None`.
                pub fn select(self, fields: impl #into_iterator<Item = #f>) -> Self {
                    #request { inner: self.inner.select_keyed(fields.into_iter().map(#f::as_str), #f::KEY) }
                }
            },
            _ => TokenStream::new(),
        }
    }

    /// The query option methods of the `ListRequest`, in order: `select`, `filter`,
    /// `order_by`, `top`, `skip`, `inline_count`, `search` (each when the set allows it),
    /// `expand`, and the set's custom query options.
    fn list_options(&self, expand: &TokenStream) -> Vec<TokenStream> {
        let mut methods = vec![self.select_method(quote!(ListRequest))];
        if !self.plan.filter.is_empty() {
            methods.push(self.filter_option());
        }
        if !self.plan.sort.is_empty() {
            methods.push(quote! {
                /// `$orderby`: sorts by `field`, descending when `descending`; call again for
                /// further sort keys.
                pub fn order_by(self, field: SortField, descending: bool) -> Self {
                    ListRequest { inner: self.inner.order_by(field.as_str(), descending) }
                }
            });
        }
        methods.extend(self.capability_options());
        methods.push(expand.clone());
        methods.push(requests::custom_option_methods(
            self.ctx,
            &self.set.custom_options,
        ));
        methods
    }

    /// `filter` on the `ListRequest`, documented with the properties it may name.
    fn filter_option(&self) -> TokenStream {
        let allowed: Vec<String> = self
            .plan
            .filter
            .iter()
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
        let restricted = self.plan.filter_restricted();
        if restricted {
            lines.push(String::new());
            lines.extend(RESTRICTED_FILTER_DOC.iter().map(|l| (*l).to_owned()));
        }
        if let Some(functions) = &self.plan.filter_functions {
            lines.push(String::new());
            lines.push(format!(
                "The service lists the operators and functions it takes (`FilterFunctions`): {}; \
                 a filter using another fails the request before it is sent.",
                functions
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let within = self.plan.filter_functions.as_ref().map(|functions| {
            let functions = functions.iter();
            quote!(.within_functions(&[#(#functions),*]))
        });
        filter_method(self.ctx, &doc_lines(&lines), restricted, within)
    }

    /// `top`, `skip`, `inline_count` and `search`, each when the set allows it.
    fn capability_options(&self) -> Vec<TokenStream> {
        let mut methods = Vec::new();
        if self.plan.top {
            methods.push(quote! {
                /// `$top`: at most `n` entities in all.
                pub fn top(self, n: u64) -> Self {
                    ListRequest { inner: self.inner.top(n) }
                }
            });
        }
        if self.plan.skip {
            methods.push(quote! {
                /// `$skip`: skips the first `n` entities.
                pub fn skip(self, n: u64) -> Self {
                    ListRequest { inner: self.inner.skip(n) }
                }
            });
        }
        if self.plan.count {
            methods.push(quote! {
                /// `$count=true`: asks for the total count along with the first page.
                pub fn inline_count(self, yes: bool) -> Self {
                    ListRequest { inner: self.inner.inline_count(yes) }
                }
            });
        }
        if self.plan.search {
            methods.push(quote! {
                /// `$search`: free-text search, in the service's own syntax (the set's
                /// `SearchRestrictions` do not forbid it).
                pub fn search(self, text: &str) -> Self {
                    ListRequest { inner: self.inner.search(text) }
                }
            });
        }
        methods
    }

    /// `count` (`GET .../$count`), when the set is countable.
    fn count_method(&self) -> TokenStream {
        if !self.plan.count {
            return TokenStream::new();
        }
        let result = &self.ctx.std.result;
        let rt = &self.ctx.rt;
        quote! {
            /// The number of matching entities (`GET .../$count` with the filter applied).
            pub async fn count(self) -> #result<u64, #rt::Error> {
                self.inner.count().await
            }
        }
    }

    /// The `ListRequest` struct, with the query option methods `options` and the methods
    /// every list request has.
    fn list_request(&self, options: &[TokenStream]) -> TokenStream {
        let rt = &self.ctx.rt;
        let entity = &self.entity;
        let count = self.count_method();
        let list_doc = doc_lines(&[
            format!(
                "A request for entities of `{}`: set its options, then [`send`](Self::send) it for one page,",
                self.set.wire
            ),
            "or turn it into a stream of every entity across pages with [`stream`](Self::stream)."
                .to_owned(),
        ]);
        // The methods every list request has are written once, in the runtime's macro.
        quote! {
            #list_doc
            #[derive(Clone, Debug)]
            #[must_use = "a request does nothing until it is sent"]
            pub struct ListRequest {
                inner: #rt::CollectionRequest<#entity>,
            }

            impl ListRequest {
                #(#options)*

                #rt::list_request_methods!(#entity);

                #count
            }
        }
    }

    /// The `GetRequest` struct, with `select`, `expand`, and the navigation accessors, bound
    /// operations and type casts of the entity.
    fn get_request(&self, expand: &TokenStream) -> syn::Result<TokenStream> {
        let wire = &self.set.wire;
        if let Some(shared) = self.shared_entity_request() {
            let doc = doc_lines(&[format!(
                "A request for one entity of `{wire}`: the entity type's own request, as a \
                 navigation returns it (the set restricts none of its options)."
            )]);
            return Ok(quote! {
                #doc
                pub type GetRequest = #shared;
            });
        }
        let plan = &self.plan;
        let entity_methods = requests::entity_methods(self.ctx, self.t, 1, &|n| {
            plan.navigable.iter().any(|v| v == n)
        });
        let result = &self.ctx.std.result;
        let rt = &self.ctx.rt;
        let entity = &self.entity;
        let select = self.select_method(quote!(GetRequest));
        let path_doc = doc_lines(&[format!(
            "The entity's path relative to the service root, e.g. `{}`.",
            path_example(self.ctx, self.t, wire, self.set.singleton)
        )]);
        let get_doc = doc_lines(&[format!(
            "A request for one entity of `{wire}`; [`send`](Self::send) it."
        )]);
        Ok(quote! {
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

                #entity_methods

                /// The runtime request, for anything this type does not offer.
                pub fn into_inner(self) -> #rt::EntityRequest<#entity> {
                    self.inner
                }
            }
        })
    }

    /// The `Filter` struct, whose methods are the typed `$filter` paths of the properties
    /// the set's surface lets `$filter` name.
    fn filter_struct(&self) -> syn::Result<TokenStream> {
        let plan = &self.plan;
        let methods =
            requests::filter_methods(self.ctx, self.t, 1, &|name| plan.filter_shape(name));
        if let Some(module) = self.shared_filter(&methods) {
            return Ok(quote!(pub use #module::Filter;));
        }
        let doc = format!(
            "The properties `$filter` may name on `{}`, as typed paths.",
            self.set.wire
        );
        Ok(requests::filter_struct(&self.ctx.rt, &doc, &methods))
    }

    /// `ExpandField`: the navigation properties `$expand` may name, when the set narrows them.
    fn expand_field_enum(&self) -> TokenStream {
        let names = self.ctx.names;
        super::models::wire_enum(
            &self.ctx.rt,
            &format!(
                "The navigation properties `$expand` may name on `{}`.",
                self.set.wire
            ),
            &syn::parse_quote!(ExpandField),
            self.plan
                .expand
                .iter()
                .map(|n| (&names.nav_variants[&(self.t, n.clone())], n.as_str())),
        )
    }

    /// `SortField`: the properties `$orderby` may name.
    fn sort_field_enum(&self) -> TokenStream {
        let names = self.ctx.names;
        super::models::wire_enum(
            &self.ctx.rt,
            &format!("The properties `$orderby` may name on `{}`.", self.set.wire),
            &syn::parse_quote!(SortField),
            self.plan
                .sort
                .iter()
                .map(|p| (&names.fields[&(self.t, p.clone())], p.as_str())),
        )
    }
}

/// What the `filter` of a set with restricted properties adds to its docs.
const RESTRICTED_FILTER_DOC: &[&str] = &[
    "The service restricts the shape of some properties' expressions \
     (`FilterExpressionRestrictions`): their paths offer only that shape, and the filter is a \
     conjunction (`&`, no `or` or `not` across clauses), so what the service refuses does not \
     compile. An `or` joining two different properties compiles but fails the request before \
     it is sent.",
];

/// `filter` on a list request: taking any expression, or, when `restricted`, a conjunction;
/// `within` holds the expression to the service's `FilterFunctions`, when it lists them.
fn filter_method(
    ctx: &Ctx<'_>,
    doc: &TokenStream,
    restricted: bool,
    within: Option<TokenStream>,
) -> TokenStream {
    let fn_once = &ctx.std.fn_once;
    let rt = &ctx.rt;
    if restricted {
        quote! {
            #doc
            pub fn filter<C: ::core::convert::Into<#rt::Conjunction>>(self, build: impl #fn_once(&Filter) -> C) -> Self {
                ListRequest { inner: self.inner.filter(build(&Filter::default()).into().into_filter() #within) }
            }
        }
    } else {
        quote! {
            #doc
            pub fn filter(self, build: impl #fn_once(&Filter) -> #rt::FilterExpr) -> Self {
                ListRequest { inner: self.inner.filter(build(&Filter::default()) #within) }
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
    // A type definition's literal is its underlying primitive's.
    let seen_through = |ty: &Type| match ty {
        Type::Named(n) => match &ctx.model.ty(*n).kind {
            TypeKind::Definition(d) => Type::Primitive(d.underlying.clone()),
            _ => ty.clone(),
        },
        _ => ty.clone(),
    };
    let value = |ty: &Type| match seen_through(ty) {
        Type::Primitive(Primitive::String) => "'x'",
        Type::Primitive(Primitive::Guid) => "00000000-0000-0000-0000-000000000000",
        Type::Primitive(Primitive::Date) => "2024-01-31",
        Type::Primitive(Primitive::DateTimeOffset) => "2024-01-31T00:00:00Z",
        Type::Primitive(Primitive::TimeOfDay) => "12:00:00",
        Type::Primitive(Primitive::Duration) => "duration'P1D'",
        Type::Primitive(Primitive::Boolean) => "true",
        Type::Primitive(
            Primitive::Byte
            | Primitive::SByte
            | Primitive::Int16
            | Primitive::Int32
            | Primitive::Int64
            | Primitive::Decimal
            | Primitive::Single
            | Primitive::Double,
        ) => "42",
        // An enumeration member, a type definition…: its literal depends on the type.
        _ => "…",
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
