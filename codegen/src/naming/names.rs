//! The naming pass: every item of a finished model gets its Rust name here, once.
//!
//! # The collision rule
//!
//! Names are assigned per scope (the types of a models module, the fields of one struct, the
//! members of one enum, the entity sets of a container, …). In each scope, names the emitter
//! itself needs (such as an enum's `Unknown` variant) are taken first; then the items are
//! visited in sorted order of their wire names (byte order), and an item whose identifier is
//! already taken gets the first free numeric suffix, starting at 2: `foo_bar_2` in snake case,
//! `FooBar2` in camel case. So `FooBar` keeps `foo_bar` and `fooBar` becomes `foo_bar_2`,
//! whatever order the document lists them in.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ident::{Case, IdentError, RustName, base, finish, validate};
use crate::model::{Container, Model, Type, TypeId, TypeKind, TypeRef};

/// Rust names of a named type.
#[derive(Clone, Debug)]
pub struct TypeNames {
    /// The type's identifier (`Device`).
    pub rust: RustName,
    /// The private module (file) the type is defined in (`device`).
    pub module: RustName,
    /// For entity types: the enum of its structural properties (`DeviceField`).
    pub field_enum: Option<RustName>,
    /// For entity types with navigation properties: their enum, for `$expand` (`PersonNav`).
    pub nav_enum: Option<RustName>,
    /// For entity and complex types with derived types: the enum of the type and every type
    /// derived from it, decoded by `@odata.type` (`PersonAny`).
    pub any_enum: Option<RustName>,
}

/// Rust names of an entity set or singleton.
#[derive(Clone, Debug)]
pub struct SetNames {
    /// The wire name.
    pub wire: String,
    /// Whether it is a singleton.
    pub singleton: bool,
    /// The module of its request surface, also the name of the client accessor.
    pub module: RustName,
    /// The handle type inside that module (`Devices`).
    pub handle: RustName,
    /// Its optional custom query options (`Capabilities.CustomQueryOptions` of the container
    /// and of the set), set on its list requests, in wire-name order.
    pub custom_options: Vec<CustomOptionNames>,
}

/// Names fixed in the module of an entity set, which a handle type must not take.
pub const SET_MODULE_ITEMS: &[&str] = &[
    "ListRequest",
    "GetRequest",
    "Filter",
    "SortField",
    "ExpandField",
];

/// Methods of the generated version `Client`, the `models` and `requests` modules and the
/// `rt` alias of the runtime, which accessors (and modules) of entity sets must not take.
pub const CLIENT_ITEMS: &[&str] = &[
    "models",
    "requests",
    "options",
    "rt",
    "new",
    "builder",
    "runtime",
    "into_runtime",
    // Cargo features of a generated crate beside the per-set ones, named like set modules.
    "default",
    "serialize",
];

/// Methods every entity request has (a set's `GetRequest`, a type's `EntityRequest`), which
/// navigation accessors and operations bound to an entity must not take.
pub const ENTITY_REQUEST_ITEMS: &[&str] = &[
    "new",
    "select",
    "expand",
    "expand_with",
    "path",
    "send",
    "into_inner",
];

/// Methods every collection handle has (a set's handle, a type's `Collection`), which
/// operations bound to a collection must not take.
pub const COLLECTION_ITEMS: &[&str] = &["new", "list", "get", "path", "into_inner"];

