//! Command-line options.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Exports Intune Data Warehouse entity sets, one file per set, resumably.
///
/// Writes OUT/<version>/<set>.jsonl (or .csv) for every entity set of each chosen API version,
/// or only the sets named with --sets. After each page is written and flushed, the set's
/// state (the next link, the rows and the byte length of the file) is saved beside it as
/// <set>.<ext>.state.json, atomically; run the same command again after an interruption and
/// each set continues where it stopped: the file is cut back to the saved length and paging
/// resumes at the saved next link, so no row is lost or written twice. A set whose state says
/// complete is skipped; --fresh starts every chosen set over.
///
/// JSON lines: one object per row with every property of the set in declaration order, null
/// where the service sent null or left a property out. CSV: a header row of the set's
/// properties in declaration order; null is an empty field (so is an empty string: use JSON
/// lines when the difference matters); numbers and booleans as JSON writes them; dates and
/// times as the service's ISO 8601 text; complex values and collections as JSON text
/// (`["a","b"]`).
///
/// Credentials: a bearer token from the environment variable named by --token-env, or Entra
/// ID client credentials (--tenant, --client-id, and the secret from the variable named by
/// --client-secret-env). Secrets are read from the environment only and never printed.
///
/// Exit status: 0 when every set is complete, 1 when a set failed (each named on standard
/// error; its state is kept, so the next run resumes it), 2 for bad options.
#[derive(Debug, Parser)]
#[command(
    name = "intune-export",
    disable_version_flag = true,
    max_term_width = 100
)]
pub struct Args {
    /// The service root (https://fef.{location}.manage.microsoft.com/ReportingService/DataWarehouseFEService).
    #[arg(long, env = "INTUNE_DW_URL")]
    pub url: String,

    /// The folder to write to (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,

    /// Entity sets to export, comma-separated wire names (devices,users); default: all.
    #[arg(long, value_delimiter = ',')]
    pub sets: Vec<String>,

    /// API versions to export, comma-separated.
    #[arg(long = "version", value_delimiter = ',', default_value = "v1.0")]
    pub versions: Vec<ApiVersion>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,

    /// Only the last N days (the warehouse's `maxhistorydays` option), on the sets it acts
    /// on: those keyed on dateKey. Other sets are exported whole.
    #[arg(long, value_name = "N")]
    pub max_history_days: Option<u16>,

    /// How many sets are exported at the same time.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,

    /// Ignore saved states: export every chosen set from its first row.
    #[arg(long)]
    pub fresh: bool,

    /// Progress display: a bar per set on a terminal, else a line per page.
    #[arg(long, value_enum, default_value_t = Progress::Auto)]
    pub progress: Progress,

    /// Environment variable holding a bearer token.
    #[arg(long, value_name = "VAR", conflicts_with_all = ["tenant", "client_id"])]
    pub token_env: Option<String>,

    /// Entra ID tenant, for client credentials.
    #[arg(long, env = "INTUNE_TENANT_ID", requires = "client_id")]
    pub tenant: Option<String>,

    /// Application (client) id, for client credentials.
    #[arg(long, env = "INTUNE_CLIENT_ID", requires = "tenant")]
    pub client_id: Option<String>,

    /// Environment variable holding the client secret.
    #[arg(long, value_name = "VAR", default_value = "INTUNE_CLIENT_SECRET")]
    pub client_secret_env: String,
}

/// An API version of the warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ApiVersion {
    /// `api-version=v1.0`.
    #[value(name = "v1.0")]
    V1_0,
    /// `api-version=beta`.
    #[value(name = "beta")]
    Beta,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON lines (`.jsonl`).
    Jsonl,
    /// Comma-separated values with a header row (`.csv`).
    Csv,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    /// Bars when standard error is a terminal, else plain lines.
    Auto,
    /// A bar per set.
    Bars,
    /// A line per page on standard error.
    Plain,
    /// Nothing but the summary.
    None,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse() {
        let a = Args::try_parse_from([
            "intune-export",
            "--url",
            "https://h/svc",
            "--out",
            "o",
            "--sets",
            "devices,users",
            "--version",
            "v1.0,beta",
            "--format",
            "csv",
            "--max-history-days",
            "7",
        ])
        .unwrap();
        assert_eq!(a.sets, ["devices", "users"]);
        assert_eq!(a.versions, [ApiVersion::V1_0, ApiVersion::Beta]);
        assert_eq!(a.format, Format::Csv);
        assert_eq!(a.concurrency, 3);
        let e = Args::try_parse_from([
            "intune-export",
            "--url",
            "u",
            "-o",
            "o",
            "--concurrency",
            "0",
        ]);
        assert!(e.is_err());
    }

    #[test]
    fn help_says_how_nulls_and_collections_are_written() {
        use clap::CommandFactory;
        let help = Args::command().render_long_help().to_string();
        assert!(help.contains("null is an empty field"), "{help}");
        assert!(help.contains("collections as JSON text"), "{help}");
    }
}
