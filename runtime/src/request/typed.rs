//! Requests typed by what a generated client defines for each entity type: the enums that
//! name its properties and navigation properties, and its `$filter` paths. Generated
//! `requests::<type>` modules name [`ListRequest`] for their collections instead of emitting
//! the same request type once per entity type.

use std::fmt::{self, Display};

use futures::Stream;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::paging::Page;
use crate::query::{Expand, FilterExpr};
use crate::request::CollectionRequest;

/// An entity type of a generated client (its struct, or its `…Any` enum when types derive
/// from it), as [`ListRequest`] sees it.
pub trait EntityType: DeserializeOwned + Send + 'static {
    /// The structural properties, for `$select` and `$orderby`.
    type Field: Copy;
    /// The navigation properties, for `$expand` ([`NoNavigation`] when there are none).
    type Nav: Copy;
    /// The typed `$filter` paths ([`NoFilter`] when no property can be filtered on).
    type Filter: Default;

    /// The key properties' wire names, always added to a `$select`.
    const KEY: &'static [&'static str];

    /// A property's name on the wire.
    fn field_name(field: Self::Field) -> &'static str;

    /// A navigation property's name on the wire.
    fn nav_name(nav: Self::Nav) -> &'static str;
}

/// The navigation properties of an entity type that has none: no value exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoNavigation {}

impl NoNavigation {
    /// The wire name, as a navigation enum has it (never called: no value exists).
    pub fn as_str(self) -> &'static str {
        match self {}
    }
}

/// A request type of a generated client addressed by a path alone: a navigation
/// `Collection` or `EntityRequest` (implemented by [`addressed!`](crate::__addressed)).
/// Navigation accessors and type casts build one with
/// [`EntityRequest::segment`](crate::EntityRequest::segment) or
/// [`CollectionRequest::segment`], so each accessor is one call.
pub trait Addressed {
    /// The request for `path`, relative to the service root, sent with `client`.
    fn at(client: Client, path: String) -> Self;
}

/// The `$filter` paths of an entity type none of whose properties can be filtered on.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFilter;

/// A GET of a collection of `T` entities reached by navigation (`people('x')/Friends`), with
/// every query option: navigation requests do not read the source set's
/// `NavigationRestrictions`.
///
/// Set its options, then [`send`](Self::send) it for one page, or [`stream`](Self::stream)
/// every entity across pages.
#[must_use = "a request does nothing until it is sent"]
pub struct ListRequest<T> {
    inner: CollectionRequest<T>,
}

impl<T> Clone for ListRequest<T> {
    fn clone(&self) -> Self {
        ListRequest {
            inner: self.inner.clone(),
        }
    }
}

impl<T> fmt::Debug for ListRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ListRequest").field(&self.inner).finish()
    }
}

impl<T: EntityType> ListRequest<T> {
    /// Wraps a runtime request for the collection (normally built by a navigation accessor).
    pub fn new(inner: CollectionRequest<T>) -> Self {
        ListRequest { inner }
    }

    /// The collection's path relative to the service root.
    pub fn path(&self) -> &str {
        self.inner.path()
    }

    /// `$select`: only these properties (and the key) are returned; the others are `None`.
    pub fn select(self, fields: impl IntoIterator<Item = T::Field>) -> Self {
        Self::new(
            self.inner
                .select_keyed(fields.into_iter().map(T::field_name), T::KEY),
        )
    }

    /// `$filter`, built from the type's typed paths; calling it again combines the filters
    /// with `and`.
    pub fn filter(self, build: impl FnOnce(&T::Filter) -> FilterExpr) -> Self {
        Self::new(self.inner.filter(build(&T::Filter::default())))
    }

    /// `$orderby`: sorts by `field`, descending when `descending`; call again for further
    /// sort keys.
    pub fn order_by(self, field: T::Field, descending: bool) -> Self {
        Self::new(self.inner.order_by(T::field_name(field), descending))
    }

    /// `$top`: at most `n` entities in all.
    pub fn top(self, n: u64) -> Self {
        Self::new(self.inner.top(n))
    }

    /// `$skip`: skips the first `n` entities.
    pub fn skip(self, n: u64) -> Self {
        Self::new(self.inner.skip(n))
    }

    /// `$count=true`: asks for the total count along with the first page.
    pub fn inline_count(self, yes: bool) -> Self {
        Self::new(self.inner.inline_count(yes))
    }

