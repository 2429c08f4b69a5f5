//! The request types generated code names instead of emitting its own: [`ListRequest`] and
//! [`GetRequest`], generic over what the entities they read allow (see
//! [`surface`](super::surface)), and the macros that write the items a generated client has
//! for each entity type and set.

use std::fmt;

use futures::Stream;

use crate::client::Client;
use crate::error::Error;
use crate::paging::{Page, PagedItem};
use crate::request::surface::{
    Accepts, Countable, Entities, Expandable, FilterClause, Filterable, QueryOption, Searchable,
    Selectable, SkipSupported, Sortable, TopSupported, WireName,
};
use crate::request::{CollectionRequest, EntityRequest};

/// The navigation properties of an entity type that has none: no value exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoNavigation {}

impl NoNavigation {
    /// The wire name, as a navigation enum has it (never called: no value exists).
    pub fn as_str(self) -> &'static str {
        match self {}
    }
}

impl WireName for NoNavigation {
    fn wire_name(self) -> &'static str {
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

/// A GET of a collection of entities, with the query options `S` allows: `S` is a generated
/// entity set's handle (`ListRequest<Devices>`, the options its `Capabilities` annotations
/// allow) or an entity type reached by navigation (`ListRequest<Person>`, every option:
/// navigation requests do not read the source set's `NavigationRestrictions`). An option `S`
/// does not allow does not compile (see [`surface`](super::surface)).
///
/// Set its options, then [`send`](Self::send) it for one page, or [`stream`](Self::stream)
/// every entity across pages.
#[must_use = "a request does nothing until it is sent"]
pub struct ListRequest<S: Entities> {
    inner: CollectionRequest<S::Entity>,
}

impl<S: Entities> Clone for ListRequest<S> {
    fn clone(&self) -> Self {
        ListRequest {
            inner: self.inner.clone(),
        }
    }
}

impl<S: Entities> fmt::Debug for ListRequest<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ListRequest").field(&self.inner).finish()
    }
}

impl<S: Entities> ListRequest<S> {
    /// Wraps a runtime request for the collection (normally built by a set's `list` or a
    /// navigation accessor).
    pub fn new(inner: CollectionRequest<S::Entity>) -> Self {
        ListRequest { inner }
    }

    /// The collection's path relative to the service root.
    pub fn path(&self) -> &str {
        self.inner.path()
    }

    /// A custom query option the entities take (`Capabilities.CustomQueryOptions`), typed by
    /// the generated client's `options` module: `.with(options::MaxHistoryDays(30))`.
    pub fn with<O: QueryOption>(self, option: O) -> Self
    where
        S: Accepts<O>,
    {
        Self::new(self.inner.query(O::NAME, option.value()))
    }

    /// Sends the request and returns the first page.
    pub async fn send(self) -> Result<Page<S::Entity>, Error> {
        self.inner.send().await
    }

    /// Every entity, following `@odata.nextLink` across pages.
    pub fn stream(self) -> impl Stream<Item = Result<S::Entity, Error>> + Send + 'static {
        self.inner.stream()
    }

    /// Every page, following `@odata.nextLink`.
    pub fn pages(self) -> impl Stream<Item = Result<Page<S::Entity>, Error>> + Send + 'static {
        self.inner.pages()
    }

    /// Every entity, each page followed by a [`PagedItem::EndOfPage`] carrying its next link:
    /// store the entities, then save the link, and after an interruption
    /// [`resume_from`](Self::resume_from) it.
    pub fn stream_with_checkpoints(
        self,
    ) -> impl Stream<Item = Result<PagedItem<S::Entity>, Error>> + Send + 'static {
        self.inner.stream_with_checkpoints()
    }

    /// Starts at a next link saved from an earlier run (a page's `next_link`) instead of the
    /// first page; the link carries the query options. Checked as a server's next link is:
    /// never requested off the service.
    pub fn resume_from(self, next_link: impl Into<String>) -> Self {
        Self::new(self.inner.resume_from(next_link))
    }

    /// Stops [`pages`](Self::pages) and [`stream`](Self::stream) after `n` pages; the last
    /// page's `next_link` tells where to resume.
    pub fn max_pages(self, n: usize) -> Self {
        Self::new(self.inner.max_pages(n))
    }

    /// The runtime request, for anything this type does not offer.
    pub fn into_inner(self) -> CollectionRequest<S::Entity> {
        self.inner
    }
}

