//! Function and action invocations.

use std::marker::PhantomData;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use super::all_pairs;
use crate::client::{Client, RequestSpec, decode_json};
use crate::error::Error;
use crate::paging::{Page, decode_page};
use crate::query::{Literal, QueryOptions};
use crate::transport::RawResponse;

/// A bound or unbound operation call returning `T`.
///
/// Functions are GETs with parameter aliases, `path(a=@a,b=@b)?@a=1&@b='x'`, which keeps
/// literals out of the path segment. Actions are POSTs with a JSON object of parameters;
/// they are retried only when nothing reached the server or it asked via `Retry-After`.
#[must_use]
pub struct OperationRequest<T> {
    client: Client,
    path: String,
    kind: Kind,
    options: QueryOptions,
    custom: Vec<(String, String)>,
    /// First misuse or serialization failure, reported by the send methods.
    error: Option<Error>,
    _out: PhantomData<fn() -> T>,
}

enum Kind {
    Function { params: Vec<Param> },
    Action { body: Map<String, Value> },
}

impl<T> std::fmt::Debug for OperationRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.kind {
            Kind::Function { .. } => "function",
            Kind::Action { .. } => "action",
        };
        f.debug_struct("OperationRequest")
            .field("kind", &kind)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A function parameter passed through an alias.
struct Param {
    name: String,
    /// `@name`
    alias: String,
    literal: String,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct ValueWrapper<T> {
    value: T,
}

impl<T: DeserializeOwned> OperationRequest<T> {
    /// A function call; `path` ends with the qualified function name
    /// (`devices/NS.Recent` or `NS.TopDevices` for an unbound function import).
    pub fn function(client: Client, path: impl Into<String>) -> Self {
        Self::new(client, path.into(), Kind::Function { params: Vec::new() })
    }

    /// An action call; `path` ends with the qualified action name.
    pub fn action(client: Client, path: impl Into<String>) -> Self {
        Self::new(client, path.into(), Kind::Action { body: Map::new() })
    }

    fn new(client: Client, path: String, kind: Kind) -> Self {
        OperationRequest {
            client,
            path,
            kind,
            options: QueryOptions::default(),
            custom: Vec::new(),
            error: None,
            _out: PhantomData,
        }
    }

    /// An optional parameter (`Core.OptionalParameter`): `set` adds it when `value` is
    /// `Some`; when it is `None` the parameter is left out of the call, so the service applies
    /// its default.
    pub fn optional<V>(self, value: Option<V>, set: impl FnOnce(Self, V) -> Self) -> Self {
        match value {
            Some(v) => set(self, v),
            None => self,
        }
    }

    /// A function parameter, passed as the alias `@name`.
    pub fn param(mut self, name: &str, value: &dyn Literal) -> Self {
        match &mut self.kind {
            Kind::Function { params } => params.push(Param {
                name: name.to_owned(),
                alias: format!("@{name}"),
                literal: value.to_literal(),
            }),
            Kind::Action { .. } => self.fail(format!(
                "action parameter `{name}` must be set with body_param"
            )),
        }
        self
    }

    /// A function parameter of complex or collection type, passed as JSON in the alias
    /// `@name` (`@p={"a":1}`, `@q=["x","y"]`), as the OData URL conventions allow. Wrap EDM
    /// values that need OData's JSON form in [`Edm`](crate::edm::Edm).
    pub fn json_param(mut self, name: &str, value: impl Serialize) -> Self {
        match &mut self.kind {
            Kind::Function { params } => match serde_json::to_string(&value) {
                Ok(json) => params.push(Param {
                    name: name.to_owned(),
                    alias: format!("@{name}"),
                    literal: json,
                }),
                Err(e) => {
                    self.error.get_or_insert(Error::Serialize(e));
                }
            },
            Kind::Action { .. } => self.fail(format!(
                "action parameter `{name}` must be set with body_param"
            )),
        }
        self
    }

    /// An action parameter, a member of the JSON body. Wrap EDM values that need OData's
    /// JSON form in [`Edm`](crate::edm::Edm).
    pub fn body_param(mut self, name: &str, value: impl Serialize) -> Self {
        match &mut self.kind {
            Kind::Action { body } => match serde_json::to_value(value) {
                Ok(v) => {
                    body.insert(name.to_owned(), v);
                }
                Err(e) => {
                    self.error.get_or_insert(Error::Serialize(e));
                }
            },
            Kind::Function { .. } => self.fail(format!(
                "function parameter `{name}` must be set with param"
            )),
        }
        self
    }

    /// `$select` on the result.
    pub fn select<S: Into<String>>(mut self, props: impl IntoIterator<Item = S>) -> Self {
        self.options
            .select
            .extend(props.into_iter().map(Into::into));
        self
    }

    /// A custom query option; overrides a client default of the same name.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.push((name.into(), value.into()));
        self
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(Error::InvalidRequest(message));
    }

    /// The request URL.
    pub fn url(&self) -> Result<Url, Error> {
        let system = self.options.pairs()?;
        let mut pairs = all_pairs(&system, &self.custom);
        let Kind::Function { params } = &self.kind else {
            return self.client.url(&self.path, &pairs);
        };
        let mut path = format!("{}(", self.path);
        for (i, p) in params.iter().enumerate() {
            if i > 0 {
                path.push(',');
            }
            path.push_str(&p.name);
            path.push('=');
            path.push_str(&p.alias);
            pairs.push((p.alias.as_str(), p.literal.clone()));
        }
        path.push(')');
        self.client.url(&path, &pairs)
    }

    async fn execute(mut self) -> Result<RawResponse, Error> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let url = self.url()?;
        let spec = match &self.kind {
            Kind::Function { .. } => RequestSpec::get(url),
            Kind::Action { body } => RequestSpec {
                method: Method::POST,
                json_body: Some(serde_json::to_vec(body).map_err(Error::Serialize)?),
                idempotent: false,
                ..RequestSpec::get(url)
            },
        };
        self.client.execute(spec).await
    }

    /// Calls the operation and decodes the whole body as `T` (an entity or complex value).
    pub async fn send(self) -> Result<T, Error> {
        let resp = self.execute().await?;
        decode_json(&resp.url, &resp.body)
    }

    /// Calls the operation and decodes the `value` member as `T` (a collection such as
    /// `Vec<Device>`, or a primitive such as `Edm<i64>`).
    pub async fn send_value(self) -> Result<T, Error> {
        let resp = self.execute().await?;
        decode_json::<ValueWrapper<T>>(&resp.url, &resp.body).map(|w| w.value)
    }
}

impl<T: DeserializeOwned> OperationRequest<Vec<T>> {
    /// Calls an operation returning a collection and decodes the response as a [`Page`]:
    /// its items, count and next link, from which
    /// [`CollectionRequest::from_next_link`](crate::CollectionRequest::from_next_link)
    /// streams the rest.
    pub async fn send_page(self) -> Result<Page<T>, Error> {
        let client = self.client.clone();
        let resp = self.execute().await?;
        decode_page(&client, &resp.url, &resp.body)
    }
}

impl OperationRequest<()> {
    /// Calls an operation that returns nothing (204), ignoring any body.
    pub async fn send_no_content(self) -> Result<(), Error> {
        self.execute().await.map(drop)
    }
}
