//! Damaged documents never panic the generator: every fixture (and, when present, every
//! small corpus document) is mutated many times over, with a fixed seed, by dropping an
//! attribute, swapping in another value of the document, a case variant of one, a Rust
//! keyword or prelude name, or an odd value, dropping a line or doubling it; each mutant is
//! then generated in full (as one file or as a crate, in turn). It must either generate, or
//! be refused with a diagnostic that starts with the mutant's file:line:col.
//!
//! `ODATA_MUTANTS=N` makes N times as many mutants. With `ODATA_MUTANTS_OUT=DIR`, every mutant generated as one file is also written to DIR
//! (`m_<n>.rs`, beside its document `m_<n>.xml`), for `cargo xtask mutants-compile` to
//! compile with warnings denied. Compiling some 2,100 such outputs once found code repeating
//! a key property or a parameter that the document named twice; both are now read once, with
//! a warning (see `fixtures/bad/`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use odata_codegen::{Config, CrateModule, Error};

mod common;

/// Mutants per fixture, and per small corpus document, each times `ODATA_MUTANTS` (default 1).
const PER_FIXTURE: usize = 40;
const PER_CORPUS_DOCUMENT: usize = 3;
/// Corpus documents larger than this are left out (they only cost time).
const CORPUS_MAX_BYTES: u64 = 60_000;

/// Values that are well-formed XML but odd where a name, type or facet is expected.
const ODD_VALUES: &[&str] = &[
    "",
    "Collection()",
    "Collection(Edm.String)",
    "Collection(Collection(Edm.Int32))",
    "Edm.Untyped",
    "Edm.EntityType",
    "Edm.ComplexType",
    "Edm.PrimitiveType",
    "Edm.AnnotationPath",
    "Edm.Stream",
    "Edm.Geography",
    "-1",
    "999999999999999999999",
    "true",
    "x.y",
    "self",
    "Self",
    "Max",
    "variable",
    "*",
    "a/b/c",
];

/// `(name start, value start, value end)` of every `name="value"` in `text`.
fn attributes(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("=\"") {
        let eq = from + at;
        let mut name = eq;
        while name > 0 && (bytes[name - 1].is_ascii_alphanumeric() || bytes[name - 1] == b':') {
            name -= 1;
        }
        let value = eq + 2;
        let Some(len) = text[value..].find('"') else {
            break;
        };
        out.push((name, value, value + len));
        from = value + len + 1;
    }
    out
}

/// Names that are Rust keywords, prelude or generated items' names, or no identifier at all.
const RUSTY_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "Option",
    "Result",
    "Box",
    "String",
    "Vec",
    "_",
    "__",
    "a-b",
    "ä",
    "Unknown",
    "Client",
    "models",
    "requests",
    "rt",
    "new",
    "list",
    "get",
    "Filter",
    "ListRequest",
    "send",
    "Default",
    "Some",
    "None",
];

/// `text` with one random mutation.
fn mutate(text: &str, rng: &mut fastrand::Rng) -> String {
    let attrs = attributes(text);
    let lines: Vec<&str> = text.lines().collect();
    match rng.usize(0..6) {
        0 if !attrs.is_empty() => {
            let (name, _, end) = attrs[rng.usize(..attrs.len())];
            format!("{}{}", &text[..name], &text[end + 1..])
        }
        1 if !attrs.is_empty() => {
            let (_, value, end) = attrs[rng.usize(..attrs.len())];
            let (_, other, other_end) = attrs[rng.usize(..attrs.len())];
            format!(
                "{}{}{}",
                &text[..value],
                &text[other..other_end],
                &text[end..]
            )
        }
        2 if !attrs.is_empty() => {
            let (_, value, end) = attrs[rng.usize(..attrs.len())];
            let odd = ODD_VALUES[rng.usize(..ODD_VALUES.len())];
            format!("{}{odd}{}", &text[..value], &text[end..])
        }
        3 if !attrs.is_empty() => {
            let (_, value, end) = attrs[rng.usize(..attrs.len())];
            let (_, other, other_end) = attrs[rng.usize(..attrs.len())];
            let name = match rng.usize(0..3) {
                0 => text[other..other_end].to_lowercase(),
                1 => text[other..other_end].to_uppercase(),
                _ => RUSTY_NAMES[rng.usize(..RUSTY_NAMES.len())].to_owned(),
            };
            format!("{}{name}{}", &text[..value], &text[end..])
        }
        4 if !lines.is_empty() => {
            let drop = rng.usize(..lines.len());
            let kept: Vec<&str> = (0..lines.len())
                .filter(|i| *i != drop)
                .map(|i| lines[i])
                .collect();
            kept.join("\n")
        }
        _ if !lines.is_empty() => {
            let twice = rng.usize(..lines.len());
            let mut out = lines[..=twice].to_vec();
            out.extend(&lines[twice..]);
            out.join("\n")
        }
        _ => text.to_owned(),
    }
}

