//! Complete generation (read, resolve, name, emit, format, write) of the largest corpus
//! documents, as a user's build script runs it (the library) and as the `odata-codegen`
//! executable runs it: the median wall time over repeated runs, and the peak resident memory
//! of one library generation in a fresh process (`VmHWM`).
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

/// The median wall times of generating `metadata` over [`RUNS`] runs, in ms: through the
/// library on the default threads and on one (as a build script runs it, with the system
/// allocator), and through the `odata-codegen` executable (a process, with mimalloc). The
/// three kinds of run alternate, so all see the same machine.
fn medians_ms(metadata: &Path, out: &Path) -> [f64; 3] {
    generate(metadata, out, None);
    let mut samples: [Vec<Duration>; 3] = Default::default();
    for _ in 0..RUNS {
        for (kind, threads) in [None, Some(1)].into_iter().enumerate() {
            let start = Instant::now();
            generate(metadata, out, threads);
            samples[kind].push(start.elapsed());
        }
        let _ = std::fs::remove_dir_all(out);
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
            .arg("generate")
            .arg("--single-file")
            .arg("--metadata")
            .arg(format!("service={}", metadata.display()))
            .arg("--out")
            .arg(out)
            .status()
            .unwrap();
        samples[2].push(start.elapsed());
        assert!(status.success());
    }
    samples.map(|mut v| {
        v.sort();
        v[RUNS / 2].as_secs_f64() * 1e3
    })
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
        "{:<55} {:>7} {:>12} {:>12} {:>12} {:>12} {:>10}",
        "document", "MB", "library ms", "1 thread ms", "CLI ms", "output MB", "peak MB"
    );
    for doc in docs {
        let path = dir.join(doc);
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let [parallel, sequential, cli] = medians_ms(&path, &out);
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
            "{:<55} {:>7.2} {:>12.1} {:>12.1} {:>12.1} {:>12.1} {:>10}",
            path.file_name().unwrap().to_string_lossy(),
            mb,
            parallel,
            sequential,
            cli,
            written as f64 / 1e6,
            peak
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "(median of {RUNS} runs each: the library on the available parallelism ({threads} threads) and on one, with the system allocator; the odata-codegen executable, a whole process, with mimalloc; peak = VmHWM of one library generation in a fresh process; release build)",
        threads = std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
