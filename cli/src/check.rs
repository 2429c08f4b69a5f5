//! `odata-codegen check FILE...`: summaries and diagnostics; exit 1 when any error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use odata_codegen::Summary;
use odata_codegen::{Diagnostic, Severity, display_path};
use odata_codegen::{LoadOptions, load};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// CSDL XML documents to read.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Refuse what the default reads with a degradation: every warning is an error.
    #[arg(long)]
    strict: bool,
    /// Folders where referenced documents (vocabularies) are looked for.
    #[arg(long = "vocabularies", value_name = "DIR")]
    search_paths: Vec<PathBuf>,
    /// Annotation documents laid over each document, in order (their annotations replace
    /// the document's own of the same term and qualifier); repeatable.
    #[arg(long = "annotations", value_name = "FILE")]
    overlays: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Serialize)]
struct Report {
    file: String,
    summary: Option<Summary>,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Diagnostic>,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let options = LoadOptions {
        search_paths: args.search_paths.clone(),
        overlays: args.overlays.clone(),
        strict: args.strict,
    };
    let mut failed = false;
    let mut reports = vec![];
    for file in &args.files {
        let shown = display_path(file);
        let (model, diags) = load(&shown, &options);
        let diagnostics = diags.into_sorted();
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        failed |= errors > 0;
        let report = Report {
            file: shown.display().to_string(),
            summary: model.as_ref().map(Summary::of),
            errors,
            warnings: diagnostics.len() - errors,
            diagnostics,
        };
        match args.format {
            Format::Text => print_text(&report),
            Format::Json => reports.push(report),
        }
    }
    if let Format::Json = args.format {
        println!(
            "{}",
            serde_json::to_string_pretty(&reports).expect("reports serialize")
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(report: &Report) {
    println!("{}", report.file);
    if let Some(summary) = &report.summary {
        print!("{}", summary.render());
    }
    for d in &report.diagnostics {
        println!("{d}");
    }
    println!(
        "  {} error(s), {} warning(s)\n",
        report.errors, report.warnings
    );
}
