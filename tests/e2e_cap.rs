//! End to end: the generated Intune client (`intune-dw`) over real HTTP against a real OData
//! v4 server — SAP CAP serving a model derived from `fixtures/intune/v1.0.xml`, with a page size
//! of 50, bound to 127.0.0.1 — started and stopped by this test (`e2e/cap/start.sh`).

use std::collections::BTreeSet;

use futures::{StreamExt, TryStreamExt};
use intune_dw::v1_0::Client;
use intune_dw::v1_0::models::DeviceField;
use odata_runtime::__private::FilterExpr;
use odata_runtime::time::{Date, Month};

/// January `n`, 2024.
fn day(n: u8) -> Date {
    Date::from_calendar_date(2024, Month::January, n).unwrap()
}

#[path = "support/cap.rs"]
mod cap;

/// The Intune-derived server (`e2e/cap/start.sh`).
fn start() -> cap::CapServer {
    cap::CapServer::start("start.sh", ".work")
}

/// The generated client; its builder presets `api-version`.
fn client(server: &cap::CapServer) -> Client {
    Client::builder(&server.url)
        .bearer_token("e2e-token")
        .build()
        .unwrap()
}

#[test]
fn generated_client_against_a_real_odata_server() {
    let server = start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(scenarios(&server));
}

async fn scenarios(server: &cap::CapServer) {
    let client = client(server);

    // Streaming a whole collection across server-driven pages: every row exactly once.
    let pages: Vec<_> = client.devices().list().pages().try_collect().await.unwrap();
    assert!(
        pages.len() >= 10,
        "expected at least 10 pages, got {}",
        pages.len()
    );
    let keys: Vec<i64> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|d| d.device_key))
        .collect();
    let unique: BTreeSet<i64> = keys.iter().copied().collect();
    assert_eq!(
        keys.len(),
        server.count("devices"),
        "rows received == rows served"
    );
    assert_eq!(unique.len(), keys.len(), "no row duplicated");
    println!("streamed {} devices in {} pages", keys.len(), pages.len());
    let streamed = client
        .devices()
        .list()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(streamed.len(), keys.len());

    // Int64 arrives as a JSON string from CAP; 2^53 + 1 survives exactly.
    let first = streamed.iter().find(|d| d.device_key == 1).unwrap();
    assert_eq!(
        first.free_storage_space_in_bytes,
        Some(9_007_199_254_740_993)
    );

    // $select: the selected property is set, others are None (CAP adds the keys).
    let page = client
        .devices()
        .list()
        .select([DeviceField::DeviceName])
        .top(5)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 5);
    assert!(
        page.items
            .iter()
            .all(|d| d.device_name.is_some() && d.manufacturer.is_none())
    );

    // $top and $skip.
    let page = client.devices().list().skip(2).top(2).send().await.unwrap();
    assert_eq!(
        page.items.iter().map(|d| d.device_key).collect::<Vec<_>>(),
        [3, 4]
    );

    // $filter through the typed builder, on a fact set with a composite key, across pages.
    let histories: Vec<_> = client
        .device_property_histories()
        .list()
        .filter(|f| f.date_key().ge(day(1)).lt(day(3)))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(histories.len(), 2 * 150);
    assert!(
        histories
            .iter()
            .all(|h| (20240101..20240103).contains(&h.date_key))
    );

    // Lookups by single and composite key.
    let device = client.devices().get(5).send().await.unwrap();
    assert_eq!(device.device_key, 5);
    let listed = client
        .policy_device_activities()
        .list()
        .top(1)
        .send()
        .await
        .unwrap();
    let row = &listed.items[0];
    let found = client
        .policy_device_activities()
        .get(row.date_key, row.policy_type_key)
        .send()
        .await
        .unwrap();
    assert_eq!(&found, row);

    // $count through the runtime request under the generated one (Intune itself offers no $count).
    assert_eq!(
        client.devices().list().into_inner().count().await.unwrap(),
        server.count("devices") as u64
    );

    // A bad request: the error says what the server said.
    let err = client
        .devices()
        .list()
        .into_inner()
        .filter(FilterExpr::raw("nope eq 1"))
        .send()
        .await
        .unwrap_err();
    let http = err.http().expect("an HTTP error");
    assert_eq!(http.status.as_u16(), 400);
    assert!(err.to_string().contains("nope"), "{err}");

    // A page limit stops the stream; the next link lets a job resume where it stopped.
    let mut pages = Box::pin(client.users().list().pages());
    let first = pages.next().await.unwrap().unwrap();
    let resume = first
        .next_link
        .clone()
        .expect("users has more than one page");
    let rest: Vec<_> = client
        .users()
        .list()
        .resume_from(resume)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first.items.len() + rest.len(), server.count("users"));
    let limited: Vec<_> = client
        .users()
        .list()
        .max_pages(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(limited.len(), first.items.len());
}
