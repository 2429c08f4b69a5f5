//! Complete generation (read, resolve, name, emit, format, write) of the largest corpus
//! documents, as a user's build script runs it (the library) and as the `odata-codegen`
//! executable runs it: the median wall time over repeated runs, and the peak resident memory
//! of one generation of each in a fresh process (`VmHWM` of the library's, `ru_maxrss` of
//! the executable's).
//! The one-line (minified) variant of Microsoft Graph v1.0 is made at benchmark time into the
//! temporary folder (never committed) and measured beside the indented one.
//! Run with `cargo bench -p odata-codegen-cli --bench generate`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use odata_codegen::Config;

#[path = "../../codegen/benches/support/one_line.rs"]
mod one_line;

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
        let status = cli(metadata, out).status().unwrap();
        samples[2].push(start.elapsed());
        assert!(status.success());
    }
    samples.map(|mut v| {
        v.sort();
        v[RUNS / 2].as_secs_f64() * 1e3
    })
}

/// The `odata-codegen` executable generating `metadata` into `out` as one file.
fn cli(metadata: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_odata-codegen"));
    command
        .arg("generate")
        .arg("--single-file")
        .arg("--metadata")
        .arg(format!("service={}", metadata.display()))
        .arg("--out")
        .arg(out);
    command
}

/// The peak resident set size of the largest child process this process has waited for,
/// in MB.
fn children_peak_rss_mb() -> f64 {
    // SAFETY: `getrusage` fills the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    usage.ru_maxrss as f64 / 1024.0
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
    // Child modes, each measuring one generation in a fresh process: the library's, or the
    // executable's (as this process's only child).
    if let [_, flag, metadata, out] = args.as_slice() {
        let (metadata, out) = (Path::new(metadata), Path::new(out));
        match flag.as_str() {
            "--library" => {
                generate(metadata, out, None);
                println!(
                    "{}",
                    peak_rss_mb().map_or("n/a".into(), |mb| format!("{mb:.0}"))
                );
                return;
            }
            "--cli" => {
                assert!(cli(metadata, out).status().unwrap().success());
                println!("{:.0}", children_peak_rss_mb());
                return;
            }
            _ => {}
        }
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
    let minified = std::env::temp_dir().join(format!(
        "odata-codegen-bench-{}-graph-v1.0-one-line.xml",
        std::process::id()
    ));
    let indented = std::fs::read_to_string(dir.join(docs[0])).unwrap();
    std::fs::write(&minified, one_line::one_line(&indented)).unwrap();
    let mut paths: Vec<PathBuf> = docs.iter().map(|d| dir.join(d)).collect();
    paths.insert(1, minified.clone());
    println!(
        "{:<55} {:>6} {:>11} {:>12} {:>7} {:>10} {:>13} {:>9}",
        "document",
        "MB",
        "library ms",
        "1 thread ms",
        "CLI ms",
        "output MB",
        "library peak",
        "CLI peak"
    );
    for path in paths {
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let [parallel, sequential, cli] = medians_ms(&path, &out);
        let written: u64 = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.metadata().unwrap().len())
            .sum();
        let peak = |mode: &str| {
            let child = Command::new(&args[0])
                .args([mode, path.to_str().unwrap(), out.to_str().unwrap()])
                .output()
                .unwrap();
            String::from_utf8_lossy(&child.stdout).trim().to_owned()
        };
        let (library_peak, cli_peak) = (peak("--library"), peak("--cli"));
        println!(
            "{:<55} {:>6.2} {:>11.1} {:>12.1} {:>7.1} {:>10.1} {:>13} {:>9}",
            path.file_name().unwrap().to_string_lossy(),
            mb,
            parallel,
            sequential,
            cli,
            written as f64 / 1e6,
            library_peak,
            cli_peak
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&minified);
    println!(
        "(median of {RUNS} runs each: the library on the available parallelism ({threads} threads) and on one, with the system allocator; the odata-codegen executable, a whole process, with mimalloc; peaks in MB: the resident high-water mark of one generation in a fresh process; release build)",
        threads = std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
