//! The query surface of each entity set and singleton: what a request on it may select,
//! filter, sort, expand and navigate, which system query options it takes, whether it is
//! addressable by key, and which writes the service allows. Computed once from the model and
//! the set's `Capabilities`; the set's generated module offers exactly this, and the API
//! listing ([`crate::surface`]) states it, so the contract diff reports only what the code has.

use crate::model::vocab::{self, AllowedExpressions, Capabilities};
use crate::model::{Container, EntitySet, Model, Primitive, Property, Type, TypeId, TypeKind};

/// What one entity set or singleton lets a request do. Plain data (wire names and type ids),
/// so plans of many sets are shared across rendering threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuerySurface {
    /// The set's name on the wire.
    pub wire: String,
    /// Whether it is a singleton (one entity, no list request).
    pub singleton: bool,
    /// Its entity type.
    pub entity_type: TypeId,
    /// `$select` is offered: the set allows it and the type has properties.
    pub select: bool,
    /// The properties `$filter` may name, in property order (inherited first): only those
    /// whose values are URL literals, neither collections nor structured.
    pub filter: Vec<FilterProperty>,
    /// The operators and functions the service lists in `FilterFunctions`, if it lists them.
    pub filter_functions: Option<Vec<String>>,
    /// The properties `$orderby` may name (empty on singletons): neither collections nor
    /// structured.
    pub sort: Vec<String>,
    /// The navigation properties `$expand` may name.
    pub expand: Vec<String>,
    /// Whether `NonExpandableProperties` (or a zero `MaxLevels`) left some navigation
    /// properties out of `expand`, so the set names them through its own enum.
    pub expand_restricted: bool,
    /// `ExpandRestrictions/MaxLevels`, when stated.
    pub max_expand_levels: Option<u32>,
    /// Whether an expansion may nest further ones (`MaxLevels` is not 1).
    pub nested_expand: bool,
    /// The navigation properties with an accessor on the entity request: navigable by the
    /// set's and the property's own `NavigationRestrictions`, on an entity reachable by key.
    pub navigable: Vec<String>,
    /// `$top` on the list request.
    pub top: bool,
    /// `$skip` on the list request.
    pub skip: bool,
    /// `$count` (inline and `/$count`) on the list request.
    pub count: bool,
    /// `$search` on the list request.
    pub search: bool,
    /// A set's entities are read by key: `IndexableByKey` and a key of URL literals.
    pub by_key: bool,
    /// The set restricts nothing an entity request of its type offers: `$select`, every
    /// navigation property expanded at any depth and navigated. Then its entity request is
    /// the one a navigation to the type returns, not a type of its own.
    pub entity_request_unrestricted: bool,
    /// The writes the service allows.
    pub writes: Writes,
}

/// A property `$filter` may name, and the shape its expressions must take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterProperty {
    /// The property's name on the wire.
    pub name: String,
    /// The `FilterExpressionRestrictions` entry of the property, if any.
    pub shape: Option<AllowedExpressions>,
}

/// The `InsertRestrictions`, `UpdateRestrictions` and `DeleteRestrictions` of a set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Writes {
    /// Entities may be created.
    pub insert: bool,
    /// Entities may be updated.
    pub update: bool,
    /// Entities may be deleted.
    pub delete: bool,
}

