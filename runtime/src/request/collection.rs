//! Requests for entity collections, with lazy paging.

use std::marker::PhantomData;

use futures::{Stream, TryStreamExt, stream};
use serde::de::DeserializeOwned;
use url::Url;

use super::all_pairs;
use crate::client::{Accept, Client, RequestSpec};
use crate::error::Error;
use crate::paging::{Page, PagedItem, Pager, fetch_page};
use crate::query::{Expand, FilterExpr, Literal, Order, QueryOptions, key_path};
use crate::request::{Addressed, EntityRequest, OperationRequest, append_segment};

/// A GET of an entity collection (`devices`, `people('x')/Friends`).
///
/// Build it by value (`.filter(…).top(10)`), then [`send`](Self::send) for one page,
/// [`pages`](Self::pages) or [`stream`](Self::stream) to follow next links lazily, or
/// [`count`](Self::count).
#[must_use]
pub struct CollectionRequest<T> {
    client: Client,
    target: Target,
    options: QueryOptions,
    custom: Vec<(String, String)>,
    max_pages: Option<usize>,
    _item: PhantomData<fn() -> T>,
}

#[derive(Debug, Clone)]
enum Target {
    Path(String),
    NextLink(String),
}

impl<T> Clone for CollectionRequest<T> {
    fn clone(&self) -> Self {
        CollectionRequest {
            client: self.client.clone(),
            target: self.target.clone(),
            options: self.options.clone(),
            custom: self.custom.clone(),
            max_pages: self.max_pages,
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for CollectionRequest<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CollectionRequest")
            .field("target", &self.target)
            .field("options", &self.options)
            .field("custom", &self.custom)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

// Addressing needs nothing of `T`: kept out of the bounded impl below, a generated client's
// call through a request whose `T` is a large `…Any` enum does not prove `T: Send` again
// (on Microsoft Graph that proof, redone for each of the 870 cast and navigation methods of
// `entity`'s requests, was a third of the type-checking time).
impl<T> CollectionRequest<T> {
    /// The collection path (or the next link this request resumes at).
    pub fn path(&self) -> &str {
        match &self.target {
            Target::Path(p) | Target::NextLink(p) => p,
        }
    }

    /// The client this request uses.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// One entity of the collection by its key: `{path}(key)` (see [`key_path`]).
    pub fn by_key(&self, key: &[(&str, &dyn Literal)]) -> EntityRequest<T> {
        EntityRequest::new(self.client.clone(), key_path(self.path(), key))
    }

    /// The typed request of a generated client at `{path}/{segment}`: a type cast
    /// (`NS.Derived`, the members of that type only) as the derived type's `Collection`.
    /// Query options of this request are not carried over.
    pub fn segment<R: Addressed>(&self, segment: &str) -> R {
        R::at(self.client.clone(), append_segment(self.path(), segment))
    }

    /// A type cast: the members of derived type `qualified` only (`{path}/NS.Derived`); query
    /// options are not carried over.
    pub fn cast<U: DeserializeOwned + Send + 'static>(
        &self,
        qualified: &str,
    ) -> CollectionRequest<U> {
        CollectionRequest::new(self.client.clone(), append_segment(self.path(), qualified))
    }

    /// A function bound to the collection: `{path}/{name}`, `name` namespace-qualified.
    pub fn function<R: DeserializeOwned>(&self, name: &str) -> OperationRequest<R> {
        OperationRequest::function(self.client.clone(), append_segment(self.path(), name))
    }

    /// An action bound to the collection: `{path}/{name}`, `name` namespace-qualified.
    pub fn action<R: DeserializeOwned>(&self, name: &str) -> OperationRequest<R> {
        OperationRequest::action(self.client.clone(), append_segment(self.path(), name))
    }
}

impl<T: DeserializeOwned + Send + 'static> CollectionRequest<T> {
    /// A request for the collection at `path`, relative to the service root.
    pub fn new(client: Client, path: impl Into<String>) -> Self {
        Self::with_target(client, Target::Path(path.into()))
    }

    /// Resumes paging at a saved next link ([`Page::next_link`]); see
    /// [`resume_from`](Self::resume_from).
    pub fn from_next_link(client: Client, next_link: impl Into<String>) -> Self {
        Self::with_target(client, Target::NextLink(next_link.into()))
    }

    /// Continues where a previous run stopped: the first request goes to `next_link`, the
    /// [`Page::next_link`] of the last page that run stored (say, read back from a state
    /// file). Query options set on this request are not sent (the link carries them), except
    /// the client's defaults, which are added if missing; [`max_pages`](Self::max_pages)
    /// still applies.
    ///
    /// A saved link is input like any other, so it is checked exactly as a next link sent by
    /// the server: off the service's origin it fails with [`Error::CrossOriginNextLink`],
    /// outside the service root with [`Error::NextLinkOutsideService`] — in both cases
    /// without being requested, so no credential is sent — and the loop and empty-page
    /// rules of [`pages`](Self::pages) apply from there on.
    pub fn resume_from(mut self, next_link: impl Into<String>) -> Self {
        self.target = Target::NextLink(next_link.into());
        self
    }

    fn with_target(client: Client, target: Target) -> Self {
        CollectionRequest {
            client,
            target,
            options: QueryOptions::default(),
            custom: Vec::new(),
            max_pages: None,
            _item: PhantomData,
        }
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

    /// `$filter`; several calls are joined with `and`.
    pub fn filter(mut self, filter: FilterExpr) -> Self {
        self.options.add_filter(filter);
        self
    }

    /// Adds an `$orderby` item (`true`/[`Order::Desc`] for descending).
    pub fn order_by(mut self, prop: impl Into<String>, order: impl Into<Order>) -> Self {
        self.options.order_by.push((prop.into(), order.into()));
        self
    }

    /// `$top`.
    pub fn top(mut self, n: u64) -> Self {
        self.options.top = Some(n);
        self
    }

    /// `$skip`.
    pub fn skip(mut self, n: u64) -> Self {
        self.options.skip = Some(n);
        self
    }

    /// `$count=true`: ask for the total in [`Page::count`].
    pub fn inline_count(mut self, yes: bool) -> Self {
        self.options.count = Some(yes);
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

    /// `$search`.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.options.search = Some(text.into());
        self
    }

    /// A custom query option (e.g. `maxhistorydays`); overrides a client default of the
    /// same name.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.custom.push((name.into(), value.into()));
        self
    }

    /// Stop [`pages`](Self::pages)/[`stream`](Self::stream) after this many pages; the last
    /// page's `next_link` tells where to resume.
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = Some(n);
        self
    }

