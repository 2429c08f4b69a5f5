//! Following next links: order, completeness, resumption, loops and foreign origins.

use futures::{StreamExt, TryStreamExt};
use odata_runtime::{CollectionRequest, Error};

use super::*;

#[tokio::test]
async fn streams_twelve_pages_with_every_row_once() {
    let server = TestServer::start(paged(12, 50)).await;
    let client = client_for(&server).build().unwrap();
    let rows: Vec<Row> = CollectionRequest::new(client, "devices")
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<u32> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, (0..600).collect::<Vec<_>>());
    let reqs = server.requests();
    assert_eq!(reqs.len(), 12);
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r.path(), "/svc/devices");
        // api-version re-added to every next link, exactly once.
        let versions: Vec<_> = r
            .query()
            .into_iter()
            .filter(|(n, _)| n == "api-version")
            .collect();
        assert_eq!(
            versions,
            [("api-version".to_owned(), "v1.0".to_owned())],
            "request {i}"
        );
        if i > 0 {
            assert_eq!(r.query_value("$skiptoken"), Some(i.to_string()));
        }
    }
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = TestServer::start(paged(5, 2)).await;
    let client = client_for(&server).build().unwrap();
    let mut pages = Box::pin(CollectionRequest::<Row>::new(client, "devices").pages());
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 2);
    assert_eq!(server.requests().len(), 1, "no read-ahead");
    drop(pages);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn next_links_keep_existing_custom_options() {
    let server = TestServer::start(|req: &Recorded, _| {
        if req.query_value("$skiptoken").is_none() {
            page(
                0..2,
                Some("devices?$skiptoken=1&API-VERSION=v1.0&maxhistorydays=7"),
            )
        } else {
            page(2..3, None)
        }
    })
    .await;
    let client = client_for(&server)
        .query_param("maxhistorydays", "7")
        .build()
        .unwrap();
    let rows: Vec<Row> = CollectionRequest::new(client, "devices")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    let second = &server.requests()[1];
    assert_eq!(
        second.query(),
        [
            ("$skiptoken".to_owned(), "1".to_owned()),
            ("API-VERSION".to_owned(), "v1.0".to_owned()),
            ("maxhistorydays".to_owned(), "7".to_owned()),
        ]
    );
}

#[tokio::test]
async fn relative_next_link_resolves_against_the_request_url() {
    // CAP-style: service under a deep path, next link relative to the collection URL.
    let server = TestServer::start(|req: &Recorded, _| match req.query_value("$skiptoken") {
        None => page(0..1, Some("Devices?$skiptoken=abc")),
        Some(_) => page(1..2, Some("/odata/v4/svc/Devices?$skiptoken=abs")),
    })
    .await;
    let client = Client::builder(server.url("/odata/v4/svc/"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let mut pages = Box::pin(
        CollectionRequest::<Row>::new(client, "Devices")
            .max_pages(3)
            .pages(),
    );
    let p1 = pages.next().await.unwrap().unwrap();
    assert_eq!(
        p1.next_link.as_ref().unwrap().as_str(),
        server.url("/odata/v4/svc/Devices?$skiptoken=abc")
    );
    let _p2 = pages.next().await.unwrap().unwrap();
    let _p3 = pages.next().await.unwrap().unwrap();
    assert!(pages.next().await.is_none(), "max_pages stops the stream");
    let targets: Vec<_> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/odata/v4/svc/Devices",
            "/odata/v4/svc/Devices?$skiptoken=abc",
            "/odata/v4/svc/Devices?$skiptoken=abs",
        ]
    );
}

#[tokio::test]
async fn max_pages_then_resume_from_saved_next_link() {
    let server = TestServer::start(paged(7, 10)).await;
    let client = client_for(&server).build().unwrap();
    let pages: Vec<_> = CollectionRequest::<Row>::new(client.clone(), "devices")
        .max_pages(3)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let saved = pages[2]
        .next_link
        .clone()
        .expect("more pages remain")
        .to_string();
    assert!(saved.contains("api-version=v1.0"), "{saved}");
    let rest: Vec<Row> = CollectionRequest::from_next_link(client, saved)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let mut ids: Vec<u32> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|r| r.id))
        .collect();
    ids.extend(rest.iter().map(|r| r.id));
    assert_eq!(ids, (0..70).collect::<Vec<_>>());
    assert_eq!(server.requests().len(), 7);
}

