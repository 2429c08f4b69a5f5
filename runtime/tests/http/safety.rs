//! Hostile or broken servers: redirects to another origin, oversized bodies, plain http.

use odata_runtime::{AuthError, ClientCredentials, CollectionRequest, Error, OperationRequest};

use super::*;

/// A second origin (another port) that must never hear from the client.
async fn elsewhere() -> TestServer {
    TestServer::start(|_: &Recorded, _| page(100..101, None)).await
}

fn redirect(status: u16, to: &str) -> Reply {
    Reply::text(status, "").with_header("location", to)
}

/// A GET answered 302 and an action POST answered 307, both to another origin: nothing is
/// sent there (no API key header, no body), and the caller gets a clear error.
#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let other = elsewhere().await;
    let target = other.url("/svc/steal?x=1");
    let server = TestServer::start(move |req: &Recorded, _| match req.path() {
        "/svc/devices" => redirect(302, &target),
        "/svc/NS.Act" => redirect(307, &target),
        "/svc/moved" => redirect(308, &target),
        _ => Reply::text(404, "no"),
    })
    .await;
    let client = client_for(&server)
        .header("x-api-key", "k3y")
        .bearer_token("tok")
        .build()
        .unwrap();
    let e = CollectionRequest::<Row>::new(client.clone(), "devices?secret=q")
        .send()
        .await
        .unwrap_err();
    let Error::Redirected { location, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(location, &other.url("/svc/steal?x=1"));
    assert!(e.to_string().contains("not followed"), "{e}");
    let e = OperationRequest::<()>::action(client.clone(), "NS.Act")
        .body_param("secret", "s3cr3t")
        .send_no_content()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Redirected { .. }), "{e:?}");
    let e = OperationRequest::<()>::action(client, "moved")
        .body_param("secret", "s3cr3t")
        .send_no_content()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Redirected { .. }), "{e:?}");
    assert_eq!(server.requests().len(), 3);
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

/// Within the service's origin a redirect is followed, without a `Referer`.
#[tokio::test]
async fn same_origin_redirects_are_followed_without_referer() {
    let server = TestServer::start(|req: &Recorded, _| match req.path() {
        "/svc/devices" => redirect(302, "/svc/devices2"),
        _ => page(0..2, None),
    })
    .await;
    let client = client_for(&server)
        .header("x-api-key", "k")
        .build()
        .unwrap();
    let p = CollectionRequest::<Row>::new(client, "devices")
        .send()
        .await
        .unwrap();
    assert_eq!(p.items.len(), 2);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].path(), "/svc/devices2");
    assert_eq!(reqs[1].header("x-api-key"), Some("k"));
    assert!(reqs[1].header("referer").is_none());
}

/// The token endpoint's answers are never followed, not even within its own origin: a
/// 307/308 would re-send the form with the client secret.
#[tokio::test]
async fn token_endpoint_redirects_are_never_followed() {
    for status in [302, 307] {
        let other = elsewhere().await;
        let to_other = other.url("/token");
        let tokens = TestServer::start(move |req: &Recorded, _| match req.path() {
            "/token" => redirect(status, &to_other),
            "/same" => redirect(status, "/token2"),
            _ => Reply::json(200, json!({"access_token": "t", "expires_in": 3600})),
        })
        .await;
        let data = TestServer::start(|_: &Recorded, _| page(0..1, None)).await;
        for path in ["/token", "/same"] {
            let client = client_for(&data)
                .client_credentials(
                    ClientCredentials::new("t", "a", "s3cr3t").token_url(tokens.url(path)),
                )
                .build()
                .unwrap();
            let e = CollectionRequest::<Row>::new(client, "devices")
                .send()
                .await
                .unwrap_err();
            let Error::Auth(auth) = &e else {
                panic!("{e:?}")
            };
            assert!(
                matches!(auth.as_ref(), AuthError::TokenEndpoint { status: s, .. } if *s == status),
                "{auth:?}"
            );
        }
        assert!(
            other.requests().is_empty(),
            "{status}: {:?}",
            other.requests()
        );
        let paths: Vec<_> = tokens
            .requests()
            .iter()
            .map(|r| r.path().to_owned())
            .collect();
        assert_eq!(paths, ["/token", "/same"], "{status}");
        assert!(data.requests().is_empty());
    }
}

