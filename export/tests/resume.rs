//! End to end: `intune-export` against the SAP CAP server of `e2e/cap/` (Intune-derived model,
//! page size 50, 127.0.0.1), killed with SIGKILL in the middle of a page of a set, then run
//! again: the files hold exactly the rows the server serves, each once (checked by key), in
//! JSON lines and in CSV, and the plain progress lines appear.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use futures::TryStreamExt;
use odata_runtime::{Client, CollectionRequest};
use serde_json::Value;

#[path = "../../tests/support/cap.rs"]
mod cap;

/// Served rows per set, by key (the key's values as text, joined by `|`), with a count.
type Keys = BTreeMap<String, usize>;

fn key_of(get: impl Fn(&str) -> Option<String>, key: &[&str]) -> String {
    key.iter()
        .map(|k| get(k).unwrap_or_else(|| panic!("row without key {k}")))
        .collect::<Vec<_>>()
        .join("|")
}

/// A JSON value as the key text: numbers as CAP may send them (strings for Int64) and as the
/// export writes them both become the digits.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What the server serves for `set`, read with the runtime alone (untyped rows).
fn served(server: &cap::CapServer, set: &str, key: &[&str]) -> Keys {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let rows: Vec<Value> = runtime.block_on(async {
        let client = Client::builder(&server.url)
            .query_param("api-version", "v1.0")
            .bearer_token("e2e-token")
            .build()
            .unwrap();
        CollectionRequest::new(client, set)
            .stream()
            .try_collect()
            .await
            .unwrap()
    });
    let mut keys = Keys::new();
    for row in &rows {
        *keys
            .entry(key_of(|k| row.get(k).map(text), key))
            .or_default() += 1;
    }
    assert_eq!(
        rows.len(),
        server.count(set),
        "{set}: the server serves its count"
    );
    keys
}

fn exported_jsonl(path: &Path, key: &[&str]) -> Keys {
    let mut keys = Keys::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let row: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        *keys
            .entry(key_of(|k| row.get(k).map(text), key))
            .or_default() += 1;
    }
    keys
}

fn exported_csv(path: &Path, key: &[&str]) -> Keys {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut keys = Keys::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len(), "a whole row");
        let get = |k: &str| {
            let i = header.iter().position(|h| h == k)?;
            Some(record[i].to_owned())
        };
        *keys.entry(key_of(get, key)).or_default() += 1;
    }
    keys
}

fn export(server: &cap::CapServer, out: &Path, format: &str, sets: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_intune-export"));
    cmd.args(["--url", &server.url, "--sets", sets, "--format", format])
        .args([
            "--token-env",
            "E2E_TOKEN",
            "--progress",
            "plain",
            "--concurrency",
            "2",
        ])
        .arg("--out")
        .arg(out)
        .env("E2E_TOKEN", "e2e-token")
        .env_remove("INTUNE_EXPORT_TEST_STALL");
    cmd
}

/// Runs the export stalled mid-page on page `page` of `set` and kills it there (SIGKILL);
/// returns its standard error so far. While it is stalled, `while_stalled` runs (and must be
/// refused: the folder is locked).
fn run_and_kill(mut cmd: Command, set: &str, page: u32, mut while_stalled: Command) -> Vec<String> {
    cmd.env("INTUNE_EXPORT_TEST_STALL", format!("{set}:{page}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut lines = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => {
                let stalled = line.contains("test stall");
                lines.push(line);
                if stalled {
                    break;
                }
            }
            Err(e) => {
                let _ = child.kill();
                panic!("no stall ({e}); stderr:\n{}", lines.join("\n"));
            }
        }
    }
    // Meanwhile a second run on the same folder is refused.
    let second = while_stalled.output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another intune-export is writing to"),
        "{stderr}"
    );
    child.kill().unwrap(); // SIGKILL: no clean-up of any kind runs
    child.wait().unwrap();
    lines
}

