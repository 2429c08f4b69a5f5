//! Model → Rust: pure functions from a resolved [`Model`] to a module tree ([`layout`]) and
//! each module's items ([`Ctx::items`], syntax trees for the formatter), emitted one module
//! at a time.
//!
//! - [`types`]: EDM type references → Rust types (the derive and boxing analyses they read
//!   are in [`crate::plan`]);
//! - [`models`]: entity, complex, enum and definition types → structs and enums;
//! - [`entity_set`]: one module per entity set or singleton: its request surface;
//! - [`requests`]: one module per entity type a navigation property leads to, and the
//!   methods entity set modules share with them (navigation, `$expand`, custom options);
//! - [`operations`]: methods calling actions and functions, unbound (imports) or bound;
//! - [`client`]: the version's `Client`, with one accessor per entity set;
//! - [`docs`]: metadata text → rustdoc.
//!
//! Every item is written one way: with `quote!`, each module body parsed once
//! ([`parse_items`]) for the formatter.
//!
//! Thin code, fat runtime: what is the same in every model is a runtime macro, and the
//! generated code lists only what differs. A struct's serde impls are one
//! `rt::structured!(Type { field = "wireName" Codec, … })` (the decoding loop and writer are
//! the runtime's `object` module, not serde's derive per struct); field, navigation, sort and
//! expand enums are `rt::wire_enum!`, a `Filter` is `rt::filter_paths!`, an `…Any` enum is
//! `rt::any_enum!`. An entity set's requests are the runtime's generic `ListRequest<Handle>`
//! and `GetRequest<Handle>`: the set's module states what it allows as trait impls on its
//! handle (`impl rt::Sortable for Users { type Sort = SortField; }`, one per query option), and
//! the runtime offers a method only where its trait is implemented. The listing, the contract
//! diff and the tests read these entries.
//!
//! The same [`Module`] tree is laid out either as files (a crate: `mod.rs`, `models/`, one
//! file per entity set) or inline in one file (for `include!` from a build script); module
//! bodies are token-identical in both (see [`crate::render`]).
//!
//! # Navigation
//!
//! An entity request (a set's `GetRequest`, or `requests::<type>::EntityRequest`) has one
//! accessor per navigation property of its type, inherited ones and contained ones
//! (`ContainsTarget`) included: a single-valued one returns the target type's
//! `EntityRequest`, a collection-valued one its `Collection` (`list()`, `get(key)` when the
//! type has a key, and the operations bound to a collection of the type). Paths grow from the
//! runtime request's path (`people('x')/Friends('y')/Trips`). A navigation property whose own
//! `NavigationRestrictions/Navigability` is `None` gets no accessor anywhere (it can still be
//! expanded); an entity set's `NavigationRestrictions` (`Navigability`, overridden per
//! property by `RestrictedProperties`) decide the accessors of the set's `GetRequest`. The
//! requests a navigation returns are shared by every path to the target type, so they offer
//! every query option and further navigation, except that their `$filter` offers only the
//! properties every entity set of the type allows: per-path restrictions beyond the first step
//! (`Navigability/Single`, a restricted property's own filter or sort restrictions) are not
//! enforced. Every `$select` also asks for the key properties (`<Type>Field::KEY`), since
//! servers such as ASP.NET OData return exactly what was selected. `$expand` is typed by the `<Type>Nav` enum beside the model
//! (`expand([PersonNav::Friends])`, or `expand_with(nav, |e| …)` for nested options on the
//! runtime's `Expand`); a set offers it unless its `ExpandRestrictions/Expandable` is false
//! (or `MaxLevels` 0), and when `NonExpandableProperties` names some of its navigation
//! properties it takes the set's own `ExpandField` enum of the others instead. When
//! `MaxLevels` is 1, `expand_with` hands the closure the runtime's `FlatExpand`, which has no
//! nested `$expand`; deeper limits are not enforced, nor any on requests reached by
//! navigation.
//!
//! # Operations
//!
//! Parameters are positional arguments; one annotated `Core.OptionalParameter` is an `Option`,
//! and `None` leaves it out of the call so that the service applies its default.
//!
//! Operations bound to an entity type or one of its base types become methods of its entity
//! requests, those bound to a collection methods of its collection handles (an entity set's
//! handle calls `set/NS.Op` directly). The path segment is the namespace-qualified name;
//! function parameters are aliases (`NS.Op(p=@p)?@p=…`). Overloads are named by the naming
//! pass's collision rule (`related`, `related_2`), in order of (qualified name, binding
//! type, parameters). Operations bound to complex or primitive types get no method, and an
//! operation bound to a derived type is offered only on requests of that type, reached from
//! the base type's requests by a type cast.
//!
//! # Type casts
//!
//! An entity request and a collection handle of a type (an entity set's handle included)
//! have one `as_<derived>()` method per derived type that has requests of its own (a type
//! some navigation reaches): it appends the `NS.Derived` segment and returns the derived
//! type's `EntityRequest` or `Collection` (`groups('x')/members/microsoft.graph.user`,
//! `directoryObjects/microsoft.graph.user`). Casts do not make a type reachable, so a type
//! only reached by casting from a widely derived base (Graph's `entity`) adds no module.
//!
//! # Polymorphism
//!
//! An entity or complex type from which other emitted types derive gets an enum `<Type>Any`
//! with one variant per concrete type (itself and every derived type, each boxed, so the enum
//! stays small however large a derived struct is). Its `Deserialize` reads the object once
//! into the runtime's `TypedValue`, matches `@odata.type` (namespace- or alias-qualified) and
//! decodes the object as that type; without `@odata.type`, or with a type the client does
//! not know, the object is decoded as the declared type. Sets, navigations, structural
//! properties and operation results of such a type use the enum; types nothing derives from
//! decode straight into their struct, so only polymorphic types pay for the intermediate
//! value. Operation parameters take the declared type's struct (the enum serializes without
//! `@odata.type`).
//!
//! # Custom query options
//!
//! The optional options of `Capabilities.CustomQueryOptions` (the container's, and each set's
//! `ReadRestrictions/CustomQueryOptions`) become types of the version's `options` module,
//! typed by their examples; a set's list request takes those it declares in `with`
//! (`.with(options::MaxHistoryDays(7))`). List requests reached by navigation take none;
//! their runtime request (`into_inner()`) sets any by name.
//!
//! # The client
//!
//! Each version's `Client` has `builder(service_root)`, the runtime's `TypedClientBuilder`
//! that builds this `Client` (`Client::builder(url).bearer_token(t).build()?`) and, when the
//! generator is given an `api-version`, already sends it. The version module re-exports what
//! users name (`Error`, `Page`, `Expanded`, `ClientCredentials`, and the runtime as
//! `runtime`), so a generated client is their only dependency.
//!
//! # Expanded navigation properties
//!
//! A model holds a navigation property as `Option<rt::Expanded<Target>>` (or
//! `…<Vec<Target>>`), never the target itself: `Expanded` states its auto traits, so the
//! compiler's proof of `Model: Send` stops there instead of walking the navigation graph,
//! which overflowed the recursion limit on densely linked services (see
//! `runtime/src/expanded.rs` and `codegen/tests/stress.rs`).

