//! `odata-codegen refresh --config FILE`: fetch every configured version, write the fixtures,
//! regenerate the client and its API listings, and print the report of what changed for the
//! generated crate; exit 2 when `--fail-on` finds a change of that class, 1 on any failure
//! (then nothing was written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{RefreshConfig, RefreshError, refresh};
use crate::diff::FailOn;
use crate::fetch::FetchError;
use crate::fetch::command::RequestArgs;

/// Arguments of `refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// The refresh configuration (TOML: `service_root`, `out`, `crate_path`, `[[versions]]`
    /// with `module`, `api_version`, `fixture`, `listing`); paths are relative to its folder.
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Fetch from this service root instead of the configured one (a tenant's location).
    #[arg(long, value_name = "URL")]
    service_root: Option<String>,
    #[command(flatten)]
    request: RequestArgs,
    /// The format printed on standard output.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Also write the Markdown report to this file (a pull-request body).
    #[arg(long, value_name = "FILE")]
    report_md: Option<PathBuf>,
    /// Also write the JSON report to this file.
    #[arg(long, value_name = "FILE")]
    report_json: Option<PathBuf>,
    /// Exit with status 2 when a change of this class (or worse) for the generated crate is
    /// found: dangerous < breaking < additive < docs (any change).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

/// Runs `refresh` and returns the exit code.
pub fn run(args: &RefreshArgs) -> ExitCode {
    match run_refresh(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_refresh(args: &RefreshArgs) -> Result<ExitCode, String> {
    let mut config = RefreshConfig::load(&args.config).map_err(|e| e.to_string())?;
    if let Some(root) = &args.service_root {
        config.service_root = root.clone();
    }
    let template = args
        .request
        .options()
        .map_err(|e: FetchError| e.to_string())?;
    let done = refresh(&config, &template).map_err(|e: RefreshError| e.to_string())?;
    for path in &done.changed {
        eprintln!("wrote {}", path.display());
    }
    let (markdown, json) = (done.report.markdown(), done.report.json());
    write(args.report_md.as_deref(), &markdown)?;
    write(args.report_json.as_deref(), &json)?;
    match args.format {
        Format::Markdown => print!("{markdown}"),
        Format::Json => println!("{json}"),
    }
    Ok(match args.fail_on {
        Some(f) if f.fails(done.report.worst()) => ExitCode::from(2),
        _ => ExitCode::SUCCESS,
    })
}

fn write(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, text).map_err(|e| format!("{}: {e}", p.display())),
        None => Ok(()),
    }
}
