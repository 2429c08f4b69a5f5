//! The Rust side of a contract change: which generated items it touches, and their Rust
//! shapes (field, filter path and method signatures) as the emitter writes them.
//!
//! This is the only module of the diff that knows generated names. It reads them from the
//! generator's own naming pass and types from the emitter itself, never re-deriving either,
//! so a reported item is exactly what a user of the generated crate calls. [`RustItems::of`]
//! is its one entry point; when naming moves (a plan stage), only this module follows.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

use quote::ToTokens;

use crate::emit::operations::{self, Binding};
use crate::emit::{Ctx, EmitOptions, models, requests};
use crate::model::{Model, OperationId, TypeId, TypeKind};
use crate::naming::names::ImportNames;
use crate::plan::Plan;
use crate::plan::query::QuerySurface;
use crate::surface::ItemKind;

/// What a change touches in the generated crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    /// Rust paths of the items (`intune_dw::beta::models::Device::iccid`), models first.
    pub items: Vec<String>,
    /// The Rust shape of the item, comparable between two versions: a field's type and its
    /// filter path type, or a method's signature. `None` when the item has none to compare.
    pub shape: Option<String>,
    /// For operations and parameters: the parameters of the operation's methods, in order,
    /// as (Rust name, Rust type).
    pub params: Option<Vec<(String, String)>>,
}

/// One version of a generated client: its model, names and emitter context.
pub struct RustItems<'m> {
    model: &'m Model,
    plan: Plan,
    options: EmitOptions,
    /// The Rust path of the version module (`intune_dw::beta`).
    prefix: String,
    /// Qualified type name as the diff writes it → type.
    types: BTreeMap<String, TypeId>,
    /// Operation path as the diff writes it (`NS.op(NS.T)`) → operation.
    operations: BTreeMap<String, OperationId>,
    /// Struct fields already emitted, by type: identifier → Rust type.
    fields: RefCell<BTreeMap<TypeId, BTreeMap<String, String>>>,
    /// The methods of each operation, found on first use.
    methods: OnceCell<BTreeMap<OperationId, Vec<(String, ImportNames)>>>,
    /// Method signatures already emitted, by operation.
    signatures: RefCell<BTreeMap<OperationId, Option<syn::Signature>>>,
    /// The generated sets, found on first use.
    sets: OnceCell<Vec<SetFacts>>,
}

/// A generated entity set or singleton.
struct SetFacts {
    /// Its module (and client accessor).
    module: String,
    /// Its handle type.
    handle: String,
    /// Its entity type.
    entity_type: TypeId,
    /// The entity type and its base types.
    chain: Vec<TypeId>,
    /// What its requests may do, as its module offers it.
    surface: QuerySurface,
}