impl<S: Selectable> ListRequest<S> {
    crate::__entity_request_methods!(@select S);
}

impl<S: Filterable> ListRequest<S> {
    /// `$filter`, built from the typed paths of the properties the service allows it to name;
    /// calling it again combines the filters with `and`. Where the service restricts some
    /// properties' expressions, the builder returns a
    /// [`Conjunction`](crate::restricted::Conjunction); where it lists its `FilterFunctions`,
    /// a filter using another fails the request before it is sent.
    pub fn filter<C: Into<S::Clause>>(self, build: impl FnOnce(&S::Filter) -> C) -> Self {
        let clause: S::Clause = build(&S::Filter::default()).into();
        let expr = clause.into_expr();
        let expr = match S::FUNCTIONS {
            Some(functions) => expr.within_functions(functions),
            None => expr,
        };
        Self::new(self.inner.filter(expr))
    }
}

impl<S: Sortable> ListRequest<S> {
    /// `$orderby`: sorts by `field`, descending when `descending`; call again for further
    /// sort keys.
    pub fn order_by(self, field: S::Sort, descending: bool) -> Self {
        Self::new(self.inner.order_by(field.wire_name(), descending))
    }
}

impl<S: TopSupported> ListRequest<S> {
    /// `$top`: at most `n` entities in all.
    pub fn top(self, n: u64) -> Self {
        Self::new(self.inner.top(n))
    }
}

impl<S: SkipSupported> ListRequest<S> {
    /// `$skip`: skips the first `n` entities.
    pub fn skip(self, n: u64) -> Self {
        Self::new(self.inner.skip(n))
    }
}

impl<S: Countable> ListRequest<S> {
    /// `$count=true`: asks for the total count along with the first page.
    pub fn inline_count(self, yes: bool) -> Self {
        Self::new(self.inner.inline_count(yes))
    }

    /// The number of matching entities (`GET {path}/$count` with the filter applied).
    pub async fn count(self) -> Result<u64, Error> {
        self.inner.count().await
    }
}

impl<S: Searchable> ListRequest<S> {
    /// `$search`: free-text search, in the service's own syntax.
    pub fn search(self, text: impl Into<String>) -> Self {
        Self::new(self.inner.search(text))
    }
}

impl<S: Expandable> ListRequest<S> {
    crate::__entity_request_methods!(@expand S);
}

/// A GET of one entity of a generated entity set that restricts what its type's navigation
/// request offers (`$select`, `$expand`), with the options `S` allows; [`send`](Self::send)
/// it. A set that restricts nothing reads its entities through the type's own request.
#[must_use = "a request does nothing until it is sent"]
pub struct GetRequest<S: Entities> {
    inner: EntityRequest<S::Entity>,
}

impl<S: Entities> Clone for GetRequest<S> {
    fn clone(&self) -> Self {
        GetRequest {
            inner: self.inner.clone(),
        }
    }
}

impl<S: Entities> fmt::Debug for GetRequest<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GetRequest").field(&self.inner).finish()
    }
}

// The same methods as a generated entity request's, from the same macro.
impl<S: Entities> GetRequest<S> {
    crate::__entity_request_methods!(S => S::Entity;);
}

impl<S: Selectable> GetRequest<S> {
    crate::__entity_request_methods!(@select S);
}

impl<S: Expandable> GetRequest<S> {
    crate::__entity_request_methods!(@expand S);
}