    /// `$search`: free-text search, in the service's own syntax.
    pub fn search(self, text: impl Into<String>) -> Self {
        Self::new(self.inner.search(text))
    }

    /// `$expand`: also returns these navigation properties, in the entities' fields of the
    /// same names.
    pub fn expand(self, navigations: impl IntoIterator<Item = T::Nav>) -> Self {
        Self::new(
            self.inner
                .expand_each(navigations.into_iter().map(T::nav_name)),
        )
    }

    /// `$expand` of one navigation property with nested options (`$select`, `$filter`,
    /// `$top`, a nested `$expand`, …) set on the runtime's [`Expand`] builder, whose property
    /// names are the wire names.
    pub fn expand_with(self, navigation: T::Nav, options: impl FnOnce(Expand) -> Expand) -> Self {
        Self::new(
            self.inner
                .expand(options(Expand::new(T::nav_name(navigation)))),
        )
    }

    /// A custom query option (`Capabilities.CustomQueryOptions`): `name=value`.
    pub fn query(self, name: &str, value: impl Display) -> Self {
        Self::new(self.inner.query(name, value.to_string()))
    }

    /// Sends the request and returns the first page.
    pub async fn send(self) -> Result<Page<T>, Error> {
        self.inner.send().await
    }

    /// Every entity, following `@odata.nextLink` across pages.
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        self.inner.stream()
    }

    /// Every page, following `@odata.nextLink`.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        self.inner.pages()
    }

    /// The number of matching entities (`GET {path}/$count` with the filter applied).
    pub async fn count(self) -> Result<u64, Error> {
        self.inner.count().await
    }

    /// The runtime request, for anything this type does not offer.
    pub fn into_inner(self) -> CollectionRequest<T> {
        self.inner
    }
}

/// `impl EntityType for $item` in a generated `requests` module: its field enum `$field`
/// (with `KEY` and `as_str`), its navigation enum `$nav` (with `as_str`; [`NoNavigation`]
/// when it has none) and its `$filter` paths `$filter` ([`NoFilter`] when none).
#[doc(hidden)]
#[macro_export]
macro_rules! __entity_type {
    ($item:ty, $field:ty, $nav:ty, $filter:ty) => {
        impl $crate::__private::EntityType for $item {
            type Field = $field;
            type Nav = $nav;
            type Filter = $filter;

            const KEY: &'static [&'static str] = <$field>::KEY;

            fn field_name(field: Self::Field) -> &'static str {
                field.as_str()
            }

            fn nav_name(nav: Self::Nav) -> &'static str {
                nav.as_str()
            }
        }
    };
}

/// `impl Addressed` for a generated navigation `$collection` (over a runtime
/// [`CollectionRequest`]) and `$entity` (over a runtime
/// [`EntityRequest`](crate::EntityRequest)), each with a `new` taking its runtime request
/// (as [`collection_methods!`](crate::__collection_methods) and
/// [`entity_request_methods!`](crate::__entity_request_methods) give them).
#[doc(hidden)]
#[macro_export]
macro_rules! __addressed {
    ($collection:ty, $entity:ty) => {
        impl $crate::__private::Addressed for $collection {
            fn at(client: $crate::__private::Client, path: ::std::string::String) -> Self {
                Self::new($crate::__private::CollectionRequest::new(client, path))
            }
        }

        impl $crate::__private::Addressed for $entity {
            fn at(client: $crate::__private::Client, path: ::std::string::String) -> Self {
                Self::new($crate::__private::EntityRequest::new(client, path))
            }
        }
    };
}