/// The name of the map that keeps unknown members of open types.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant that keeps unknown enum members.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Every Rust name of a model.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// The types that are emitted: those of the main document and what they reach.
    pub emitted: BTreeSet<TypeId>,
    /// Names of each emitted type.
    pub types: BTreeMap<TypeId, TypeNames>,
    /// Namespace → its module under `models`, when types come from more than one namespace.
    pub namespaces: BTreeMap<String, RustName>,
    /// Struct fields (structural and navigation properties, inherited ones included) and enum
    /// variants, by type and wire name.
    pub members: BTreeMap<(TypeId, String), RustName>,
    /// Variants of the field enums of entity types, by type and property wire name.
    pub fields: BTreeMap<(TypeId, String), RustName>,
    /// Key parameters of entity types, by type and key part name.
    pub key_params: BTreeMap<(TypeId, String), RustName>,
    /// Entity sets and singletons of the main container, in wire-name order.
    pub sets: Vec<SetNames>,
    /// Operation imports of the main container, one entry per imported overload, in order of
    /// (import name, parameter names).
    pub imports: Vec<ImportNames>,
    /// Variants of the navigation enums, by type and navigation property wire name.
    pub nav_variants: BTreeMap<(TypeId, String), RustName>,
    /// Variants of the `…Any` enums, by (base type, concrete type).
    pub any_variants: BTreeMap<(TypeId, TypeId), RustName>,
    /// Methods of the requests of each emitted entity type.
    pub requests: BTreeMap<TypeId, RequestNames>,
}

/// Rust names of one operation overload: a method of the version's `Client` (an import,
/// `wire` is the import's name) or of a request (a bound operation, `wire` is the
/// operation's qualified name, the path segment).
#[derive(Clone, Debug)]
pub struct ImportNames {
    /// The import's name, or the bound operation's qualified name.
    pub wire: String,
    /// The operation.
    pub operation: crate::model::OperationId,
    /// The method.
    pub method: RustName,
    /// Parameter identifiers, by parameter wire name (without the binding parameter).
    pub params: BTreeMap<String, RustName>,
}

/// Methods of the requests of one entity type.
///
/// An entity request (a set's `GetRequest`, the type's `EntityRequest`) has one accessor per
/// navigation property and one method per operation bound to the type or a base type; a
/// collection handle (a set's handle, the type's `Collection`) has one method per operation
/// bound to a collection of the type or a base type. Each is a naming scope: the fixed
/// methods ([`ENTITY_REQUEST_ITEMS`], [`COLLECTION_ITEMS`]) first, then navigation properties
/// by wire name, then operations in order of (qualified name, binding type, parameters), then
/// type casts (`as_<type>`) to every emitted type derived from the type, by qualified name.
#[derive(Clone, Debug, Default)]
pub struct RequestNames {
    /// Navigation accessors, by navigation property wire name.
    pub navigations: BTreeMap<String, RustName>,
    /// Type casts to derived types.
    pub casts: Vec<CastNames>,
    /// Operations bound to one entity.
    pub entity_operations: Vec<ImportNames>,
    /// Operations bound to a collection.
    pub collection_operations: Vec<ImportNames>,
}

/// Rust names of a type cast (`{path}/NS.Derived`) on an entity request and on a collection.
#[derive(Clone, Debug)]
pub struct CastNames {
    /// The derived type.
    pub target: TypeId,
    /// The method on an entity request.
    pub entity: RustName,
    /// The method on a collection handle.
    pub collection: RustName,
}

/// Rust names of an optional custom query option: a type of the version's `options` module,
/// which the list requests of the sets that declare the option take in `with`.
#[derive(Clone, Debug)]
pub struct CustomOptionNames {
    /// The option's name on the wire.
    pub wire: String,
    /// `Description` of the option.
    pub description: Option<String>,
    /// The option's type in the `options` module, shared by every set declaring an option of
    /// the same wire name and values.
    pub rust: RustName,
    /// The values it takes.
    pub value: crate::model::vocab::OptionValue,
}

/// The types of the version's custom query options, named from their `Core.SymbolicName`
/// where they have one (its words show: `MaxHistoryDays`), else from the wire name: one per
/// wire name and kind of value.
struct OptionTypes<'m> {
    scope: Scope<'m>,
    named: BTreeMap<(String, crate::model::vocab::OptionValue), RustName>,
}

impl<'m> OptionTypes<'m> {
    fn new(memo: &'m Memo) -> Self {
        OptionTypes {
            scope: memo.scope(Case::Pascal, &[]),
            named: BTreeMap::new(),
        }
    }