/// The request surface of an entity type `$item` reached by navigation, which allows every
/// query option: its field enum `$field` (with `KEY`), its navigation enum `$nav`
/// ([`NoNavigation`] when it has none) and its `$filter` paths `$filter` ([`NoFilter`] when
/// none).
#[doc(hidden)]
#[macro_export]
macro_rules! __entity_type {
    ($item:ty, $field:ty, $nav:ty, $filter:ty) => {
        impl $crate::__private::Entities for $item {
            type Entity = Self;
        }
        impl $crate::__private::Selectable for $item {
            type Field = $field;
            const KEY: &'static [&'static str] = <$field>::KEY;
        }
        impl $crate::__private::Filterable for $item {
            type Filter = $filter;
            type Clause = $crate::__private::FilterExpr;
        }
        impl $crate::__private::Sortable for $item {
            type Sort = $field;
        }
        impl $crate::__private::Expandable for $item {
            type Nav = $nav;
            type Item = $crate::__private::Expand;
        }
        impl $crate::__private::TopSupported for $item {}
        impl $crate::__private::SkipSupported for $item {}
        impl $crate::__private::Countable for $item {}
        impl $crate::__private::Searchable for $item {}
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

/// The methods every generated entity request struct has, in an `impl` of a struct whose
/// field `inner` is the runtime's [`EntityRequest<$item>`](crate::EntityRequest): `new`,
/// `path`, `send` and `into_inner`, then the query options listed after `;` (`select`,
/// `expand`: `expand` and `expand_with`), typed by the surface traits of `$surface`. A
/// navigation `EntityRequest` is `entity_request_methods!(Item)`, its entity type's surface
/// (every option); an entity set's own `GetRequest` (one with navigation accessors or bound
/// operations, which the runtime's [`GetRequest`] cannot have) is
/// `entity_request_methods!(Handle => Item; select)`, the options the set allows. The
/// generated impl adds the navigation accessors and bound operations. The runtime's
/// [`ListRequest`] and [`GetRequest`] take their `select` and `expand` from the same arms.
#[doc(hidden)]
#[macro_export]
macro_rules! __entity_request_methods {
    ($item:ty) => {
        $crate::__entity_request_methods!($item => $item; select, expand);
    };
    ($surface:ty => $item:ty; $($option:ident),*) => {
        /// Wraps a runtime request for the entity (normally built by a navigation accessor
        /// or a set's `get`).
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

        /// The runtime request, for anything this type does not offer.
        pub fn into_inner(self) -> $crate::__private::EntityRequest<$item> {
            self.inner
        }

        $($crate::__entity_request_methods!(@$option $surface);)*
    };
    (@select $surface:ty) => {
        /// `$select`: only these properties (and the key) are returned; the others are
        /// `None`.
        pub fn select(
            self,
            fields: impl ::core::iter::IntoIterator<
                Item = <$surface as $crate::__private::Selectable>::Field,
            >,
        ) -> Self {
            Self {
                inner: self.inner.select_keyed(
                    fields
                        .into_iter()
                        .map($crate::__private::WireName::wire_name),
                    <$surface as $crate::__private::Selectable>::KEY,
                ),
            }
        }
    };
    (@expand $surface:ty) => {
        /// `$expand`: also returns these navigation properties, in the fields of the same
        /// names.
        pub fn expand(
            self,
            navigations: impl ::core::iter::IntoIterator<
                Item = <$surface as $crate::__private::Expandable>::Nav,
            >,
        ) -> Self {
            Self {
                inner: self.inner.expand_each(
                    navigations
                        .into_iter()
                        .map($crate::__private::WireName::wire_name),
                ),
            }
        }

        /// `$expand` of one navigation property with nested options (`$select`, `$filter`,
        /// `$top`, a nested `$expand` where the service allows more than one level, …) set on
        /// the runtime's `Expand` builder, whose property names are the wire names.
        pub fn expand_with(
            self,
            navigation: <$surface as $crate::__private::Expandable>::Nav,
            options: impl ::core::ops::FnOnce(
                <$surface as $crate::__private::Expandable>::Item,
            ) -> <$surface as $crate::__private::Expandable>::Item,
        ) -> Self {
            Self {
                inner: self.inner.expand(::core::convert::Into::into(options(
                    <<$surface as $crate::__private::Expandable>::Item as $crate::__private::ExpandItem>::of(
                        $crate::__private::WireName::wire_name(navigation),
                    ),
                ))),
            }
        }
    };
}

/// The methods every generated navigation `Collection` has, for an entity type `$item`
/// with [`entity_type!`](crate::__entity_type), in an `impl` of a struct whose field `inner` is the runtime's
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

        impl $crate::__private::WireName for $name {
            fn wire_name(self) -> &'static str {
                self.as_str()
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

    crate::__wire_enum!("Person's properties.", PersonField { Name = "name", Age = "age" });

    impl PersonField {
        const KEY: &'static [&'static str] = &["name"];
    }

    crate::__wire_enum!("Person's navigation properties.", PersonNav { Friends = "friends" });

    #[derive(Default)]
    struct PersonFilter(());

    impl PersonFilter {
        fn age(&self) -> FilterPath<i32> {
            FilterPath::new("age")
        }
    }

    crate::__entity_type!(Person, PersonField, PersonNav, PersonFilter);

    /// An entity set as a generated module declares it: filter on a restricted `age`, held
    /// to the listed functions, `$top`, and one custom option; no `$orderby` or `$expand`.
    struct People;

    impl Entities for People {
        type Entity = Person;
    }

    #[derive(Default)]
    struct PeopleFilter(());

    impl PeopleFilter {
        fn age(&self) -> crate::restricted::RestrictedPath<i32, crate::restricted::SingleRange> {
            crate::restricted::RestrictedPath::new("age")
        }
    }

    impl Filterable for People {
        type Filter = PeopleFilter;
        type Clause = crate::restricted::Conjunction;
        const FUNCTIONS: Option<&'static [&'static str]> = Some(&["and", "ge", "lt"]);
    }

    impl TopSupported for People {}

    struct Tenant(u32);

    impl QueryOption for Tenant {
        const NAME: &'static str = "tenant";

        fn value(&self) -> String {
            self.0.to_string()
        }
    }

    impl Accepts<Tenant> for People {}

    #[test]
    fn a_set_offers_what_its_traits_allow() {
        let client = Client::builder("https://h/svc/").build().unwrap();
        let request = ListRequest::<People>::new(CollectionRequest::new(client.clone(), "people"))
            .filter(|f| f.age().ge(30).lt(40))
            .top(5)
            .with(Tenant(7));
        assert_eq!(
            request.into_inner().url().unwrap().as_str(),
            "https://h/svc/people?$filter=age%20ge%2030%20and%20age%20lt%2040&$top=5&tenant=7"
        );
        // `eq` is not among the listed functions: the request fails before it is sent.
        let refused = ListRequest::<People>::new(CollectionRequest::new(client, "people"))
            .filter(|f| f.age().eq(30));
        assert!(matches!(
            refused.into_inner().url(),
            Err(Error::InvalidRequest(_))
        ));
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
                .top(5);
        assert_eq!(request.path(), "people('a')/friends");
        assert_eq!(
            request.into_inner().url().unwrap().as_str(),
            "https://h/svc/people('a')/friends?$select=name,age&$filter=age%20gt%2030\
             &$expand=friends&$orderby=age%20desc&$top=5"
        );
    }

    #[test]
    fn a_get_request_offers_what_its_traits_allow() {
        let client = Client::builder("https://h/svc/").build().unwrap();
        let person = GetRequest::<Person>::new(EntityRequest::new(
            client,
            crate::key_path("people", &[("name", &"a")]),
        ))
        .select([PersonField::Age])
        .expand_with(PersonNav::Friends, |e| e.select(["name"]).top(2));
        assert_eq!(person.path(), "people('a')");
        assert_eq!(
            person.into_inner().url().unwrap().as_str(),
            "https://h/svc/people('a')?$select=age,name&$expand=friends($select=name;$top=2)"
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

        /// An entity set's own `GetRequest` that allows no query option.
        #[derive(Clone, Debug)]
        pub struct GetRequest {
            inner: crate::EntityRequest<Person>,
        }

        impl GetRequest {
            crate::__entity_request_methods!(super::People => Person;);
        }
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

    crate::__wire_enum!("Thing's properties.", ThingField { Id = "id", Name = "name" });

    impl ThingField {
        const KEY: &'static [&'static str] = &["id"];
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
        assert_eq!(<Thing as Selectable>::KEY, ["id"]);
    }
}