/// The methods every generated navigation `EntityRequest` has, for an entity type `$item`
/// implementing [`EntityType`], in an `impl` of a struct whose field `inner` is the runtime's
/// [`EntityRequest<$item>`](crate::EntityRequest): `new`, `path`, `send`, `select`, `expand`,
/// `expand_with` and `into_inner`. The generated impl adds the type's navigation properties
/// and bound operations.
#[doc(hidden)]
#[macro_export]
macro_rules! __entity_request_methods {
    ($item:ty) => {
        /// Wraps a runtime request for the entity (normally built by a navigation accessor).
        pub fn new(inner: $crate::__private::EntityRequest<$item>) -> Self {
            Self { inner }
        }

        /// The entity's path relative to the service root.
        pub fn path(&self) -> &str {
            self.inner.path()
        }

        /// Sends the request.
        pub async fn send(self) -> ::core::result::Result<$item, $crate::__private::Error> {
            self.inner.send().await
        }

        /// `$select`: only these properties (and the key) are returned; the others are
        /// `None`.
        pub fn select(
            self,
            fields: impl ::core::iter::IntoIterator<
                Item = <$item as $crate::__private::EntityType>::Field,
            >,
        ) -> Self {
            Self {
                inner: self.inner.select_keyed(
                    fields
                        .into_iter()
                        .map(<$item as $crate::__private::EntityType>::field_name),
                    <$item as $crate::__private::EntityType>::KEY,
                ),
            }
        }

        /// `$expand`: also returns these navigation properties, in the entity's fields of the
        /// same names.
        pub fn expand(
            self,
            navigations: impl ::core::iter::IntoIterator<
                Item = <$item as $crate::__private::EntityType>::Nav,
            >,
        ) -> Self {
            Self {
                inner: self.inner.expand_each(
                    navigations
                        .into_iter()
                        .map(<$item as $crate::__private::EntityType>::nav_name),
                ),
            }
        }

        /// `$expand` of one navigation property with nested options (`$select`, `$filter`,
        /// `$top`, a nested `$expand`, …) set on the runtime's `Expand` builder, whose property
        /// names are the wire names.
        pub fn expand_with(
            self,
            navigation: <$item as $crate::__private::EntityType>::Nav,
            options: impl ::core::ops::FnOnce(
                $crate::__private::Expand,
            ) -> $crate::__private::Expand,
        ) -> Self {
            Self {
                inner: self.inner.expand(options($crate::__private::Expand::new(
                    <$item as $crate::__private::EntityType>::nav_name(navigation),
                ))),
            }
        }

        /// The runtime request, for anything this type does not offer.
        pub fn into_inner(self) -> $crate::__private::EntityRequest<$item> {
            self.inner
        }
    };
}

/// The methods every generated navigation `Collection` has, for an entity type `$item`
/// implementing [`EntityType`], in an `impl` of a struct whose field `inner` is the runtime's
/// [`CollectionRequest<$item>`]: `new`, `path`, `list` and `into_inner`. The generated impl
/// adds `get` by key and the operations bound to the collection.
#[doc(hidden)]
#[macro_export]
macro_rules! __collection_methods {
    ($item:ty) => {
        /// Wraps a runtime request for the collection (normally built by a navigation
        /// accessor).
        pub fn new(inner: $crate::__private::CollectionRequest<$item>) -> Self {
            Self { inner }
        }

        /// The collection's path relative to the service root.
        pub fn path(&self) -> &str {
            self.inner.path()
        }

        /// Lists the entities of the collection: `GET {path}`, with every query option.
        pub fn list(&self) -> $crate::__private::ListRequest<$item> {
            $crate::__private::ListRequest::new(self.inner.clone())
        }

        /// The runtime request, for anything this type does not offer.
        pub fn into_inner(self) -> $crate::__private::CollectionRequest<$item> {
            self.inner
        }
    };
}

/// The methods every generated entity set `ListRequest` has, whatever the set allows, for an
/// entity type `$item`, in an `impl` of a struct whose field `inner` is the runtime's
/// [`CollectionRequest<$item>`]: `send`, `stream`, `pages`, `stream_with_checkpoints`,
/// `resume_from`, `max_pages` and `into_inner`. The generated impl adds the query options
/// the set allows and its custom query options.
#[doc(hidden)]
#[macro_export]
macro_rules! __list_request_methods {
    ($item:ty) => {
        /// Sends the request and returns the first page.
        pub async fn send(
            self,
        ) -> ::core::result::Result<$crate::__private::Page<$item>, $crate::__private::Error> {
            self.inner.send().await
        }

        /// Every entity, following `@odata.nextLink` across pages.
        pub fn stream(
            self,
        ) -> impl $crate::__private::Stream<
            Item = ::core::result::Result<$item, $crate::__private::Error>,
        > + ::core::marker::Send
        + 'static {
            self.inner.stream()
        }

        /// Every page, following `@odata.nextLink`.
        pub fn pages(
            self,
        ) -> impl $crate::__private::Stream<
            Item = ::core::result::Result<$crate::__private::Page<$item>, $crate::__private::Error>,
        > + ::core::marker::Send
        + 'static {
            self.inner.pages()
        }

        /// Every entity, each page followed by a `PagedItem::EndOfPage` carrying its
        /// next link: store the entities, then save the link, and after an
        /// interruption [`resume_from`](Self::resume_from) it.
        pub fn stream_with_checkpoints(
            self,
        ) -> impl $crate::__private::Stream<
            Item = ::core::result::Result<
                $crate::__private::PagedItem<$item>,
                $crate::__private::Error,
            >,
        > + ::core::marker::Send
        + 'static {
            self.inner.stream_with_checkpoints()
        }

        /// Starts at a next link saved from an earlier run (a page's `next_link`)
        /// instead of the first page; the link carries the query options. Checked as
        /// a server's next link is: never requested off the service.
        pub fn resume_from(
            self,
            next_link: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            Self {
                inner: self.inner.resume_from(next_link),
            }
        }

        /// Stops [`pages`](Self::pages) and [`stream`](Self::stream) after `n` pages;
        /// the last page's `next_link` tells where to resume.
        pub fn max_pages(self, n: usize) -> Self {
            Self {
                inner: self.inner.max_pages(n),
            }
        }

        /// The runtime request, for anything this type does not offer.
        pub fn into_inner(self) -> $crate::__private::CollectionRequest<$item> {
            self.inner
        }
    };
}

