//! Interop: the client generated from what a real server serves (`fixtures/interop/bookshop.xml`,
//! module `interop_bookshop`) against that server — SAP CAP serving `e2e/cap/bookshop/`, a
//! model the generator's own fixtures do not resemble, with a page size of 10 — over real HTTP
//! on 127.0.0.1 (`e2e/cap/bookshop/start.sh`, started and stopped by this test).
//!
//! Each scenario runs as its own task, so one failure reports every other scenario's outcome
//! too. What CAP does more kindly than other stacks is tested the stricter way as well:
//! CAP adds the key properties to every `$select`, ASP.NET OData (Intune, Microsoft Graph)
//! does not, so the `$select` scenarios go through [`strict`], a proxy that returns exactly
//! the selected properties.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use futures::TryStreamExt;
use odata_codegen_suite::interop_bookshop::{
    Client,
    models::{AuthorsNav, BooksField},
};
use odata_runtime::rust_decimal::Decimal;

#[path = "support/cap.rs"]
mod cap;

fn client(url: &str) -> Client {
    Client::new(
        odata_runtime::Client::builder(url)
            .bearer_token("interop")
            .build()
            .unwrap(),
    )
}

/// 2^53 + 1: the first integer a JSON double cannot carry.
const BEYOND_DOUBLE: i64 = 9_007_199_254_740_993;

type Scenario = Pin<Box<dyn Future<Output = ()> + Send>>;

#[test]
fn generated_client_against_a_cap_service_it_has_not_seen() {
    // The runtime installs its provider for its own clients; the proxy's needs one too.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = cap::CapServer::start("bookshop/start.sh", "bookshop/.work");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let served = odata_runtime::reqwest::Client::new()
            .get(format!("{}/$metadata", server.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let fixture = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/interop/bookshop.xml"),
        )
        .unwrap();
        assert!(
            served == fixture,
            "CAP serves another $metadata than fixtures/interop/bookshop.xml: refresh it (fixtures/interop/README.md)"
        );
        let strict = strict::start(server.url.clone()).await;
        let scenarios: Vec<(&str, Scenario)> = vec![
            ("paging a top-level set", Box::pin(top_level_paging(server.url.clone(), server.count("Books")))),
            ("paging a navigation collection", Box::pin(navigation_paging(server.url.clone(), server.count("authorOneBooks")))),
            ("paging a contained collection", Box::pin(contained_paging(server.url.clone(), server.counts["order"].as_str().unwrap().to_owned(), server.count("OrderItems")))),
            ("$expand, then the same navigation followed", Box::pin(expand_then_follow(server.url.clone()))),
            ("keys: Int32, Int64, UUID, String, composite", Box::pin(keys(server.url.clone(), server.counts["order"].as_str().unwrap().to_owned()))),
            ("a singleton", Box::pin(singleton(server.url.clone()))),
            ("Int64 and Decimal in an action body", Box::pin(exact_numbers(server.url.clone()))),
            ("optional parameters", Box::pin(optional_parameters(server.url.clone()))),
            ("bound operations", Box::pin(bound_operations(server.url.clone(), server.counts["order"].as_str().unwrap().to_owned()))),
            ("$select without keys on a server that adds none", Box::pin(select_without_keys(strict))),
        ];
        let mut failed = Vec::new();
        let total = scenarios.len();
        for (name, scenario) in scenarios {
            match tokio::spawn(scenario).await {
                Ok(()) => println!("ok: {name}"),
                // The task's panic message is already printed.
                Err(_) => {
                    println!("FAILED: {name}");
                    failed.push(name);
                }
            }
        }
        println!("{} passed, {} failed", total - failed.len(), failed.len());
        assert!(failed.is_empty(), "{failed:#?}");
    });
}

async fn top_level_paging(url: String, rows: usize) {
    let pages: Vec<_> = client(&url)
        .books()
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert!(pages.len() >= 8, "{} pages", pages.len());
    let ids: BTreeSet<i64> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|b| b.id))
        .collect();
    assert_eq!(ids.len(), rows, "every book once");
    // Int64 keys beyond a double's range arrive exactly.
    assert_eq!(ids.first(), Some(&BEYOND_DOUBLE));
}

async fn navigation_paging(url: String, rows: usize) {
    // CAP answers `Authors(1)/books` with `@odata.context: ../$metadata#Books` and a next link
    // relative to that context: resolving it against the request URL doubles the path.
    let books: Vec<_> = client(&url)
        .authors()
        .get(1)
        .books()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: BTreeSet<i64> = books.iter().map(|b| b.id).collect();
    assert_eq!((books.len(), ids.len()), (rows, rows));
    assert!(books.iter().all(|b| b.author_id == Some(1)));
    // A String key, through navigation: one book in four is poetry.
    let poetry: Vec<_> = client(&url)
        .genres()
        .get("poetry")
        .books()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(poetry.len(), 20);
}

async fn contained_paging(url: String, order: String, rows: usize) {
    let order = order.parse().unwrap();
    let items: Vec<_> = client(&url)
        .orders()
        .get(order)
        .items()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let positions: BTreeSet<i32> = items.iter().map(|i| i.pos).collect();
    assert_eq!(positions.len(), rows);
    assert!(items.len() >= rows);
}

