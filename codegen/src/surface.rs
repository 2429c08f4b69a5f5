//! The API surface of a model: one line per entity set, singleton, type, property,
//! navigation property, enum member, operation, parameter and import, each with the facts
//! that shape generated code. Sorted, so two surfaces compare line by line; the contract
//! diff ([`crate::diff`]) is built on it, and reviewers read it beside the code diff.

use std::collections::BTreeMap;

use crate::model::vocab;
use crate::model::{
    Annotation, Container, EntitySet, EnumType, Model, NavigationProperty, Operation,
    StructuredType, Type, TypeId, TypeKind, TypeRef,
};
use crate::plan::query::{QuerySurface, Writes};

/// What kind of item a surface line describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// The service's custom query options.
    Service,
    /// An entity set.
    EntitySet,
    /// A singleton.
    Singleton,
    /// An entity type.
    EntityType,
    /// A complex type.
    ComplexType,
    /// An enum type.
    EnumType,
    /// A type definition.
    TypeDefinition,
    /// A structural property.
    Property,
    /// A navigation property.
    NavigationProperty,
    /// An enum member.
    Member,
    /// An action or function overload.
    Operation,
    /// A parameter of an operation.
    Parameter,
    /// An action or function import.
    Import,
}

impl ItemKind {
    /// The kebab-case name used in listings and diffs.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Service => "service",
            ItemKind::EntitySet => "entity-set",
            ItemKind::Singleton => "singleton",
            ItemKind::EntityType => "entity-type",
            ItemKind::ComplexType => "complex-type",
            ItemKind::EnumType => "enum-type",
            ItemKind::TypeDefinition => "type-definition",
            ItemKind::Property => "property",
            ItemKind::NavigationProperty => "navigation-property",
            ItemKind::Member => "member",
            ItemKind::Operation => "operation",
            ItemKind::Parameter => "parameter",
            ItemKind::Import => "import",
        }
    }
}

/// The facts of one item, by name (`type`, `nullable`, `key`, `filter`, `doc`, …).
pub type Facts = BTreeMap<&'static str, String>;

/// Every item of a model's main document, keyed by (kind, path).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Surface {
    /// Item → facts.
    pub items: BTreeMap<(ItemKind, String), Facts>,
}

impl Surface {
    /// The surface of `model`, with namespaces renamed through `namespaces` (for comparing
    /// two documents whose namespace differs; pass an empty map otherwise).
    pub fn of(model: &Model, namespaces: &BTreeMap<String, String>) -> Self {
        Builder {
            model,
            namespaces,
            items: BTreeMap::new(),
        }
        .build()
    }

    /// One line per item: `kind path  fact=value …` (docs left out: they are long and
    /// change often; the diff reports them).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for ((kind, path), facts) in &self.items {
            out.push_str(kind.label());
            out.push(' ');
            out.push_str(path);
            for (k, v) in facts.iter().filter(|(k, _)| **k != "doc") {
                out.push_str(&format!("  {k}={v}"));
            }
            out.push('\n');
        }
        out
    }
}

/// The path the surface (and so the diff) gives operation `o` of `model`, with namespaces
/// renamed through `namespaces`.
pub(crate) fn operation_path(
    model: &Model,
    namespaces: &BTreeMap<String, String>,
    o: &Operation,
) -> String {
    Builder {
        model,
        namespaces,
        items: BTreeMap::new(),
    }
    .operation_path(o)
}

struct Builder<'a> {
    model: &'a Model,
    namespaces: &'a BTreeMap<String, String>,
    items: BTreeMap<(ItemKind, String), Facts>,
}