    /// The URL of the first request.
    pub fn url(&self) -> Result<Url, Error> {
        match &self.target {
            Target::Path(p) => {
                let system = self.options.pairs()?;
                self.client.url(p, &all_pairs(&system, &self.custom))
            }
            Target::NextLink(link) => {
                let url = self.client.url(link, &[])?;
                self.client.check_next_link("a saved next link", &url)?;
                Ok(url)
            }
        }
    }

    /// Fetches the first page only.
    pub async fn send(self) -> Result<Page<T>, Error> {
        fetch_page(&self.client, self.url()?).await
    }

    /// All pages, fetched one at a time as the stream is polled. Ends after an error, at
    /// the last page, or after [`max_pages`](Self::max_pages). A next link that leaves the
    /// service's origin or repeats yields an error after the page that carried it.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        let pager = Pager::<T>::new(self.client.clone(), self.url(), self.max_pages);
        stream::unfold(pager, |mut pager| async move {
            let item = pager.next_page().await?;
            Some((item, pager))
        })
    }

    /// All entities of all pages, in order; holds one page in memory at a time.
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Every entity, in order, each page followed by a [`PagedItem::EndOfPage`] that carries
    /// its next link: what a job that checkpoints needs. Store the entities, then save the
    /// link (`None`: the collection is complete); after an interruption,
    /// [`resume_from`](Self::resume_from) the saved link reads exactly the rows not yet
    /// stored. Ends like [`pages`](Self::pages).
    pub fn stream_with_checkpoints(
        self,
    ) -> impl Stream<Item = Result<PagedItem<T>, Error>> + Send + 'static {
        self.pages()
            .map_ok(|page| {
                let end = PagedItem::EndOfPage {
                    next_link: page.next_link,
                };
                let items = page.items.into_iter().map(PagedItem::Entity);
                stream::iter(items.chain(std::iter::once(end)).map(Ok))
            })
            .try_flatten()
    }

    /// The number of matching entities: `GET {path}/$count` with this request's `$filter`
    /// and `$search`.
    pub async fn count(self) -> Result<u64, Error> {
        let Target::Path(path) = &self.target else {
            return Err(Error::InvalidRequest(
                "count() needs a collection path, not a next link".into(),
            ));
        };
        let counted = QueryOptions {
            filter: self.options.filter.clone(),
            search: self.options.search.clone(),
            ..QueryOptions::default()
        };
        let system = counted.pairs()?;
        let path = format!("{}/$count", path.trim_end_matches('/'));
        let url = self.client.url(&path, &all_pairs(&system, &self.custom))?;
        let resp = self
            .client
            .execute(RequestSpec {
                accept: Accept::Text,
                ..RequestSpec::get(url)
            })
            .await?;
        let text = String::from_utf8_lossy(&resp.body);
        let text = text.trim_start_matches('\u{feff}').trim();
        text.parse().map_err(|_| Error::Decode {
            url: resp.url.to_string(),
            path: ".".into(),
            message: "expected a non-negative integer".into(),
            snippet: text.chars().take(80).collect(),
        })
    }
}