#[tokio::test]
async fn looping_next_link_is_detected() {
    let server = TestServer::start(|req: &Recorded, _| match req.query_value("$skiptoken") {
        None => page(0..2, Some("devices?$skiptoken=1")),
        // Page 1 links to itself.
        Some(_) => page(2..4, Some("devices?$skiptoken=1&api-version=v1.0")),
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let results: Vec<_> = CollectionRequest::<Row>::new(client, "devices")
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let Err(Error::NextLinkLoop(url)) = &results[2] else {
        panic!("{:?}", results[2])
    };
    assert!(
        url.ends_with("/svc/devices?$skiptoken=1&api-version=v1.0"),
        "{url}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn link_back_to_the_first_page_is_a_loop() {
    let server =
        TestServer::start(|_: &Recorded, _| page(0..1, Some("devices?api-version=v1.0"))).await;
    let client = client_for(&server).build().unwrap();
    let results: Vec<_> = CollectionRequest::<Row>::new(client, "devices")
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(
        matches!(results[1], Err(Error::NextLinkLoop(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn cross_origin_next_link_is_never_requested() {
    let other = TestServer::start(|_: &Recorded, _| page(100..101, None)).await;
    let foreign = other.url("/svc/devices?$skiptoken=2");
    let link = foreign.clone();
    let server = TestServer::start(move |_: &Recorded, _| page(0..2, Some(&link))).await;
    let client = client_for(&server)
        .bearer_token("secret-token")
        .build()
        .unwrap();

    let results: Vec<_> = CollectionRequest::<Row>::new(client.clone(), "devices")
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().items.len(), 2);
    let Err(Error::CrossOriginNextLink { from, to }) = &results[1] else {
        panic!("{:?}", results[1])
    };
    assert_eq!(to, &foreign);
    assert!(from.starts_with(&server.url("/svc/devices")), "{from}");

    // Resuming at the foreign link is refused too.
    let e = CollectionRequest::<Row>::from_next_link(client.clone(), foreign.clone())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::CrossOriginNextLink { .. }), "{e:?}");
    // And so is any absolute URL off the origin.
    let e = client
        .get_json::<serde_json::Value>(&foreign)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidUrl { .. }), "{e:?}");

    assert!(
        other.requests().is_empty(),
        "the other origin saw a request"
    );
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer secret-token")
    );
}

#[tokio::test]
async fn inline_count_and_page_metadata() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::json(200, json!({"@odata.count": 1234, "value": [{"id": 1}], "@odata.nextLink": "devices?$skiptoken=x"}))
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let page = CollectionRequest::<Row>::new(client, "devices")
        .inline_count(true)
        .top(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.count, Some(1234));
    assert_eq!(
        page.next_link.unwrap().as_str(),
        server.url("/svc/devices?$skiptoken=x&api-version=v1.0")
    );
    let req = &server.requests()[0];
    assert_eq!(req.query_value("$count").as_deref(), Some("true"));
    assert_eq!(req.query_value("$top").as_deref(), Some("1"));
}

/// SAP CAP paging a navigation collection: the context URL is relative to the request
/// (`../$metadata#Books`) and the next link relative to the context URL. Resolved against
/// the request URL, the second page was `…/Authors(1)/Authors(1)/books` (404).
#[tokio::test]
async fn navigation_collection_pages_like_cap() {
    let server = TestServer::start(|req: &Recorded, _| {
        let n: u32 = match req.query_value("$skiptoken") {
            Some(t) => t.parse().unwrap(),
            None => 0,
        };
        let rows: Vec<_> = (n..n + 20).map(|id| json!({ "id": id })).collect();
        let next = match req.path() {
            "/odata/v4/cat/Authors(1)/books" if n == 0 => Some("Authors(1)/books?$skiptoken=20"),
            "/odata/v4/cat/Authors(1)/books" => Some("Books?$skiptoken=40"),
            "/odata/v4/cat/Books" if n == 40 => None,
            _ => {
                return Reply::json(
                    404,
                    json!({"error": {"code": "404", "message": "Not Found"}}),
                );
            }
        };
        let mut body = json!({ "@odata.context": "../$metadata#Books", "value": rows });
        if let Some(next) = next {
            body["@odata.nextLink"] = json!(next);
        }
        Reply::json(200, body)
    })
    .await;
    let client = Client::builder(server.url("/odata/v4/cat/"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let rows: Vec<Row> = CollectionRequest::new(client, "Authors(1)/books")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 60);
    let targets: Vec<_> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/odata/v4/cat/Authors(1)/books",
            "/odata/v4/cat/Authors(1)/books?$skiptoken=20",
            "/odata/v4/cat/Books?$skiptoken=40",
        ]
    );
}