pub mod client;
pub mod docs;
pub mod entity_set;
pub mod models;
pub mod operations;
pub mod options;
pub mod prelude;
pub mod requests;
pub mod types;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::rc::Rc;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::model::{Model, TypeId};
use crate::naming::{IdentError, Names, RustName};
use crate::plan::Plan;
use prelude::Std;

/// What the emitter needs besides the model.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// The runtime crate path, e.g. `::odata_runtime`.
    pub runtime_path: String,
    /// The default `api-version` query option the version's client sets, if any.
    pub api_version: Option<String>,
    /// Entity sets and singletons to emit (wire names); empty means all.
    pub include: BTreeSet<String>,
    /// Entity sets and singletons not to emit (wire names).
    pub exclude: BTreeSet<String>,
    /// Put each entity set behind `#[cfg(feature = "<set module>")]`.
    pub feature_per_entity_set: bool,
    /// The file name the model was read from, for docs.
    pub source_name: String,
    /// Integer properties (wire names) that hold date keys (`yyyymmdd`): their `$filter`
    /// paths are typed `DateKey`, so comparisons take dates.
    pub date_keys: BTreeSet<String>,
    /// Integer properties narrower than 64 bits are read as `i64`, from a JSON number or
    /// string: for services whose integer widths are not known.
    pub lenient_integers: bool,
    /// Implement `Serialize` outright only on the types a request body can carry; the others
    /// get it under the generated crate's `serialize` feature (`serialize_if`), since
    /// responses are only decoded. For a crate the generator lays out, whose features it knows.
    pub serialize_feature: bool,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime_path: "::odata_runtime".to_owned(),
            api_version: None,
            include: BTreeSet::new(),
            exclude: BTreeSet::new(),
            feature_per_entity_set: false,
            source_name: String::new(),
            date_keys: BTreeSet::new(),
            lenient_integers: false,
            serialize_feature: false,
        }
    }
}

