//! Requests reached by navigation, one module per entity type that a navigation property
//! leads to (`requests::person`), and the methods that entity set modules share with them.
//!
//! A type's module holds
//! - `EntityRequest`: one entity (a single-valued navigation, or one member of a collection):
//!   `select`, `expand`, `send`, one accessor per navigation property of the type and one
//!   method per operation bound to the type (or a base type);
//! - `Collection`: a collection-valued navigation: `list`, `get` by key (when the type has
//!   one), one method per operation bound to a collection of the type;
//! - `ListRequest`: the runtime's generic `ListRequest` over the type, a GET of that
//!   collection with every query option (navigation requests do not read the source set's
//!   `NavigationRestrictions`); the module implements every runtime surface trait for the type
//!   (`rt::entity_type!`), naming its field and navigation enums and its `Filter`, so the one
//!   generic request is typed per entity type;
//! - `Filter`: the typed `$filter` paths of the type's primitive properties.
//!
//! `Collection` and `EntityRequest` implement the runtime's `Addressed`, so a navigation
//! accessor or type cast is one call, `self.inner.segment("Friends")`: paths grow from the
//! runtime request's path, `people('x')/Friends('y')/Trips`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated, described_text, doc_lines};
use super::operations::{self, Binding};
use super::{Body, Ctx, EmitOptions, Module, TypeModule};
use crate::model::vocab::{self, AllowedExpressions, Capabilities};
use crate::model::{Model, Primitive, Property, Type, TypeId, TypeKind};
use crate::naming::Names;

/// The `requests` module, or `None` when no navigation property leads anywhere; its type
/// modules' bodies not yet emitted.
pub fn layout(ctx: &Ctx<'_>) -> Option<Module> {
    let model = ctx.model;
    if ctx.requests.is_empty() {
        return None;
    }
    let nested = !ctx.names.namespaces.is_empty();
    let mut scopes: BTreeMap<String, Vec<Module>> = BTreeMap::new();
    for &t in ctx.requests {
        let ns = if nested {
            model.ty(t).namespace.clone()
        } else {
            String::new()
        };
        let qualified = model.ty(t).qualified_name();
        let mut attrs = doc_lines(&[format!(
            "Requests for entities of type `{qualified}` reached by navigation."
        )]);
        attrs.extend(ctx.gate(t));
        scopes.entry(ns).or_default().push(Module {
            name: ctx.names.ty(t).module.clone(),
            public: true,
            attrs,
            body: Body::Requests(t),
            children: vec![],
        });
    }
    let doc = doc_lines(&[
        "Requests reached by navigation, one module per entity type a navigation property leads to."
            .to_owned(),
    ]);
    let mut children = Vec::new();
    for (ns, mut modules) in scopes {
        modules.sort_by_key(|m| m.name.to_string());
        if !nested {
            children = modules;
            break;
        }
        children.push(Module {
            name: ctx.names.namespaces[&ns].clone(),
            public: true,
            attrs: doc_lines(&[format!("Requests for entity types of the schema `{ns}`.")]),
            body: Body::Items(TokenStream::new()),
            children: modules,
        });
    }
    Some(Module {
        name: syn::parse_quote!(requests),
        public: true,
        attrs: doc,
        body: Body::Items(TokenStream::new()),
        children,
    })
}

/// The entity types a request can reach by navigation from the emitted entity sets and
/// singletons: the closure of the navigation properties (inherited ones included) of their
/// types. Only these get a `requests` module; a type reached only from types no request can
/// address (a derived type, a type of operation results) would get one nothing leads to.
pub fn reachable_targets(model: &Model, names: &Names, options: &EmitOptions) -> BTreeSet<TypeId> {
    let Some(container) = model.main_container() else {
        return BTreeSet::new();
    };
    let navigable_from = |t: TypeId, allowed: &dyn Fn(&str) -> bool| {
        model
            .all_navigation_properties(t)
            .into_iter()
            .filter(|n| names.emitted.contains(&n.target))
            .filter(|n| allowed(&n.name) && vocab::navigable(&n.annotations))
            .map(|n| n.target)
            .collect::<Vec<_>>()
    };
    let mut stack = Vec::new();
    for s in container.entity_sets.iter().chain(&container.singletons) {
        if super::selected(options, &s.name) && names.emitted.contains(&s.entity_type) {
            let caps = Capabilities::of_set(&container.annotations, &s.annotations);
            stack.extend(navigable_from(s.entity_type, &|n| caps.can_navigate(n)));
        }
    }
    let mut reached = BTreeSet::new();
    while let Some(t) = stack.pop() {
        if reached.insert(t) {
            stack.extend(navigable_from(t, &|_| true));
        }
    }
    reached
}

