//! Model → Rust: pure functions from a resolved [`Model`] to module trees of tokens.
//!
//! - [`types`]: EDM type references → Rust types; the derive and boxing analyses;
//! - [`models`]: entity, complex, enum and definition types → structs and enums;
//! - [`entity_set`]: one module per entity set or singleton: its request surface;
//! - [`requests`]: one module per entity type a navigation property leads to, and the
//!   methods entity set modules share with them (navigation, `$expand`, custom options);
//! - [`operations`]: methods calling actions and functions, unbound (imports) or bound;
//! - [`client`]: the version's `Client`, with one accessor per entity set;
//! - [`docs`]: metadata text → rustdoc.
//!
//! The same [`Module`] tree is laid out either as files (a crate: `mod.rs`, `models/`, one
//! file per entity set) or inline in one file (for `include!` from a build script); module
//! bodies are token-identical in both.
//!
//! # Navigation
//!
//! An entity request (a set's `GetRequest`, or `requests::<type>::EntityRequest`) has one
//! accessor per navigation property of its type, inherited ones and contained ones
//! (`ContainsTarget`) included: a single-valued one returns the target type's
//! `EntityRequest`, a collection-valued one its `Collection` (`list()`, `get(key)` when the
//! type has a key, and the operations bound to a collection of the type). Paths grow from the
//! runtime request's path (`people('x')/Friends('y')/Trips`); navigation requests offer every
//! query option, since the source set's `NavigationRestrictions` are not read. `$expand` is
//! typed by the `<Type>Nav` enum beside the model (`expand([PersonNav::Friends])`, or
//! `expand_with(nav, |e| …)` for nested options on the runtime's `Expand`); a set offers it
//! unless its `ExpandRestrictions/Expandable` is false (`NonExpandableProperties` is not
//! enforced).
//!
//! # Bound operations
//!
//! Operations bound to an entity type or one of its base types become methods of its entity
//! requests, those bound to a collection methods of its collection handles (an entity set's
//! handle calls `set/NS.Op` directly). The path segment is the namespace-qualified name;
//! function parameters are aliases (`NS.Op(p=@p)?@p=…`). Overloads are named by the naming
//! pass's collision rule (`related`, `related_2`), in order of (qualified name, binding
//! type, parameters). Operations bound to complex or primitive types get no method, and an
//! operation bound to a derived type is offered only on requests of that type (there are no
//! type-cast segments: a request of the base type does not offer it).
//!
//! # Polymorphism
//!
//! An entity type from which other emitted types derive gets an enum `<Type>Any` with one
//! variant per concrete type (itself and every derived type, each boxed, so the enum stays
//! small however large a derived struct is). Its `Deserialize` reads the object once into the
//! runtime's `TypedValue`, matches `@odata.type` (namespace- or alias-qualified) and decodes
//! the object as that type; without `@odata.type`, or with a type the client does not know,
//! the object is decoded as the declared type. Sets, navigations and operation results of
//! such a type use the enum; sets of types nothing derives from decode straight into their
//! struct, so only polymorphic types pay for the intermediate value. Complex types are not
//! made polymorphic (a derived complex value keeps the declared type's members).
//!
//! # Custom query options
//!
//! The optional options of `Capabilities.CustomQueryOptions` on the container become setters
//! on list requests (`.maxhistorydays(7)`, any `Display` value: the vocabulary gives them no
//! type). When the generator is given an `api-version`, the `Client` gets
//! `builder(service_root)`, a runtime client builder that already sends it.

pub mod client;
pub mod docs;
pub mod entity_set;
pub mod models;
pub mod operations;
pub mod requests;
pub mod types;

use std::collections::BTreeSet;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use crate::model::{Model, TypeId};
use crate::naming::{IdentError, Names};

/// What the emitter needs besides the model.
pub struct EmitOptions {
    /// The runtime crate path, e.g. `::odata_runtime`.
    pub runtime_path: syn::Path,
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
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime_path: syn::parse_quote!(::odata_runtime),
            api_version: None,
            include: BTreeSet::new(),
            exclude: BTreeSet::new(),
            feature_per_entity_set: false,
            source_name: String::new(),
        }
    }
}