/// A generated fieldless enum of wire names (a type's structural or navigation properties,
/// a set's sortable or expandable ones), documented by `doc`, with `as_str`:
/// `wire_enum!("doc", UserField { Id = "id", DisplayName = "displayName" });`
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum {
    ($doc:literal, $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = ::core::concat!("`", $wire, "`")] $variant,)*
        }

        impl $name {
            /// The name on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }
    };
}

/// A generated `Filter`: one typed `$filter` path method per property, documented by `doc`,
/// each `method -> Value = "wireName"`, with `as Kind` after the value type for a property
/// the service allows only `Kind` expressions on (a [`RestrictedPath`]), and `nullable`
/// after the name for one whose value may be null (the path's value is then an `Option`):
/// `filter_paths!("doc", Filter { display_name -> String = "displayName" nullable });`
///
/// [`RestrictedPath`]: crate::restricted::RestrictedPath
#[doc(hidden)]
#[macro_export]
macro_rules! __filter_paths {
    (
        $doc:literal,
        $name:ident {
            $($method:ident -> $ty:ty $(as $kind:ident)? = $wire:literal $($nullable:ident)?),*
            $(,)?
        }
    ) => {
        #[doc = $doc]
        #[derive(Debug, Default)]
        pub struct $name(());

        impl $name {
            $(
                #[doc = $crate::__filter_paths!(@doc $wire $($kind)?)]
                pub fn $method(
                    &self,
                ) -> $crate::__filter_paths!(@path ($crate::__filter_paths!(@value $ty $(, $nullable)?)) $($kind)?) {
                    $crate::__filter_paths!(@path_new $($kind)?)($wire)
                }
            )*
        }
    };
    (@value $ty:ty) => { $ty };
    (@value $ty:ty, nullable) => { ::core::option::Option<$ty> };
    (@path ($value:ty)) => { $crate::FilterPath<$value> };
    (@path ($value:ty) $kind:ident) => {
        $crate::restricted::RestrictedPath<$value, $crate::restricted::$kind>
    };
    (@path_new) => { $crate::FilterPath::new };
    (@path_new $kind:ident) => { $crate::restricted::RestrictedPath::new };
    (@doc $wire:literal) => { ::core::concat!("`", $wire, "`.") };
    (@doc $wire:literal $kind:ident) => {
        ::core::concat!(
            "`", $wire, "`.\n\nThe service allows only `", ::core::stringify!($kind),
            "` expressions on it (`FilterExpressionRestrictions`)."
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;
    use crate::query::FilterPath;

    #[derive(serde::Deserialize)]
    struct Person;

    #[derive(Clone, Copy)]
    enum PersonField {
        Name,
        Age,
    }

    #[derive(Clone, Copy)]
    enum PersonNav {
        Friends,
    }

    #[derive(Default)]
    struct PersonFilter(());

    impl PersonFilter {
        fn age(&self) -> FilterPath<i32> {
            FilterPath::new("age")
        }
    }

    impl EntityType for Person {
        type Field = PersonField;
        type Nav = PersonNav;
        type Filter = PersonFilter;

        const KEY: &'static [&'static str] = &["name"];

        fn field_name(field: PersonField) -> &'static str {
            match field {
                PersonField::Name => "name",
                PersonField::Age => "age",
            }
        }

        fn nav_name(nav: PersonNav) -> &'static str {
            match nav {
                PersonNav::Friends => "friends",
            }
        }
    }

    #[test]
    fn options_are_named_by_the_generated_enums() {
        let client = Client::builder("https://h/svc/").build().unwrap();
        let request =
            ListRequest::<Person>::new(CollectionRequest::new(client, "people('a')/friends"))
                .select([PersonField::Name, PersonField::Age])
                .filter(|f| f.age().gt(30))
                .order_by(PersonField::Age, true)
                .expand([PersonNav::Friends])
                .top(5)
                .query("tenant", 7);
        assert_eq!(request.path(), "people('a')/friends");
        assert_eq!(
            request.into_inner().url().unwrap().as_str(),
            "https://h/svc/people('a')/friends?$select=name,age&$filter=age%20gt%2030\
             &$expand=friends&$orderby=age%20desc&$top=5&tenant=7"
        );
    }

    #[test]
    fn select_always_asks_for_the_key_once() {
        let client = Client::builder("https://h/svc/").build().unwrap();
        let list = |fields: &[PersonField]| {
            ListRequest::<Person>::new(CollectionRequest::new(client.clone(), "people"))
                .select(fields.iter().copied())
                .into_inner()
                .url()
                .unwrap()
                .as_str()
                .to_owned()
        };
        // ASP.NET OData returns exactly what was selected: without the key the entity would
        // not decode.
        assert_eq!(
            list(&[PersonField::Age]),
            "https://h/svc/people?$select=age,name"
        );
        assert_eq!(
            list(&[PersonField::Name, PersonField::Age]),
            "https://h/svc/people?$select=name,age"
        );
        let twice = ListRequest::<Person>::new(CollectionRequest::new(client, "people"))
            .select([PersonField::Age])
            .select([PersonField::Name, PersonField::Age]);
        assert_eq!(
            twice.into_inner().url().unwrap().as_str(),
            "https://h/svc/people?$select=age,name"
        );
    }

    /// A navigation module's requests as the generator writes them.
    #[allow(
        dead_code,
        reason = "the macros give every method a generated request has; the tests call a few"
    )]
    mod generated {
        use super::Person;

        #[derive(Clone, Debug)]
        pub struct Collection {
            inner: crate::CollectionRequest<Person>,
        }

        impl Collection {
            crate::__collection_methods!(Person);
        }

        #[derive(Clone, Debug)]
        pub struct EntityRequest {
            inner: crate::EntityRequest<Person>,
        }

        impl EntityRequest {
            crate::__entity_request_methods!(Person);
        }

        crate::__addressed!(Collection, EntityRequest);
    }

    #[test]
    fn navigation_and_casts_are_one_call_to_the_addressed_request() {
        let client = Client::builder("https://h/svc/").build().unwrap();
        let person: generated::EntityRequest =
            Addressed::at(client, crate::key_path("people", &[("name", &"a")]));
        let friend: generated::EntityRequest = person.into_inner().segment("bestFriend");
        assert_eq!(friend.path(), "people('a')/bestFriend");
        let friends: generated::Collection = friend.into_inner().segment("friends");
        assert_eq!(friends.path(), "people('a')/bestFriend/friends");
        let employees: generated::Collection = friends.into_inner().segment("NS.Employee");
        assert_eq!(
            employees.path(),
            "people('a')/bestFriend/friends/NS.Employee"
        );
    }

    #[derive(serde::Deserialize)]
    struct Thing;

    #[derive(Clone, Copy)]
    enum ThingField {
        Id,
        Name,
    }

    impl ThingField {
        const KEY: &'static [&'static str] = &["id"];

        fn as_str(self) -> &'static str {
            match self {
                ThingField::Id => "id",
                ThingField::Name => "name",
            }
        }
    }

    crate::__entity_type!(Thing, ThingField, NoNavigation, NoFilter);

    #[test]
    fn entity_type_macro_names_fields_and_key() {
        let client = Client::builder("https://h/svc/").build().unwrap();
        let request = ListRequest::<Thing>::new(CollectionRequest::new(client, "things"))
            .select([ThingField::Name])
            .order_by(ThingField::Id, false);
        assert_eq!(
            request.into_inner().url().unwrap().as_str(),
            "https://h/svc/things?$select=name,id&$orderby=id"
        );
        assert_eq!(<Thing as EntityType>::KEY, ["id"]);
    }
}