/// What the emit functions of one thread share: the model, options and plan (read by every
/// thread), and this thread's state for the module being emitted (token trees cannot cross
/// threads).
pub struct Ctx<'a> {
    /// The model.
    pub model: &'a Model,
    /// Its Rust names.
    pub names: &'a Names,
    /// Options.
    pub options: &'a EmitOptions,
    /// `<runtime>::__private`, the one path generated code reaches the runtime through.
    pub rt: TokenStream,
    /// The runtime path as written in docs: `::odata_runtime`.
    pub rt_text: String,
    /// `<runtime>::__private::serde` as a string, for `#[serde(crate = ...)]`.
    pub serde_crate: String,
    /// Types that may derive `Eq`.
    pub eq: &'a BTreeSet<TypeId>,
    /// Properties `(type, wire name)` that are boxed.
    pub boxed: &'a BTreeSet<(TypeId, String)>,
    /// Types a request body can carry.
    pub body_types: &'a BTreeSet<TypeId>,
    /// The features that compile each gated model.
    pub gates: &'a BTreeMap<TypeId, BTreeSet<String>>,
    /// The entity types with a `requests` module.
    pub requests: &'a BTreeSet<TypeId>,
    /// Standard items as the module being emitted names them.
    pub std: Std,
    /// The type module being emitted, if any: its siblings are then named relatively.
    pub type_module: TypeModule,
    /// The top modules (`models`, `requests`) the body being emitted imports, if it imports them.
    pub top_imports: Option<Rc<TopModuleImports>>,
}

/// `models` and `requests` as a body below the version root imports them
/// (`use super::super::models;`), so its paths name `models::ns::Type` instead of climbing
/// with `super::` each time; an import is emitted only when a path used it. No item of such
/// a body is named `models` or `requests` (they are `UpperCamelCase`).
#[derive(Debug)]
pub struct TopModuleImports {
    /// How far below the version root the body is.
    pub depth: usize,
    /// Whether a path named `models`.
    pub models: Cell<bool>,
    /// Whether a path named `requests`.
    pub requests: Cell<bool>,
}

