//! Collection pages and safe following of `@odata.nextLink`.

use std::collections::HashSet;
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
    /// The absolute URL of the next page (`@odata.nextLink`), if any; save it to resume
    /// with [`CollectionRequest::from_next_link`](crate::CollectionRequest::from_next_link).
    pub next_link: Option<Url>,
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
}

impl<T: DeserializeOwned> Page<T> {
    /// Decodes a collection response body (OData 4.0 or 4.01 JSON). A relative next link is
    /// resolved against `url`, the URL the body was fetched from (RFC 3986 §5).
    pub fn decode(url: &Url, body: &[u8]) -> Result<Self, Error> {
        let wire: WirePage<T> =
            serde_json::from_slice(body).map_err(|e| decode_error::<WirePage<T>>(url, body, &e))?;
        let next_link = wire
            .next_link
            .filter(|l| !l.is_empty())
            .map(|l| url.join(&l).map_err(|e| Error::invalid_url(l, e)))
            .transpose()?;
        Ok(Page {
            items: wire.value,
            count: wire.count.map(|c| c.0),
            next_link,
        })
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

/// State of a `pages()` stream: where to go next and where it has been.
pub(crate) struct Pager<T> {
    client: Client,
    next: Option<Url>,
    /// Error to yield after the page that caused it.
    pending: Option<Error>,
    seen: HashSet<String>,
    fetched: usize,
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
        let mut seen = HashSet::new();
        if let Some(u) = &next {
            seen.insert(u.as_str().to_owned());
        }
        Pager {
            client,
            next,
            pending,
            seen,
            fetched: 0,
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
            if !self.client.same_origin(link) {
                self.pending = Some(Error::CrossOriginNextLink {
                    from: url.to_string(),
                    to: link.to_string(),
                });
            } else if !self.seen.insert(link.as_str().to_owned()) {
                self.pending = Some(Error::NextLinkLoop(link.to_string()));
            } else {
                self.next = Some(link.clone());
            }
        }
        Some(Ok(page))
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
