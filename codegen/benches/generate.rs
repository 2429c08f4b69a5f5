//! Complete generation (read, resolve, name, emit, format, write) of the largest corpus
//! documents, as a user's build script runs it: the median wall time over repeated runs, and
//! the peak resident memory of one generation in a fresh process (`VmHWM`).
//! Run with `cargo bench -p odata-codegen --bench generate`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use odata_codegen::config::Config;

const RUNS: usize = 21;

/// Generates `metadata` into `out` on `threads` threads (`None`: the default, the
/// available parallelism).
fn generate(metadata: &Path, out: &Path, threads: Option<usize>) {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let mut config = Config::new();
    config.module_name("service");
    if let Some(n) = threads {
        config.threads(n);
    }
    config.generate(metadata, out).unwrap();
}

/// The median wall times of generating `metadata` over [`RUNS`] runs, in ms, on the default
/// threads and on one; the two kinds of run alternate, so both see the same machine.
fn medians_ms(metadata: &Path, out: &Path) -> (f64, f64) {
    generate(metadata, out, None);
    let (mut parallel, mut sequential) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        for (threads, samples) in [(None, &mut parallel), (Some(1), &mut sequential)] {
            let start = Instant::now();
            generate(metadata, out, threads);
            samples.push(start.elapsed());
        }
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[RUNS / 2].as_secs_f64() * 1e3
    };
    (median(parallel), median(sequential))
}

/// Peak resident set size of this process, in MB (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, metadata, out] = args.as_slice()
        && flag == "--child"
    {
        generate(Path::new(metadata), Path::new(out), None);
        println!(
            "{}",
            peak_rss_mb().map_or("n/a".into(), |mb| format!("{mb:.0}"))
        );
        return;
    }
    let dir = std::env::var_os("ODATA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let docs = [
        "msgraph-metadata/graph-v1.0-cleanMetadataWithDescriptions-2023-05.xml",
        "msgraph-metadata/graph-beta-cleanMetadataWithDescriptions-2020-08.xml",
    ];
    if !dir.join(docs[0]).is_file() {
        println!(
            "NOTICE: corpus not found at {}; nothing to measure",
            dir.display()
        );
        return;
    }
    let out = std::env::temp_dir().join(format!("odata-codegen-bench-{}", std::process::id()));
    println!(
        "{:<55} {:>7} {:>12} {:>12} {:>12} {:>10}",
        "document", "MB", "median ms", "1 thread ms", "output MB", "peak MB"
    );
    for doc in docs {
        let path = dir.join(doc);
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let (parallel, sequential) = medians_ms(&path, &out);
        let written: u64 = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.metadata().unwrap().len())
            .sum();
        let child = Command::new(&args[0])
            .args(["--child", path.to_str().unwrap(), out.to_str().unwrap()])
            .output()
            .unwrap();
        let peak = String::from_utf8_lossy(&child.stdout).trim().to_owned();
        println!(
            "{:<55} {:>7.2} {:>12.1} {:>12.1} {:>12.1} {:>10}",
            path.file_name().unwrap().to_string_lossy(),
            mb,
            parallel,
            sequential,
            written as f64 / 1e6,
            peak
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "(median of {RUNS} runs, on the available parallelism ({threads} threads) and on one; peak = VmHWM of one default generation in a fresh process; release build)",
        threads = std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