impl Builder<'_> {
    fn build(mut self) -> Surface {
        let m = self.model;
        for (i, t) in m.types.iter().enumerate().filter(|(_, t)| t.is_main) {
            self.ty(TypeId(i), &t.annotations);
        }
        for o in m.operations.iter().filter(|o| o.is_main) {
            let path = self.operation_path(o);
            let mut f = docs(&o.annotations);
            f.insert("kind", format!("{:?}", o.kind).to_lowercase());
            f.insert(
                "returns",
                o.return_type
                    .as_ref()
                    .map_or("nothing".into(), |r| self.type_ref(r)),
            );
            if o.is_composable {
                f.insert("composable", "true".into());
            }
            for (n, p) in o
                .parameters
                .iter()
                .enumerate()
                .skip(usize::from(o.is_bound))
            {
                let mut pf = docs(&p.annotations);
                pf.insert("type", self.type_ref(&p.ty));
                pf.insert("position", n.to_string());
                if vocab::optional_parameter(&p.annotations) {
                    pf.insert("optional", "true".into());
                }
                self.items
                    .insert((ItemKind::Parameter, format!("{path}/{}", p.name)), pf);
            }
            self.items.insert((ItemKind::Operation, path), f);
        }
        for c in m.containers.iter().filter(|c| c.is_main) {
            let options = vocab::custom_query_options(&c.annotations);
            if !options.is_empty() {
                let list = options
                    .iter()
                    .map(|o| {
                        if o.required {
                            format!("{}!", o.name)
                        } else {
                            o.name.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                self.items.insert(
                    (ItemKind::Service, self.qualify(&c.namespace, &c.name)),
                    Facts::from([("custom-query-options", list)]),
                );
            }
            for s in &c.entity_sets {
                self.set(ItemKind::EntitySet, c, s);
            }
            for s in &c.singletons {
                self.set(ItemKind::Singleton, c, s);
            }
            for i in &c.operation_imports {
                let mut f = docs(&i.annotations);
                f.insert(
                    "operation",
                    i.operations.first().map_or(String::new(), |o| {
                        let o = &m.operations[o.0];
                        self.qualify(&o.namespace, &o.name)
                    }),
                );
                if let Some(set) = &i.entity_set {
                    f.insert("entity-set", set.clone());
                }
                self.items.insert((ItemKind::Import, i.name.clone()), f);
            }
        }
        Surface { items: self.items }
    }

    /// `NS.name(binding type)`: an operation overload's path.
    fn operation_path(&self, o: &Operation) -> String {
        let binding = o
            .binding_parameter()
            .map(|p| format!("({})", self.type_ref(&p.ty)))
            .unwrap_or_default();
        format!("{}{binding}", self.qualify(&o.namespace, &o.name))
    }

    fn qualify(&self, namespace: &str, name: &str) -> String {
        format!(
            "{}.{name}",
            self.namespaces
                .get(namespace)
                .map_or(namespace, String::as_str)
        )
    }

    fn type_name(&self, id: TypeId) -> String {
        let t = self.model.ty(id);
        self.qualify(&t.namespace, &t.name)
    }

    fn type_ref(&self, r: &TypeRef) -> String {
        let inner = match &r.ty {
            Type::Primitive(p) => format!("Edm.{}", p.edm_name()),
            Type::Named(id) => self.type_name(*id),
            Type::Opaque(n) => n.clone(),
        };
        if r.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    }

    /// Type `id` of the main document at its qualified path, with its members.
    fn ty(&mut self, id: TypeId, annotations: &[Annotation]) {
        let path = self.type_name(id);
        let mut f = docs(annotations);
        match &self.model.ty(id).kind {
            TypeKind::Entity(s) => self.structured(ItemKind::EntityType, path, s, f),
            TypeKind::Complex(s) => self.structured(ItemKind::ComplexType, path, s, f),
            TypeKind::Enum(e) => self.enum_type(path, e, f),
            TypeKind::Definition(d) => {
                f.insert("underlying", format!("Edm.{}", d.underlying.edm_name()));
                self.items.insert((ItemKind::TypeDefinition, path), f);
            }
        }
    }

    /// An entity or complex type (`kind` says which) at `path`, with its own properties and
    /// navigation properties; inherited members are listed on the base type only.
    fn structured(&mut self, kind: ItemKind, path: String, s: &StructuredType, mut f: Facts) {
        if let Some(b) = s.base {
            f.insert("base", self.type_name(b));
        }
        for (flag, on) in [
            ("abstract", s.is_abstract),
            ("open", s.open_type),
            ("has-stream", s.has_stream),
        ] {
            if on {
                f.insert(flag, "true".into());
            }
        }
        if kind == ItemKind::EntityType && !s.key.is_empty() {
            f.insert(
                "key",
                s.key
                    .iter()
                    .map(|k| k.path.join("/"))
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        for p in &s.properties {
            let mut pf = docs(&p.annotations);
            pf.insert("type", self.type_ref(&p.ty));
            pf.insert("nullable", p.ty.nullable.to_string());
            self.items
                .insert((ItemKind::Property, format!("{path}/{}", p.name)), pf);
        }
        for n in &s.navigation_properties {
            let nf = self.navigation_property(n);
            self.items.insert(
                (ItemKind::NavigationProperty, format!("{path}/{}", n.name)),
                nf,
            );
        }
        self.items.insert((kind, path), f);
    }

    /// The facts of navigation property `n`: its target, and what the generated accessors
    /// depend on (containment, `Navigability`).
    fn navigation_property(&self, n: &NavigationProperty) -> Facts {
        let mut nf = docs(&n.annotations);
        let target = self.type_name(n.target);
        nf.insert(
            "target",
            if n.collection {
                format!("Collection({target})")
            } else {
                target
            },
        );
        nf.insert("nullable", n.nullable.to_string());
        if n.contains_target {
            nf.insert("contains-target", "true".into());
        }
        if !vocab::navigable(&n.annotations) {
            nf.insert("navigation", "none".into());
        }
        nf
    }

    /// An enum type at `path`, with its members.
    fn enum_type(&mut self, path: String, e: &EnumType, mut f: Facts) {
        f.insert("underlying", format!("Edm.{}", e.underlying.edm_name()));
        if e.is_flags {
            f.insert("flags", "true".into());
        }
        for member in &e.members {
            let mut mf = docs(&member.annotations);
            mf.insert("value", member.value.to_string());
            self.items
                .insert((ItemKind::Member, format!("{path}/{}", member.name)), mf);
        }
        self.items.insert((ItemKind::EnumType, path), f);
    }

    /// An entity set or singleton (`kind` says which): its query surface, as the generated
    /// code offers it (see [`QuerySurface`]).
    fn set(&mut self, kind: ItemKind, c: &Container, s: &EntitySet) {
        let mut f = docs(&s.annotations);
        f.insert("type", self.type_name(s.entity_type));
        let plan = QuerySurface::of(self.model, c, s, kind == ItemKind::Singleton);
        let props: Vec<String> = self
            .model
            .all_properties(s.entity_type)
            .iter()
            .map(|p| p.name.clone())
            .collect();
        filter_facts(&mut f, &plan, &props);
        if !plan.singleton {
            if !plan.by_key {
                f.insert("by-key", "no".to_owned());
            }
            f.insert(
                "orderby",
                subset(&props, |p| plan.sort.iter().any(|s| s == p)),
            );
        }
        // Options of the set's own (those of the container are on the service line).
        let options = vocab::set_custom_query_options(&[], &s.annotations);
        if !options.is_empty() {
            let list: Vec<String> = options
                .iter()
                .map(|o| format!("{}{}", o.name, if o.required { "!" } else { "" }))
                .collect();
            f.insert("custom-query-options", list.join(","));
        }
        let all_navs = self.model.all_navigation_properties(s.entity_type);
        navigation_facts(&mut f, &plan, &all_navs);
        f.insert("query", query_options(&plan));
        f.insert("writes", writes(&plan.writes));
        self.items.insert((kind, s.name.clone()), f);
    }
}

/// `all` when `allowed` holds for every one of `names`, `none` when for none of them,
/// otherwise the comma-separated names it holds for: short lines for the common cases.
fn subset(names: &[String], allowed: impl Fn(&str) -> bool) -> String {
    let list: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|p| allowed(p))
        .collect();
    if list.len() == names.len() {
        "all".to_owned()
    } else if list.is_empty() {
        "none".to_owned()
    } else {
        list.join(",")
    }
}

/// `filter`: the properties of `props` the set's `Filter` offers, `filter-shapes`: the
/// shape a restricted property's filter must take, as the code types it, and
/// `filter-functions`: what the `filter` method holds expressions to (only with a filter).
fn filter_facts(f: &mut Facts, plan: &QuerySurface, props: &[String]) {
    f.insert(
        "filter",
        subset(props, |p| plan.filter.iter().any(|q| q.name == p)),
    );
    let shapes: Vec<String> = plan
        .filter
        .iter()
        .filter_map(|p| Some(format!("{}={}", p.name, p.shape?.name())))
        .collect();
    if !shapes.is_empty() {
        f.insert("filter-shapes", shapes.join(","));
    }
    if let Some(functions) = plan
        .filter_functions
        .as_ref()
        .filter(|_| !plan.filter.is_empty())
    {
        f.insert("filter-functions", functions.join(","));
    }
}

/// What a set allows on its navigation properties `all_navs` (nothing when it has none):
/// which expand, which have an accessor, how deep `$expand` may nest.
fn navigation_facts(f: &mut Facts, plan: &QuerySurface, all_navs: &[&NavigationProperty]) {
    if all_navs.is_empty() {
        return;
    }
    let navs: Vec<String> = all_navs.iter().map(|n| n.name.clone()).collect();
    f.insert(
        "expandable",
        subset(&navs, |n| plan.expand.iter().any(|e| e == n)),
    );
    f.insert(
        "navigable",
        subset(&navs, |n| plan.navigable.iter().any(|e| e == n)),
    );
    if let Some(levels) = plan.max_expand_levels.filter(|_| !plan.expand.is_empty()) {
        f.insert("expand-levels", levels.to_string());
    }
}

/// The system query options a set's requests take, comma-separated, in a fixed order.
fn query_options(plan: &QuerySurface) -> String {
    let mut query: Vec<&str> = vec![];
    for (name, on) in [
        ("select", plan.select),
        ("top", plan.top),
        ("skip", plan.skip),
        ("count", plan.count),
        ("expand", !plan.expand.is_empty()),
        ("search", plan.search),
    ] {
        if on {
            query.push(name);
        }
    }
    query.join(",")
}

/// The writes a set allows, comma-separated, or `none`.
fn writes(writes: &Writes) -> String {
    let writes: Vec<&str> = [
        ("insert", writes.insert),
        ("update", writes.update),
        ("delete", writes.delete),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .map(|(n, _)| n)
    .collect();
    if writes.is_empty() {
        "none".into()
    } else {
        writes.join(",")
    }
}

/// The documentation facts shared by every item: description and deprecation.
fn docs(annotations: &[Annotation]) -> Facts {
    let mut f = Facts::new();
    let text = [
        vocab::description(annotations),
        vocab::long_description(annotations),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n\n");
    if !text.is_empty() {
        f.insert("doc", text);
    }
    if let Some(d) = vocab::deprecation(annotations) {
        f.insert(
            "deprecated",
            d.description.or(d.version).unwrap_or_else(|| "yes".into()),
        );
    }
    f
}
