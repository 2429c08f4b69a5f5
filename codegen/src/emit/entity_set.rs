//! One module per entity set or singleton: a handle with `list`/`get`, whose requests are the
//! runtime's `ListRequest<Handle>` and `GetRequest<Handle>`, and the handle's implementations
//! of the runtime's surface traits (`Selectable`, `Filterable`, `Sortable`, `Expandable`,
//! `TopSupported`, `SkipSupported`, `Countable`, `Searchable`, `Accepts<Option>`), one per
//! query option the set's `Capabilities` annotations allow: the runtime offers a query option
//! only where its trait is implemented, so what the service refuses does not compile, and
//! the method bodies exist once, in the runtime. Beside them, a typed `$filter` builder limited
//! to the properties it may name, and the enums of what `$orderby` and `$expand` may name.
//! Every choice reads the set's [`QuerySurface`].
//!
//! A set that restricts nothing its entity type's navigation request offers reads entities
//! through that request (`GetRequest` is an alias of it); one that restricts it, through the
//! runtime's `GetRequest<Handle>`, unless its entities have navigation accessors or bound
//! operations, which are per-type methods: then the module writes its own `GetRequest`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, item_docs_with};
use super::{Body, Ctx, EmitError, Module, requests};
use crate::model::{EntitySet, TypeId};
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
/// (singletons, and sets addressable by key), the handle's surface trait impls, its `Filter`,
/// and the `ExpandField` and `SortField` enums of what its `$expand` and `$orderby` may name;
/// parsed once.
pub fn items(ctx: &Ctx<'_>, set: &SetNames) -> Result<Vec<syn::Item>, EmitError> {
    Ok(syn::parse2::<syn::File>(tokens(ctx, set)?)?.items)
}

/// The tokens of the body of the module of `set` (see [`items`]), each item built with
/// `quote!` from the set's [`QuerySurface`].
fn tokens(ctx: &Ctx<'_>, set: &SetNames) -> Result<TokenStream, EmitError> {
    let ctx = &ctx.scoped(&[&set.handle]);
    let surface = SetSurface::of(ctx, set)?;
    let plan = &surface.plan;
    let mut tokens = surface.handle(&surface.handle_methods()?);
    if !set.singleton {
        tokens.extend(surface.list_request());
    }
    if let Some(get) = &surface.get {
        tokens.extend(surface.get_request(get));
    }
    tokens.extend(surface.trait_impls());
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
    /// What its `GetRequest` is, when it has one: decided only then, since deciding names
    /// the navigation requests the module would otherwise import for nothing.
    get: Option<GetForm>,
}

