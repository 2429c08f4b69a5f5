//! The three compile sweeps: what each generates, and how its clients become [`Unit`]s.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sample::Selection;
use crate::sweep::{self, Unit, size_of};

/// Documents below this size are compiled on every CI run (206 of the 212 in the corpus);
/// the few larger ones (Microsoft Graph, Dataverse…) rotate.
const SMALL_DOCUMENT: u64 = 100_000;

/// Every corpus document generates a client (or is refused by the reader, counted); the
/// selected ones are compiled.
pub fn corpus(selection: &Selection) -> Result<(), String> {
    let corpus = std::env::var_os("ODATA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("../shared/corpus"));
    let Ok(manifest) = std::fs::read_to_string(corpus.join("MANIFEST.tsv")) else {
        println!(
            "NOTICE: corpus not found at {}; corpus compile skipped",
            corpus.display()
        );
        return Ok(());
    };
    let bin = crate::cli()?;
    let work = fresh(&crate::root().join("target/corpus-compile"))?;
    let src = work.join("src");
    let paths: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut units = Vec::new();
    for path in &paths {
        let module = module_name(path);
        let generated = Command::new(&bin)
            .args(["generate", "--single-file", "--vocabularies"])
            .arg(corpus.join("oasis-odata-vocabularies"))
            .arg("--metadata")
            .arg(format!("{module}={}", corpus.join(path).display()))
            .arg("--out")
            .arg(&src)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        if generated.status.success() {
            let file = src.join(format!("{module}.rs"));
            units.push((
                size_of(&corpus.join(path)),
                single_file(&module, &file, path),
            ));
        }
    }
    println!(
        "corpus: {} documents, {} generated a client ({} rejected by the reader)",
        paths.len(),
        units.len(),
        paths.len() - units.len()
    );
    let picked = selection.pick(
        "corpus-compile",
        units,
        |u| &u.1.document,
        |u| u.0 < SMALL_DOCUMENT,
        6,
    );
    sweep::check(
        "corpus-compile",
        &work,
        picked.into_iter().map(|(_, u)| u).collect(),
    )
}

/// The damaged documents of the mutants test that the generator accepted: their clients.
pub fn mutants(selection: &Selection) -> Result<(), String> {
    let work = fresh(&crate::root().join("target/mutants-compile"))?;
    let out = work.join("src");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    crate::run(
        crate::cargo()
            .args([
                "test",
                "--quiet",
                "-p",
                "odata-codegen",
                "--test",
                "mutants",
            ])
            .env(
                "ODATA_MUTANTS",
                std::env::var("ODATA_MUTANTS").unwrap_or_else(|_| "1".into()),
            )
            .env("ODATA_MUTANTS_OUT", &out),
    )?;
    let mut units = Vec::new();
    for file in sorted_entries(&out)? {
        if file.extension().is_some_and(|e| e == "rs") {
            let module = stem(&file);
            let document = file.with_extension("xml").display().to_string();
            units.push(Unit {
                decl: format!(
                    "pub mod {module} {{ include!({:?}); }}",
                    file.display().to_string()
                ),
                module,
                bytes: size_of(&file),
                root: file,
                document,
            });
        }
    }
    // Mutants are small: none is compiled always; a quarter per commit.
    let picked = selection.pick("mutants-compile", units, |u| &u.module, |_| false, 4);
    sweep::check("mutants-compile", &work, picked)
}

/// The clients of the synthetic densely cross-linked documents of `codegen/tests/stress.rs`
/// (`ODATA_STRESS_ALL=1` adds the 800-type one laid out as one file: over 9 CPU minutes and
/// 12 GB), compiled with the default recursion limit. Always in full.
pub fn stress() -> Result<(), String> {
    let work = fresh(&crate::root().join("target/stress-compile"))?;
    let generated = work.join("generated");
    crate::run(
        crate::cargo()
            .args(["test", "--quiet", "-p", "odata-codegen", "--test", "stress"])
            .env("ODATA_STRESS_OUT", &generated),
    )?;
    let mut units = Vec::new();
    for entry in sorted_entries(&generated)? {
        let module = stem(&entry);
        let document = generated
            .join(format!("{module}.xml"))
            .display()
            .to_string();
        if entry.is_dir() {
            // A generated crate becomes a module: its `src/lib.rs`, with its version modules
            // beside it (a `#[path]` module file finds its children in its own folder).
            let lib = entry.join("src/lib.rs");
            units.push(Unit {
                decl: format!(
                    "#[path = {:?}]\npub mod {module};",
                    lib.display().to_string()
                ),
                module,
                bytes: size_of(&entry),
                root: entry,
                document,
            });
        } else if entry.extension().is_some_and(|e| e == "rs") {
            units.push(single_file(&module, &entry, &document));
        }
    }
    sweep::check("stress-compile", &work, units)
}

/// A client generated as one file (`pub mod module { … }`), included as is.
pub(crate) fn single_file(module: &str, file: &Path, document: &str) -> Unit {
    Unit {
        module: module.to_owned(),
        decl: format!("include!({:?});", file.display().to_string()),
        root: file.to_path_buf(),
        document: document.to_owned(),
        bytes: size_of(file),
    }
}

/// `doc_` and the path's letters and digits, lowercased, other runs as one `_`.
pub(crate) fn module_name(path: &str) -> String {
    let mut out = String::from("doc_");
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out
}

/// An empty folder at `dir` (what a previous run left is removed).
pub(crate) fn fresh(dir: &Path) -> Result<PathBuf, String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir.to_path_buf())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    Ok(entries)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