    /// The names of a set's optional custom query `options` (required ones are not offered).
    fn of(
        &mut self,
        options: Vec<crate::model::vocab::CustomQueryOption>,
    ) -> Result<Vec<CustomOptionNames>, IdentError> {
        let mut names = Vec::new();
        for o in options.into_iter().filter(|o| !o.required) {
            let rust = match self.named.get(&(o.name.clone(), o.value)) {
                Some(rust) => rust.clone(),
                None => {
                    let wanted = o.symbolic_name.as_ref().unwrap_or(&o.name);
                    let rust = self.scope.take(&base(wanted, Case::Pascal))?;
                    self.named.insert((o.name.clone(), o.value), rust.clone());
                    rust
                }
            };
            names.push(CustomOptionNames {
                wire: o.name,
                description: o.description,
                rust,
                value: o.value,
            });
        }
        Ok(names)
    }
}

/// One naming scope: assigns identifiers by the collision rule.
struct Scope<'m> {
    case: Case,
    used: BTreeSet<String>,
    memo: &'m Memo,
}

/// Case conversions and validations already done in one naming pass: the same wire names
/// (`id`, `displayName`) recur in scope after scope, and converting and validating them
/// again was most of the pass's cost.
#[derive(Default)]
struct Memo {
    bases: RefCell<[HashMap<String, String>; 2]>,
    idents: RefCell<HashMap<String, RustName>>,
}

impl Memo {
    /// A scope whose names start with `reserved`.
    fn scope(&self, case: Case, reserved: &[&str]) -> Scope<'_> {
        Scope {
            case,
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
            memo: self,
        }
    }

    /// [`base`], remembered.
    fn base(&self, wire: &str, case: Case) -> String {
        let i = case as usize;
        if let Some(b) = self.bases.borrow()[i].get(wire) {
            return b.clone();
        }
        let b = base(wire, case);
        self.bases.borrow_mut()[i].insert(wire.to_owned(), b.clone());
        b
    }

    /// [`validate`], remembered when valid.
    fn validate(&self, text: &str) -> Result<RustName, IdentError> {
        if let Some(ident) = self.idents.borrow().get(text) {
            return Ok(ident.clone());
        }
        let ident = validate(text)?;
        self.idents
            .borrow_mut()
            .insert(text.to_owned(), ident.clone());
        Ok(ident)
    }
}

impl Scope<'_> {
    /// Assigns names to `wires` (in any order); returns them by wire name.
    fn assign<'a>(
        &mut self,
        wires: impl IntoIterator<Item = &'a str>,
    ) -> Result<BTreeMap<String, RustName>, IdentError> {
        let sorted: BTreeSet<&str> = wires.into_iter().collect();
        let mut out = BTreeMap::new();
        for wire in sorted {
            let base_text = self.memo.base(wire, self.case);
            out.insert(wire.to_owned(), self.take(&base_text)?);
        }
        Ok(out)
    }

    /// The first free identifier for an already cased base text.
    fn take(&mut self, base_text: &str) -> Result<RustName, IdentError> {
        let mut text = finish(base_text);
        let mut n = 2;
        while self.used.contains(&text) {
            text = match self.case {
                Case::Snake => finish(&format!("{base_text}_{n}")),
                Case::Pascal => finish(&format!("{base_text}{n}")),
            };
            n += 1;
        }
        let ident = self.memo.validate(&text)?;
        self.used.insert(text);
        Ok(ident)
    }
}

impl Names {
    /// Runs the naming pass over `model`, one pass per kind of scope: namespaces, types,
    /// the members of each type, then the main container's entity sets and operation
    /// imports (which share the version `Client`'s scope).
    pub fn of(model: &Model) -> Result<Names, IdentError> {
        let memo = Memo::default();
        let emitted = emitted_types(model);
        let namespaces = namespace_names(&memo, model, &emitted)?;
        let types = type_names(&memo, model, &emitted, !namespaces.is_empty())?;
        let mut names = Names {
            emitted,
            types,
            namespaces,
            ..Names::default()
        };
        for t in names.emitted.clone() {
            member_names(&memo, model, &mut names, t)?;
        }
        if let Some(container) = model.main_container() {
            let mut client_scope = memo.scope(Case::Snake, CLIENT_ITEMS);
            names.sets = set_names(&memo, container, &mut client_scope)?;
            names.imports = import_names(&memo, model, container, &mut client_scope)?;
        }
        Ok(names)
    }

