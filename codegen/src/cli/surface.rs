//! `odata-codegen surface FILE`: the API surface listing, one line per item.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::diag::display_path;
use crate::model::{LoadOptions, load};
use crate::surface::Surface;

/// Arguments of `surface`.
#[derive(Debug, Args)]
pub struct SurfaceArgs {
    /// The document.
    file: PathBuf,
}

pub fn run(args: &SurfaceArgs) -> ExitCode {
    let (model, diags) = load(&display_path(&args.file), &LoadOptions::default());
    if diags.has_errors() {
        for d in diags.into_sorted() {
            eprintln!("{d}");
        }
        return ExitCode::FAILURE;
    }
    print!(
        "{}",
        Surface::of(&model.expect("loaded without errors"), &Default::default()).render()
    );
    ExitCode::SUCCESS
}
