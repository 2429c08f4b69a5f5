//! What holding navigation properties through [`Expanded`] costs when decoding: 100k rows of
//! a type with 6 structural properties and 24 navigation properties, decoded into a model
//! whose navigation fields are `Option<Expanded<T>>` / `Option<Expanded<Vec<T>>>` (today's
//! generated code) and into the same model with the targets held directly
//! (`Option<Box<T>>` / `Option<Vec<T>>`, as before). Two pages: ordinary rows (no
//! `$expand`), and rows with two navigation properties expanded.
//!
//! Run with `cargo bench -p odata-runtime --bench expanded`; prints the median of several
//! interleaved runs per variant in MB/s.

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use odata_runtime::{Expanded, Page};
use serde::Deserialize;

const ROWS: usize = 100_000;
const RUNS: usize = 7;

macro_rules! model {
    ($name:ident, $target:ident, $one:ty, $many:ty) => {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $target {
            id: i32,
            name: Option<String>,
        }
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $name {
            id: i32,
            name: Option<String>,
            city: Option<String>,
            count: Option<i64>,
            active: Option<bool>,
            score: Option<f64>,
            n0: Option<$one>,
            n1: Option<$many>,
            n2: Option<$one>,
            n3: Option<$many>,
            n4: Option<$one>,
            n5: Option<$many>,
            n6: Option<$one>,
            n7: Option<$many>,
            n8: Option<$one>,
            n9: Option<$many>,
            n10: Option<$one>,
            n11: Option<$many>,
            n12: Option<$one>,
            n13: Option<$many>,
            n14: Option<$one>,
            n15: Option<$many>,
            n16: Option<$one>,
            n17: Option<$many>,
            n18: Option<$one>,
            n19: Option<$many>,
            n20: Option<$one>,
            n21: Option<$many>,
            n22: Option<$one>,
            n23: Option<$many>,
        }
    };
}

model!(
    RowExpanded,
    TargetE,
    Expanded<TargetE>,
    Expanded<Vec<TargetE>>
);
model!(RowDirect, TargetD, Box<TargetD>, Vec<TargetD>);

/// A page of `ROWS` rows; with `expanded`, `n0` (one) and `n1` (three) are expanded.
fn page(expanded: bool) -> Vec<u8> {
    let mut s = String::from("{\"value\":[");
    for i in 0..ROWS {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"id":{i},"name":"row {i}","city":"Lyon","count":{},"active":true,"score":{}.5"#,
            i * 7,
            i % 100
        );
        if expanded {
            let _ = write!(
                s,
                r#","n0":{{"id":{i},"name":"one"}},"n1":[{{"id":1,"name":"a"}},{{"id":2,"name":"b"}},{{"id":3,"name":"c"}}]"#
            );
        }
        s.push('}');
    }
    s.push_str("]}");
    s.into_bytes()
}

fn time<T: for<'de> Deserialize<'de>>(url: &url::Url, body: &[u8]) -> Duration {
    let start = Instant::now();
    let page = Page::<T>::decode(url, body).unwrap();
    black_box(page.items.len());
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let url = url::Url::parse("https://h/svc/rows").unwrap();
    for (label, body) in [
        ("ordinary rows", page(false)),
        ("2 of 24 navigations expanded", page(true)),
    ] {
        let (mut direct, mut expanded) = (Vec::new(), Vec::new());
        // Interleaved, so host load moves both alike.
        for _ in 0..RUNS {
            direct.push(time::<RowDirect>(&url, &body));
            expanded.push(time::<RowExpanded>(&url, &body));
        }
        let mb = body.len() as f64 / 1e6;
        let (d, e) = (median(direct), median(expanded));
        println!(
            "{label} ({mb:.0} MB): targets held directly {:.0} MB/s, through Expanded {:.0} MB/s ({:.3}x the time)",
            mb / d.as_secs_f64(),
            mb / e.as_secs_f64(),
            e.as_secs_f64() / d.as_secs_f64()
        );
    }
}