impl TopModuleImports {
    /// The `use` items of the top modules used.
    fn uses(&self) -> TokenStream {
        let supers = || (0..self.depth).map(|_| quote!(super::));
        let mut out = TokenStream::new();
        for (used, top) in [(&self.models, "models"), (&self.requests, "requests")] {
            if used.get() {
                let top = Ident::new(top, Span::call_site());
                let supers = supers();
                out.extend(quote!(use #(#supers)* #top;));
            }
        }
        out
    }
}

/// Where a type module sits (`models::<ns>::<type>` or `requests::<ns>::<type>`): from
/// there, the modules of the same kind are `super::<sibling>`, or `super::super::<ns>::…`
/// for another namespace.
#[derive(Clone, Debug)]
pub enum TypeModule {
    /// Not in a type module.
    None,
    /// A module of `models`, of this namespace.
    Models(String),
    /// A module of `requests`, of this namespace.
    Requests(String),
}

impl<'a> Ctx<'a> {
    /// The context of `model` with its `plan`.
    pub fn new(
        model: &'a Model,
        plan: &'a Plan,
        options: &'a EmitOptions,
    ) -> Result<Ctx<'a>, EmitError> {
        let rt_path: syn::Path = syn::parse_str(&options.runtime_path)
            .map_err(|e| EmitError::RuntimePath(options.runtime_path.clone(), e.to_string()))?;
        let rt_text = path_text(&rt_path);
        Ok(Ctx {
            model,
            names: &plan.names,
            options,
            rt: quote!(#rt_path::__private),
            serde_crate: format!("{rt_text}::__private::serde"),
            rt_text,
            eq: &plan.eq_types,
            boxed: &plan.boxed_properties,
            body_types: &plan.body_types,
            gates: &plan.feature_gates,
            requests: &plan.request_targets,
            std: Std::new(&[]),
            type_module: TypeModule::None,
            top_imports: None,
        })
    }

    /// `#[cfg(any(feature = …))]` over the features that compile type `t`'s model and
    /// requests modules, or nothing when they are always compiled.
    pub fn gate(&self, t: TypeId) -> TokenStream {
        match self.gates.get(&t) {
            Some(features) => {
                let features = features.iter();
                quote!(#[cfg(any(#(feature = #features),*))])
            }
            None => TokenStream::new(),
        }
    }

    /// Whether type `t` implements `Serialize` outright (else under the `serialize` feature).
    pub fn serializes_always(&self, t: TypeId) -> bool {
        !self.options.serialize_feature || self.body_types.contains(&t)
    }

    /// The context for emitting a module that defines the items `defined`.
    pub fn scoped(&self, defined: &[&RustName]) -> Ctx<'a> {
        Ctx {
            model: self.model,
            names: self.names,
            options: self.options,
            rt: self.rt.clone(),
            rt_text: self.rt_text.clone(),
            serde_crate: self.serde_crate.clone(),
            eq: self.eq,
            boxed: self.boxed,
            body_types: self.body_types,
            gates: self.gates,
            requests: self.requests,
            std: Std::new(defined),
            type_module: self.type_module.clone(),
            top_imports: self.top_imports.clone(),
        }
    }

    /// The items of a module body. Bodies that reach the runtime start with
    /// `use <runtime>::__private as rt;` and name it `rt::…`: no item a module defines is
    /// named `rt` (types are `UpperCamelCase`; the naming pass keeps set modules off it).
    pub fn items(&self, body: &Body) -> Result<Vec<syn::Item>, EmitError> {
        let imports = match body {
            Body::Requests(_) => Some(requests::depth(self.names)),
            Body::Set(_) => Some(1),
            _ => None,
        }
        .map(|depth| {
            Rc::new(TopModuleImports {
                depth,
                models: Cell::new(false),
                requests: Cell::new(false),
            })
        });
        let mut ctx = self.scoped(&[]);
        ctx.rt = quote!(rt);
        ctx.top_imports = imports.clone();
        let ctx = &ctx;
        let items = match body {
            Body::Items(items) => return Ok(parse_items(items.clone())?),
            Body::Type(t) => models::type_items(ctx, *t)?,
            Body::Requests(t) => requests::type_items(ctx, *t)?,
            Body::Set(i) => entity_set::items(ctx, &self.names.sets[*i])?,
            Body::Client => parse_items(client::emit(ctx, &selected_sets(self))?)?,
            Body::Options => parse_items(options::tokens(ctx))?,
        };
        let rt = &self.rt;
        let mut head = quote!(use #rt as rt;);
        if let Some(imports) = &imports {
            head.extend(imports.uses());
        }
        let mut out = parse_items(head)?;
        out.extend(items);
        Ok(out)
    }
}

/// What a module's body holds. Bodies are emitted only when their module is formatted, so
/// the token trees of a large service never exist all at once, and several threads can
/// emit and format modules of the same tree.
#[derive(Clone, Debug)]
pub enum Body {
    /// These items.
    Items(TokenStream),
    /// A named type (`models::…`).
    Type(TypeId),
    /// The navigation requests of an entity type (`requests::…`).
    Requests(TypeId),
    /// An entity set or singleton, by index in [`Names::sets`].
    Set(usize),
    /// The version's `Client`.
    Client,
    /// The version's custom query option types.
    Options,
}

/// A module of generated code: a declaration and a body.
#[derive(Clone, Debug)]
pub struct Module {
    /// Its name.
    pub name: RustName,
    /// `pub mod` or private `mod`.
    pub public: bool,
    /// Attributes of the declaration (docs, `cfg`).
    pub attrs: TokenStream,
    /// Items of the body, after the child module declarations.
    pub body: Body,
    /// Child modules, declared first in the body.
    pub children: Vec<Module>,
}

impl Module {
    /// The declaration without its body: attributes and `pub mod name`.
    pub fn decl_head(&self) -> TokenStream {
        let attrs = &self.attrs;
        let name = &self.name;
        if self.public {
            quote!(#attrs pub mod #name)
        } else {
            quote!(#attrs mod #name)
        }
    }

    /// The module and its descendants in pre-order, each with its depth below this one.
    pub fn preorder(&self) -> Vec<(usize, &Module)> {
        let mut out = Vec::new();
        let mut stack = vec![(0, self)];
        while let Some((depth, m)) = stack.pop() {
            out.push((depth, m));
            stack.extend(m.children.iter().rev().map(|c| (depth + 1, c)));
        }
        out
    }

    /// The file of this module in a crate laid out below `dir` (the folder of its parent):
    /// `dir/name.rs`, or `dir/name/mod.rs` when it has children.
    pub fn file(&self, dir: &std::path::Path) -> PathBuf {
        let name = self.name.unraw();
        if self.children.is_empty() {
            dir.join(format!("{name}.rs"))
        } else {
            dir.join(name).join("mod.rs")
        }
    }

    /// The folder of this module's children's files, when its own is below `dir`.
    pub fn child_dir(&self, dir: &std::path::Path) -> PathBuf {
        if self.children.is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(self.name.unraw())
        }
    }
}

/// An error of the emitter.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// A name could not be made into an identifier.
    #[error(transparent)]
    Ident(#[from] IdentError),
    /// The model has no entity container.
    #[error("the document has no entity container")]
    NoContainer,
    /// The runtime path is not a Rust path.
    #[error("runtime path `{0}`: {1}")]
    RuntimePath(String, String),
    /// Emitted code did not parse (a generator bug).
    #[error("emitted code did not parse: {0}")]
    Syntax(#[from] syn::Error),
}

/// The module tree of one service version, named `module`, with bodies not yet emitted.
pub fn layout(ctx: &Ctx<'_>, module: &RustName, doc: &str) -> Result<Module, EmitError> {
    let mut children = vec![models::layout(ctx)];
    children.extend(requests::layout(ctx));
    children.extend(options::layout(ctx));
    for (i, set) in ctx.names.sets.iter().enumerate() {
        if selected(ctx.options, &set.wire) {
            children.push(entity_set::layout(ctx, i));
        }
    }
    Ok(Module {
        name: module.clone(),
        public: true,
        attrs: docs::doc_lines(&[doc.to_owned()]),
        body: Body::Client,
        children,
    })
}

/// The entity sets and singletons that are emitted.
pub(super) fn selected_sets<'n>(ctx: &Ctx<'n>) -> Vec<&'n crate::naming::names::SetNames> {
    ctx.names
        .sets
        .iter()
        .filter(|s| selected(ctx.options, &s.wire))
        .collect()
}

/// Whether an entity set or singleton is selected by include/exclude.
pub(crate) fn selected(options: &EmitOptions, wire: &str) -> bool {
    (options.include.is_empty() || options.include.contains(wire))
        && !options.exclude.contains(wire)
}

/// A path as written: `::odata_runtime`.
fn path_text(path: &syn::Path) -> String {
    let mut s = String::new();
    if path.leading_colon.is_some() {
        s.push_str("::");
    }
    let segs: Vec<String> = path
        .segments
        .iter()
        .map(|seg| seg.ident.to_string())
        .collect();
    s.push_str(&segs.join("::"));
    s
}

/// The items `tokens` hold: every module body is written with `quote!` and parsed once, here
/// or by its emitter, for the formatter.
pub fn parse_items(tokens: TokenStream) -> syn::Result<Vec<syn::Item>> {
    Ok(syn::parse2::<syn::File>(tokens)?.items)
}
