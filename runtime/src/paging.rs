//! Collection pages and safe following of `@odata.nextLink`.

use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::client::{Client, RequestSpec, decode_error};
use crate::edm::Edm;
use crate::error::Error;

/// One page of a collection response.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The entities of this page (`value`).
    pub items: Vec<T>,
    /// The total count (`@odata.count`), when `$count=true` was requested.
    pub count: Option<u64>,
    /// The absolute URL of the next page (`@odata.nextLink`), if any: `None` on the last
    /// page. Save it after the page's rows are stored to resume later with
    /// [`CollectionRequest::resume_from`](crate::CollectionRequest::resume_from) (it is
    /// checked again there, like any next link).
    pub next_link: Option<Url>,
}

/// An item of [`CollectionRequest::stream_with_checkpoints`](crate::CollectionRequest::stream_with_checkpoints).
#[derive(Debug, Clone, PartialEq)]
pub enum PagedItem<T> {
    /// An entity, in collection order.
    Entity(T),
    /// The end of a page, after its entities: where the next page is (`None` after the
    /// last page), the checkpoint to save once the page's entities are stored.
    EndOfPage {
        /// The page's [`Page::next_link`].
        next_link: Option<Url>,
    },
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct WirePage<T> {
    value: Vec<T>,
    #[serde(
        rename = "@odata.count",
        alias = "@count",
        alias = "odata.count",
        default
    )]
    count: Option<Edm<u64>>,
    #[serde(
        rename = "@odata.nextLink",
        alias = "@nextLink",
        alias = "odata.nextLink",
        default
    )]
    next_link: Option<String>,
    #[serde(rename = "@odata.context", alias = "@context", default)]
    context: Option<String>,
}

impl<T: DeserializeOwned> Page<T> {
    /// Decodes a collection response body (OData 4.0 or 4.01 JSON) fetched from `url`.
    ///
    /// A relative next link is resolved against the context URL (`@odata.context`), which
    /// may itself be relative to `url`, as the OData JSON format's "Relative URLs" rules say;
    /// without a context URL, against `url` (RFC 3986 §5). SAP CAP answers
    /// `…/Authors(1)/books` with the context `../$metadata#Books` and a next link relative
    /// to the service root, which resolving against `url` would nest under `Authors(1)/`.
    pub fn decode(url: &Url, body: &[u8]) -> Result<Self, Error> {
        let wire: WirePage<T> =
            serde_json::from_slice(body).map_err(|e| decode_error::<WirePage<T>>(url, body, &e))?;
        let next_link = match wire.next_link.filter(|l| !l.is_empty()) {
            Some(link) => {
                let base = base_url(url, wire.context.as_deref())?;
                Some(base.join(&link).map_err(|e| Error::invalid_url(link, e))?)
            }
            None => None,
        };
        Ok(Page {
            items: wire.value,
            count: wire.count.map(|c| c.0),
            next_link,
        })
    }
}

/// The base of relative URLs in a payload fetched from `request`: its context URL, resolved
/// against `request`, or `request` itself when there is none.
fn base_url(request: &Url, context: Option<&str>) -> Result<Url, Error> {
    match context.filter(|c| !c.is_empty()) {
        Some(c) => request.join(c).map_err(|e| Error::invalid_url(c, e)),
        None => Ok(request.clone()),
    }
}

/// Fetches a page and completes a same-origin next link with the client's default query
/// options (a foreign link is left as sent, to be reported).
pub(crate) async fn fetch_page<T: DeserializeOwned>(
    client: &Client,
    url: Url,
) -> Result<Page<T>, Error> {
    let resp = client.execute(RequestSpec::get(url)).await?;
    decode_page(client, &resp.url, &resp.body)
}

/// Decodes a collection response fetched from `url` and completes a same-origin next link
/// with the client's default query options (a foreign link is left as sent, to be reported).
pub(crate) fn decode_page<T: DeserializeOwned>(
    client: &Client,
    url: &Url,
    body: &[u8],
) -> Result<Page<T>, Error> {
    let mut page = Page::<T>::decode(url, body)?;
    page.next_link = page.next_link.map(|l| {
        if client.same_origin(&l) {
            client.complete_next_link(l)
        } else {
            l
        }
    });
    Ok(page)
}

/// Consecutive empty pages with a fresh next link after which paging stops: a server that
/// mints a new skiptoken for every empty page would otherwise be followed for ever.
pub(crate) const MAX_EMPTY_PAGES: usize = 5;

