//! Bearer tokens: refresh after 401 and the client-credentials flow.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use odata_runtime::{AuthError, ClientCredentials, CollectionRequest, Error};

use super::*;

/// A data server that accepts only `Bearer {token}`.
async fn protected(token: &'static str) -> TestServer {
    TestServer::start(move |req: &Recorded, _| {
        if req.header("authorization") == Some(format!("Bearer {token}").as_str()) {
            page(0..1, None)
        } else {
            Reply::json(
                401,
                json!({"error": {"code": "InvalidAuthenticationToken", "message": "expired"}}),
            )
        }
    })
    .await
}

#[tokio::test]
async fn unauthorized_triggers_one_refresh_and_one_retry() {
    let server = protected("fresh").await;
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = calls.clone();
    let provider = move |force: bool| {
        let n = {
            let mut c = seen.lock().unwrap();
            c.push(force);
            c.len()
        };
        async move {
            Ok::<_, AuthError>(if n == 1 {
                "stale".to_owned()
            } else {
                "fresh".to_owned()
            })
        }
    };
    let client = client_for(&server)
        .token_provider(provider)
        .build()
        .unwrap();
    let page = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(*calls.lock().unwrap(), [false, true]);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].header("authorization"), Some("Bearer stale"));
    assert_eq!(reqs[1].header("authorization"), Some("Bearer fresh"));
}

#[tokio::test]
async fn persistent_unauthorized_is_reported_after_one_refresh() {
    let server = protected("never").await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let client = client_for(&server)
        .token_provider(move |_| {
            f.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, AuthError>("wrong".to_owned()) }
        })
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn static_token_is_not_retried_on_unauthorized() {
    let server = protected("right").await;
    let client = client_for(&server).bearer_token("wrong").build().unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("InvalidAuthenticationToken: expired"),
        "{e}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn provider_errors_surface_as_auth_errors() {
    let server = protected("x").await;
    let client = client_for(&server)
        .token_provider(|_| async { Err::<String, _>(AuthError::provider("vault unreachable")) })
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert!(e.to_string().contains("vault unreachable"));
    assert!(server.requests().is_empty());
}

/// A token endpoint issuing `tok-1`, `tok-2`, … valid for `lifetime` (sent as `expires_in`).
async fn token_endpoint(lifetime: serde_json::Value, delay: Duration) -> TestServer {
    let issued = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |req: &Recorded, _| {
        if req.path() != "/tenant-1/oauth2/v2.0/token" || req.method != "POST" {
            return Reply::text(404, "no");
        }
        let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::Delay(
            delay,
            Box::new(Reply::json(
                200,
                json!({"token_type": "Bearer", "expires_in": lifetime, "access_token": format!("tok-{n}")}),
            )),
        )
    })
    .await
}

fn creds(tokens: &TestServer) -> ClientCredentials {
    ClientCredentials {
        authority: tokens.url(""),
        ..ClientCredentials::new("tenant-1", "app-id", "s3cr&t=x")
    }
}

