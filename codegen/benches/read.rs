//! Reading speed over the largest corpus documents: prints the median time and throughput of
//! (a) the reader alone (XML → CSDL syntax) and (b) reading and resolving the model; then
//! Microsoft Graph v1.0 indented and on one line (minified, as services often serve it) side
//! by side, runs alternating, so the cost of a layout shows as a ratio on the same machine.
//! Run with `cargo bench -p odata-codegen --bench read`; the corpus comes from
//! `$ODATA_CORPUS` or `../shared/corpus`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use odata_codegen::{LoadOptions, check_syntax, load_bytes};

#[path = "support/one_line.rs"]
mod one_line;

const RUNS: usize = 21;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let dir = std::env::var_os("ODATA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let Ok(entries) = std::fs::read_dir(dir.join("msgraph-metadata")) else {
        println!(
            "NOTICE: corpus not found at {}; nothing to measure",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.extend(
        [
            "odata-odata.net/perf-AdventureWorksPlus.csdl.xml",
            "sap-odata-vocabularies/UI.xml",
        ]
        .map(|f| dir.join(f)),
    );
    files.retain(|f| f.metadata().map(|m| m.len() > 100_000).unwrap_or(false));
    files.sort();
    println!(
        "{:<58} {:>8} {:>10} {:>9} {:>10} {:>9}",
        "document", "MB", "read ms", "MB/s", "load ms", "MB/s"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let mb = bytes.len() as f64 / 1e6;
        let read = time(|| {
            std::hint::black_box(check_syntax(&file, &bytes));
        });
        let options = LoadOptions::default();
        let full = time(|| {
            std::hint::black_box(load_bytes(&file, &bytes, &options));
        });
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{:<58} {:>8.2} {:>10.1} {:>9.0} {:>10.1} {:>9.0}",
            file.file_name().unwrap().to_string_lossy(),
            mb,
            ms(read),
            mb / read.as_secs_f64(),
            ms(full),
            mb / full.as_secs_f64()
        );
    }
    println!("(median of {RUNS} runs each, release build)");
    compare_layouts(
        &dir.join("msgraph-metadata/graph-v1.0-cleanMetadataWithDescriptions-2023-05.xml"),
    );
}

/// Reads and loads (what `check` does) `file` indented and on one line, alternating, and
/// prints both medians and their ratio.
fn compare_layouts(file: &Path) {
    let Ok(indented) = std::fs::read_to_string(file) else {
        return;
    };
    let minified = one_line::one_line(&indented);
    let options = LoadOptions::default();
    let mut samples: [[Vec<Duration>; 2]; 2] = Default::default();
    for run in 0..=RUNS {
        for (layout, text) in [&indented, &minified].into_iter().enumerate() {
            let start = Instant::now();
            std::hint::black_box(check_syntax(file, text.as_bytes()));
            let read = start.elapsed();
            let start = Instant::now();
            std::hint::black_box(load_bytes(file, text.as_bytes(), &options));
            let load = start.elapsed();
            if run > 0 {
                samples[0][layout].push(read);
                samples[1][layout].push(load);
            }
        }
    }
    println!(
        "\n{} indented ({:.2} MB) vs one line ({:.2} MB, {} lines), alternating:",
        file.file_name().unwrap().to_string_lossy(),
        indented.len() as f64 / 1e6,
        minified.len() as f64 / 1e6,
        minified.lines().count()
    );
    for (what, [a, b]) in ["read", "load (check)"].into_iter().zip(samples) {
        let (a, b) = (median(a), median(b));
        println!(
            "{what:<14} indented {:>8.1} ms   one line {:>8.1} ms   one line / indented {:.2}",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}
