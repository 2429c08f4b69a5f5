//! The `odata-codegen` command line: one subcommand per job, all going through the
//! `odata-codegen` library; and [`fetch`], which downloads and canonicalizes `$metadata`
//! (with the runtime's Entra ID client-credentials flow). Build scripts depend on the library
//! alone, so they compile neither `clap` nor an HTTP stack.

mod check;
mod diff;
pub mod fetch;
mod generate;
pub mod refresh;
mod surface;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// OData v4 client code generator: reads CSDL `$metadata` and emits typed Rust clients.
#[derive(Debug, Parser)]
#[command(name = "odata-codegen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read documents and report their contents, warnings and errors.
    Check(check::CheckArgs),
    /// Compare two documents: what changed in contract terms, and what breaks.
    Diff(diff::DiffArgs),
    /// Download a service's $metadata, canonicalize it and write it.
    Fetch(Box<fetch::command::FetchArgs>),
    /// Generate a typed client crate from `$metadata` documents.
    Generate(generate::GenerateArgs),
    /// Fetch every configured version, write fixtures, regenerate, report the Rust impact.
    Refresh(Box<refresh::command::RefreshArgs>),
    /// Print the API surface of a document, one line per item.
    Surface(surface::SurfaceArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Fetch(args) => fetch::command::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Refresh(args) => refresh::command::run(&args),
        Command::Surface(args) => surface::run(&args),
    }
}