#[tokio::test]
async fn client_credentials_fetch_once_and_cache() {
    let tokens = token_endpoint(json!(3599), Duration::ZERO).await;
    let server = protected("tok-1").await;
    let client = client_for(&server)
        .client_credentials(creds(&tokens))
        .build()
        .unwrap();
    for _ in 0..2 {
        CollectionRequest::<Row>::new(client.clone(), "devices")
            .send()
            .await
            .unwrap();
    }
    let token_reqs = tokens.requests();
    assert_eq!(token_reqs.len(), 1, "token cached");
    let t = &token_reqs[0];
    assert_eq!(
        t.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&t.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        form,
        [
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("client_id".to_owned(), "app-id".to_owned()),
            ("client_secret".to_owned(), "s3cr&t=x".to_owned()),
            (
                "scope".to_owned(),
                "https://api.manage.microsoft.com/.default".to_owned()
            ),
        ]
    );
    assert!(t.header("authorization").is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_fetch() {
    let tokens = token_endpoint(json!("3599"), Duration::from_millis(300)).await;
    let server = protected("tok-1").await;
    let client = client_for(&server)
        .client_credentials(creds(&tokens))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { CollectionRequest::<Row>::new(c, "devices").send().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(tokens.requests().len(), 1);
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn tokens_are_refreshed_before_expiry() {
    // A 2 s token is replaced after half its lifetime (the margin is capped at half).
    let tokens = token_endpoint(json!(2), Duration::ZERO).await;
    let server = TestServer::start(|_: &Recorded, _| page(0..1, None)).await;
    let client = client_for(&server)
        .client_credentials(creds(&tokens))
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client.clone(), "devices")
        .send()
        .await
        .unwrap();
    CollectionRequest::<Row>::new(client.clone(), "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(tokens.requests().len(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(tokens.requests().len(), 2);
    let auths: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(auths, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test]
async fn unauthorized_with_client_credentials_fetches_a_new_token() {
    let tokens = token_endpoint(json!(3599), Duration::ZERO).await;
    let server = protected("tok-2").await;
    let client = client_for(&server)
        .client_credentials(creds(&tokens))
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(tokens.requests().len(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn token_endpoint_errors_are_decoded() {
    let tokens = TestServer::start(|_: &Recorded, _| {
        Reply::json(
            401,
            json!({
                "error": "invalid_client",
                "error_description": "AADSTS7000215: Invalid client secret provided.",
                "error_codes": [7000215],
                "trace_id": "t-1",
                "correlation_id": "c-1"
            }),
        )
    })
    .await;
    let server = protected("x").await;
    let client = client_for(&server)
        .client_credentials(ClientCredentials::new("t", "a", "s").token_url(tokens.url("/token")))
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    let Error::Auth(auth) = &e else {
        panic!("{e:?}")
    };
    let AuthError::TokenEndpoint {
        status,
        error,
        error_codes,
        trace_id,
        ..
    } = auth.as_ref()
    else {
        panic!("{auth:?}")
    };
    assert_eq!((*status, error.as_str()), (401, "invalid_client"));
    assert_eq!(error_codes, &[7000215]);
    assert_eq!(trace_id.as_deref(), Some("t-1"));
    assert!(e.to_string().contains("AADSTS7000215"), "{e}");
    assert!(server.requests().is_empty());
}

/// Counts calls to a token endpoint answering `reply(n)` for the n-th call (from 1).
async fn counting_endpoint(
    reply: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> (TestServer, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let server =
        TestServer::start(move |_: &Recorded, _| reply(seen.fetch_add(1, Ordering::SeqCst) + 1))
            .await;
    (server, calls)
}

fn token_reply(n: usize, lifetime: u64) -> Reply {
    Reply::json(
        200,
        json!({"token_type": "Bearer", "expires_in": lifetime, "access_token": format!("tok-{n}")}),
    )
}

/// Eight requests rejected with 401 at different moments cause one refresh: a request whose
/// 401 arrives after another request's refresh uses that token instead of fetching again.
#[tokio::test]
async fn concurrent_unauthorized_answers_cause_one_refresh() {
    let (tokens, calls) = counting_endpoint(|n| {
        Reply::Delay(Duration::from_millis(50), Box::new(token_reply(n, 3599)))
    })
    .await;
    let server = TestServer::start(|req: &Recorded, seq| {
        if req.header("authorization") == Some("Bearer tok-1") {
            // The first 401 at once, the others after the refresh it causes.
            let delay = Duration::from_millis(if seq == 0 { 0 } else { 300 });
            Reply::Delay(
                delay,
                Box::new(Reply::json(
                    401,
                    json!({"error": {"code": "expired", "message": "x"}}),
                )),
            )
        } else {
            page(0..1, None)
        }
    })
    .await;
    let client = client_for(&server)
        .client_credentials(ClientCredentials::new("t", "a", "s").token_url(tokens.url("/token")))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { CollectionRequest::<Row>::new(c, "devices").send().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "the first token and one refresh"
    );
}

/// A failing token endpoint is asked once for the requests waiting on it, not once per
/// waiter in turn.
#[tokio::test]
async fn a_failed_refresh_is_shared_by_its_waiters() {
    let (tokens, calls) = counting_endpoint(|_| {
        Reply::Delay(
            Duration::from_millis(200),
            Box::new(Reply::json(
                400,
                json!({"error": "invalid_client", "error_description": "bad secret"}),
            )),
        )
    })
    .await;
    let server = protected("x").await;
    let client = client_for(&server)
        .client_credentials(ClientCredentials::new("t", "a", "s").token_url(tokens.url("/token")))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { CollectionRequest::<Row>::new(c, "devices").send().await })
        })
        .collect();
    for t in tasks {
        let e = t.await.unwrap().unwrap_err();
        assert!(e.to_string().contains("invalid_client"), "{e}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(server.requests().is_empty());
    // A later request tries again.
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap_err();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// When the refresh inside the margin fails, the cached token, still valid, is used.
#[tokio::test]
async fn a_valid_cached_token_outlives_a_failed_refresh() {
    let (tokens, calls) = counting_endpoint(|n| match n {
        1 => token_reply(1, 4),
        _ => Reply::json(400, json!({"error": "temporarily_unavailable"})),
    })
    .await;
    let server = protected("tok-1").await;
    let client = client_for(&server)
        .client_credentials(ClientCredentials::new("t", "a", "s").token_url(tokens.url("/token")))
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client.clone(), "devices")
        .send()
        .await
        .unwrap();
    // Past the refresh time (half the 4 s lifetime), before expiry.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(server.requests().len(), 2);
}
