//! `odata-codegen surface FILE`: the API surface listing, one line per item.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use odata_codegen::Surface;
use odata_codegen::display_path;
use odata_codegen::{LoadOptions, load};

/// Arguments of `surface`.
#[derive(Debug, Args)]
pub struct SurfaceArgs {
    /// The document.
    file: PathBuf,
    /// Refuse a document that needed any degradation: every warning is an error.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: &SurfaceArgs) -> ExitCode {
    let options = LoadOptions {
        strict: args.strict,
        ..LoadOptions::default()
    };
    let (model, diags) = load(&display_path(&args.file), &options);
    let failed = diags.has_errors() || model.is_none();
    for d in diags.into_sorted() {
        eprintln!("{d}");
    }
    if failed {
        return ExitCode::FAILURE;
    }
    print!(
        "{}",
        Surface::of(&model.expect("loaded without errors"), &Default::default()).render()
    );
    ExitCode::SUCCESS
}