impl QuerySurface {
    /// The surface of `set` (a singleton when `singleton`) of `container` in `model`: its
    /// `Capabilities` are the container's, overridden by its own.
    pub fn of(model: &Model, container: &Container, set: &EntitySet, singleton: bool) -> Self {
        let caps = Capabilities::of_set(&container.annotations, &set.annotations);
        let t = set.entity_type;
        let props = model.all_properties(t);
        let list = !singleton;
        let by_key = list && caps.indexable_by_key && key_is_literal(model, t);
        let navs = model.all_navigation_properties(t);
        let expand: Vec<String> = navs
            .iter()
            .filter(|n| caps.can_expand(&n.name))
            .map(|n| n.name.clone())
            .collect();
        // Navigation accessors live on the entity request: a singleton's, or a by-key read.
        let navigable = navs
            .iter()
            .filter(|n| (singleton || by_key) && caps.can_navigate(&n.name))
            .filter(|n| vocab::navigable(&n.annotations))
            .map(|n| n.name.clone())
            .collect();
        QuerySurface {
            wire: set.name.clone(),
            singleton,
            entity_type: t,
            select: caps.select && !props.is_empty(),
            filter: filter_properties(model, &caps, &props, list),
            filter_functions: caps.filter_functions.clone(),
            sort: props
                .iter()
                .filter(|p| list && caps.can_sort(&p.name) && !structured_or_collection(model, p))
                .map(|p| p.name.clone())
                .collect(),
            expand_restricted: expand.len() < navs.len(),
            expand,
            max_expand_levels: caps.max_expand_levels,
            nested_expand: caps.nested_expand(),
            navigable,
            top: list && caps.top,
            skip: list && caps.skip,
            count: list && caps.countable,
            search: list && caps.searchable,
            by_key,
            entity_request_unrestricted: caps.select
                && navs
                    .iter()
                    .all(|n| caps.can_expand(&n.name) && caps.can_navigate(&n.name))
                && (navs.is_empty() || caps.nested_expand()),
            writes: Writes {
                insert: caps.insertable,
                update: caps.updatable,
                delete: caps.deletable,
            },
        }
    }

    /// How `$filter` may name property `name`: not at all (`None`), freely (`Some(None)`),
    /// or only in the shape of its `FilterExpressionRestrictions` entry.
    pub fn filter_shape(&self, name: &str) -> Option<Option<AllowedExpressions>> {
        self.filter.iter().find(|p| p.name == name).map(|p| p.shape)
    }

    /// Whether some filterable property's expressions are restricted to a shape.
    pub fn filter_restricted(&self) -> bool {
        self.filter.iter().any(|p| p.shape.is_some())
    }
}

/// The properties of `props` a list request's `$filter` may name (none without a list).
fn filter_properties(
    model: &Model,
    caps: &Capabilities,
    props: &[&Property],
    list: bool,
) -> Vec<FilterProperty> {
    props
        .iter()
        .filter(|p| list && caps.can_filter(&p.name))
        .filter(|p| !p.ty.collection && is_literal(model, &p.ty.ty))
        .map(|p| FilterProperty {
            name: p.name.clone(),
            shape: caps.filter_expressions.get(&p.name).copied(),
        })
        .collect()
}

/// Whether `p` is a collection or of an entity or complex type (no `$orderby` on it).
fn structured_or_collection(model: &Model, p: &Property) -> bool {
    p.ty.collection
        || matches!(&p.ty.ty, Type::Named(n)
            if matches!(model.ty(*n).kind, TypeKind::Entity(_) | TypeKind::Complex(_)))
}

/// Whether every key part of entity type `t` is a URL literal (and it has a key).
fn key_is_literal(model: &Model, t: TypeId) -> bool {
    let key = model.key(t);
    !key.is_empty() && key.iter().all(|k| is_literal(model, &k.ty.ty))
}

/// Whether values of `ty` are written as URL literals in keys and filters: primitives but
/// geography, geometry, streams and untyped values; enumerations; type definitions over such
/// a primitive.
pub fn is_literal(model: &Model, ty: &Type) -> bool {
    match ty {
        Type::Primitive(p) => primitive_is_literal(p),
        Type::Opaque(_) => false,
        Type::Named(t) => match &model.ty(*t).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Definition(d) => primitive_is_literal(&d.underlying),
            TypeKind::Entity(_) | TypeKind::Complex(_) => false,
        },
    }
}

/// Whether values of primitive `p` have a URL literal form the generated code writes.
fn primitive_is_literal(p: &Primitive) -> bool {
    !matches!(
        p,
        Primitive::Geography(_)
            | Primitive::Geometry(_)
            | Primitive::Stream
            | Primitive::Untyped
            | Primitive::PathType(_)
            | Primitive::Unknown(_)
    )
}