fn state(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// One format: kill during `set`, check what the kill left, resume, compare with the server.
fn kill_and_resume(server: &cap::CapServer, format: &str, set: &str, key: &[&str], other: &str) {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{format}"));
    let _ = std::fs::remove_dir_all(&out);
    let sets = format!("{set},{other}");
    let before = run_and_kill(
        export(server, &out, format, &sets),
        set,
        4,
        export(server, &out, format, &sets),
    );
    assert!(
        before
            .iter()
            .any(|l| l.starts_with(&format!("v1.0/{set}: page 3: 150 rows"))),
        "plain progress lines:\n{}",
        before.join("\n")
    );
    let file = out.join("v1.0").join(format!("{set}.{format}"));
    let saved = state(&out.join("v1.0").join(format!("{set}.{format}.state.json")));
    assert_eq!(saved["rows"], 150, "three pages saved before the kill");
    let saved_bytes = saved["bytes"].as_u64().unwrap();
    let on_disk = std::fs::metadata(&file).unwrap().len();
    assert!(
        on_disk > saved_bytes,
        "half a page past the saved state ({on_disk} vs {saved_bytes})"
    );
    if set == "devices" {
        tampered_states_are_refused(server, &out, &out.join("v1.0/devices.jsonl.state.json"));
    }

    let done = export(server, &out, format, &sets).output().unwrap();
    let stdout = String::from_utf8_lossy(&done.stdout);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("v1.0/{set}: resuming after row 150")),
        "{stderr}"
    );
    assert!(
        stdout.contains("done (resumed after 150)"),
        "summary:\n{stdout}"
    );
    println!("{format} after the restart:\n{stdout}");

    for (name, key) in [(set, key), (other, &["userKey"][..])] {
        let path = out.join("v1.0").join(format!("{name}.{format}"));
        let got = match format {
            "csv" => exported_csv(&path, key),
            _ => exported_jsonl(&path, key),
        };
        let want = served(server, name, key);
        assert!(got.values().all(|n| *n == 1), "{name}: a row written twice");
        assert_eq!(got, want, "{name}: exactly the served rows");
    }

    // A third run finds everything complete and requests nothing.
    let again = export(server, &out, format, &sets).output().unwrap();
    assert!(again.status.success());
    let summary = String::from_utf8_lossy(&again.stdout);
    assert_eq!(summary.matches("already complete").count(), 2, "{summary}");
}

#[test]
fn killed_mid_page_and_restarted_exports_every_row_once() {
    let server = cap::CapServer::start("start.sh", ".work");
    kill_and_resume(&server, "jsonl", "devices", &["deviceKey"], "users");
    kill_and_resume(
        &server,
        "csv",
        "devicePropertyHistories",
        &["dateKey", "deviceKey"],
        "users",
    );
}

/// Bad options are refused before anything is requested, with exit status 2.
#[test]
fn an_unknown_set_is_a_usage_error() {
    let run = Command::new(env!("CARGO_BIN_EXE_intune-export"))
        .args([
            "--url",
            "http://127.0.0.1:9/svc",
            "--sets",
            "devices,nosuchset",
        ])
        .args(["--token-env", "E2E_TOKEN", "--out"])
        .arg(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-usage"))
        .env("E2E_TOKEN", "t")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no entity set `nosuchset`") && stderr.contains("devicePropertyHistories"),
        "{stderr}"
    );
}

/// A saved state is input: its next link edited to another host, or elsewhere on the
/// server, is refused before any request; the run fails naming the set, prints no secret,
/// and keeps the state, so the restored state resumes as before.
fn tampered_states_are_refused(server: &cap::CapServer, out: &Path, state_path: &Path) {
    let original = std::fs::read(state_path).unwrap();
    let origin = server.url.split("/odata").next().unwrap().to_owned();
    for (link, error) in [
        (
            "https://attacker.example/odata/v4/x/devices?$skiptoken=1".to_owned(),
            "leaves the service's origin",
        ),
        (
            format!("{origin}/admin/devices?$skiptoken=1"),
            "not under the service root",
        ),
    ] {
        let mut state: Value = serde_json::from_slice(&original).unwrap();
        state["next_link"] = Value::String(link);
        std::fs::write(state_path, state.to_string()).unwrap();
        let run = export(server, out, "jsonl", "devices")
            .env("E2E_TOKEN", "super-secret-token")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(1), "{stdout}\n{stderr}");
        assert!(
            stderr.contains("v1.0/devices failed") && stderr.contains(error),
            "{stderr}"
        );
        assert!(stdout.contains("FAILED"), "{stdout}");
        assert!(!stderr.contains("super-secret") && !stdout.contains("super-secret"));
    }
    std::fs::write(state_path, original).unwrap();
}