    /// The names of type `t` (which must be emitted).
    pub fn ty(&self, t: TypeId) -> &TypeNames {
        &self.types[&t]
    }

    /// The field of `t` for property or navigation property `wire`.
    pub fn member(&self, t: TypeId, wire: &str) -> &RustName {
        &self.members[&(t, wire.to_owned())]
    }
}

/// The modules of the namespaces of the `emitted` types under `models`, when they span
/// several (none otherwise: the types then sit in `models` itself).
fn namespace_names(
    memo: &Memo,
    model: &Model,
    emitted: &BTreeSet<TypeId>,
) -> Result<BTreeMap<String, RustName>, IdentError> {
    let namespaces: BTreeSet<&str> = emitted
        .iter()
        .map(|t| model.ty(*t).namespace.as_str())
        .collect();
    if namespaces.len() <= 1 {
        return Ok(BTreeMap::new());
    }
    // `microsoft.graph.security` reads as `microsoft_graph_security`, not with the dots
    // spelled out; namespaces that then collide take a numeric suffix.
    let mut taken = BTreeSet::new();
    let wires: Vec<(String, &str)> = namespaces
        .iter()
        .map(|ns| {
            let dotless = ns.replace('.', "_");
            let wire = (1..)
                .map(|n| {
                    if n == 1 {
                        dotless.clone()
                    } else {
                        format!("{dotless}_{n}")
                    }
                })
                .find(|w| taken.insert(w.clone()))
                .expect("an unused name");
            (wire, *ns)
        })
        .collect();
    let assigned = memo
        .scope(Case::Snake, &[])
        .assign(wires.iter().map(|(w, _)| w.as_str()))?;
    Ok(wires
        .iter()
        .map(|(w, ns)| ((*ns).to_owned(), assigned[w].clone()))
        .collect())
}

/// The names of the `emitted` types, one scope per module that holds types: per namespace
/// when `nested`, else one.
fn type_names(
    memo: &Memo,
    model: &Model,
    emitted: &BTreeSet<TypeId>,
    nested: bool,
) -> Result<BTreeMap<TypeId, TypeNames>, IdentError> {
    let mut by_scope: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for t in emitted {
        let ns = if nested {
            model.ty(*t).namespace.clone()
        } else {
            String::new()
        };
        by_scope.entry(ns).or_default().push(*t);
    }
    let mut out = BTreeMap::new();
    for types in by_scope.values() {
        scope_type_names(memo, model, emitted, types, &mut out)?;
    }
    Ok(out)
}

/// The names of `types`, which share one module: each type's identifier and module, then,
/// in order of wire name, the names of its enums (`…Field`, `…Nav`, `…Any`), which take
/// what the types left free.
fn scope_type_names(
    memo: &Memo,
    model: &Model,
    emitted: &BTreeSet<TypeId>,
    types: &[TypeId],
    out: &mut BTreeMap<TypeId, TypeNames>,
) -> Result<(), IdentError> {
    let mut type_scope = memo.scope(Case::Pascal, &[]);
    let mut module_scope = memo.scope(Case::Snake, &[]);
    let rust = type_scope.assign(types.iter().map(|t| model.ty(*t).name.as_str()))?;
    let modules = module_scope.assign(types.iter().map(|t| model.ty(*t).name.as_str()))?;
    let mut sorted: Vec<TypeId> = types.to_vec();
    sorted.sort_by(|a, b| model.ty(*a).name.cmp(&model.ty(*b).name));
    for t in sorted {
        let def = model.ty(t);
        let rust = rust[&def.name].clone();
        let stem = rust.unraw().trim_end_matches('_').to_owned();
        let is_entity = matches!(def.kind, TypeKind::Entity(_));
        let field_enum = match is_entity {
            true => Some(type_scope.take(&format!("{stem}Field"))?),
            false => None,
        };
        let nav_enum = match is_entity && !model.all_navigation_properties(t).is_empty() {
            true => Some(type_scope.take(&format!("{stem}Nav"))?),
            false => None,
        };
        let structured = def.structured().is_some();
        let any_enum = match structured && has_derived(model, emitted, t) {
            true => Some(type_scope.take(&format!("{stem}Any"))?),
            false => None,
        };
        out.insert(
            t,
            TypeNames {
                rust,
                module: modules[&def.name].clone(),
                field_enum,
                nav_enum,
                any_enum,
            },
        );
    }
    Ok(())
}

