//! The one path generated code uses (`::odata_runtime::__private::…`). Not a public API:
//! it changes together with the generator.
//!
//! Shapes the generator emits:
//!
//! ```
//! use ::odata_runtime::__private as rt;
//!
//! #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
//! pub enum Platform { Windows, Unknown(String) }
//!
//! impl rt::EdmEnum for Platform {
//!     const TYPE_NAME: &'static str = "NS.Platform";
//!     const MEMBERS: &'static [(&'static str, i64, Self)] = &[("windows", 0, Platform::Windows)];
//!     rt::enum_unknown!();
//! }
//! rt::impl_enum!(Platform);
//!
//! #[derive(Debug, Clone, PartialEq)]
//! pub struct Device {
//!     pub device_key: i32,
//!     pub free_storage_space_in_bytes: Option<i64>,
//!     pub last_sync_date_time: Option<rt::time::OffsetDateTime>,
//!     pub platforms: Option<rt::Flags<Platform>>,
//!     pub platform: Option<Platform>,
//! }
//! // Each field's wire name and codec: required, defaulted or optional, in its serde form or
//! // (`…Edm`) through the OData JSON forms of `EdmSerde`.
//! rt::structured!(Device {
//!     device_key = "deviceKey" Req,
//!     free_storage_space_in_bytes = "freeStorageSpaceInBytes" OptEdm,
//!     last_sync_date_time = "lastSyncDateTime" OptEdm,
//!     platforms = "platforms" OptEdm,
//!     platform = "platform" Opt
//! });
//!
//! pub const DEVICE_KEY: rt::FilterPath<i32> = rt::FilterPath::new("deviceKey");
//! ```

pub use futures::Stream;
pub use rust_decimal;
pub use serde;
pub use serde_json;
pub use time;
pub use uuid;

pub use crate::auth::ClientCredentials;
pub use crate::client::{Client, ClientBuilder};
pub use crate::date_key::DateKey;
pub use crate::edm::{
    Binary, Edm, EdmEnum, EdmSerde, Flags, Geo, TypedValue, deserialize_enum, serialize_enum,
};
pub use crate::error::Error;
pub use crate::expanded::Expanded;
pub use crate::paging::{Page, PagedItem};
pub use crate::typed_builder::TypedClientBuilder;

/// The runtime crate itself, which a generated client re-exports as `runtime`.
pub use crate as runtime;
pub use crate::query::{Expand, FilterExpr, FilterPath, FlatExpand, Literal, Order, key_path};
pub use crate::request::surface::{
    Accepts, Countable, Entities, ExpandItem, Expandable, Filterable, QueryOption, Searchable,
    Selectable, SkipSupported, Sortable, TopSupported, WireName,
};
pub use crate::request::{
    Addressed, CollectionRequest, EntityRequest, GetRequest, ListRequest, NoFilter, NoNavigation,
    OperationRequest,
};
pub use crate::restricted::{
    Conjunction, MultiRange, MultiRangeOrSearchExpression, MultiValue, RestrictedPath,
    SearchExpression, SingleRange, SingleValue,
};

/// `structured!(Type { field = "wireName" Codec, … });` gives a generated struct its serde
/// impls.
pub use crate::__structured as structured;

/// What [`structured!`] expands to.
pub mod object {
    pub use crate::object::{
        Decode, DecodeObject, Def, DefEdm, Encode, Key, Object, Opt, OptEdm, Req, ReqEdm,
        deserialize, finish, keep, read, skip, typed,
    };
}

/// `impl_enum_serde!(Type);` gives a generated [`EdmEnum`] its serde impls.
pub use crate::__impl_enum_serde as impl_enum_serde;

/// `enum_unknown!();` in the `impl EdmEnum` of a generated enum with an `Unknown(String)`
/// variant: its `unknown` and `unknown_name`.
pub use crate::__enum_unknown as enum_unknown;

/// `impl_enum!(Type);` gives a generated [`EdmEnum`] its inherent `as_str` and serde impls.
pub use crate::__impl_enum as impl_enum;

/// `collection_methods!(Item);` in the impl of a navigation `Collection`.
pub use crate::__collection_methods as collection_methods;

/// `entity_request_methods!(Item);` in the impl of a navigation `EntityRequest`;
/// `entity_request_methods!(Handle => Item; select, expand);` in an entity set's own
/// `GetRequest`.
pub use crate::__entity_request_methods as entity_request_methods;

/// `entity_type!(Item, Field, Nav, Filter);` implements every surface trait for an entity
/// type reached by navigation ([`Entities`], [`Selectable`], [`Filterable`], …).
pub use crate::__entity_type as entity_type;

/// `addressed!(Collection, EntityRequest);` implements [`Addressed`] for a type's navigation
/// requests.
pub use crate::__addressed as addressed;

/// `any_enum!("doc", Name("Entity type", base Base) { Variant(Type) = "NS.name", … } aliases […]);`:
/// a generated `…Any` enum decoded by `@odata.type`.
pub use crate::__any_enum as any_enum;

/// `wire_enum!("doc", Name { Variant = "wireName", … });`: a generated enum of wire names.
pub use crate::__wire_enum as wire_enum;

/// `filter_paths!("doc", Filter { method -> Value = "wireName", … });`: a generated `Filter`.
pub use crate::__filter_paths as filter_paths;

/// `#[serde(with = "rt::edm")]` for EDM-typed fields.
pub mod edm {
    pub use crate::edm::{deserialize, serialize};
}