/// How far below the version root a type's module of navigation requests is:
/// `requests::<type>`, or `requests::<ns>::<type>` when namespaces have modules.
pub fn depth(names: &Names) -> usize {
    if names.namespaces.is_empty() { 2 } else { 3 }
}

/// The body of the module of one entity type's navigation requests: every item written
/// with `quote!`, the body parsed once.
pub fn type_items(ctx: &Ctx<'_>, t: TypeId) -> syn::Result<Vec<syn::Item>> {
    let mut ctx = ctx.scoped(&[]);
    ctx.type_module = TypeModule::Requests(ctx.model.ty(t).namespace.clone());
    let ctx = &ctx;
    let rt = &ctx.rt;
    let depth = depth(ctx.names);
    let item = ctx.decoded_item(t, depth);
    let filters = filter_methods(ctx, t, depth, &navigation_filter_shape(ctx, t));
    let docs = ModuleDocs::of(ctx, t, depth);
    let ModuleDocs {
        collection,
        list,
        entity,
        ..
    } = &docs;
    let get = collection_get(ctx, t, depth);
    let operations = collection_operations(ctx, t, depth, None);
    let casts = cast_methods(ctx, t, depth, CastOn::Collection);
    // Navigation properties and bound operations (the runtime's macro adds the methods every
    // entity request has).
    let entity_methods = entity_methods(ctx, t, depth, &|_| true);
    let entity_type = entity_type_impl(ctx, t, depth, &item, !filters.is_empty());
    let filter = filter_struct(rt, &docs.filter, &filters);
    let body = quote! {
        #collection
        #[derive(Clone, Debug)]
        pub struct Collection {
            inner: #rt::CollectionRequest<#item>,
        }

        impl Collection {
            #rt::collection_methods!(#item);

            #get
            #operations
            #casts
        }

        #list
        pub type ListRequest = #rt::ListRequest<#item>;

        #entity_type

        #entity
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct EntityRequest {
            inner: #rt::EntityRequest<#item>,
        }

        impl EntityRequest {
            #rt::entity_request_methods!(#item);

            #entity_methods
        }

        #rt::addressed!(Collection, EntityRequest);

        #filter
    };
    Ok(syn::parse2::<syn::File>(body)?.items)
}

/// The `Filter` of a type's requests module, documented by `doc`, with the paths
/// `methods`; nothing without paths.
/// The docs of the items of a type's requests module.
struct ModuleDocs {
    collection: TokenStream,
    list: TokenStream,
    entity: TokenStream,
    filter: String,
}

impl ModuleDocs {
    /// The docs of type `t`'s requests module, `depth` below the version root.
    fn of(ctx: &Ctx<'_>, t: TypeId, depth: usize) -> ModuleDocs {
        let rust = ctx.names.ty(t).rust.unraw().to_owned();
        let item = format!("[`{rust}`]({})", path_doc(&ctx.type_path(t, depth)));
        let qualified = ctx.model.ty(t).qualified_name();
        ModuleDocs {
            collection: doc_lines(&[format!(
                "A collection of {item} entities reached by navigation: [`list`](Self::list) it, address one member, or call an operation bound to the collection."
            )]),
            list: doc_lines(&[format!(
                "A request for {item} entities reached by navigation, with every query option."
            )]),
            entity: doc_lines(&[format!(
                "A request for one {item} entity reached by navigation; [`send`](Self::send) it, or navigate further."
            )]),
            filter: format!("The properties `$filter` may name on `{qualified}`, as typed paths."),
        }
    }
}

