//! Throttling, transient failures, broken bodies and slow servers.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use odata_runtime::{CollectionRequest, Error, OperationRequest, RetryPolicy};

use super::*;

/// Serves `paged(pages, per_page)` but answers the first request for page `fail_page`
/// with `failure`.
fn failing_once(
    pages: u32,
    per_page: u32,
    fail_page: u32,
    failure: Reply,
) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync {
    let ok = paged(pages, per_page);
    let failed = Arc::new(AtomicUsize::new(0));
    move |req, seq| {
        let n: u32 = req
            .query_value("$skiptoken")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        if n == fail_page && failed.fetch_add(1, Ordering::SeqCst) == 0 {
            failure.clone()
        } else {
            ok(req, seq)
        }
    }
}

#[tokio::test]
async fn throttled_page_is_retried_after_retry_after_without_losing_rows() {
    let throttle = Reply::json(
        429,
        json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
    )
    .with_header("retry-after", "1");
    let server = TestServer::start(failing_once(4, 25, 2, throttle)).await;
    let client = client_for(&server).build().unwrap();
    let rows: Vec<Row> = CollectionRequest::new(client, "devices")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        (0..100).collect::<Vec<_>>()
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 5);
    assert_eq!(
        reqs[2].target, reqs[3].target,
        "the throttled page is requested again"
    );
    let waited = reqs[3].at - reqs[2].at;
    assert!(
        waited >= Duration::from_millis(990),
        "Retry-After not honoured: {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}

#[tokio::test]
async fn unavailable_with_retry_after_is_retried() {
    let server = TestServer::start(failing_once(
        1,
        3,
        0,
        Reply::text(503, "busy").with_header("Retry-After", "1"),
    ))
    .await;
    let client = client_for(&server).build().unwrap();
    let started = Instant::now();
    let page = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3);
    assert!(started.elapsed() >= Duration::from_millis(990));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn gateway_timeouts_back_off_and_retry() {
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    let server = TestServer::start(move |_: &Recorded, _| {
        if c.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply::text(504, "gateway timeout")
        } else {
            page(0..1, None)
        }
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let page = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items, [Row { id: 0 }]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    // One client-request-id per logical request, kept across retries.
    assert_eq!(
        reqs[0].header("client-request-id"),
        reqs[2].header("client-request-id")
    );
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::text(503, "down").with_header("x-ms-request-id", "rid-1")
    })
    .await;
    let client = client_for(&server)
        .retry_policy(fast_retries().max_attempts(3))
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(e.request_id(), Some("rid-1"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retry_after_beyond_max_delay_is_not_waited_for() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::text(429, "later").with_header("Retry-After", "3600")
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    let http = e.http().unwrap();
    assert_eq!(http.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn actions_are_retried_only_when_the_server_says_so() {
    let server = TestServer::start(|req: &Recorded, _| match req.path() {
        "/svc/NS.Plain503" => Reply::text(503, "busy"),
        "/svc/NS.Gateway" => Reply::text(504, "gw"),
        _ => Reply::text(429, "slow").with_header("Retry-After", "0"),
    })
    .await;
    let client = client_for(&server).build().unwrap();
    for path in ["NS.Plain503", "NS.Gateway"] {
        let e = OperationRequest::<()>::action(client.clone(), path)
            .send_no_content()
            .await
            .unwrap_err();
        assert!(e.status().is_some(), "{e}");
    }
    assert_eq!(server.requests().len(), 2, "no retry without Retry-After");
    let e = OperationRequest::<()>::action(client, "NS.Throttled")
        .send_no_content()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        server.requests().len(),
        2 + 5,
        "429 with Retry-After retried up to max_attempts"
    );
}

#[tokio::test]
async fn truncated_json_body_is_a_decode_error() {
    let server = TestServer::start(|_: &Recorded, _| Reply::Full {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"value":[{"id":1},{"id":2},{"i"#.to_vec(),
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    let Error::Decode { url, snippet, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(url.contains("/svc/devices"));
    assert!(snippet.contains(r#"{"i"#), "{snippet}");
    assert!(e.to_string().contains("EOF"), "{e}");
    assert_eq!(server.requests().len(), 1, "decode errors are not retried");
}

#[tokio::test]
async fn connection_cut_mid_page_is_retried() {
    let body = br#"{"value":[{"id":0},{"id":1},{"id":2}]}"#;
    let cut = Reply::Truncated {
        declared: body.len() + 100,
        body: body[..15].to_vec(),
    };
    let server = TestServer::start(failing_once(3, 3, 1, cut)).await;
    let client = client_for(&server).build().unwrap();
    let rows: Vec<Row> = CollectionRequest::new(client, "devices")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        (0..9).collect::<Vec<_>>()
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn connection_reset_is_retried_or_reported() {
    let server = TestServer::start(failing_once(1, 2, 0, Reply::Reset)).await;
    let client = client_for(&server).build().unwrap();
    let page = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::start(|_: &Recorded, _| Reply::Reset).await;
    let client = client_for(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert!(e.to_string().contains("/svc/devices"), "{e}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = TestServer::start(|_: &Recorded, _| {
        Reply::Delay(Duration::from_secs(5), Box::new(page(0..1, None)))
    })
    .await;
    let client = client_for(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    let Error::Timeout { timeout, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*timeout, Duration::from_millis(300));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        server.requests().len(),
        1,
        "timeouts are not retried by default"
    );
}

#[tokio::test]
async fn timeouts_can_be_retried() {
    let server = TestServer::start(failing_once(
        1,
        1,
        0,
        Reply::Delay(Duration::from_secs(5), Box::new(page(0..1, None))),
    ))
    .await;
    let client = client_for(&server)
        .timeout(Duration::from_millis(300))
        .retry_policy(fast_retries().retry_timeouts(true))
        .build()
        .unwrap();
    let page = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // Bind then drop to get a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder(format!("http://127.0.0.1:{port}/svc"))
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
}