/// Everything emit functions share.
pub struct Ctx<'a> {
    /// The model.
    pub model: &'a Model,
    /// Its Rust names.
    pub names: &'a Names,
    /// Options.
    pub options: &'a EmitOptions,
    /// `<runtime>::__private`, the one path generated code reaches the runtime through.
    pub rt: TokenStream,
    /// `<runtime>::__private::serde` as a string, for `#[serde(crate = ...)]`.
    pub serde_crate: String,
    /// `<runtime>::__private::edm` as a string, for `#[serde(with = ...)]`.
    pub edm_with: String,
    /// Types that may derive `Eq`.
    pub eq: BTreeSet<TypeId>,
    /// Properties `(type, wire name)` that are boxed.
    pub boxed: BTreeSet<(TypeId, String)>,
}

/// A module of generated code: a declaration and a body.
#[derive(Clone, Debug)]
pub struct Module {
    /// Its name.
    pub name: Ident,
    /// `pub mod` or private `mod`.
    pub public: bool,
    /// Attributes of the declaration (docs, `cfg`).
    pub attrs: TokenStream,
    /// Items of the body, after the child module declarations.
    pub items: TokenStream,
    /// Child modules, declared first in the body.
    pub children: Vec<Module>,
}

impl Module {
    /// The declaration without its body: attributes and `pub mod name`.
    pub(crate) fn decl_head(&self) -> TokenStream {
        let attrs = &self.attrs;
        let name = &self.name;
        if self.public {
            quote!(#attrs pub mod #name)
        } else {
            quote!(#attrs mod #name)
        }
    }

    /// The module as one inline item: `mod name { ... }`.
    pub fn inline(&self) -> TokenStream {
        let head = self.decl_head();
        let children = self.children.iter().map(Module::inline);
        let items = &self.items;
        quote!(#head { #(#children)* #items })
    }

    /// The module laid out as files below `dir` (the folder of its parent): its declaration for
    /// the parent, and `(relative path, body)` for itself and every descendant.
    pub fn files(&self, dir: &std::path::Path) -> (TokenStream, Vec<(PathBuf, TokenStream)>) {
        let head = self.decl_head();
        let name = self.name.to_string();
        let name = crate::naming::ident::unraw(&name);
        let mut out = Vec::new();
        let (path, child_dir) = if self.children.is_empty() {
            (dir.join(format!("{name}.rs")), dir.to_path_buf())
        } else {
            (dir.join(name).join("mod.rs"), dir.join(name))
        };
        let mut decls = Vec::new();
        for c in &self.children {
            let (decl, files) = c.files(&child_dir);
            decls.push(decl);
            out.extend(files);
        }
        let items = &self.items;
        out.insert(0, (path, quote!(#(#decls)* #items)));
        (quote!(#head;), out)
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
}

/// The module tree of one service version, named `module`.
pub fn emit(
    model: &Model,
    options: &EmitOptions,
    module: &Ident,
    doc: &str,
) -> Result<Module, EmitError> {
    let names = Names::of(model)?;
    let rt_path = &options.runtime_path;
    let rt = quote!(#rt_path::__private);
    let rt_text = path_text(rt_path);
    let mut ctx = Ctx {
        model,
        names: &names,
        options,
        rt,
        serde_crate: format!("{rt_text}::__private::serde"),
        edm_with: format!("{rt_text}::__private::edm"),
        eq: BTreeSet::new(),
        boxed: BTreeSet::new(),
    };
    ctx.eq = types::eq_types(&ctx);
    ctx.boxed = types::boxed_properties(&ctx);

    let mut children = vec![models::emit(&ctx)?];
    children.extend(requests::emit(&ctx));
    let sets: Vec<_> = names
        .sets
        .iter()
        .filter(|s| selected(options, &s.wire))
        .collect();
    for set in &sets {
        children.push(entity_set::emit(&ctx, set)?);
    }
    let items = client::emit(&ctx, &sets);
    let doc_attr = docs::doc_lines(&[doc.to_owned()]);
    Ok(Module {
        name: module.clone(),
        public: true,
        attrs: doc_attr,
        items,
        children,
    })
}

/// Whether an entity set or singleton is selected by include/exclude.
fn selected(options: &EmitOptions, wire: &str) -> bool {
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
