//! `intune-export`: exports Intune Data Warehouse entity sets to JSON lines or CSV, one file
//! per set, resumably; see `intune-export --help` and `export/README.md`.

#![warn(missing_docs)]

mod cli;
mod encode;
mod job;
mod progress;
mod sets;
mod state;
mod summary;

use std::process::ExitCode;

use clap::Parser;
use futures::StreamExt;

use cli::{ApiVersion, Args};
use job::{Job, Plan, Report};
use progress::Display;
use sets::Version;

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return usage_error(&format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let plans = match plans(&args) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let clients = match Clients::new(&args) {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    for plan in &plans {
        if let Err(e) = std::fs::create_dir_all(&plan.dir) {
            return usage_error(&format!("{}: {e}", plan.dir.display()));
        }
    }
    // Held until the process ends, however it ends (the OS drops the lock).
    let _lock = match lock_folder(&args.out) {
        Ok(l) => l,
        Err(e) => return usage_error(&e),
    };
    let display = Display::new(args.progress);
    let reports = export_all(plans, &clients, &display, args.concurrency.into()).await;
    display.finish();
    print!("{}", summary::table(&reports));
    let failed: Vec<&Report> = reports
        .iter()
        .filter(|r| matches!(r.outcome, job::Outcome::Failed(_)))
        .collect();
    for r in &failed {
        if let job::Outcome::Failed(e) = &r.outcome {
            eprintln!("intune-export: {} failed: {e}", r.label);
        }
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Two runs writing the same folder would interleave their pages: the second is refused
/// while the first holds an advisory lock on `OUT/.intune-export.lock`.
fn lock_folder(out: &std::path::Path) -> Result<std::fs::File, String> {
    let path = out.join(".intune-export.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "another intune-export is writing to {}; wait for it to end",
            out.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("{}: {e}", path.display())),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("intune-export: {message}");
    ExitCode::from(2)
}

/// The sets to export, per chosen version, in the contract's order. A set named with
/// `--sets` must exist in at least one chosen version; versions without it skip it.
fn plans(args: &Args) -> Result<Vec<Plan>, String> {
    let versions: Vec<&'static Version> = dedup(&args.versions)
        .into_iter()
        .map(|v| match v {
            ApiVersion::V1_0 => &sets::V1_0,
            ApiVersion::Beta => &sets::BETA,
        })
        .collect();
    for name in &args.sets {
        if !versions.iter().any(|v| v.set(name).is_some()) {
            let known: Vec<&str> = versions
                .iter()
                .flat_map(|v| v.sets.iter().map(|s| s.name))
                .collect();
            return Err(format!(
                "no entity set `{name}` in the chosen versions; they have: {}",
                known.join(", ")
            ));
        }
    }
    let mut plans = Vec::new();
    for version in versions {
        for set in version.sets {
            if args.sets.is_empty() || args.sets.iter().any(|s| s == set.name) {
                plans.push(Plan {
                    version,
                    set,
                    dir: args.out.join(version.name),
                    format: args.format,
                    max_history_days: args.max_history_days,
                    fresh: args.fresh,
                });
            }
        }
    }
    Ok(plans)
}

fn dedup(versions: &[ApiVersion]) -> Vec<ApiVersion> {
    let mut out: Vec<ApiVersion> = Vec::new();
    for v in versions {
        if !out.contains(v) {
            out.push(*v);
        }
    }
    out
}

/// Runs the plans, at most `concurrency` at a time; reports in plan order.
async fn export_all(
    plans: Vec<Plan>,
    clients: &Clients,
    display: &Display,
    concurrency: usize,
) -> Vec<Report> {
    let jobs = plans.into_iter().map(|plan| {
        let label = plan.label();
        let job = Job {
            plan: plan.clone(),
            display: display.clone(),
        };
        let future = match plan.version.name {
            "beta" => sets::dispatch_beta(&clients.beta, plan.set.name, job),
            _ => sets::dispatch_v1_0(&clients.v1_0, plan.set.name, job),
        };
        async move {
            // Each set on its own task, so sets download and write in parallel.
            match future.map(tokio::spawn) {
                Some(handle) => handle
                    .await
                    .unwrap_or_else(|e| crashed(label, e.to_string())),
                None => crashed(label, "no typed request for this set".into()),
            }
        }
    });
    futures::stream::iter(jobs)
        .buffered(concurrency)
        .collect()
        .await
}

fn crashed(label: String, message: String) -> Report {
    Report {
        label,
        outcome: job::Outcome::Failed(message),
        rows: 0,
        bytes: 0,
        elapsed: std::time::Duration::ZERO,
    }
}

/// A typed client per version, with the same credentials.
struct Clients {
    v1_0: intune_dw::v1_0::Client,
    beta: intune_dw::beta::Client,
}

/// The credentials to use, read from the environment (never printed).
enum Credentials {
    Token(String),
    Client {
        tenant: String,
        id: String,
        secret: String,
    },
}

impl Clients {
    fn new(args: &Args) -> Result<Self, String> {
        let credentials = credentials(args)?;
        // The generated builders preset each version's `api-version`.
        let v1_0 = match &credentials {
            Credentials::Token(t) => {
                intune_dw::v1_0::Client::builder(&args.url).bearer_token(t.as_str())
            }
            Credentials::Client { tenant, id, secret } => intune_dw::v1_0::Client::builder(
                &args.url,
            )
            .client_credentials(intune_dw::v1_0::ClientCredentials::new(
                tenant.as_str(),
                id.as_str(),
                secret.as_str(),
            )),
        };
        let beta = match &credentials {
            Credentials::Token(t) => {
                intune_dw::beta::Client::builder(&args.url).bearer_token(t.as_str())
            }
            Credentials::Client { tenant, id, secret } => intune_dw::beta::Client::builder(
                &args.url,
            )
            .client_credentials(intune_dw::beta::ClientCredentials::new(
                tenant.as_str(),
                id.as_str(),
                secret.as_str(),
            )),
        };
        Ok(Clients {
            v1_0: v1_0.build().map_err(|e| e.to_string())?,
            beta: beta.build().map_err(|e| e.to_string())?,
        })
    }
}

fn credentials(args: &Args) -> Result<Credentials, String> {
    let env = |name: &str| match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
        _ => Err(format!("environment variable {name} is not set")),
    };
    match (&args.token_env, &args.tenant, &args.client_id) {
        (Some(var), ..) => Ok(Credentials::Token(env(var)?)),
        (None, Some(tenant), Some(id)) => Ok(Credentials::Client {
            tenant: tenant.clone(),
            id: id.clone(),
            secret: env(&args.client_secret_env)?,
        }),
        _ => Err("no credentials: give --token-env VAR, or --tenant and --client-id with the secret in $INTUNE_CLIENT_SECRET (or --client-secret-env VAR)".into()),
    }
}
