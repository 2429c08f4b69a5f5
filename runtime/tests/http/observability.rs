//! The `tracing` feature: spans per request and token fetch, events per attempt and retry
//! wait, and no secret in any of them. Built with `--features tracing` only.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ::tracing::field::{Field, Visit};
use ::tracing::span::{Attributes, Id, Record};
use ::tracing::{Event, Metadata, Subscriber};
use odata_runtime::{ClientCredentials, CollectionRequest};

use super::*;

/// Records every span (name and fields, as recorded over time) and event as one line each.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    spans: Arc<Mutex<Vec<String>>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", attrs.metadata().name());
        attrs.record(&mut Fields(&mut line));
        let mut spans = self.spans.lock().unwrap();
        spans.push(line);
        self.next.fetch_add(1, Ordering::SeqCst);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let line = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(line));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        // The runtime's own events only (hyper's are not this crate's to test).
        if !event.metadata().target().starts_with("odata_runtime") {
            return;
        }
        let mut line = format!("event {}", event.metadata().level());
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn requests_retries_and_token_fetches_are_traced_without_secrets() {
    let recorder = Recorder::default();
    let _guard = ::tracing::subscriber::set_default(recorder.clone());
    let tokens = TestServer::start(|_: &Recorded, _| {
        Reply::json(
            200,
            json!({"access_token": "s3cret-token", "expires_in": 3600}),
        )
    })
    .await;
    let server = TestServer::start(|_: &Recorded, seq| match seq {
        0 => Reply::text(503, "busy").with_header("retry-after", "0"),
        _ => page(0..1, None),
    })
    .await;
    let client = client_for(&server)
        .client_credentials(
            ClientCredentials::new("t", "a", "client-s3cret")
                .token_url(tokens.url("/tenant/token")),
        )
        .build()
        .unwrap();
    CollectionRequest::<Row>::new(client, "devices?$skiptoken=s3cret-skip")
        .send()
        .await
        .unwrap();
    let spans = recorder.spans.lock().unwrap().clone();
    let events = recorder.lines.lock().unwrap().clone();
    let all = format!("{spans:#?}\n{events:#?}");
    assert!(
        spans.iter().any(
            |s| s.starts_with("span odata.request method=GET path=\"/svc/devices\"")
                && s.ends_with("status=200")
        ),
        "{all}"
    );
    assert!(
        spans.iter().any(|s| s == "span odata.token endpoint=\"/tenant/token\" generation=1 outcome=\"ok\""),
        "{all}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("attempt=1") && e.contains("503")),
        "{all}"
    );
    assert!(
        events.iter().any(|e| e.contains("retrying after a wait")),
        "{all}"
    );
    for secret in ["s3cret", "api-version", "skiptoken"] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
}