/// `get` by key on a type's `Collection`, when its key can be written in a URL.
fn collection_get(ctx: &Ctx<'_>, t: TypeId, depth: usize) -> Option<TokenStream> {
    let (params, pairs) = key_params(ctx, t, depth)?;
    let key_names: Vec<String> = ctx
        .model
        .key(t)
        .iter()
        .map(|k| format!("`{}`", k.name()))
        .collect();
    let doc = doc_lines(&[format!(
        "One entity of the collection by its key ({}): `{{path}}(...)`.",
        key_names.join(", ")
    )]);
    let allow = (params.len() + 1 > 7).then(
        || quote!(#[allow(clippy::too_many_arguments, reason = "one parameter per key property")]),
    );
    Some(quote! {
        #doc
        #allow
        pub fn get(&self, #(#params),*) -> EntityRequest {
            EntityRequest::new(self.inner.by_key(&[#(#pairs),*]))
        }
    })
}

/// What the runtime's generic `ListRequest` needs to know about type `t` (decoded as
/// `item`): `rt::entity_type!(item, its field enum, its navigation enum, its Filter)`.
fn entity_type_impl(
    ctx: &Ctx<'_>,
    t: TypeId,
    depth: usize,
    item: &TokenStream,
    has_filter: bool,
) -> TokenStream {
    let rt = &ctx.rt;
    let names = ctx.names.ty(t);
    let field_enum = names
        .field_enum
        .as_ref()
        .map(|f| ctx.models_item(t, f, depth))
        .expect("entity types have a field enum");
    let nav_enum = match &names.nav_enum {
        Some(nav) => ctx.models_item(t, nav, depth),
        None => quote!(#rt::NoNavigation),
    };
    let filter = if has_filter {
        quote!(Filter)
    } else {
        quote!(#rt::NoFilter)
    };
    quote!(#rt::entity_type!(#item, #field_enum, #nav_enum, #filter);)
}

/// Key parameters (`name: Type`) and `key_path` pairs of entity type `t`, or `None` when it
/// has no key or a key part is not a URL literal.
pub fn key_params(
    ctx: &Ctx<'_>,
    t: TypeId,
    depth: usize,
) -> Option<(Vec<TokenStream>, Vec<TokenStream>)> {
    let key = ctx.model.key(t);
    if key.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    let mut pairs = Vec::new();
    for k in key {
        let name = k.name();
        let ident = &ctx.names.key_params[&(t, name.to_owned())];
        let ty = match &k.ty.ty {
            Type::Primitive(Primitive::String) => quote!(&str),
            other => ctx.literal_type(other, depth)?,
        };
        params.push(quote!(#ident: #ty));
        pairs.push(quote!((#name, &#ident)));
    }
    Some((params, pairs))
}

/// The `Capabilities` of every entity set of type `t`. The requests a navigation returns are
/// shared by every path to the type, so their `$filter` offers only what all of those sets
/// allow, as each set's own request does (anything, when no set holds the type).
fn capabilities_of_sets(ctx: &Ctx<'_>, t: TypeId) -> Vec<Capabilities> {
    ctx.model
        .main_container()
        .map(|c| {
            c.entity_sets
                .iter()
                .filter(|s| s.entity_type == t)
                .map(|s| Capabilities::of_set(&c.annotations, &s.annotations))
                .collect()
        })
        .unwrap_or_default()
}

/// How a navigation's `$filter` names the properties of `t`: those every entity set of `t`
/// allows filtering on, in any shape (its request is the runtime's generic `ListRequest`,
/// whose `filter` takes any expression).
pub fn navigation_filter_shape(ctx: &Ctx<'_>, t: TypeId) -> impl Fn(&str) -> FilterShape {
    let set_caps = capabilities_of_sets(ctx, t);
    move |name| {
        set_caps
            .iter()
            .all(|c| c.filterable && c.can_filter(name))
            .then_some(None)
    }
}

/// How `$filter` may name a property: not at all (`None`), freely (`Some(None)`), or only in
/// the shape of a `FilterExpressionRestrictions` entry (`Some(Some(allowed))`).
pub type FilterShape = Option<Option<AllowedExpressions>>;

/// The typed `$filter` paths of `t`'s primitive properties, in the shape `shape` gives each,
/// as entries of the runtime's `filter_paths!`: `method -> Value = "wire"` where the
/// property is free, `method -> Value as Kind = "wire"` (a `RestrictedPath`) where it is
/// restricted, and `nullable` last where its value may be null.
/// A property listed in `EmitOptions::date_keys` has the value type `DateKey`, so its
/// comparisons also take dates.
pub fn filter_methods(
    ctx: &Ctx<'_>,
    t: TypeId,
    depth: usize,
    shape: &dyn Fn(&str) -> FilterShape,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for p in ctx.model.all_properties(t) {
        let Some(restriction) = shape(&p.name) else {
            continue;
        };
        let Some(value) = filter_value(ctx, p, depth) else {
            continue;
        };
        let method = ctx.names.member(t, &p.name);
        let wire = &p.name;
        let kind = restriction.map(|allowed| {
            let kind = syn::Ident::new(allowed.name(), proc_macro2::Span::call_site());
            quote!(as #kind)
        });
        let nullable = p.ty.nullable.then(|| quote!(nullable));
        out.push(quote!(#method -> #value #kind = #wire #nullable));
    }
    out
}

/// The value type of the `$filter` path of property `p` (in an `Option` when `p` is
/// nullable), or `None` when a filter cannot compare it (a collection, a structured value).
pub fn filter_value(ctx: &Ctx<'_>, p: &Property, depth: usize) -> Option<TokenStream> {
    if p.ty.collection {
        return None;
    }
    if let Type::Named(n) = p.ty.ty
        && matches!(
            ctx.model.ty(n).kind,
            TypeKind::Entity(_) | TypeKind::Complex(_)
        )
    {
        return None;
    }
    filter_value_type(ctx, &p.name, &p.ty.ty, depth)
}

/// The value type of the filter path of property `wire` of type `ty`: its literal type, or
/// `DateKey` for an integer property the options name as holding date keys.
fn filter_value_type(ctx: &Ctx<'_>, wire: &str, ty: &Type, depth: usize) -> Option<TokenStream> {
    let integer = matches!(ty, Type::Primitive(Primitive::Int32 | Primitive::Int64));
    if integer && ctx.options.date_keys.contains(wire) {
        let rt = &ctx.rt;
        return Some(quote!(#rt::DateKey));
    }
    ctx.literal_type(ty, depth)
}

/// The `Filter` of typed `$filter` paths `entries` ([`filter_methods`]), documented by
/// `doc`, through the runtime's `filter_paths!`; nothing without entries.
pub fn filter_struct(rt: &TokenStream, doc: &str, entries: &[TokenStream]) -> TokenStream {
    if entries.is_empty() {
        return TokenStream::new();
    }
    quote!(#rt::filter_paths!(#doc, Filter { #(#entries),* });)
}

/// Navigation accessors, methods of operations bound to an entity of type `t` and type
/// casts, on an entity request struct whose runtime request is `inner`. A navigation property gets an
/// accessor when `navigable` allows it (the entity set's `NavigationRestrictions`) and its
/// own `NavigationRestrictions` do.
pub fn entity_methods(
    ctx: &Ctx<'_>,
    t: TypeId,
    depth: usize,
    navigable: &dyn Fn(&str) -> bool,
) -> TokenStream {
    let Some(names) = ctx.names.requests.get(&t) else {
        return TokenStream::new();
    };
    let mut out = TokenStream::new();
    for n in ctx.model.all_navigation_properties(t) {
        if !ctx.names.emitted.contains(&n.target)
            || !navigable(&n.name)
            || !vocab::navigable(&n.annotations)
        {
            continue;
        }
        let method = &names.navigations[&n.name];
        let wire = &n.name;
        let module = ctx.request_module(n.target, depth);
        let target = format!(
            "[`{}`]({})",
            ctx.names.ty(n.target).rust.unraw(),
            path_doc(&ctx.type_path(n.target, depth))
        );
        let contained = if n.contains_target {
            " (contained)"
        } else {
            ""
        };
        let (what, ret) = if n.collection {
            (
                format!("the collection of {target} entities"),
                quote!(#module::Collection),
            )
        } else {
            (
                format!("the {target} entity"),
                quote!(#module::EntityRequest),
            )
        };
        let doc = doc_lines(&described_text(
            &n.annotations,
            &format!("Navigation property `{wire}`{contained}: {what} at `{{path}}/{wire}`."),
        ));
        let deprecated = deprecated(&n.annotations);
        let allow = super::client::self_convention_allow(method);
        out.extend(quote! {
            #doc
            #deprecated
            #allow
            pub fn #method(&self) -> #ret {
                self.inner.segment(#wire)
            }
        });
    }
    for op in &names.entity_operations {
        out.extend(operations::method(
            ctx,
            op,
            depth,
            Binding::Inner { what: "an entity" },
        ));
    }
    out.extend(cast_methods(ctx, t, depth, CastOn::Entity));
    out
}

/// What a type cast is a method of.
#[derive(Clone, Copy)]
pub enum CastOn<'a> {
    /// An entity request whose runtime request is `inner`.
    Entity,
    /// A collection handle whose runtime request is `inner`.
    Collection,
    /// The handle of this entity set.
    Set(&'a str),
}

/// Type casts from requests of type `t` to the derived types that have requests of their
/// own.
pub fn cast_methods(ctx: &Ctx<'_>, t: TypeId, depth: usize, on: CastOn<'_>) -> TokenStream {
    let Some(names) = ctx.names.requests.get(&t) else {
        return TokenStream::new();
    };
    let rt = &ctx.rt;
    let string = &ctx.std.string;
    let mut out = TokenStream::new();
    for cast in names
        .casts
        .iter()
        .filter(|c| ctx.requests.contains(&c.target))
    {
        let qualified = ctx.model.ty(cast.target).qualified_name();
        let module = ctx.request_module(cast.target, depth);
        let target = format!(
            "[`{}`]({})",
            ctx.names.ty(cast.target).rust.unraw(),
            path_doc(&ctx.type_path(cast.target, depth))
        );
        let members = |path: &str| {
            format!("Type cast: only the members of type {target}, at `{path}/{qualified}`.")
        };
        let segment = quote!(self.inner.segment(#qualified));
        let (method, request, doc, body) = match on {
            CastOn::Entity => (
                &cast.entity,
                quote!(EntityRequest),
                format!(
                    "Type cast: this entity as one of type {target}, at `{{path}}/{qualified}` (the service answers only when it is one)."
                ),
                segment,
            ),
            CastOn::Collection => (
                &cast.collection,
                quote!(Collection),
                members("{path}"),
                segment,
            ),
            CastOn::Set(set) => {
                let path = format!("{set}/{qualified}");
                (
                    &cast.collection,
                    quote!(Collection),
                    members(set),
                    quote!(#rt::Addressed::at(self.client.clone(), #string::from(#path))),
                )
            }
        };
        let doc = doc_lines(&[doc]);
        out.extend(quote! {
            #doc
            pub fn #method(&self) -> #module::#request {
                #body
            }
        });
    }
    out
}

/// Methods of operations bound to a collection of type `t`: on an entity set's handle
/// (`set` is its name) or on a collection handle whose runtime request is `inner`.
pub fn collection_operations(
    ctx: &Ctx<'_>,
    t: TypeId,
    depth: usize,
    set: Option<&str>,
) -> TokenStream {
    let Some(names) = ctx.names.requests.get(&t) else {
        return TokenStream::new();
    };
    names
        .collection_operations
        .iter()
        .map(|op| {
            let binding = match set {
                Some(set) => Binding::Set(set),
                None => Binding::Inner {
                    what: "a collection",
                },
            };
            operations::method(ctx, op, depth, binding)
        })
        .collect()
}

/// A type path as rustdoc link text (`super::models::Device`).
pub fn path_doc(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}
