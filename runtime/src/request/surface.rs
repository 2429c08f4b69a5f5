//! What a list or entity request may do, as traits of a type that stands for the entities it
//! reads: a generated entity set's handle implements those its `Capabilities` annotations
//! allow, and a generated entity type (reached by navigation, whose requests do not read the
//! source set's restrictions) implements them all through
//! [`entity_type!`](crate::__entity_type). [`ListRequest`](super::ListRequest) and
//! [`GetRequest`](super::GetRequest) offer a query option only where its trait is
//! implemented, so an option the service does not allow does not compile, while the method
//! bodies exist once, here in the runtime.
//!
//! The trait names follow the Capabilities vocabulary: `SelectSupport`, `FilterRestrictions`,
//! `SortRestrictions`, `ExpandRestrictions`, `TopSupported`, `SkipSupported`,
//! `CountRestrictions`, `SearchRestrictions` and `CustomQueryOptions`.

use serde::de::DeserializeOwned;

use crate::query::{Expand, FilterExpr, FlatExpand};
use crate::restricted::Conjunction;

/// The entities a request reads: a generated entity set (its handle), or an entity type.
pub trait Entities: 'static {
    /// The decoded entity: the type's struct, or its `…Any` enum when types derive from it.
    type Entity: DeserializeOwned + Send + 'static;
}

/// A generated enum of wire names (the runtime's `wire_enum!` implements it).
pub trait WireName: Copy {
    /// The name on the wire.
    fn wire_name(self) -> &'static str;
}

/// `$select` is allowed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$select`",
    note = "the service's `Capabilities.SelectSupport` annotations leave it out"
)]
pub trait Selectable: Entities {
    /// The structural properties.
    type Field: WireName;
    /// The key properties' wire names, always added to a `$select`: a decoded entity needs
    /// its key, and most servers return exactly what was selected.
    const KEY: &'static [&'static str];
}

/// `$filter` is allowed, on the properties its typed paths name.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$filter`",
    note = "the service's `Capabilities.FilterRestrictions` annotations leave it out"
)]
pub trait Filterable: Entities {
    /// The typed `$filter` paths of the properties `$filter` may name.
    type Filter: Default;
    /// What a filter is: any [`FilterExpr`], or a [`Conjunction`] where the service
    /// restricts some properties' expressions (`FilterExpressionRestrictions`).
    type Clause: FilterClause;
    /// The operators and functions the service lists in `FilterFunctions`, if it lists them:
    /// a filter using another fails the request before it is sent.
    const FUNCTIONS: Option<&'static [&'static str]> = None;
}

/// `$orderby` is allowed, on the properties `Sort` names.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$orderby`",
    note = "the service's `Capabilities.SortRestrictions` annotations leave it out"
)]
pub trait Sortable: Entities {
    /// The properties `$orderby` may name.
    type Sort: WireName;
}

/// `$expand` is allowed, of the navigation properties `Nav` names.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$expand`",
    note = "the service's `Capabilities.ExpandRestrictions` annotations leave it out"
)]
pub trait Expandable: Entities {
    /// The navigation properties `$expand` may name.
    type Nav: WireName;
    /// The builder of one expansion's nested options: an [`Expand`], or a [`FlatExpand`]
    /// where `ExpandRestrictions/MaxLevels` is 1.
    type Item: ExpandItem;
}

/// `$top` is allowed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$top`",
    note = "the service's `Capabilities.TopSupported` annotation is false"
)]
pub trait TopSupported: Entities {}

/// `$skip` is allowed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$skip`",
    note = "the service's `Capabilities.SkipSupported` annotation is false"
)]
pub trait SkipSupported: Entities {}

/// `$count` (inline, and the `/$count` path) is allowed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$count`",
    note = "the service's `Capabilities.CountRestrictions` annotations leave it out"
)]
pub trait Countable: Entities {}

/// `$search` is allowed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not allow `$search`",
    note = "the service's `Capabilities.SearchRestrictions` annotations leave it out"
)]
pub trait Searchable: Entities {}

/// A custom query option (`Capabilities.CustomQueryOptions`), as a generated client's
/// `options` module types it: `MaxHistoryDays(30)` is `maxhistorydays=30`.
pub trait QueryOption {
    /// The option's name on the wire.
    const NAME: &'static str;
    /// The option's value as the query string carries it (before percent-encoding).
    fn value(&self) -> String;
}

/// The entities take the custom query option `O`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not take the custom query option `{O}`",
    note = "the service's `Capabilities.CustomQueryOptions` annotations do not declare it here"
)]
pub trait Accepts<O: QueryOption>: Entities {}

/// What a `filter` builder may return: an expression, or a conjunction of restricted clauses.
pub trait FilterClause {
    /// The expression to send.
    fn into_expr(self) -> FilterExpr;
}

impl FilterClause for FilterExpr {
    fn into_expr(self) -> FilterExpr {
        self
    }
}

impl FilterClause for Conjunction {
    fn into_expr(self) -> FilterExpr {
        self.into_filter()
    }
}

/// The builder of one `$expand` item's nested options.
pub trait ExpandItem: Into<Expand> {
    /// The builder for navigation property `navigation`.
    fn of(navigation: &'static str) -> Self;
}

impl ExpandItem for Expand {
    fn of(navigation: &'static str) -> Self {
        Expand::new(navigation)
    }
}

impl ExpandItem for FlatExpand {
    fn of(navigation: &'static str) -> Self {
        FlatExpand::flat(navigation)
    }
}