/// What a set's `GetRequest` is.
enum GetForm {
    /// The `EntityRequest` of the type's navigation requests (its path): the set restricts
    /// none of its options, and navigation reaches the type.
    Shared(TokenStream),
    /// The runtime's `GetRequest` over the handle: the set restricts the entity request, and
    /// its entities have no per-type methods.
    Runtime,
    /// A struct of the module's own, with these navigation accessors, bound operations and
    /// type casts.
    Own(TokenStream),
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
        let plan = QuerySurface::of(ctx.model, container, source, set.singleton);
        let get = (plan.by_key || set.singleton).then(|| get_form(ctx, &plan));
        Ok(SetSurface {
            ctx,
            set,
            source,
            plan,
            t,
            entity: ctx.decoded_item(t, 1),
            field_enum: ctx
                .names
                .ty(t)
                .field_enum
                .as_ref()
                .map(|f| ctx.models_item(t, f, 1)),
            key: requests::key_params(ctx, t, 1),
            get,
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

    /// The handle's methods: `list` and `get`, operations bound to the collection and type
    /// casts (a singleton has only `get`).
    fn handle_methods(&self) -> syn::Result<TokenStream> {
        let rt = &self.ctx.rt;
        let string = &self.ctx.std.string;
        let wire = &self.set.wire;
        if self.set.singleton {
            return Ok(quote! {
                /// Reads the singleton.
                pub fn get(&self) -> GetRequest {
                    GetRequest::new(#rt::EntityRequest::new(self.client.clone(), #string::from(#wire)))
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
                ListRequest::new(#rt::CollectionRequest::new(self.client.clone(), #string::from(#wire)))
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
        Some(quote! {
            #get_doc
            #allow
            pub fn get(&self, #(#key_params),*) -> GetRequest {
                GetRequest::new(#rt::EntityRequest::new(self.client.clone(), #rt::key_path(#wire, &[#(#key_pairs),*])))
            }
        })
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

    /// `ListRequest`: the runtime's, over the handle.
    fn list_request(&self) -> TokenStream {
        let rt = &self.ctx.rt;
        let handle = &self.set.handle;
        let doc = doc_lines(&[
            format!(
                "A request for entities of `{}`: set its options, then `send` it for one page, \
                 or turn it into a stream of every entity across pages with `stream`.",
                self.set.wire
            ),
            String::new(),
            format!("Its query options: {}.", self.offered_options().join(", ")),
        ]);
        quote! {
            #doc
            pub type ListRequest = #rt::ListRequest<#handle>;
        }
    }

    /// The methods setting query options on the set's `ListRequest`, for its docs.
    fn offered_options(&self) -> Vec<String> {
        let plan = &self.plan;
        let mut offered = Vec::new();
        let mut offer = |yes: bool, methods: &str| {
            if yes {
                offered.push(methods.to_owned());
            }
        };
        offer(self.selectable(), "`select`");
        offer(!plan.filter.is_empty(), "`filter`");
        offer(!plan.sort.is_empty(), "`order_by`");
        offer(plan.top, "`top`");
        offer(plan.skip, "`skip`");
        offer(plan.count, "`inline_count` and `count`");
        offer(plan.search, "`search`");
        offer(!plan.expand.is_empty(), "`expand` and `expand_with`");
        for o in &self.set.custom_options {
            offered.push(format!("`with(options::{})`", o.rust.unraw()));
        }
        if offered.is_empty() {
            offered.push("none".to_owned());
        }
        offered
    }

    /// Whether `$select` is offered: the set allows it and the type has a field enum.
    fn selectable(&self) -> bool {
        self.plan.select && self.field_enum.is_some()
    }

    /// The handle's implementations of the runtime's surface traits, one per query option
    /// the set allows; the runtime's requests offer an option only where its trait is.
    fn trait_impls(&self) -> TokenStream {
        let rt = &self.ctx.rt;
        let handle = &self.set.handle;
        let plan = &self.plan;
        let entity = &self.entity;
        let mut out = quote! {
            impl #rt::Entities for #handle {
                type Entity = #entity;
            }
        };
        if let Some(f) = self.field_enum.as_ref().filter(|_| self.selectable()) {
            out.extend(quote! {
                impl #rt::Selectable for #handle {
                    type Field = #f;
                    const KEY: &'static [&'static str] = #f::KEY;
                }
            });
        }
        if !plan.filter.is_empty() {
            out.extend(self.filterable_impl());
        }
        if !plan.sort.is_empty() {
            out.extend(quote!(impl #rt::Sortable for #handle { type Sort = SortField; }));
        }
        if let Some(expandable) = self.expandable_impl() {
            out.extend(expandable);
        }
        for (yes, capability) in [
            (plan.top, quote!(TopSupported)),
            (plan.skip, quote!(SkipSupported)),
            (plan.count, quote!(Countable)),
            (plan.search, quote!(Searchable)),
        ] {
            if yes {
                out.extend(quote!(impl #rt::#capability for #handle {}));
            }
        }
        for o in &self.set.custom_options {
            let option = &o.rust;
            out.extend(quote!(impl #rt::Accepts<super::options::#option> for #handle {}));
        }
        out
    }

    /// `impl Filterable`, documented with the properties `$filter` may name and the
    /// restrictions the service states.
    fn filterable_impl(&self) -> TokenStream {
        let rt = &self.ctx.rt;
        let handle = &self.set.handle;
        let allowed: Vec<String> = self
            .plan
            .filter
            .iter()
            .map(|p| format!("`{}`", p.name))
            .collect();
        let mut lines = vec![format!("`$filter` may name {}.", allowed.join(", "))];
        let restricted = self.plan.filter_restricted();
        if restricted {
            lines.push(String::new());
            lines.extend(RESTRICTED_FILTER_DOC.iter().map(|l| (*l).to_owned()));
        }
        let mut functions = None;
        if let Some(listed) = &self.plan.filter_functions {
            let quoted: Vec<String> = listed.iter().map(|f| format!("`{f}`")).collect();
            lines.push(String::new());
            lines.push(format!(
                "The service lists the operators and functions it takes (`FilterFunctions`): {}; \
                 a filter using another fails the request before it is sent.",
                quoted.join(", ")
            ));
            let option = &self.ctx.std.option;
            functions = Some(
                quote!(const FUNCTIONS: #option<&'static [&'static str]> = #option::Some(&[#(#listed),*]);),
            );
        }
        let clause = if restricted {
            quote!(#rt::Conjunction)
        } else {
            quote!(#rt::FilterExpr)
        };
        let doc = doc_lines(&lines);
        quote! {
            #doc
            impl #rt::Filterable for #handle {
                type Filter = Filter;
                type Clause = #clause;
                #functions
            }
        }
    }

    /// `impl Expandable`, when the set allows `$expand`: of every navigation property through
    /// the type's enum, or of those the set allows through its own `ExpandField`; nested
    /// expansions unless `MaxLevels` is 1.
    fn expandable_impl(&self) -> Option<TokenStream> {
        let plan = &self.plan;
        if plan.expand.is_empty() {
            return None;
        }
        let rt = &self.ctx.rt;
        let handle = &self.set.handle;
        let nav = if plan.expand_restricted {
            quote!(ExpandField)
        } else {
            let nav = self.ctx.names.ty(self.t).nav_enum.as_ref()?;
            self.ctx.models_item(self.t, nav, 1)
        };
        let item = if plan.nested_expand {
            quote!(#rt::Expand)
        } else {
            quote!(#rt::FlatExpand)
        };
        Some(quote! {
            impl #rt::Expandable for #handle {
                type Nav = #nav;
                type Item = #item;
            }
        })
    }

    /// `GetRequest`, in the form `get` says.
    fn get_request(&self, get: &GetForm) -> TokenStream {
        let wire = &self.set.wire;
        let rt = &self.ctx.rt;
        let handle = &self.set.handle;
        match get {
            GetForm::Shared(shared) => {
                let doc = doc_lines(&[format!(
                    "A request for one entity of `{wire}`: the entity type's own request, as a \
                     navigation returns it (the set restricts none of its options)."
                )]);
                quote! {
                    #doc
                    pub type GetRequest = #shared;
                }
            }
            GetForm::Runtime => {
                let offered: Vec<&str> =
                    self.entity_options().iter().map(|(_, doc)| *doc).collect();
                let offered = if offered.is_empty() {
                    "none".to_owned()
                } else {
                    offered.join(", ")
                };
                let doc = doc_lines(&[
                    format!("A request for one entity of `{wire}`; `send` it."),
                    String::new(),
                    format!("Its query options: {offered}."),
                ]);
                quote! {
                    #doc
                    pub type GetRequest = #rt::GetRequest<#handle>;
                }
            }
            GetForm::Own(entity_methods) => {
                let entity = &self.entity;
                let options = self.entity_options().into_iter().map(|(option, _)| option);
                let doc = doc_lines(&[format!(
                    "A request for one entity of `{wire}`; [`send`](Self::send) it."
                )]);
                quote! {
                    #doc
                    #[derive(Clone, Debug)]
                    #[must_use = "a request does nothing until it is sent"]
                    pub struct GetRequest {
                        inner: #rt::EntityRequest<#entity>,
                    }

                    impl GetRequest {
                        #rt::entity_request_methods!(#handle => #entity; #(#options),*);

                        #entity_methods
                    }
                }
            }
        }
    }

    /// The query options an entity of the set takes: the option of the runtime's
    /// `entity_request_methods!`, and the methods it gives, for docs.
    fn entity_options(&self) -> Vec<(TokenStream, &'static str)> {
        let mut options = Vec::new();
        if self.selectable() {
            options.push((quote!(select), "`select`"));
        }
        if !self.plan.expand.is_empty() {
            options.push((quote!(expand), "`expand` and `expand_with`"));
        }
        options
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

/// What the `GetRequest` of the set whose surface is `plan` is.
fn get_form(ctx: &Ctx<'_>, plan: &QuerySurface) -> GetForm {
    let t = plan.entity_type;
    if plan.entity_request_unrestricted && ctx.requests.contains(&t) {
        let module = ctx.request_module(t, 1);
        return GetForm::Shared(quote!(#module::EntityRequest));
    }
    let methods = requests::entity_methods(ctx, t, 1, &|n| plan.navigable.iter().any(|v| v == n));
    if methods.is_empty() {
        GetForm::Runtime
    } else {
        GetForm::Own(methods)
    }
}

/// What the `filter` of a set with restricted properties adds to the docs.
const RESTRICTED_FILTER_DOC: &[&str] = &[
    "The service restricts the shape of some properties' expressions \
     (`FilterExpressionRestrictions`): their paths offer only that shape, and the filter is a \
     conjunction (`&`, no `or` or `not` across clauses), so what the service refuses does not \
     compile. An `or` joining two different properties compiles but fails the request before \
     it is sent.",
];
