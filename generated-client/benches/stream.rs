//! The generated Intune client streaming a warehouse collection: 100,000 `devices` rows in
//! 100 server-driven pages from a local HTTP server on 127.0.0.1, shaped by
//! `fixtures/intune/v1.0.xml` (Int64 as strings and timestamps with 7 fractional digits, as
//! real servers send them). Prints decode throughput of the generated model, end-to-end
//! streaming throughput, and resident memory along the stream (it must stay flat).
//! Run with `cargo bench -p intune-dw --bench stream`.

use std::path::Path;
use std::time::{Duration, Instant};

use futures::StreamExt;
use intune_dw::v1_0::{Client, models::Device};
use odata_codegen::{ItemKind, LoadOptions, Surface, load};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PAGES: usize = 100;
const ROWS_PER_PAGE: usize = 1_000;

/// One JSON row per property of the fixture's `device` type, with its EDM type name, as the
/// fixture's API surface lists them.
fn row_template() -> Vec<(String, String)> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/intune/v1.0.xml");
    let (model, _) = load(&fixture, &LoadOptions::default());
    let model = model.expect("fixture loads");
    let prefix = "Microsoft.Intune.DataWarehouse.device/";
    let template: Vec<(String, String)> = Surface::of(&model, &Default::default())
        .items
        .into_iter()
        .filter_map(|((kind, path), facts)| {
            let name = path.strip_prefix(prefix)?;
            (kind == ItemKind::Property).then(|| {
                (
                    name.to_owned(),
                    facts.get("type").cloned().unwrap_or_default(),
                )
            })
        })
        .collect();
    assert!(
        template.iter().any(|(n, _)| n == "deviceKey"),
        "device properties"
    );
    template
}

fn page_body(template: &[(String, String)], page: usize) -> Vec<u8> {
    let mut rows = Vec::with_capacity(ROWS_PER_PAGE);
    for i in 0..ROWS_PER_PAGE {
        let n = page * ROWS_PER_PAGE + i;
        let mut row = serde_json::Map::new();
        for (name, ty) in template {
            let value = match ty.as_str() {
                _ if name == "deviceKey" => serde_json::json!(n as i64 + 1),
                "Edm.Int32" | "Edm.Int16" | "Edm.Byte" => serde_json::json!(n % 7),
                "Edm.Int64" => serde_json::json!(format!("{}", 68_719_476_736u64 + n as u64)),
                "Edm.Boolean" => serde_json::json!(n.is_multiple_of(2)),
                "Edm.DateTimeOffset" => serde_json::json!(format!(
                    "2024-01-{:02}T12:34:56.{:07}Z",
                    n % 28 + 1,
                    n % 10_000_000
                )),
                _ => serde_json::json!(format!("{name}-{n:08}")),
            };
            row.insert(name.clone(), value);
        }
        rows.push(serde_json::Value::Object(row));
    }
    let mut body = serde_json::json!({ "@odata.context": "$metadata#devices", "value": rows });
    if page + 1 < PAGES {
        body["@odata.nextLink"] =
            serde_json::json!(format!("devices?api-version=v1.0&$skiptoken={}", page + 1));
    }
    serde_json::to_vec(&body).unwrap()
}

/// Serves page `$skiptoken` (0 when absent) of `pages` to every request, keeping connections alive.
async fn serve(listener: tokio::net::TcpListener, pages: std::sync::Arc<Vec<Vec<u8>>>) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let pages = pages.clone();
        tokio::spawn(async move {
            let mut buf = Vec::new();
            loop {
                let mut chunk = [0u8; 4096];
                let Ok(n) = socket.read(&mut chunk).await else {
                    return;
                };
                if n == 0 {
                    return;
                }
                buf.extend_from_slice(&chunk[..n]);
                while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                    buf.drain(..end + 4);
                    let token = head
                        .split_whitespace()
                        .nth(1)
                        .and_then(|p| p.split("skiptoken=").nth(1))
                        .and_then(|t| t.split('&').next()?.parse::<usize>().ok())
                        .unwrap_or(0);
                    let body = &pages[token.min(PAGES - 1)];
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    if socket.write_all(head.as_bytes()).await.is_err()
                        || socket.write_all(body).await.is_err()
                    {
                        return;
                    }
                }
            }
        });
    }
}

fn rss_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let template = row_template();
    let pages: Vec<Vec<u8>> = (0..PAGES).map(|p| page_body(&template, p)).collect();
    let total_mb = pages.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    println!(
        "{} devices rows ({} properties each) in {PAGES} pages, {total_mb:.1} MB of JSON",
        PAGES * ROWS_PER_PAGE,
        template.len()
    );

    // Decoding alone: every page body into the generated model, median of 5.
    let url = odata_runtime::url::Url::parse("http://127.0.0.1/devices").unwrap();
    let mut samples: Vec<Duration> = (0..6)
        .map(|_| {
            let start = Instant::now();
            for body in &pages {
                let page = odata_runtime::Page::<Device>::decode(&url, body).unwrap();
                std::hint::black_box(page.items.len());
            }
            start.elapsed()
        })
        .skip(1)
        .collect();
    samples.sort();
    println!(
        "decode into the generated Device model: median {:.0} MB/s",
        total_mb / samples[2].as_secs_f64()
    );

    // Streaming over HTTP from 127.0.0.1, one page in memory at a time.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let rss_before = rss_mb("VmRSS:");
    let pages = std::sync::Arc::new(pages);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve(listener, pages));
        let odata = odata_runtime::Client::builder(format!("http://{addr}"))
            .bearer_token("bench")
            .query_param("api-version", Client::API_VERSION)
            .build()
            .unwrap();
        let client = Client::new(odata);
        let start = Instant::now();
        let mut stream = std::pin::pin!(client.devices().list().stream());
        let (mut rows, mut keys, mut samples) = (0usize, 0i64, vec![]);
        while let Some(device) = stream.next().await {
            keys += device.unwrap().device_key;
            rows += 1;
            if rows % (10 * ROWS_PER_PAGE) == 0 {
                samples.push((rows, rss_mb("VmRSS:")));
            }
        }
        let elapsed = start.elapsed();
        let n = (PAGES * ROWS_PER_PAGE) as i64;
        assert_eq!(keys, n * (n + 1) / 2, "every row exactly once");
        println!(
            "stream over HTTP: {rows} rows in {:.2} s, {:.0} MB/s, {:.0} rows/s",
            elapsed.as_secs_f64(),
            total_mb / elapsed.as_secs_f64(),
            rows as f64 / elapsed.as_secs_f64()
        );
        println!(
            "resident memory (MB): before {rss_before:.1}; along the stream {}",
            samples
                .iter()
                .map(|(r, m)| format!("{}k:{m:.1}", r / 1000))
                .collect::<Vec<_>>()
                .join(" ")
        );
    });
    println!(
        "peak resident memory (VmHWM, includes the {total_mb:.0} MB of pages the test server holds): {:.1} MB",
        rss_mb("VmHWM:")
    );
}