/// The names inside type `t`: a structured type's members, or an enumeration's variants.
fn member_names(
    memo: &Memo,
    model: &Model,
    names: &mut Names,
    t: TypeId,
) -> Result<(), IdentError> {
    match &model.ty(t).kind {
        TypeKind::Entity(_) | TypeKind::Complex(_) => {
            structured_member_names(memo, model, names, t)
        }
        TypeKind::Enum(e) => {
            for (wire, id) in memo
                .scope(Case::Pascal, &[UNKNOWN_VARIANT])
                .assign(e.members.iter().map(|m| m.name.as_str()))?
            {
                names.members.insert((t, wire), id);
            }
            Ok(())
        }
        TypeKind::Definition(_) => Ok(()),
    }
}

/// The names inside entity or complex type `t`: the variants of its `…Any` enum, its struct
/// fields (structural and navigation properties, inherited ones included), and for an
/// entity type its field enum's variants, key parameters, navigation enum's variants and
/// request methods.
fn structured_member_names(
    memo: &Memo,
    model: &Model,
    names: &mut Names,
    t: TypeId,
) -> Result<(), IdentError> {
    let props = model.all_properties(t);
    let navs = model.all_navigation_properties(t);
    let open = model
        .base_chain(t)
        .iter()
        .any(|b| model.ty(*b).structured().is_some_and(|s| s.open_type));
    if names.types[&t].any_enum.is_some() {
        any_variant_names(memo, model, names, t)?;
    }
    let reserved: &[&str] = if open { &[ADDITIONAL_PROPERTIES] } else { &[] };
    let wires = props
        .iter()
        .map(|p| p.name.as_str())
        .chain(navs.iter().map(|n| n.name.as_str()));
    for (wire, id) in memo.scope(Case::Snake, reserved).assign(wires)? {
        names.members.insert((t, wire), id);
    }
    if !matches!(model.ty(t).kind, TypeKind::Entity(_)) {
        return Ok(());
    }
    for (wire, id) in memo
        .scope(Case::Pascal, &[])
        .assign(props.iter().map(|p| p.name.as_str()))?
    {
        names.fields.insert((t, wire), id);
    }
    for (wire, id) in memo
        .scope(Case::Snake, &[])
        .assign(model.key(t).iter().map(|k| k.name()))?
    {
        names.key_params.insert((t, wire), id);
    }
    for (wire, id) in memo
        .scope(Case::Pascal, &[])
        .assign(navs.iter().map(|n| n.name.as_str()))?
    {
        names.nav_variants.insert((t, wire), id);
    }
    let requests = request_names(memo, model, &names.emitted, t, &navs)?;
    names.requests.insert(t, requests);
    Ok(())
}

/// The variants of the `…Any` enum of `t`: `t` and every emitted type derived from it, in
/// order of qualified name.
fn any_variant_names(
    memo: &Memo,
    model: &Model,
    names: &mut Names,
    t: TypeId,
) -> Result<(), IdentError> {
    let mut members = vec![t];
    members.extend(
        model
            .all_derived(t)
            .into_iter()
            .filter(|d| names.emitted.contains(d)),
    );
    members.sort_by_key(|m| model.ty(*m).qualified_name());
    let mut scope = memo.scope(Case::Pascal, &[]);
    for m in members {
        let id = scope.take(&base(&model.ty(m).name, Case::Pascal))?;
        names.any_variants.insert((t, m), id);
    }
    Ok(())
}

