//! `odata-codegen diff OLD NEW`: the semantic contract diff between two documents.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::diag::display_path;
use crate::diff::{ContractDiff, Impact};
use crate::model::{LoadOptions, Model, load};

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old document (e.g. yesterday's beta, or v1.0).
    old: PathBuf,
    /// The new document.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit with status 2 when a change of this impact (or worse) is found.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
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
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Breaking,
    Additive,
    Docs,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let options = LoadOptions {
        search_paths: args.search_paths.clone(),
        overlays: args.overlays.clone(),
        strict: args.strict,
    };
    let (Some(old), Some(new)) = (read(&args.old, &options), read(&args.new, &options)) else {
        return ExitCode::FAILURE;
    };
    let diff = ContractDiff::between(&old, &new);
    match args.format {
        Format::Markdown => print!(
            "{}",
            diff.markdown(
                &display_path(&args.old).display().to_string(),
                &display_path(&args.new).display().to_string()
            )
        ),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diff).expect("diff serializes")
        ),
    }
    let worst = match args.fail_on {
        None => return ExitCode::SUCCESS,
        Some(FailOn::Breaking) => Impact::Breaking,
        Some(FailOn::Additive) => Impact::Additive,
        Some(FailOn::Docs) => Impact::DocsOnly,
    };
    if diff.changes.iter().any(|c| c.impact <= worst) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads a document for diffing; errors are printed and make the diff fail.
fn read(path: &Path, options: &LoadOptions) -> Option<Model> {
    let shown = display_path(path);
    let (model, diags) = load(&shown, options);
    let has_errors = diags.has_errors();
    // Warnings too: each says what was degraded, and so what the diff cannot see.
    for d in diags.into_sorted() {
        eprintln!("{d}");
    }
    if has_errors { None } else { model }
}