/// A body announced larger than the limit is refused unread; one without a length is cut
/// off once it goes beyond.
#[tokio::test]
async fn oversized_bodies_are_refused() {
    let big: Vec<_> = (0..200).map(|id| json!({ "id": id })).collect();
    let body = json!({ "value": big }).to_string().into_bytes();
    let len = body.len();
    let server = TestServer::start(move |req: &Recorded, _| match req.path() {
        "/svc/chunked" => Reply::Chunked {
            body: body.clone(),
            chunk: 100,
        },
        _ => Reply::Full {
            status: 200,
            headers: vec![],
            body: body.clone(),
        },
    })
    .await;
    let small = client_for(&server).max_response_body(1000).build().unwrap();
    for path in ["devices", "chunked"] {
        let e = CollectionRequest::<Row>::new(small.clone(), path)
            .send()
            .await
            .unwrap_err();
        let Error::BodyTooLarge { limit: 1000, .. } = &e else {
            panic!("{path}: {e:?}")
        };
        assert!(
            e.to_string().contains("exceeds the limit of 1000 bytes"),
            "{e}"
        );
    }
    assert_eq!(server.requests().len(), 2, "not retried");
    let fits = client_for(&server)
        .max_response_body(len as u64)
        .build()
        .unwrap();
    for path in ["devices", "chunked"] {
        let p = CollectionRequest::<Row>::new(fits.clone(), path)
            .send()
            .await
            .unwrap();
        assert_eq!(p.items.len(), 200);
    }
}

/// Credentials never travel over plain http, except to a loopback host.
#[tokio::test]
async fn credentials_over_plain_http_are_refused() {
    let e = Client::builder("http://odata.example.com/svc")
        .bearer_token("t")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::InsecureCredentials { .. }), "{e:?}");
    let e = Client::builder("https://odata.example.com/svc")
        .client_credentials(
            ClientCredentials::new("t", "a", "s").token_url("http://login.example.com/token"),
        )
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::InsecureCredentials { .. }), "{e:?}");
    assert!(
        e.to_string().contains("http://login.example.com/token"),
        "{e}"
    );
    for ok in [
        "http://127.0.0.1:1/svc",
        "http://localhost/svc",
        "http://[::1]/svc",
        "https://odata.example.com",
    ] {
        Client::builder(ok).bearer_token("t").build().unwrap();
    }
    // Without credentials plain http is the caller's choice.
    Client::builder("http://odata.example.com/svc")
        .build()
        .unwrap();
}

/// The issue's injections: a dynamic filter path escaping a surrounding `and`, and a nested
/// `$search` adding an expansion. The first never reaches the server; the second arrives as
/// one quoted phrase inside its own item.
#[tokio::test]
async fn raw_text_cannot_escape_its_position_in_the_url() {
    use odata_runtime::{Expand, FilterPath};
    let server = TestServer::start(|_: &Recorded, _| page(0..1, None)).await;
    let client = client_for(&server).build().unwrap();
    let tenant: FilterPath<i32> = FilterPath::new("tenantId");
    let evil: FilterPath<i32> = FilterPath::dynamic("1 eq 1 or id");
    let e = CollectionRequest::<Row>::new(client.clone(), "devices")
        .filter(tenant.eq(7).and(evil.eq(5)))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
    assert!(server.requests().is_empty());
    CollectionRequest::<Row>::new(client, "devices")
        .expand(Expand::new("Friends").search("x),Secrets("))
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].query_value("$expand").as_deref(),
        Some(r#"Friends($search="x),Secrets(")"#)
    );
}
