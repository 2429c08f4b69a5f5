//! Contract-diff speed on the two Microsoft Graph documents of the corpus (3.6 and 4.2 MB):
//! median of the whole job (read and resolve both, diff) and of the diff step alone.
//! Run with `cargo bench -p odata-codegen --bench diff`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use odata_codegen::ContractDiff;
use odata_codegen::{LoadOptions, load_bytes};

const RUNS: usize = 15;

fn median(mut f: impl FnMut()) -> Duration {
    f();
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[RUNS / 2]
}

fn main() {
    let dir = std::env::var_os("ODATA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/msgraph-metadata")
        });
    let dir = if dir.ends_with("msgraph-metadata") {
        dir
    } else {
        dir.join("msgraph-metadata")
    };
    let (old_path, new_path) = (
        dir.join("graph-beta-cleanMetadataWithDescriptions-2020-08.xml"),
        dir.join("graph-v1.0-cleanMetadataWithDescriptions-2023-05.xml"),
    );
    let (Ok(old), Ok(new)) = (std::fs::read(&old_path), std::fs::read(&new_path)) else {
        println!(
            "NOTICE: corpus not found at {}; nothing to measure",
            dir.display()
        );
        return;
    };
    let options = LoadOptions::default();
    let load = |path: &Path, bytes: &[u8]| load_bytes(path, bytes, &options).0.unwrap();
    let whole = median(|| {
        std::hint::black_box(ContractDiff::between(
            &load(&old_path, &old),
            &load(&new_path, &new),
        ));
    });
    let (a, b) = (load(&old_path, &old), load(&new_path, &new));
    let diff_only = median(|| {
        std::hint::black_box(ContractDiff::between(&a, &b));
    });
    let changes = ContractDiff::between(&a, &b).changes.len();
    println!("Graph beta 2020-08 (4.16 MB) -> v1.0 2023-05 (3.56 MB): {changes} changes");
    println!(
        "  read + resolve both + diff: median {:.1} ms",
        whole.as_secs_f64() * 1e3
    );
    println!(
        "  diff step alone:            median {:.1} ms",
        diff_only.as_secs_f64() * 1e3
    );
    println!("(median of {RUNS} runs, release build)");
}
