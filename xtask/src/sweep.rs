//! Compiling generated clients with warnings denied: as modules of a few crates (one
//! `cargo check` per chunk, not one per client), in chunks of bounded size so rustc's memory
//! stays bounded (a crate of ~80 large clients was killed at 24 GB), sharing one target
//! folder for the runtime and cleaning each chunk's own output after it. Diagnostics are read
//! from `--message-format=json`, so a failure names the client's document and its first error.

use std::path::{Path, PathBuf};
use std::process::Command;

use toml_edit::{DocumentMut, Item, Table, value};

/// One generated client to compile.
pub struct Unit {
    /// Its module name in the crate.
    pub module: String,
    /// Its declaration in `lib.rs` (an `include!` or a `#[path]` module), with absolute paths.
    pub decl: String,
    /// Where its generated code lies (a file, or a folder): errors there are its own.
    pub root: PathBuf,
    /// The document it was generated from, named in failures.
    pub document: String,
    /// Size of its generated code, in bytes: what a chunk is measured in.
    pub bytes: u64,
}

/// At most this much generated Rust per crate: Microsoft Graph v1.0 (12.4 MB) takes
/// `cargo check` to ~5 GB on its own.
const CHUNK_BYTES: u64 = 14_000_000;

/// Compiles `units` in chunks below `work`; prints `NAME: P passed, F failed` and the document
/// and first error of each failure; fails if any unit or any crate outside the units fails.
pub fn check(name: &str, work: &Path, units: Vec<Unit>) -> Result<(), String> {
    if units.is_empty() {
        return Err(format!("{name}: nothing to compile"));
    }
    let target = crate::root().join("target/sweep-target");
    let total = units.len();
    let mut failures = Vec::new();
    for (n, chunk) in chunks(units).into_iter().enumerate() {
        let crate_name = format!("{}_{n}", name.replace('-', "_"));
        let dir = work.join(&crate_name);
        write_crate(&dir, &crate_name, &chunk)?;
        failures.extend(check_crate(&dir, &target, &chunk)?);
        clean_chunk(&target, &crate_name);
    }
    println!(
        "{name}: {} passed, {} failed",
        total - failures.len(),
        failures.len()
    );
    for (document, error) in &failures {
        println!("  does not compile: {document}\n    first error: {error}");
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: {} client(s) do not compile",
            failures.len()
        ))
    }
}

/// Consecutive groups of units of at most [`CHUNK_BYTES`] each (a larger unit alone).
fn chunks(units: Vec<Unit>) -> Vec<Vec<Unit>> {
    let mut out: Vec<Vec<Unit>> = Vec::new();
    let mut size = 0;
    for unit in units {
        if out.is_empty() || size + unit.bytes > CHUNK_BYTES {
            out.push(Vec::new());
            size = 0;
        }
        size += unit.bytes;
        out.last_mut().expect("pushed").push(unit);
    }
    out
}

/// A crate in `dir` that depends on the runtime, denies warnings and declares `units`.
fn write_crate(dir: &Path, name: &str, units: &[Unit]) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    std::fs::create_dir_all(dir.join("src")).map_err(io)?;
    let mut manifest = DocumentMut::new();
    let mut package = Table::new();
    package["name"] = value(name);
    package["version"] = value("0.0.0");
    package["edition"] = value("2024");
    package["publish"] = value(false);
    manifest["package"] = Item::Table(package);
    let runtime = crate::root().join("runtime");
    let mut dependency = toml_edit::InlineTable::new();
    dependency.insert("path", runtime.to_string_lossy().as_ref().into());
    let mut dependencies = Table::new();
    dependencies["odata-runtime"] = value(dependency);
    manifest["dependencies"] = Item::Table(dependencies);
    // Its own workspace, so the repository's does not claim it.
    manifest["workspace"] = Item::Table(Table::new());
    std::fs::write(dir.join("Cargo.toml"), manifest.to_string()).map_err(io)?;
    let mut lib = String::from("#![deny(warnings)]\n");
    for unit in units {
        lib.push_str(&unit.decl);
        lib.push('\n');
    }
    std::fs::write(dir.join("src/lib.rs"), lib).map_err(io)
}

/// `cargo check`s the crate in `dir`; returns `(document, first error)` per failing unit.
fn check_crate(dir: &Path, target: &Path, units: &[Unit]) -> Result<Vec<(String, String)>, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo check in {}: {e}", dir.display()))?;
    let mut first: Vec<Option<String>> = vec![None; units.len()];
    let mut outside = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((file, text)) = error_of(line) else {
            continue;
        };
        let path = dir.join(&file);
        match units
            .iter()
            .position(|u| path.starts_with(&u.root) || Path::new(&file).starts_with(&u.root))
        {
            Some(i) => {
                first[i].get_or_insert(text);
            }
            None => outside.push(text),
        }
    }
    let failed: Vec<(String, String)> = units
        .iter()
        .zip(first)
        .filter_map(|(u, e)| Some((u.document.clone(), e?)))
        .collect();
    if !outside.is_empty() || (!output.status.success() && failed.is_empty()) {
        return Err(format!(
            "{} failed outside the generated modules:\n{}\n{}",
            dir.display(),
            outside.join("\n"),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(failed)
}

/// The primary file and the rendered one-line text of a compiler error in a JSON message line.
fn error_of(line: &str) -> Option<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(line).ok()?;
    if json["reason"] != "compiler-message" || json["message"]["level"] != "error" {
        return None;
    }
    let message = &json["message"];
    let span = message["spans"]
        .as_array()?
        .iter()
        .find(|s| s["is_primary"] == true)?;
    let file = span["file_name"].as_str()?.to_owned();
    let text = format!(
        "{}:{}:{}: {}",
        file,
        span["line_start"],
        span["column_start"],
        message["message"].as_str().unwrap_or_default()
    );
    Some((file, text))
}

/// Removes what `cargo check` wrote for the chunk's own crate (the runtime stays, shared).
fn clean_chunk(target: &Path, crate_name: &str) {
    for sub in ["debug/deps", "debug/.fingerprint"] {
        let Ok(entries) = std::fs::read_dir(target.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.starts_with(&format!("{crate_name}-"))
                || file.starts_with(&format!("lib{crate_name}-"))
            {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
}

/// The size in bytes of a file, or of every file below a folder.
pub fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| size_of(&e.path()))
            .sum()
    } else {
        path.metadata().map(|m| m.len()).unwrap_or(0)
    }
}