impl<'m> RustItems<'m> {
    /// The generated items of `model` under the module path `prefix`; `namespaces` renames
    /// the model's namespaces as the diff does (see [`crate::diff::namespace_pairing`]).
    /// `None` when the model cannot be named (then no client can be generated either).
    /// `options` are those the code is generated with (integer widths, date keys).
    pub fn of(
        model: &'m Model,
        prefix: &str,
        namespaces: &BTreeMap<String, String>,
        options: &EmitOptions,
    ) -> Option<Self> {
        let options = options.clone();
        let plan = Plan::of(model, &options).ok()?;
        let qualify = |ns: &str, name: &str| {
            format!("{}.{name}", namespaces.get(ns).map_or(ns, String::as_str))
        };
        let types = plan
            .names
            .emitted
            .iter()
            .map(|t| (qualify(&model.ty(*t).namespace, &model.ty(*t).name), *t))
            .collect();
        let operations = model
            .operations
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_main)
            .map(|(i, o)| {
                (
                    crate::surface::operation_path(model, namespaces, o),
                    OperationId(i),
                )
            })
            .collect();
        Some(RustItems {
            model,
            plan,
            options,
            prefix: prefix.to_owned(),
            types,
            operations,
            fields: RefCell::default(),
            methods: OnceCell::new(),
            signatures: RefCell::default(),
            sets: OnceCell::new(),
        })
    }

    /// The items a change of the surface item (`kind`, `path`) touches, and their shape.
    pub fn touched(&self, kind: ItemKind, path: &str, what: &str) -> Touched {
        let (parent, member) = path.rsplit_once('/').unwrap_or((path, ""));
        let mut t = match kind {
            ItemKind::EntitySet | ItemKind::Singleton => self.set(path, what),
            ItemKind::EntityType
            | ItemKind::ComplexType
            | ItemKind::EnumType
            | ItemKind::TypeDefinition => self.ty(path, what),
            ItemKind::Property => self.property(parent, member),
            ItemKind::NavigationProperty => self.navigation(parent, member),
            ItemKind::Member => self.enum_member(parent, member),
            ItemKind::Operation => self.operation(path, None),
            ItemKind::Parameter => self.operation(parent, Some(member)),
            ItemKind::Import => self.import(path),
            ItemKind::Service => self.custom_options(),
        };
        sort_items(&mut t.items);
        t
    }

    fn ctx(&self) -> Option<Ctx<'_>> {
        Ctx::new(self.model, &self.plan, &self.options).ok()
    }

    /// `prefix::models::[ns::]ident`.
    fn models_path(&self, t: TypeId, ident: &impl ToString) -> String {
        match self.plan.names.namespaces.get(&self.model.ty(t).namespace) {
            Some(ns) => format!("{}::models::{ns}::{}", self.prefix, ident.to_string()),
            None => format!("{}::models::{}", self.prefix, ident.to_string()),
        }
    }

    /// The sets (module names) whose entity type is `t` or derives from it.
    fn sets_of(&self, t: TypeId) -> Vec<(String, String, TypeId)> {
        self.sets()
            .iter()
            .filter(|s| s.chain.contains(&t))
            .map(|s| (s.module.clone(), s.handle.clone(), s.entity_type))
            .collect()
    }

    /// The generated sets, with what the questions above ask of them, found once.
    fn sets(&self) -> &[SetFacts] {
        self.sets.get_or_init(|| {
            let Some(container) = self.model.main_container() else {
                return vec![];
            };
            let names = &self.plan.names;
            container
                .entity_sets
                .iter()
                .chain(&container.singletons)
                .filter_map(|s| {
                    let n = names.sets.iter().find(|n| n.wire == s.name)?;
                    Some(SetFacts {
                        module: n.module.to_string(),
                        handle: n.handle.to_string(),
                        entity_type: s.entity_type,
                        chain: self.model.base_chain(s.entity_type),
                        surface: QuerySurface::of(self.model, container, s, n.singleton),
                    })
                })
                .collect()
        })
    }

    fn set(&self, wire: &str, what: &str) -> Touched {
        let Some(n) = self.plan.names.sets.iter().find(|n| n.wire == wire) else {
            return Touched::default();
        };
        let (p, m) = (&self.prefix, &n.module);
        let items = match what {
            "added" | "removed" => vec![format!("{p}::{m}"), format!("{p}::Client::{m}")],
            "filter" | "filter-shapes" | "filter-functions" => vec![
                format!("{p}::{m}::ListRequest::filter"),
                format!("{p}::{m}::Filter"),
            ],
            "by-key" => vec![
                format!("{p}::{m}::{}::get", n.handle),
                format!("{p}::{m}::GetRequest"),
            ],
            "custom-query-options" => n
                .custom_options
                .iter()
                .map(|o| format!("{p}::{m}::ListRequest::with(options::{})", o.rust))
                .collect(),
            "orderby" => vec![
                format!("{p}::{m}::ListRequest::order_by"),
                format!("{p}::{m}::SortField"),
            ],
            "expandable" | "expand-levels" => vec![
                format!("{p}::{m}::ListRequest::expand"),
                format!("{p}::{m}::ListRequest::expand_with"),
            ],
            "navigable" => vec![format!("{p}::{m}::GetRequest")],
            "query" => ["select", "top", "skip", "count", "inline_count", "search"]
                .iter()
                .map(|q| format!("{p}::{m}::ListRequest::{q}"))
                .collect(),
            "type" => vec![format!("{p}::{m}::{}", n.handle)],
            // Writes are not generated; docs touch the module's rustdoc only.
            _ => vec![],
        };
        Touched {
            items,
            ..Touched::default()
        }
    }

    fn ty(&self, path: &str, what: &str) -> Touched {
        let Some(&t) = self.types.get(path) else {
            return Touched::default();
        };
        let names = self.plan.names.ty(t);
        let mut items = vec![self.models_path(t, &names.rust)];
        if matches!(what, "added" | "removed") {
            for extra in [&names.field_enum, &names.nav_enum, &names.any_enum]
                .into_iter()
                .flatten()
            {
                items.push(self.models_path(t, extra));
            }
        }
        if what == "key" {
            for (set, handle, _) in self.sets_of(t) {
                items.push(format!("{}::{set}::{handle}::get", self.prefix));
            }
        }
        Touched {
            items,
            ..Touched::default()
        }
    }

    /// Every emitted type that has the member: `t` and the types derived from it.
    fn with_inherited(&self, t: TypeId) -> Vec<TypeId> {
        let mut all = vec![t];
        all.extend(
            self.model
                .all_derived(t)
                .into_iter()
                .filter(|d| self.plan.names.emitted.contains(d)),
        );
        all
    }

    /// The struct field of member `key` of type `d`, and its variant in one of the type's
    /// enums (field or navigation enum, and the variant), as paths under `models`.
    fn member_paths(
        &self,
        d: TypeId,
        key: &(TypeId, String),
        variant: Option<(&crate::naming::RustName, &crate::naming::RustName)>,
    ) -> Vec<String> {
        let names = &self.plan.names;
        let field = names.members.get(key);
        let field = field.map(|f| self.models_path(d, &format!("{}::{f}", names.ty(d).rust)));
        let variant = variant.map(|(e, v)| self.models_path(d, &format!("{e}::{v}")));
        field.into_iter().chain(variant).collect()
    }

    fn property(&self, parent: &str, wire: &str) -> Touched {
        let Some(&t) = self.types.get(parent) else {
            return Touched::default();
        };
        let names = &self.plan.names;
        let mut items = vec![];
        for d in self.with_inherited(t) {
            let key = (d, wire.to_owned());
            let variant = (names.ty(d).field_enum.as_ref()).zip(names.fields.get(&key));
            items.extend(self.member_paths(d, &key, variant));
        }
        // The filter path's type counts only where a set lets `$filter` name the property.
        let mut filter = self.filter_shape(t, wire);
        let mut filtered = false;
        if filter.is_some() {
            for (set, _, s) in self.sets_of(t) {
                let member = names.members.get(&(s, wire.to_owned()));
                if let Some(m) = member.filter(|_| self.filterable(&set, wire)) {
                    items.push(format!("{}::{set}::Filter::{m}", self.prefix));
                    filtered = true;
                }
            }
        }
        filter = filter.filter(|_| filtered);
        let shape = self.field_shape(t, wire).map(|field| match filter {
            Some(f) => format!("field `{field}`, filter path `{f}`"),
            None => format!("field `{field}`"),
        });
        Touched {
            items,
            shape,
            params: None,
        }
    }

    /// Whether the set whose module is `module` lets `$filter` name property `wire`.
    fn filterable(&self, module: &str, wire: &str) -> bool {
        self.sets()
            .iter()
            .any(|s| s.module == module && s.surface.filter_shape(wire).is_some())
    }

    /// The type of the struct field of property `wire` of `t`, as emitted.
    fn field_shape(&self, t: TypeId, wire: &str) -> Option<String> {
        let field = self.plan.names.members.get(&(t, wire.to_owned()))?;
        let mut memo = self.fields.borrow_mut();
        let fields = memo.entry(t).or_insert_with(|| self.struct_fields(t));
        fields.get(&field.to_string()).cloned()
    }

    /// The fields of the struct of `t` as emitted: identifier → type. Emitted once per type:
    /// a large diff asks for many fields of one type.
    fn struct_fields(&self, t: TypeId) -> BTreeMap<String, String> {
        let rust = &self.plan.names.ty(t).rust;
        let items = self.ctx().and_then(|ctx| models::type_items(&ctx, t).ok());
        items
            .into_iter()
            .flatten()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == rust.as_str() => Some(s),
                _ => None,
            })
            .map(|s| {
                s.fields
                    .iter()
                    .filter_map(|f| Some((f.ident.as_ref()?.to_string(), tidy(&f.ty))))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The type a `$filter` path to property `wire` of `t` has, when it can be filtered on.
    fn filter_shape(&self, t: TypeId, wire: &str) -> Option<String> {
        let ctx = self.ctx()?;
        let property = ctx
            .model
            .all_properties(t)
            .into_iter()
            .find(|p| p.name == wire)?;
        let mut value = requests::filter_value(&ctx, property, 0)?;
        if property.ty.nullable {
            let option = &ctx.std.option;
            value = quote::quote!(#option<#value>);
        }
        let rt = &ctx.rt;
        Some(tidy(&quote::quote!(#rt::FilterPath<#value>)))
    }

    fn navigation(&self, parent: &str, wire: &str) -> Touched {
        let Some(&t) = self.types.get(parent) else {
            return Touched::default();
        };
        let names = &self.plan.names;
        let mut items = vec![];
        for d in self.with_inherited(t) {
            let key = (d, wire.to_owned());
            let variant = (names.ty(d).nav_enum.as_ref()).zip(names.nav_variants.get(&key));
            items.extend(self.member_paths(d, &key, variant));
            if let Some(m) = names.requests.get(&d).and_then(|r| r.navigations.get(wire)) {
                for (set, _, _) in self.sets_of(d).into_iter().filter(|(_, _, s)| *s == d) {
                    items.push(format!("{}::{set}::GetRequest::{m}", self.prefix));
                }
            }
        }
        Touched {
            items,
            shape: self.field_shape(t, wire).map(|f| format!("field `{f}`")),
            params: None,
        }
    }

    fn enum_member(&self, parent: &str, wire: &str) -> Touched {
        let Some(&t) = self.types.get(parent) else {
            return Touched::default();
        };
        let names = &self.plan.names;
        let items = match (
            &self.model.ty(t).kind,
            names.members.get(&(t, wire.to_owned())),
        ) {
            (TypeKind::Enum(_), Some(v)) => {
                vec![self.models_path(t, &format!("{}::{v}", names.ty(t).rust))]
            }
            _ => vec![],
        };
        Touched {
            items,
            ..Touched::default()
        }
    }

    /// Every method generated for operation `op`: on the version's `Client` (imports), on
    /// set handles and entity requests (bound operations), with their names.
    fn methods_of(&self, op: OperationId) -> &[(String, ImportNames)] {
        let all = self.methods.get_or_init(|| self.all_methods());
        all.get(&op).map_or(&[], Vec::as_slice)
    }

    /// The methods of every operation, found in one pass over the names.
    fn all_methods(&self) -> BTreeMap<OperationId, Vec<(String, ImportNames)>> {
        let names = &self.plan.names;
        let mut out: BTreeMap<OperationId, Vec<(String, ImportNames)>> = BTreeMap::new();
        let mut add = |at: String, i: &ImportNames| {
            out.entry(i.operation)
                .or_default()
                .push((format!("{at}::{}", i.method), i.clone()));
        };
        for i in &names.imports {
            add(format!("{}::Client", self.prefix), i);
        }
        for (t, r) in &names.requests {
            let module = &names.ty(*t).module;
            let sets: Vec<(String, String, TypeId)> = self
                .sets_of(*t)
                .into_iter()
                .filter(|(_, _, s)| s == t)
                .collect();
            let has_requests = self.plan.request_targets.contains(t);
            for i in &r.entity_operations {
                for (set, _, _) in &sets {
                    add(format!("{}::{set}::GetRequest", self.prefix), i);
                }
                if has_requests {
                    add(
                        format!("{}::requests::{module}::EntityRequest", self.prefix),
                        i,
                    );
                }
            }
            for i in &r.collection_operations {
                for (set, handle, _) in &sets {
                    add(format!("{}::{set}::{handle}", self.prefix), i);
                }
                if has_requests {
                    add(
                        format!("{}::requests::{module}::Collection", self.prefix),
                        i,
                    );
                }
            }
        }
        out
    }

    /// The signature of the methods of `op`, emitted once per operation.
    fn signature_of(&self, op: OperationId) -> Option<syn::Signature> {
        if let Some(sig) = self.signatures.borrow().get(&op) {
            return sig.clone();
        }
        let sig = self.methods_of(op).first().and_then(|(_, names)| {
            let ctx = self.ctx()?;
            let method = operations::method(&ctx, names, 0, Binding::Import);
            syn::parse2::<syn::ImplItemFn>(method).ok().map(|f| f.sig)
        });
        self.signatures.borrow_mut().insert(op, sig.clone());
        sig
    }

    /// An operation's methods (or, with `param`, that parameter of them) and the signature
    /// of the first: every method of one operation has the same parameters.
    fn operation(&self, path: &str, param: Option<&str>) -> Touched {
        let Some(&op) = self.operations.get(path) else {
            return Touched::default();
        };
        let methods = self.methods_of(op);
        let sig = self.signature_of(op);
        let items = methods
            .iter()
            .map(
                |(at, names)| match param.and_then(|p| names.params.get(p)) {
                    Some(ident) => format!("{at}({ident})"),
                    None => at.clone(),
                },
            )
            .collect();
        Touched {
            items,
            shape: sig.as_ref().map(signature),
            params: sig.as_ref().map(parameters),
        }
    }

    fn import(&self, wire: &str) -> Touched {
        let items = self
            .plan
            .names
            .imports
            .iter()
            .filter(|i| i.wire == wire)
            .map(|i| format!("{}::Client::{}", self.prefix, i.method))
            .collect();
        Touched {
            items,
            ..Touched::default()
        }
    }

    /// Custom query options are types of the `options` module, which the list requests of
    /// the sets they apply to take in `with`.
    fn custom_options(&self) -> Touched {
        let names = &self.plan.names;
        let items = names
            .sets
            .iter()
            .filter(|s| !s.singleton)
            .flat_map(|s| {
                s.custom_options.iter().map(move |o| {
                    format!(
                        "{}::{}::ListRequest::with(options::{})",
                        self.prefix, s.module, o.rust
                    )
                })
            })
            .collect();
        Touched {
            items,
            ..Touched::default()
        }
    }
}

/// Sorts Rust paths for reading: the models (what data looks like) first, then the request
/// methods; duplicates dropped.
pub fn sort_items(items: &mut Vec<String>) {
    items.sort_by(|a, b| {
        (!a.contains("::models::"), a.as_str()).cmp(&(!b.contains("::models::"), b.as_str()))
    });
    items.dedup();
}

/// `(a: A, b: B) -> R`: a method's parameters, without the receiver, and its output.
fn signature(sig: &syn::Signature) -> String {
    let params: Vec<String> = parameters(sig)
        .into_iter()
        .map(|(n, t)| format!("{n}: {t}"))
        .collect();
    match &sig.output {
        syn::ReturnType::Type(_, ty) => format!("({}) -> {}", params.join(", "), tidy(ty)),
        syn::ReturnType::Default => format!("({})", params.join(", ")),
    }
}

/// Tokens as a reader writes them (`rt::FilterPath<Option<i32>>`): the spaces of token
/// printing dropped, and the runtime's private facade shortened to `rt`.
fn tidy(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let drop_space = c == ' '
            && (out.ends_with(['<', ':', '&', '(', '['])
                || matches!(next, Some('<' | '>' | ':' | ',' | ')' | ']')));
        if !drop_space {
            out.push(c);
        }
    }
    out.replace("::odata_runtime::__private::", "rt::")
}

/// A method's parameters but the receiver, as (name, type) in order.
fn parameters(sig: &syn::Signature) -> Vec<(String, String)> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some((tidy(&t.pat), tidy(&t.ty))),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}