/// The names of the entity sets and singletons of `container`, in wire-name order: each
/// one's module (also its accessor on the `Client`, taken in `client_scope`), its handle
/// and the setters of its custom query options.
fn set_names(
    memo: &Memo,
    container: &Container,
    client_scope: &mut Scope<'_>,
) -> Result<Vec<SetNames>, IdentError> {
    let all: Vec<(&str, bool)> = container
        .entity_sets
        .iter()
        .map(|s| (s.name.as_str(), false))
        .chain(container.singletons.iter().map(|s| (s.name.as_str(), true)))
        .collect();
    let modules = client_scope.assign(all.iter().map(|(n, _)| *n))?;
    let mut declared: Vec<(SetNames, Vec<crate::model::vocab::CustomQueryOption>)> = Vec::new();
    for (wire, singleton) in all {
        if declared.iter().any(|(s, _)| s.wire == wire) {
            continue;
        }
        let handle = memo
            .scope(Case::Pascal, SET_MODULE_ITEMS)
            .take(&base(wire, Case::Pascal))?;
        let set_annotations = container
            .entity_sets
            .iter()
            .chain(&container.singletons)
            .find(|s| s.name == wire)
            .map_or(&[][..], |s| &s.annotations[..]);
        let options =
            crate::model::vocab::set_custom_query_options(&container.annotations, set_annotations);
        let set = SetNames {
            wire: wire.to_owned(),
            singleton,
            module: modules[wire].clone(),
            handle,
            custom_options: Vec::new(),
        };
        declared.push((set, options));
    }
    // Option types are named in set order, so their names do not depend on the document's.
    declared.sort_by(|a, b| a.0.wire.cmp(&b.0.wire));
    let mut option_types = OptionTypes::new(memo);
    let mut sets = Vec::new();
    for (mut set, options) in declared {
        if !set.singleton {
            set.custom_options = option_types.of(options)?;
        }
        sets.push(set);
    }
    Ok(sets)
}

/// The names of the operation imports of `container`: one method on the `Client` per
/// imported overload, in (name, parameters) order, taken in `client_scope` after the sets.
fn import_names(
    memo: &Memo,
    model: &Model,
    container: &Container,
    client_scope: &mut Scope<'_>,
) -> Result<Vec<ImportNames>, IdentError> {
    let mut overloads: Vec<(String, Vec<String>, crate::model::OperationId)> = Vec::new();
    for import in &container.operation_imports {
        for op in &import.operations {
            let params = model.operations[op.0]
                .parameters
                .iter()
                .map(|p| p.name.clone())
                .collect();
            overloads.push((import.name.clone(), params, *op));
        }
    }
    overloads.sort();
    overloads.dedup();
    let mut imports = Vec::new();
    for (wire, params, op) in overloads {
        let method = client_scope.take(&base(&wire, Case::Snake))?;
        let params = memo
            .scope(Case::Snake, &[])
            .assign(params.iter().map(String::as_str))?;
        imports.push(ImportNames {
            wire,
            operation: op,
            method,
            params,
        });
    }
    Ok(imports)
}

/// Whether an emitted type derives from `t`.
fn has_derived(model: &Model, emitted: &BTreeSet<TypeId>, t: TypeId) -> bool {
    model.all_derived(t).iter().any(|d| emitted.contains(d))
}

/// An operation bound to an entity type, or to a collection of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BoundOperation {
    /// The operation's qualified name.
    pub qualified: String,
    /// The qualified name of the binding type (the type itself or a base type).
    pub binding: String,
    /// Parameter names, without the binding parameter.
    pub params: Vec<String>,
    /// The operation.
    pub operation: crate::model::OperationId,
    /// Whether it is bound to a collection.
    pub collection: bool,
}