async fn expand_then_follow(url: String) {
    let client = client(&url);
    let author = client
        .authors()
        .get(1)
        .expand([AuthorsNav::Books])
        .send()
        .await
        .unwrap();
    let expanded: BTreeSet<i64> = author.books.unwrap().iter().map(|b| b.id).collect();
    let followed: BTreeSet<i64> = client
        .authors()
        .get(author.id)
        .books()
        .list()
        .stream()
        .map_ok(|b| b.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(expanded, followed);
}

async fn keys(url: String, order: String) {
    let client = client(&url);
    assert_eq!(client.authors().get(7).send().await.unwrap().id, 7);
    let book = client.books().get(BEYOND_DOUBLE + 5).send().await.unwrap();
    assert_eq!(book.title.as_deref(), Some("Book 5"));
    let order = client
        .orders()
        .get(order.parse().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(order.customer, Some(i64::MAX));
    assert_eq!(
        client.genres().get("poetry").send().await.unwrap().code,
        "poetry"
    );
    // Composite key with a quote in its String part.
    let shelf = client.shelves().get("C'D", 2).send().await.unwrap();
    assert_eq!(shelf.label.as_deref(), Some("C'D-2"));
}

async fn singleton(url: String) {
    let shop = client(&url).shop().get().send().await.unwrap();
    assert_eq!(shop.name.as_deref(), Some("The Interop Bookshop"));
}

async fn exact_numbers(url: String) {
    let client = client(&url);
    let total: Decimal = "123456789012345678.1234567891".parse().unwrap();
    for customer in [BEYOND_DOUBLE, i64::MAX] {
        let echoed = client
            .echo(customer, total, Some("n".into()))
            .send()
            .await
            .unwrap();
        assert_eq!(echoed.customer, Some(customer), "Int64 in the body");
        assert_eq!(echoed.total, Some(total), "Decimal in the body");
    }
    // Stored and read back.
    let placed = client
        .place_order(i64::MAX, total, None)
        .send()
        .await
        .unwrap();
    let read = client.orders().get(placed.id).send().await.unwrap();
    assert_eq!(read.customer, Some(i64::MAX));
}

async fn optional_parameters(url: String) {
    let client = client(&url);
    // Left out, the parameter is not sent at all (the handler says so).
    let echoed = client.echo(1, Decimal::ONE, None).send().await.unwrap();
    assert_eq!(echoed.note.as_deref(), Some("omitted"));
    let echoed = client
        .echo(1, Decimal::ONE, Some("x".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.note.as_deref(), Some("x"));
    let low: Vec<_> = client.low_stock(Some(2), None).send_value().await.unwrap();
    assert!(!low.is_empty() && low.iter().all(|b| b.stock < Some(2)));
    let poetry: Vec<_> = client
        .low_stock(Some(2), Some("poetry"))
        .send_value()
        .await
        .unwrap();
    assert!(poetry.len() < low.len());
    assert!(
        poetry
            .iter()
            .all(|b| b.genre_code.as_deref() == Some("poetry"))
    );
}

async fn bound_operations(url: String, order: String) {
    let client = client(&url);
    let count = client
        .authors()
        .get(1)
        .book_count()
        .send_value()
        .await
        .unwrap();
    assert_eq!(count, 37);
    let item = client
        .orders()
        .get(order.parse().unwrap())
        .add_item(BEYOND_DOUBLE + 1, 3)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (item.book_id, item.quantity),
        (Some(BEYOND_DOUBLE + 1), Some(3))
    );
}

async fn select_without_keys(strict_url: String) {
    let client = client(&strict_url);
    let page = client
        .books()
        .list()
        .select([BooksField::Title])
        .top(3)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3);
    assert!(
        page.items
            .iter()
            .all(|b| b.title.is_some() && b.stock.is_none())
    );
    assert_eq!(page.items[0].id, BEYOND_DOUBLE);
    let book = client
        .books()
        .get(BEYOND_DOUBLE)
        .select([BooksField::Title])
        .send()
        .await
        .unwrap();
    assert_eq!(book.id, BEYOND_DOUBLE);
    let by_navigation: Vec<_> = client
        .authors()
        .get(1)
        .books()
        .list()
        .select([BooksField::Title])
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(by_navigation.len(), 37);
}

/// A proxy in front of the CAP server that returns exactly the properties a request's
/// `$select` names, as ASP.NET OData does (CAP adds the keys).
mod strict {
    use odata_runtime::url::Url;
    use serde_json::Value;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    /// Starts the proxy for the service at `upstream`; returns the proxy's service root.
    pub async fn start(upstream: String) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let root = Url::parse(&upstream).unwrap();
        let path = root.path().to_owned();
        tokio::spawn(async move {
            let http = odata_runtime::reqwest::Client::new();
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (http, root) = (http.clone(), root.clone());
                tokio::spawn(async move { serve(socket, &http, &root).await });
            }
        });
        format!("http://{addr}{path}")
    }

    /// One GET (the scenarios through this proxy only read), answered and closed.
    async fn serve(mut socket: TcpStream, http: &odata_runtime::reqwest::Client, root: &Url) {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                return;
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        let target = head.split(' ').nth(1).unwrap_or("/");
        let url = root.join(target).unwrap();
        let response = http.get(url.clone()).send().await.unwrap();
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap_or_default();
        let mut body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let selected: Option<Vec<String>> = url
            .query_pairs()
            .find(|(k, _)| k == "$select")
            .map(|(_, v)| v.split(',').map(str::to_owned).collect());
        if let Some(selected) = selected {
            keep_selected(&mut body, &selected);
        }
        let body = body.to_string();
        let reply = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = socket.write_all(reply.as_bytes()).await;
    }

    /// Drops every property but the selected ones and annotations, in the entity or in each
    /// entity of `value`.
    fn keep_selected(body: &mut Value, selected: &[String]) {
        let keep = |entity: &mut Value| {
            if let Value::Object(map) = entity {
                map.retain(|k, _| k.starts_with('@') || selected.iter().any(|s| s == k));
            }
        };
        match body.get_mut("value") {
            Some(Value::Array(items)) => items.iter_mut().for_each(keep),
            _ => keep(body),
        }
    }
}
