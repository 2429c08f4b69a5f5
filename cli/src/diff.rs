//! `odata-codegen diff OLD NEW` (or `diff --against [REV] FILE`): the semantic contract diff
//! between two documents, or between a document and its committed version.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Args, ValueEnum};

use odata_codegen::{Class, Config, Report};
use odata_codegen::{LoadOptions, Model, display_path, load, load_bytes, module_name_from};

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD NEW: the old document (e.g. yesterday's beta, or v1.0) and the new one; with
    /// `--against`, only the new document, whose old side is read from git.
    #[arg(value_name = "DOCUMENT", num_args = 1..=2, required = true)]
    documents: Vec<PathBuf>,
    /// Compares the document with its version committed at REV (`git show REV:FILE`):
    /// `--against FILE` for `HEAD`, `--against=REV FILE` for another revision. The diff a
    /// reviewer of a refreshed `$metadata` needs.
    #[arg(
        long,
        value_name = "REV",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "HEAD"
    )]
    against: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit with status 2 when a change of this class (or worse) for the generated crate is
    /// found: dangerous < breaking < additive < docs (any change).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// The Rust path of the generated module, which the report names items by
    /// (`intune_dw::beta`) [default: the module the generator names after the new file].
    #[arg(long, value_name = "PATH")]
    rust_module: Option<String>,
    /// Folders where referenced documents (vocabularies) are looked for.
    #[arg(long = "vocabularies", value_name = "DIR")]
    search_paths: Vec<PathBuf>,
    /// Annotation documents laid over each document, in order (their annotations replace
    /// the document's own of the same term and qualifier); repeatable.
    #[arg(long = "annotations", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// Refuse a document that needed any degradation: every warning is an error.
    #[arg(long)]
    strict: bool,
    /// The code is generated with `--lenient-integers`: report Rust items as it has them.
    #[arg(long = "lenient-integers")]
    lenient_integers: bool,
    /// The code is generated with `--date-key PROPERTY`; repeatable.
    #[arg(long = "date-key", value_name = "PROPERTY")]
    date_keys: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

/// The least severe class that fails a run (`--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Calls that still compile but pass arguments to other parameters.
    Dangerous,
    /// Dangerous or breaking changes.
    Breaking,
    /// Any change but documentation-only ones.
    Additive,
    /// Any change.
    Docs,
}

impl FailOn {
    /// Whether a report whose worst class is `worst` fails.
    pub fn fails(self, worst: Option<Class>) -> bool {
        let limit = match self {
            FailOn::Dangerous => Class::Dangerous,
            FailOn::Breaking => Class::Breaking,
            FailOn::Additive => Class::Additive,
            FailOn::Docs => Class::Compatible,
        };
        worst.is_some_and(|w| w <= limit)
    }
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let options = LoadOptions {
        search_paths: args.search_paths.clone(),
        overlays: args.overlays.clone(),
        strict: args.strict,
    };
    let sides = match (&args.against, args.documents.as_slice()) {
        (None, [old, new]) => read(old, &options)
            .zip(read(new, &options))
            .map(|(o, n)| (o, n, shown(old), shown(new))),
        (Some(rev), [new]) => committed(new, rev, &options)
            .zip(read(new, &options))
            .map(|(o, n)| (o, n, format!("{}@{rev}", shown(new)), shown(new))),
        (None, _) => {
            eprintln!("error: diff takes two documents, OLD and NEW (or one with --against)");
            None
        }
        (Some(_), _) => {
            eprintln!(
                "error: diff --against takes one document, compared with its committed version"
            );
            None
        }
    };
    let Some((old, new, old_name, new_name)) = sides else {
        return ExitCode::FAILURE;
    };
    let module = args.rust_module.clone().unwrap_or_else(|| {
        let stem = args.documents.last().and_then(|d| d.file_stem());
        module_name_from(&stem.unwrap_or_default().to_string_lossy())
    });
    let mut report = Report::default();
    let mut generation = Config::new();
    generation
        .lenient_integers(args.lenient_integers)
        .date_keys(args.date_keys.iter().cloned());
    report.push(
        old_name,
        new_name,
        generation.rust_diff(&old, &new, &module),
    );
    match args.format {
        Format::Markdown => print!("{}", report.markdown()),
        Format::Json => println!("{}", report.json()),
    }
    match args.fail_on {
        Some(fail_on) if fail_on.fails(report.worst()) => ExitCode::from(2),
        _ => ExitCode::SUCCESS,
    }
}

fn shown(path: &Path) -> String {
    display_path(path).display().to_string()
}

/// Loads a document for diffing; errors are printed and make the diff fail.
fn read(path: &Path, options: &LoadOptions) -> Option<Model> {
    let shown = display_path(path);
    let (model, diags) = load(&shown, options);
    report(model, diags)
}

/// Loads the version of `path` committed at `rev`, named `path@rev` in diagnostics (its
/// references are looked for beside the working copy).
fn committed(path: &Path, rev: &str, options: &LoadOptions) -> Option<Model> {
    let bytes = match git_show(path, rev) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!(
                "error: {}: cannot read its version at {rev}: {e}",
                shown(path)
            );
            return None;
        }
    };
    let name = display_path(path).with_file_name(format!(
        "{}@{rev}",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    let (model, diags) = load_bytes(&name, &bytes, options);
    report(model, diags)
}

/// `git show REV:./FILE`, run in the file's folder so that the path is the file's own
/// wherever the command was started.
fn git_show(path: &Path, rev: &str) -> Result<Vec<u8>, String> {
    if rev.starts_with('-') || rev.contains(':') {
        return Err(format!("`{rev}` is not a revision"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file = path.file_name().ok_or("not a file")?.to_string_lossy();
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!("{rev}:./{file}")])
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// Prints a load's errors; the model when there were none.
fn report(model: Option<Model>, diags: odata_codegen::Diagnostics) -> Option<Model> {
    let has_errors = diags.has_errors();
    // Warnings too: each says what was degraded, and so what the diff cannot see.
    for d in diags.into_sorted() {
        eprintln!("{d}");
    }
    if has_errors { None } else { model }
}