/// The operations of the main document bound to `t` or one of its base types, in order of
/// (qualified name, binding type, parameters).
pub fn bound_operations(model: &Model, t: TypeId) -> Vec<BoundOperation> {
    let chain = model.base_chain(t);
    let mut out = Vec::new();
    for (i, op) in model.operations.iter().enumerate() {
        let Some(binding) = op.binding_parameter().filter(|_| op.is_main) else {
            continue;
        };
        let Type::Named(b) = binding.ty.ty else {
            continue;
        };
        if !chain.contains(&b) {
            continue;
        }
        out.push(BoundOperation {
            qualified: op.qualified_name(),
            binding: model.ty(b).qualified_name(),
            params: op.parameters[1..].iter().map(|p| p.name.clone()).collect(),
            operation: crate::model::OperationId(i),
            collection: binding.ty.collection,
        });
    }
    out.sort();
    out
}

/// The request methods of entity type `t` (see [`RequestNames`]).
fn request_names(
    memo: &Memo,
    model: &Model,
    emitted: &BTreeSet<TypeId>,
    t: TypeId,
    navs: &[&crate::model::NavigationProperty],
) -> Result<RequestNames, IdentError> {
    let mut entity_scope = memo.scope(Case::Snake, ENTITY_REQUEST_ITEMS);
    let mut collection_scope = memo.scope(Case::Snake, COLLECTION_ITEMS);
    let mut out = RequestNames {
        navigations: entity_scope.assign(navs.iter().map(|n| n.name.as_str()))?,
        ..RequestNames::default()
    };
    for bound in bound_operations(model, t) {
        let BoundOperation {
            qualified,
            params,
            operation: op,
            collection,
            ..
        } = bound;
        let name = &model.operations[op.0].name;
        let scope = if collection {
            &mut collection_scope
        } else {
            &mut entity_scope
        };
        let names = ImportNames {
            wire: qualified,
            operation: op,
            method: scope.take(&base(name, Case::Snake))?,
            params: memo
                .scope(Case::Snake, &[])
                .assign(params.iter().map(String::as_str))?,
        };
        if collection {
            out.collection_operations.push(names);
        } else {
            out.entity_operations.push(names);
        }
    }
    let mut derived: Vec<TypeId> = model
        .all_derived(t)
        .into_iter()
        .filter(|d| emitted.contains(d))
        .collect();
    derived.sort_by_key(|d| model.ty(*d).qualified_name());
    for d in derived {
        let method = format!("as_{}", memo.base(&model.ty(d).name, Case::Snake));
        out.casts.push(CastNames {
            target: d,
            entity: entity_scope.take(&method)?,
            collection: collection_scope.take(&method)?,
        });
    }
    Ok(out)
}

/// The types of the main document and every type they reach through bases, derived types,
/// properties, navigation properties, operations and entity sets.
fn emitted_types(model: &Model) -> BTreeSet<TypeId> {
    let mut out = BTreeSet::new();
    let mut stack: Vec<TypeId> = (0..model.types.len())
        .map(TypeId)
        .filter(|t| model.ty(*t).is_main)
        .collect();
    let named = |r: &TypeRef| match r.ty {
        Type::Named(t) => Some(t),
        _ => None,
    };
    for op in model.operations.iter().filter(|o| o.is_main) {
        stack.extend(op.parameters.iter().filter_map(|p| named(&p.ty)));
        stack.extend(op.return_type.iter().filter_map(named));
    }
    for c in model.containers.iter().filter(|c| c.is_main) {
        stack.extend(
            c.entity_sets
                .iter()
                .chain(&c.singletons)
                .map(|s| s.entity_type),
        );
    }
    while let Some(t) = stack.pop() {
        if !out.insert(t) {
            continue;
        }
        if let Some(s) = model.ty(t).structured() {
            stack.extend(s.base);
            stack.extend(s.derived.iter().copied());
            stack.extend(s.properties.iter().filter_map(|p| named(&p.ty)));
            stack.extend(s.navigation_properties.iter().map(|n| n.target));
        }
    }
    out
}
