//! The main job: read both Intune Data Warehouse contracts, regenerate every reviewed
//! artifact from them, and show what changed. One artifact per concern, each checked by
//! `cargo test`: the generated code (`generated-client/src`, `tests/generated_client_fresh.rs`),
//! the API surface listings (`generated-client/api/*.txt`, `codegen/tests/surface.rs`), the
//! v1.0 → beta contract diff (`generated-client/api/v1_0-to-beta.md`, `codegen/tests/diff.rs`),
//! and the insta snapshots of what has no other record (edge fixtures, diagnostics), which
//! are accepted here too. After this job, `cargo test` passes; `git diff` is the review.

use std::path::Path;
use std::process::Command;

use crate::{cargo, cli, root, run};

const V1: &str = "fixtures/intune/v1.0.xml";
const BETA: &str = "fixtures/intune/beta.xml";
/// How the Intune client's Rust types are generated (as in refresh.toml), which `generate`
/// and the diffs' Rust items share: the fixtures' integer widths are guesses, `dateKey`
/// holds date keys.
const TYPE_SETTINGS: [&str; 3] = ["--lenient-integers", "--date-key", "dateKey"];

/// Runs the main job.
pub fn run_job() -> Result<(), String> {
    let bin = cli()?;
    let root = root();
    let odata = |args: &[&str]| {
        let mut command = Command::new(&bin);
        command.args(args).current_dir(&root);
        command
    };
    println!("== check");
    run(&mut odata(&["check", V1, BETA]))?;
    println!("== generate: generated-client/ (v1_0 and beta side by side)");
    run(odata(&[
        "generate",
        "--metadata",
        &format!("v1_0={V1}"),
        "--api-version",
        "v1_0=v1.0",
        "--metadata",
        &format!("beta={BETA}"),
        "--api-version",
        "beta=beta",
        "--out",
        "generated-client",
        "--serialize-feature",
    ])
    .args(TYPE_SETTINGS))?;
    for (file, listing) in [(V1, "v1_0.txt"), (BETA, "beta.txt")] {
        let path = root.join("generated-client/api").join(listing);
        write_output(&mut odata(&["surface", file]), &path)?;
    }
    show_refreshed_contracts(&root, &odata)?;
    println!("== diff: v1.0 -> beta (generated-client/api/v1_0-to-beta.md)");
    let diff = root.join("generated-client/api/v1_0-to-beta.md");
    let mut v1_to_beta = odata(&["diff", V1, BETA, "--format", "markdown"]);
    v1_to_beta.args(["--rust-module", "intune_dw::beta"]);
    write_output(v1_to_beta.args(TYPE_SETTINGS), &diff)?;
    print!("{}", std::fs::read_to_string(&diff).unwrap_or_default());
    accept_snapshots()?;
    println!(
        "== {} reviewed file(s) differ from git: review them with `git diff`",
        changed_outputs(&root)
    );
    Ok(())
}

/// What a refresh changed: each contract that differs from its committed version, with the
/// items of the generated crate it touches and the semver bump it needs.
fn show_refreshed_contracts(root: &Path, odata: &dyn Fn(&[&str]) -> Command) -> Result<(), String> {
    for (module, file) in [("intune_dw::v1_0", V1), ("intune_dw::beta", BETA)] {
        let unchanged = Command::new("git")
            .args(["diff", "--quiet", "HEAD", "--", file])
            .current_dir(root)
            .status()
            .is_ok_and(|s| s.success());
        if !unchanged {
            println!("== diff: {file} as committed (HEAD) -> as it is now");
            // Exit status 2 only reports a change of the `--fail-on` impact; none is asked.
            run(odata(&["diff", "--against", file, "--rust-module", module]).args(TYPE_SETTINGS))?;
        }
    }
    Ok(())
}

/// Accepts the insta snapshots of what has no other record: edge fixtures and diagnostics.
fn accept_snapshots() -> Result<(), String> {
    println!("== snapshots: edge fixtures and diagnostics (insta, accepted)");
    for (package, test) in [
        ("odata-codegen", "diagnostics"),
        ("odata-codegen-suite", "emit_snapshots"),
    ] {
        run(cargo()
            .args(["test", "--quiet", "-p", package, "--test", test])
            .env("INSTA_UPDATE", "always")
            .env("INSTA_FORCE_PASS", "1"))?;
    }
    Ok(())
}

/// How many reviewed outputs differ from git.
fn changed_outputs(root: &Path) -> usize {
    Command::new("git")
        .args(["status", "--porcelain", "--"])
        .args([
            "generated-client",
            "codegen/tests/snapshots",
            "tests/snapshots",
        ])
        .current_dir(root)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().count())
        .unwrap_or(0)
}

/// Runs `command` and writes its standard output to `path`.
fn write_output(command: &mut Command, path: &Path) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::write(path, &output.stdout).map_err(|e| format!("{}: {e}", path.display()))
}