/// Outcomes over all mutants.
#[derive(Default)]
struct Tally {
    generated: usize,
    refused: usize,
    failures: Vec<String>,
    /// Where generated single files go (`ODATA_MUTANTS_OUT`), and how many went there.
    out: Option<PathBuf>,
    written: usize,
}

impl Tally {
    /// Keeps a mutant's document and generated file in the output folder, if there is one.
    fn keep(&mut self, mutant: &str, files: &[(PathBuf, String)]) {
        let (Some(out), [(_, text)]) = (&self.out, files) else {
            return;
        };
        let stem = out.join(format!("m_{}", self.written));
        std::fs::write(stem.with_extension("xml"), mutant).unwrap();
        std::fs::write(stem.with_extension("rs"), text).unwrap();
        self.written += 1;
    }
}

/// Generates `count` mutants of `seed` in `dir` and tallies what the generator did.
fn run(seed: &Path, count: usize, rng: &mut fastrand::Rng, dir: &Path, tally: &mut Tally) {
    let text = std::fs::read_to_string(seed).unwrap();
    let stem = seed.file_stem().unwrap().to_string_lossy();
    for i in 0..count {
        let mut mutant = text.clone();
        for _ in 0..rng.usize(1..=3) {
            mutant = mutate(&mutant, rng);
        }
        let path = dir.join(format!("{stem}-{i}.xml"));
        std::fs::write(&path, &mutant).unwrap();
        let mut config = Config::new();
        config.module_name("service").threads(1);
        // Both layouts: one file for `include!`, and a crate's files.
        let outcome = catch_unwind(AssertUnwindSafe(|| match i % 2 {
            0 => config.render(&path),
            _ => config.render_crate(&[CrateModule {
                module: "service".to_owned(),
                metadata: path.clone(),
                api_version: Some("beta".to_owned()),
            }]),
        }));
        let what = format!("{} (mutant {i} of {})", path.display(), seed.display());
        let failure = match outcome {
            Ok(Ok(files)) => {
                tally.generated += 1;
                if i % 2 == 0 {
                    tally.keep(&mutant, &files);
                }
                None
            }
            Ok(Err(Error::Model(text))) if has_position(&text, &path) => {
                tally.refused += 1;
                None
            }
            Ok(Err(e)) => Some(format!("{what}: refused without file:line:col: {e}")),
            Err(_) => Some(format!("{what}: panicked")),
        };
        match failure {
            Some(f) => tally.failures.push(f),
            None => std::fs::remove_file(&path).unwrap(),
        }
    }
}

/// Whether `text` starts with `path:line:col:`.
fn has_position(text: &str, path: &Path) -> bool {
    let Some(rest) = text.strip_prefix(&format!("{}:", path.display())) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    parts.next().is_some_and(|l| l.parse::<u32>().is_ok())
        && parts.next().is_some_and(|c| c.parse::<u32>().is_ok())
}

fn small_corpus_documents() -> Option<Vec<PathBuf>> {
    let dir = common::corpus_dir()?;
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    Some(
        manifest
            .lines()
            .skip(1)
            .filter_map(|line| line.split('\t').next())
            .map(|rel| dir.join(rel))
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= CORPUS_MAX_BYTES))
            .collect(),
    )
}

#[test]
fn mutants_generate_or_are_refused_with_a_position_never_a_panic() {
    // The generator's panics are what this test looks for; their default report is noise.
    std::panic::set_hook(Box::new(|_| {}));
    let dir = tempfile::tempdir().unwrap();
    let mut rng = fastrand::Rng::with_seed(0x0da7a);
    let scale: usize = std::env::var("ODATA_MUTANTS").map_or(1, |n| n.parse().unwrap());
    let mut tally = Tally {
        out: std::env::var_os("ODATA_MUTANTS_OUT").map(PathBuf::from),
        ..Tally::default()
    };
    for seed in common::fixtures() {
        run(&seed, PER_FIXTURE * scale, &mut rng, dir.path(), &mut tally);
    }
    match small_corpus_documents() {
        Some(docs) => {
            for seed in &docs {
                run(
                    seed,
                    PER_CORPUS_DOCUMENT * scale,
                    &mut rng,
                    dir.path(),
                    &mut tally,
                );
            }
        }
        None => println!("NOTICE: corpus not found; its mutants are skipped"),
    }
    let _ = std::panic::take_hook();
    println!(
        "mutants: {} generated, {} refused with file:line:col, {} failed",
        tally.generated,
        tally.refused,
        tally.failures.len()
    );
    if !tally.failures.is_empty() {
        // Kept for whoever debugs them.
        let kept = dir.keep();
        panic!(
            "{}\n(mutants kept in {})",
            tally.failures.join("\n"),
            kept.display()
        );
    }
    assert!(
        tally.generated > 100 && tally.refused > 100,
        "the mutations should both keep and break documents"
    );
}