/// A server that mints a fresh skiptoken for every empty page is not followed for ever.
#[tokio::test]
async fn endless_empty_pages_stop_with_an_error() {
    let server = TestServer::start(|_: &Recorded, seq| {
        page(0..0, Some(&format!("devices?$skiptoken={seq}")))
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let results: Vec<_> = CollectionRequest::<Row>::new(client, "devices")
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 6, "{results:?}");
    assert!(results[..5].iter().all(Result::is_ok));
    let Err(e @ Error::EmptyPages { count: 5, .. }) = &results[5] else {
        panic!("{:?}", results[5])
    };
    assert!(e.to_string().contains("paging stopped"), "{e}");
    assert_eq!(server.requests().len(), 5);
}

/// Empty pages between full ones are fine: only a run of them stops paging.
#[tokio::test]
async fn some_empty_pages_in_between_are_followed() {
    let server = TestServer::start(|req: &Recorded, _| {
        let n: u32 = req
            .query_value("$skiptoken")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let next = format!("devices?$skiptoken={}", n + 1);
        // Every page but each fifth is empty; 20 pages in all.
        let rows = if n % 5 == 4 { n..n + 1 } else { 0..0 };
        page(rows, (n < 19).then_some(next.as_str()))
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let rows: Vec<Row> = CollectionRequest::new(client, "devices")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        [4, 9, 14, 19]
    );
}

/// The same link spelled differently (encoded `$`, options reordered) is still a loop.
#[tokio::test]
async fn loop_detection_compares_normalised_links() {
    let server = TestServer::start(|req: &Recorded, _| match req.query_value("$skiptoken") {
        None => page(0..2, Some("devices?$skiptoken=1&api-version=v1.0")),
        Some(_) => page(2..4, Some("devices?api-version=v1.0&%24skiptoken=1")),
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let results: Vec<_> = CollectionRequest::<Row>::new(client, "devices")
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(
        matches!(results[2], Err(Error::NextLinkLoop(_))),
        "{:?}",
        results[2]
    );
    assert_eq!(server.requests().len(), 2);
}

/// A job that checkpoints: rows and the next link after each page; after `max_pages`, a new
/// request built the usual way and `resume_from` the saved link reads exactly the rest.
#[tokio::test]
async fn resume_from_a_checkpoint_reads_exactly_the_remaining_rows() {
    use odata_runtime::PagedItem;
    let server = TestServer::start(paged(6, 10)).await;
    let client = client_for(&server).build().unwrap();
    let items: Vec<PagedItem<Row>> = CollectionRequest::new(client.clone(), "devices")
        .max_pages(2)
        .stream_with_checkpoints()
        .try_collect()
        .await
        .unwrap();
    let mut ids = Vec::new();
    let mut checkpoints = Vec::new();
    for item in items {
        match item {
            PagedItem::Entity(r) => ids.push(r.id),
            PagedItem::EndOfPage { next_link } => checkpoints.push((ids.len(), next_link)),
        }
    }
    assert_eq!(ids, (0..20).collect::<Vec<_>>());
    assert_eq!(checkpoints.len(), 2, "one checkpoint after each page");
    assert_eq!(checkpoints[0].0, 10);
    let saved = checkpoints[1]
        .1
        .clone()
        .expect("more pages remain")
        .to_string();

    let rest: Vec<Row> = CollectionRequest::new(client, "devices")
        .top(3) // ignored: the saved link carries the first request's options
        .resume_from(saved)
        .stream()
        .try_collect()
        .await
        .unwrap();
    ids.extend(rest.iter().map(|r| r.id));
    assert_eq!(ids, (0..60).collect::<Vec<_>>(), "every row once");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 6);
    assert_eq!(reqs[2].query_value("$skiptoken").as_deref(), Some("2"));
    assert_eq!(reqs[2].query_value("$top"), None);
    assert_eq!(reqs[2].query_value("api-version").as_deref(), Some("v1.0"));
}

/// The last page's checkpoint is `None`: the collection is complete.
#[tokio::test]
async fn the_last_checkpoint_says_complete() {
    use odata_runtime::PagedItem;
    let server = TestServer::start(paged(2, 3)).await;
    let client = client_for(&server).build().unwrap();
    let items: Vec<PagedItem<Row>> = CollectionRequest::new(client, "devices")
        .stream_with_checkpoints()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 8);
    assert!(matches!(
        items[3],
        PagedItem::EndOfPage { next_link: Some(_) }
    ));
    assert_eq!(items[7], PagedItem::EndOfPage { next_link: None });
}

/// A saved link is input: off the origin, or outside the service root on the same origin,
/// it is refused with a message naming it, and nothing is requested (no token leaves).
#[tokio::test]
async fn resume_from_a_foreign_or_outside_link_is_refused() {
    let other = TestServer::start(|_: &Recorded, _| page(100..101, None)).await;
    let server = TestServer::start(paged(3, 2)).await;
    let client = client_for(&server)
        .bearer_token("secret-token")
        .build()
        .unwrap();
    let foreign = other.url("/svc/devices?$skiptoken=1");
    let e = CollectionRequest::<Row>::new(client.clone(), "devices")
        .resume_from(foreign.as_str())
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::CrossOriginNextLink { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains(&foreign) && text.contains("leaves the service's origin"),
        "{text}"
    );
    assert!(!text.contains("secret-token"));

    for outside in [
        server.url("/admin/keys?$skiptoken=1"),
        server.url("/svcx/devices?$skiptoken=1"),
        server.url("/svc/../admin?$skiptoken=1"),
        server.url("/svc/%2e%2e/admin?$skiptoken=1"),
    ] {
        let e = CollectionRequest::<Row>::new(client.clone(), "devices")
            .resume_from(outside.as_str())
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::NextLinkOutsideService { .. }),
            "{outside}: {e:?}"
        );
        assert!(e.to_string().contains("not under the service root"), "{e}");
    }
    assert!(
        other.requests().is_empty(),
        "the other origin saw a request"
    );
    assert!(server.requests().is_empty(), "nothing was requested");
}

/// A server-sent next link outside the service root (same origin) is not followed either.
#[tokio::test]
async fn server_next_link_outside_the_root_is_not_followed() {
    let server =
        TestServer::start(|_: &Recorded, _| page(0..2, Some("/admin/devices?$skiptoken=1"))).await;
    let client = client_for(&server).build().unwrap();
    let results: Vec<_> = CollectionRequest::<Row>::new(client, "devices")
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(
        matches!(results[1], Err(Error::NextLinkOutsideService { .. })),
        "{:?}",
        results[1]
    );
    assert_eq!(server.requests().len(), 1);
}

/// Resuming keeps the loop rule: a saved link whose page links back to it is a loop.
#[tokio::test]
async fn resume_from_keeps_the_loop_rule() {
    let server = TestServer::start(|_: &Recorded, _| {
        page(0..1, Some("devices?$skiptoken=7&api-version=v1.0"))
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let saved = server.url("/svc/devices?$skiptoken=7&api-version=v1.0");
    let results: Vec<_> = CollectionRequest::<Row>::new(client, "devices")
        .resume_from(saved)
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(
        matches!(results[1], Err(Error::NextLinkLoop(_))),
        "{:?}",
        results[1]
    );
    assert_eq!(server.requests().len(), 1);
}