/// Links remembered for loop detection; the oldest are forgotten beyond this, so memory
/// stays bounded (about 8 bytes per link) however long a stream runs.
const MAX_SEEN_LINKS: usize = 100_000;

/// The links a stream has followed, as hashes of their normalised form.
struct SeenLinks {
    set: HashSet<u64>,
    order: VecDeque<u64>,
}

impl SeenLinks {
    fn new() -> Self {
        SeenLinks {
            set: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Records `url`; false when it was seen before.
    fn insert(&mut self, url: &Url) -> bool {
        let key = normalised_hash(url);
        if !self.set.insert(key) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > MAX_SEEN_LINKS
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        true
    }
}

/// Hash of a link's normalised form: origin, percent-decoded path, and percent-decoded query
/// options in name order, so that `%24skiptoken=a&x=1` and `x=1&$skiptoken=a` are one link.
fn normalised_hash(url: &Url) -> u64 {
    use percent_encoding::percent_decode_str;
    let decode = |s: &str| percent_decode_str(s).collect::<Vec<u8>>();
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(n), decode(v))
        })
        .collect();
    pairs.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    url.origin().ascii_serialization().hash(&mut h);
    decode(url.path()).hash(&mut h);
    pairs.hash(&mut h);
    h.finish()
}

/// State of a `pages()` stream: where to go next and where it has been.
pub(crate) struct Pager<T> {
    client: Client,
    next: Option<Url>,
    /// Error to yield after the page that caused it.
    pending: Option<Error>,
    seen: SeenLinks,
    fetched: usize,
    /// Empty pages in a row that linked to a next page.
    empty_run: usize,
    max_pages: Option<usize>,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pager<T> {
    /// A pager starting at `first` (already checked to be on the service's origin) or
    /// yielding `first`'s error.
    pub(crate) fn new(client: Client, first: Result<Url, Error>, max_pages: Option<usize>) -> Self {
        let (next, pending) = match first {
            Ok(u) => (Some(u), None),
            Err(e) => (None, Some(e)),
        };
        let mut seen = SeenLinks::new();
        if let Some(u) = &next {
            seen.insert(u);
        }
        Pager {
            client,
            next,
            pending,
            seen,
            fetched: 0,
            empty_run: 0,
            max_pages,
            _item: PhantomData,
        }
    }

    /// The next page, or `None` at the end, after `max_pages`, or after an error.
    pub(crate) async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        if self.max_pages.is_some_and(|m| self.fetched >= m) {
            return None;
        }
        if let Some(e) = self.pending.take() {
            self.next = None;
            return Some(Err(e));
        }
        let url = self.next.take()?;
        let page = match fetch_page::<T>(&self.client, url.clone()).await {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        self.fetched += 1;
        if let Some(link) = &page.next_link {
            self.follow(&url, link, page.items.is_empty());
        }
        Some(Ok(page))
    }

    /// Decides whether `link`, found on the page from `from`, is followed.
    fn follow(&mut self, from: &Url, link: &Url, empty: bool) {
        self.empty_run = if empty { self.empty_run + 1 } else { 0 };
        if let Err(e) = self.client.check_next_link(from.as_str(), link) {
            self.pending = Some(e);
        } else if !self.seen.insert(link) {
            self.pending = Some(Error::NextLinkLoop(link.to_string()));
        } else if self.empty_run >= MAX_EMPTY_PAGES {
            self.pending = Some(Error::EmptyPages {
                count: self.empty_run,
                url: from.to_string(),
            });
        } else {
            self.next = Some(link.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Row {
        id: i32,
    }

    fn base() -> Url {
        Url::parse("https://h/odata/v4/svc/devices?$top=2").unwrap()
    }

    #[test]
    fn decodes_40_and_401_annotations() {
        let p: Page<Row> = Page::decode(
            &base(),
            br#"{"@odata.context":"x","@odata.count":"10","value":[{"id":1},{"id":2}],
                "@odata.nextLink":"https://h/odata/v4/svc/devices?$skiptoken=2"}"#,
        )
        .unwrap();
        assert_eq!(p.items, [Row { id: 1 }, Row { id: 2 }]);
        assert_eq!(p.count, Some(10));
        assert_eq!(
            p.next_link.unwrap().as_str(),
            "https://h/odata/v4/svc/devices?$skiptoken=2"
        );
        let p: Page<Row> = Page::decode(
            &base(),
            br#"{"@count":3,"value":[],"@nextLink":"devices?$skiptoken=3"}"#,
        )
        .unwrap();
        assert_eq!(p.count, Some(3));
        assert_eq!(
            p.next_link.unwrap().as_str(),
            "https://h/odata/v4/svc/devices?$skiptoken=3"
        );
    }

    #[test]
    fn relative_links_follow_rfc3986() {
        let cases = [
            (
                "devices?$skiptoken=a",
                "https://h/odata/v4/svc/devices?$skiptoken=a",
            ),
            ("/other/x?y", "https://h/other/x?y"),
            ("../../v2/svc/devices", "https://h/odata/v2/svc/devices"),
            ("../x", "https://h/odata/v4/x"),
            ("?$skip=4", "https://h/odata/v4/svc/devices?$skip=4"),
            ("//evil.example/x", "https://evil.example/x"),
        ];
        for (link, want) in cases {
            let body = format!(r#"{{"value":[],"@odata.nextLink":"{link}"}}"#);
            let p: Page<Row> = Page::decode(&base(), body.as_bytes()).unwrap();
            assert_eq!(p.next_link.unwrap().as_str(), want, "{link}");
        }
    }

    /// OData JSON format, "Relative URLs": relative to the context URL, which is relative
    /// to the request URL (SAP CAP paging a navigation collection).
    #[test]
    fn relative_links_resolve_against_the_context_url() {
        let request = Url::parse("https://h/odata/v4/cat/Authors(1)/books").unwrap();
        let cases = [
            (
                "../$metadata#Books",
                "Books?$skiptoken=20",
                "https://h/odata/v4/cat/Books?$skiptoken=20",
            ),
            (
                "../$metadata#Books",
                "Authors(1)/books?$skiptoken=20",
                "https://h/odata/v4/cat/Authors(1)/books?$skiptoken=20",
            ),
            (
                "https://h/odata/v4/cat/$metadata#Books",
                "Books?$skiptoken=2",
                "https://h/odata/v4/cat/Books?$skiptoken=2",
            ),
            (
                "",
                "books?$skiptoken=3",
                "https://h/odata/v4/cat/Authors(1)/books?$skiptoken=3",
            ),
        ];
        for (context, link, want) in cases {
            let body = format!(
                r#"{{"@odata.context":"{context}","value":[],"@odata.nextLink":"{link}"}}"#
            );
            let p: Page<Row> = Page::decode(&request, body.as_bytes()).unwrap();
            assert_eq!(p.next_link.unwrap().as_str(), want, "{context} + {link}");
        }
        let body =
            r#"{"@context":"../$metadata#Books","value":[],"@nextLink":"Books?$skiptoken=4"}"#;
        let p: Page<Row> = Page::decode(&request, body.as_bytes()).unwrap();
        assert_eq!(
            p.next_link.unwrap().as_str(),
            "https://h/odata/v4/cat/Books?$skiptoken=4"
        );
    }

    #[test]
    fn normalised_links_compare_equal() {
        let a = Url::parse("https://H:443/svc/devices?%24skiptoken=a&x=1").unwrap();
        let b = Url::parse("https://h/svc/devices?x=1&$skiptoken=a").unwrap();
        let c = Url::parse("https://h/svc/devices?x=1&$skiptoken=b").unwrap();
        assert_eq!(normalised_hash(&a), normalised_hash(&b));
        assert_ne!(normalised_hash(&a), normalised_hash(&c));
        let mut seen = SeenLinks::new();
        for i in 0..MAX_SEEN_LINKS + 10 {
            assert!(seen.insert(&Url::parse(&format!("https://h/s?t={i}")).unwrap()));
        }
        assert_eq!(seen.set.len(), MAX_SEEN_LINKS);
        assert_eq!(seen.order.len(), MAX_SEEN_LINKS);
    }

    #[test]
    fn bad_bodies_are_errors_with_paths() {
        let e = Page::<Row>::decode(&base(), br#"{"value":[{"id":1},{"id":"x"}]}"#).unwrap_err();
        let Error::Decode { path, snippet, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(path, "value[1].id");
        assert!(snippet.contains(r#""id":"x""#), "{snippet}");
        let e = Page::<Row>::decode(&base(), br#"{"value":[{"id":1},{"i"#).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
        let e = Page::<Row>::decode(&base(), br#"{"values":[]}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `value`"), "{e}");
        let e = Page::<Row>::decode(&base(), b"").unwrap_err();
        assert!(matches!(e, Error::Decode { .. }));
        let e = Page::<Row>::decode(&base(), br#"{"value":[],"@odata.nextLink":"http://[::1"}"#)
            .unwrap_err();
        assert!(matches!(e, Error::InvalidUrl { .. }), "{e:?}");
    }
}
