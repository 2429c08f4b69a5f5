//! Requests for a single entity (or singleton, or single-valued navigation).

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use url::Url;

use super::all_pairs;
use crate::client::{Client, RequestSpec, decode_json};
use crate::error::Error;
use crate::query::{Expand, QueryOptions};
use crate::request::{Addressed, CollectionRequest, OperationRequest, append_segment};

/// A GET of one entity, e.g. `devices(1)`.
#[must_use]
pub struct EntityRequest<T> {
    client: Client,
    path: String,
    options: QueryOptions,
    custom: Vec<(String, String)>,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for EntityRequest<T> {
    fn clone(&self) -> Self {
        EntityRequest {
            client: self.client.clone(),
            path: self.path.clone(),
            options: self.options.clone(),
            custom: self.custom.clone(),
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for EntityRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityRequest")
            .field("path", &self.path)
            .field("options", &self.options)
            .field("custom", &self.custom)
            .finish_non_exhaustive()
    }
}

// Addressing needs nothing of `T` (see `CollectionRequest`'s unbounded impl).
impl<T> EntityRequest<T> {
    /// A request for the entity at `path` (see [`key_path`](crate::key_path)).
    pub fn new(client: Client, path: impl Into<String>) -> Self {
        EntityRequest {
            client,
            path: path.into(),
            options: QueryOptions::default(),
            custom: Vec::new(),
            _item: PhantomData,
        }
    }

    /// The entity's path, for building navigation paths (`devices(1)/owner`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The client this request uses.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The typed request of a generated client at `{path}/{segment}`: a navigation property
    /// (a `Collection` or `EntityRequest` of the target type) or a type cast (`NS.Derived`;
    /// the service answers only when the entity is of that type). Query options of this
    /// request are not carried over.
    pub fn segment<R: Addressed>(&self, segment: &str) -> R {
        R::at(self.client.clone(), append_segment(&self.path, segment))
    }

    /// A type cast: this entity as its derived type `qualified` (`{path}/NS.Derived`); the
    /// service answers only when the entity is of that type (query options are not carried
    /// over).
    pub fn cast<U: DeserializeOwned>(&self, qualified: &str) -> EntityRequest<U> {
        EntityRequest::new(self.client.clone(), append_segment(&self.path, qualified))
    }

    /// A function bound to this entity; `name` is namespace-qualified (`NS.GetPrice`).
    pub fn function<R: DeserializeOwned>(&self, name: &str) -> OperationRequest<R> {
        OperationRequest::function(self.client.clone(), append_segment(&self.path, name))
    }

    /// An action bound to this entity; `name` is namespace-qualified (`NS.Discount`).
    pub fn action<R: DeserializeOwned>(&self, name: &str) -> OperationRequest<R> {
        OperationRequest::action(self.client.clone(), append_segment(&self.path, name))
    }
}

impl<T: DeserializeOwned> EntityRequest<T> {
    /// A single-valued navigation property of this entity: `{path}/{segment}` (query options
    /// of this request are not carried over).
    pub fn navigate<U: DeserializeOwned>(&self, segment: &str) -> EntityRequest<U> {
        EntityRequest::new(self.client.clone(), append_segment(&self.path, segment))
    }

    /// A collection-valued navigation property of this entity: `{path}/{segment}`.
    pub fn navigate_collection<U: DeserializeOwned + Send + 'static>(
        &self,
        segment: &str,
    ) -> CollectionRequest<U> {
        CollectionRequest::new(self.client.clone(), append_segment(&self.path, segment))
    }

    /// `$select`: the properties to return.
    pub fn select<S: Into<String>>(self, props: impl IntoIterator<Item = S>) -> Self {
        self.select_keyed(props, &[])
    }

    /// `$select` of these properties and the `key` properties, which a typed entity needs to
    /// decode (servers such as ASP.NET OData return exactly what was selected).
    pub fn select_keyed<S: Into<String>>(
        mut self,
        props: impl IntoIterator<Item = S>,
        key: &[&'static str],
    ) -> Self {
        self.options
            .add_select(props.into_iter().map(Into::into), key);
        self
    }

    /// Adds an `$expand` item.
    pub fn expand(mut self, expand: Expand) -> Self {
        self.options.expand.push(expand);
        self
    }

    /// Adds an `$expand` item without options for each of these navigation properties.
    pub fn expand_each<'a>(mut self, navigations: impl IntoIterator<Item = &'a str>) -> Self {
        self.options
            .expand
            .extend(navigations.into_iter().map(Expand::new));
        self
    }

    /// A custom query option; overrides a client default of the same name.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.push((name.into(), value.into()));
        self
    }

    /// The request URL.
    pub fn url(&self) -> Result<Url, Error> {
        let system = self.options.pairs()?;
        self.client
            .url(&self.path, &all_pairs(&system, &self.custom))
    }

    /// Fetches and decodes the entity.
    pub async fn send(self) -> Result<T, Error> {
        let resp = self.client.execute(RequestSpec::get(self.url()?)).await?;
        decode_json(&resp.url, &resp.body)
    }
}
