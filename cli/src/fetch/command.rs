//! `odata-codegen fetch --url URL --out FILE`: download `$metadata`, check it is CSDL,
//! canonicalize it and write it; exit 1 on any failure, with nothing written.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use clap::{ArgGroup, Args};

use crate::fetch::{self, Auth, DEFAULT_SCOPE, FetchError, FetchOptions, Secret};

/// Arguments of `fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The service root or its `$metadata` URL (`/$metadata` is appended when missing).
    #[arg(long)]
    url: String,
    /// The `api-version` query option (Intune Data Warehouse: `v1.0`, `beta`).
    #[arg(long, value_name = "VERSION")]
    api_version: Option<String>,
    /// Another query option; repeatable.
    #[arg(long = "query", value_name = "NAME=VALUE", value_parser = parse_query)]
    query: Vec<(String, String)>,
    #[command(flatten)]
    request: RequestArgs,
    /// Where to write the canonical document; `-` for standard output.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// How requests authenticate, and their headers and limits: shared by `fetch` and
/// `refresh`.
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("auth").args(["bearer_token", "bearer_token_env", "client_id"])),
    group(ArgGroup::new("token_endpoint").args(["tenant", "token_url"]).multiple(true)),
)]
pub struct RequestArgs {
    /// A bearer token. Prefer --bearer-token-env: other users can see command lines.
    #[arg(long, value_name = "TOKEN", value_parser = parse_secret)]
    bearer_token: Option<Secret>,
    /// The environment variable holding a bearer token.
    #[arg(long, value_name = "VAR")]
    bearer_token_env: Option<String>,
    /// The Entra ID tenant (id or domain) whose token endpoint issues the token.
    #[arg(long, requires = "client_id")]
    tenant: Option<String>,
    /// The application (client) id, for the client-credentials grant.
    #[arg(long, value_name = "ID", requires_all = ["client_secret_env", "token_endpoint"])]
    client_id: Option<String>,
    /// The environment variable holding the client secret.
    #[arg(long, value_name = "VAR", requires = "client_id")]
    client_secret_env: Option<String>,
    /// The scope asked for [default: https://api.manage.microsoft.com/.default].
    #[arg(long, requires = "client_id")]
    scope: Option<String>,
    /// The token endpoint, instead of the tenant's Entra ID endpoint.
    #[arg(long, value_name = "URL", requires = "client_id")]
    token_url: Option<String>,
    /// Another request header; repeatable.
    #[arg(long = "header", value_name = "NAME: VALUE", value_parser = HeaderParser)]
    headers: Vec<(String, String)>,
    /// Time limit of each request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = fetch::DEFAULT_TIMEOUT.as_secs())]
    timeout: u64,
    /// The largest document accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = fetch::DEFAULT_MAX_BODY >> 20)]
    max_body_mib: u64,
}

/// Runs `fetch` and returns the exit code.
pub fn run(args: &FetchArgs) -> ExitCode {
    let fetched = match options(args).and_then(|options| fetch::fetch(&options)) {
        Ok(fetched) => fetched,
        Err(e) => {
            eprintln!("error: {e}");
            if let FetchError::NotCsdl { diagnostics, .. } = &e {
                for d in diagnostics {
                    eprintln!("{d}");
                }
            }
            return ExitCode::FAILURE;
        }
    };
    // The document is written anyway: it is what the service serves; `check` judges it.
    for d in &fetched.diagnostics {
        eprintln!("{d}");
    }
    match write(&args.out, &fetched.canonical) {
        Ok(changed) => {
            let verb = if changed { "wrote" } else { "unchanged:" };
            if args.out != Path::new("-") {
                eprintln!("{verb} {} (from {})", args.out.display(), fetched.url);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

fn options(args: &FetchArgs) -> Result<FetchOptions, FetchError> {
    Ok(FetchOptions {
        url: args.url.clone(),
        api_version: args.api_version.clone(),
        query: args.query.clone(),
        ..args.request.options()?
    })
}

impl RequestArgs {
    /// Options for requests as these arguments say (no URL yet).
    pub fn options(&self) -> Result<FetchOptions, FetchError> {
        let auth = if let Some(token) = &self.bearer_token {
            Auth::Bearer(token.clone())
        } else if let Some(var) = &self.bearer_token_env {
            Auth::Bearer(Secret::from_env(var)?)
        } else if let (Some(client_id), Some(secret_var)) =
            (&self.client_id, &self.client_secret_env)
        {
            let token_url = match (&self.token_url, &self.tenant) {
                (Some(url), _) => url.clone(),
                (None, Some(tenant)) => Auth::entra_token_url(tenant),
                (None, None) => unreachable!("clap requires --tenant or --token-url"),
            };
            Auth::ClientCredentials {
                token_url,
                client_id: client_id.clone(),
                client_secret: Secret::from_env(secret_var)?,
                scope: self.scope.as_deref().unwrap_or(DEFAULT_SCOPE).to_owned(),
            }
        } else {
            Auth::None
        };
        Ok(FetchOptions {
            url: String::new(),
            api_version: None,
            query: vec![],
            headers: self.headers.clone(),
            auth,
            timeout: Duration::from_secs(self.timeout),
            max_body: self.max_body_mib.saturating_mul(1 << 20),
        })
    }
}

/// Writes `text` to `out` (`-`: standard output); a file is left untouched when it already
/// holds `text`. Returns whether anything was written.
fn write(out: &Path, text: &str) -> std::io::Result<bool> {
    if out == Path::new("-") {
        print!("{text}");
        return Ok(true);
    }
    if std::fs::read(out).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(out, text)?;
    Ok(true)
}

fn parse_query(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, found `{s}`")),
    }
}

/// Parses `--header NAME: VALUE`. clap's own error for a bad value quotes the value, which may
/// be a secret (an API key header), so this one does not.
#[derive(Clone)]
struct HeaderParser;

impl TypedValueParser for HeaderParser {
    type Value = (String, String);

    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        value
            .to_str()
            .and_then(|s| s.split_once(':'))
            .filter(|(name, _)| !name.trim().is_empty())
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .ok_or_else(|| {
                clap::Error::raw(
                    ErrorKind::ValueValidation,
                    "expected `--header 'NAME: VALUE'`\n",
                )
            })
    }
}

fn parse_secret(s: &str) -> Result<Secret, String> {
    Ok(Secret::new(s))
}
