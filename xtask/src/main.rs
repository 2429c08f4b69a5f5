//! `cargo xtask JOB`: the repository's jobs that are more than `cargo test`.
//!
//! - `intune`: the main job. Checks both Intune contracts, regenerates every reviewed
//!   artifact (the checked-in client, its API listings, the v1.0 → beta contract diff, and the
//!   insta snapshots), and shows what a contract refresh changed. After it, `cargo test` passes.
//! - `corpus-compile`, `mutants-compile`, `stress-compile`: the compile sweeps. Each generates
//!   clients and compiles them with warnings denied, in chunks (rustc memory stays bounded),
//!   and names the document and first error of any client that does not compile. With
//!   `--ci` a sweep compiles a fixed sample that rotates with the commit (see [`sample`]);
//!   without it, everything.
//! - `heldback-compile`: the same for the held-back set, real documents the team has not seen,
//!   fetched from the package registries and checked against `fixtures/heldback/MANIFEST.tsv`
//!   (see [`heldback`]).

mod heldback;
mod intune;
mod sample;
mod sweep;
mod sweeps;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <intune | corpus-compile | mutants-compile | stress-compile | heldback-compile> [--ci | --slice I/K]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((job, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = sample::Selection::from_args(rest).and_then(|selection| match job.as_str() {
        "intune" => intune::run_job(),
        "corpus-compile" => sweeps::corpus(&selection),
        "mutants-compile" => sweeps::mutants(&selection),
        "stress-compile" => sweeps::stress(),
        "heldback-compile" => heldback::run(&selection),
        other => Err(format!("unknown job `{other}`\n{USAGE}")),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the xtask crate's parent folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// Runs `command` to completion; an error names it and its exit status.
fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {status}"))
    }
}

/// `cargo` with the repository root as working directory.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

/// Builds the `odata-codegen` executable and returns its path. The debug build: `cargo test`
/// has built it already (CI saves a release build of every dependency), and generating the
/// largest corpus document takes seconds in it.
fn cli() -> Result<PathBuf, String> {
    run(cargo().args(["build", "--quiet", "-p", "odata-codegen-cli"]))?;
    Ok(root().join("target/debug/odata-codegen"))
}
