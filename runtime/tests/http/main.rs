//! End-to-end tests of the runtime against a scripted local HTTP server.

mod auth;
mod errors;
mod faults;
mod generated;
#[cfg(feature = "tracing")]
mod observability;
mod paging;
mod requests;
mod safety;
mod server;

use std::time::Duration;

use odata_runtime::{Client, ClientBuilder, RetryPolicy};
use serde::Deserialize;
use serde_json::json;

use server::{Recorded, Reply, TestServer};

/// An entity of the test collections.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Row {
    pub id: u32,
}

/// Retries with short backoff so fault tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(20))
        .max_delay(Duration::from_secs(5))
}

/// A client for `/svc` on `server` with `api-version=v1.0`.
pub fn client_for(server: &TestServer) -> ClientBuilder {
    Client::builder(server.url("/svc"))
        .query_param("api-version", "v1.0")
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(10))
}

/// A page of rows `ids` with an optional next link.
pub fn page(ids: std::ops::Range<u32>, next: Option<&str>) -> Reply {
    let rows: Vec<_> = ids.map(|id| json!({ "id": id })).collect();
    let mut body = json!({ "@odata.context": "$metadata#devices", "value": rows });
    if let Some(n) = next {
        body["@odata.nextLink"] = json!(n);
    }
    Reply::json(200, body)
}

/// Serves `pages` pages of `per_page` rows, linking them by a relative `$skiptoken` link
/// without `api-version`, as services that drop custom options do.
pub fn paged(pages: u32, per_page: u32) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync {
    move |req, _| {
        let n: u32 = req
            .query_value("$skiptoken")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let next = format!("devices?$skiptoken={}", n + 1);
        page(
            n * per_page..(n + 1) * per_page,
            (n + 1 < pages).then_some(next.as_str()),
        )
    }
}
