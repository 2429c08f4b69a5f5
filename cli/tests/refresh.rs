//! `odata-codegen refresh` end to end, without the internet: a server on 127.0.0.1 issues a
//! client-credentials token and serves both Intune contracts, beta changed (a property
//! added, one removed, one renamed, a type changed). The refresh, run on a temporary copy of
//! the repository's fixtures, must write exactly the served fixture, the client and listings
//! a generation from it gives (and differ from the checked-in client only where the change
//! is), and a report that says major and names the Rust items.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;

use odata_codegen::{Config, CrateModule, canonicalize};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("fixtures/intune").join(name)).unwrap()
}

/// beta with `iccid` renamed `iccId`, `phoneNumber` removed, `batteryLevelPercentage`
/// added and `isSupervised` an `Int64`, each where the service would write it.
fn changed_beta() -> String {
    let beta = fixture("beta.xml");
    let edits = [
        (
            r#"<Property Name="iccid" Type="Edm.String">"#,
            r#"<Property Name="iccId" Type="Edm.String">"#,
        ),
        (
            "<PropertyPath>iccid</PropertyPath>",
            "<PropertyPath>iccId</PropertyPath>",
        ),
        (
            "<PropertyPath>phoneNumber</PropertyPath>",
            "<PropertyPath>batteryLevelPercentage</PropertyPath>",
        ),
        (
            r#"<Property Name="phoneNumber" Type="Edm.String">
          <Annotation Term="Core.Description" String="Phone number assigned to the device."/>
        </Property>"#,
            r#"<Property Name="batteryLevelPercentage" Type="Edm.Int32">
          <Annotation Term="Core.Description" String="Battery charge, in percent."/>
        </Property>"#,
        ),
        (
            r#"<Property Name="isSupervised" Type="Edm.Int32">"#,
            r#"<Property Name="isSupervised" Type="Edm.Int64">"#,
        ),
    ];
    let mut text = beta;
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// A request line and its `authorization` header.
type Seen = (String, Option<String>);

/// A server on 127.0.0.1: `POST /tenant/token` issues a token, `GET /svc/$metadata` serves
/// `v1.0` or `beta` by `api-version`.
fn serve(v1: String, beta: String) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let root = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    // The thread ends with the test process.
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (line, auth) = read_head(&stream);
            log.lock().unwrap().push((line.clone(), auth));
            let reply = if line.starts_with("POST /tenant/token ") {
                r#"{"token_type":"Bearer","expires_in":3599,"access_token":"issued-token"}"#
                    .to_owned()
            } else if line.contains("api-version=beta") {
                beta.clone()
            } else {
                v1.clone()
            };
            respond(stream, &reply);
        }
    });
    (root, seen)
}

fn read_head(stream: &TcpStream) -> (String, Option<String>) {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let (mut auth, mut length) = (None, 0);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        match name.to_ascii_lowercase().as_str() {
            "authorization" => auth = Some(value.trim().to_owned()),
            "content-length" => length = value.trim().parse().unwrap(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (first.trim_end().to_owned(), auth)
}

fn respond(mut stream: TcpStream, body: &str) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
}

/// A temporary repository: the two fixtures and a refresh configuration, no client yet.
fn workspace(service: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures/intune");
    std::fs::create_dir_all(&fixtures).unwrap();
    for f in ["v1.0.xml", "beta.xml"] {
        std::fs::write(fixtures.join(f), fixture(f)).unwrap();
    }
    // The repository's own configuration, pointed at the local server.
    let config = std::fs::read_to_string(root().join("refresh.toml")).unwrap();
    let line = config
        .lines()
        .find(|l| l.starts_with("service_root = "))
        .unwrap();
    let config = config.replace(line, &format!("service_root = \"{service}/svc\""));
    std::fs::write(dir.path().join("refresh.toml"), config).unwrap();
    dir
}

fn refresh(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .current_dir(dir)
        .args(["refresh", "--config", "refresh.toml", "--tenant", "t"])
        .args(["--client-id", "app", "--client-secret-env", "WATCH_SECRET"])
        .args(extra)
        .env("WATCH_SECRET", "s3cret")
        .output()
        .unwrap()
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().to_owned();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_changed_beta_is_fetched_written_regenerated_and_reported() {
    let served = changed_beta();
    let (service, seen) = serve(fixture("v1.0.xml"), served.clone());
    let dir = workspace(&service);
    let token_url = format!("{service}/tenant/token");
    let out = refresh(
        dir.path(),
        &[
            "--token-url",
            &token_url,
            "--fail-on",
            "breaking",
            "--report-md",
            "report.md",
            "--report-json",
            "report.json",
        ],
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(!stderr.contains("s3cret") && !stdout.contains("issued-token"));

    // Requests: a token, then each version with it.
    let seen = seen.lock().unwrap().clone();
    let metadata: Vec<&Seen> = seen.iter().filter(|(l, _)| l.starts_with("GET ")).collect();
    assert_eq!(metadata.len(), 2, "{seen:?}");
    assert!(
        metadata[0].0.contains("/svc/$metadata?api-version=v1.0"),
        "{seen:?}"
    );
    assert!(
        metadata[1].0.contains("/svc/$metadata?api-version=beta"),
        "{seen:?}"
    );
    for (_, auth) in &metadata {
        assert_eq!(auth.as_deref(), Some("Bearer issued-token"));
    }

    // The fixtures: exactly the canonical form of what was served.
    let written = |f: &str| std::fs::read_to_string(dir.path().join("fixtures/intune").join(f));
    assert!(written("beta.xml").unwrap() == canonicalize(&served).unwrap());
    assert!(written("v1.0.xml").unwrap() == canonicalize(&fixture("v1.0.xml")).unwrap());

    // The client: what the library generates from the served documents, byte for byte...
    let expected_dir = tempfile::tempdir().unwrap();
    let served_dir = tempfile::tempdir().unwrap();
    std::fs::write(served_dir.path().join("v1.0.xml"), fixture("v1.0.xml")).unwrap();
    std::fs::write(served_dir.path().join("beta.xml"), &served).unwrap();
    let modules = [("v1_0", "v1.0"), ("beta", "beta")].map(|(m, v)| CrateModule {
        module: m.into(),
        metadata: served_dir.path().join(format!("{v}.xml")),
        api_version: Some(v.into()),
    });
    // With the settings refresh.toml gives.
    Config::new()
        .lenient_integers(true)
        .date_keys(["dateKey"])
        .serialize_feature(true)
        .generate_crate(&modules, expected_dir.path())
        .unwrap();
    let client = dir.path().join("generated-client");
    let generated = files(&client.join("src"));
    assert!(generated == files(&expected_dir.path().join("src")));
    // ...and the checked-in client but for the model file of `device` (the three properties
    // stay out of `$filter`, so `devices.rs` is unchanged).
    let checked_in = files(&root().join("generated-client/src"));
    assert_eq!(
        generated.keys().collect::<BTreeSet<_>>(),
        checked_in.keys().collect::<BTreeSet<_>>()
    );
    let differ: Vec<&PathBuf> = generated
        .iter()
        .filter(|(p, bytes)| checked_in[*p] != **bytes)
        .map(|(p, _)| p)
        .collect();
    assert_eq!(differ, [Path::new("beta/models/device.rs")]);
    let device = String::from_utf8(generated[Path::new("beta/models/device.rs")].clone()).unwrap();
    // Generated with lenient integers (refresh.toml), so `Int32` and `Int64` are both `i64`.
    for present in [
        "pub icc_id: Option<String>",
        "pub battery_level_percentage: Option<i64>",
        "pub is_supervised: Option<i64>",
    ] {
        assert!(device.contains(present), "{present}");
    }
    for gone in ["pub iccid:", "pub phone_number:", "Option<i32>"] {
        assert!(!device.contains(gone), "{gone}");
    }

    // The listings: the checked-in ones, with exactly these lines changed.
    let listing = |base: &Path, v: &str| -> BTreeSet<String> {
        std::fs::read_to_string(base.join(format!("api/{v}.txt")))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        listing(&client, "v1_0"),
        listing(&root().join("generated-client"), "v1_0")
    );
    let (new, old) = (
        listing(&client, "beta"),
        listing(&root().join("generated-client"), "beta"),
    );
    let p = "property Microsoft.Intune.DataWarehouse.device";
    let expect =
        |lines: &[&str]| -> BTreeSet<String> { lines.iter().map(|l| format!("{p}/{l}")).collect() };
    assert_eq!(
        old.difference(&new).cloned().collect::<BTreeSet<_>>(),
        expect(&[
            "iccid  nullable=true  type=Edm.String",
            "isSupervised  nullable=true  type=Edm.Int32",
            "phoneNumber  nullable=true  type=Edm.String",
        ])
    );
    assert_eq!(
        new.difference(&old).cloned().collect::<BTreeSet<_>>(),
        expect(&[
            "batteryLevelPercentage  nullable=true  type=Edm.Int32",
            "iccId  nullable=true  type=Edm.String",
            "isSupervised  nullable=true  type=Edm.Int64",
        ])
    );

    // The report: printed, and written as Markdown and JSON with the same content.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.md")).unwrap(),
        stdout
    );
    for line in [
        "semver **major** for the generated crate; 0 dangerous, 2 breaking, 1 additive, 1 compatible changes",
        "### `fixtures/intune/v1.0.xml (before)` → `fixtures/intune/v1.0.xml (fetched)`: patch (`intune_dw::v1_0`)",
        "- property `Microsoft.Intune.DataWarehouse.device/iccId` added; possibly renamed from `iccid` (removed, with the same type) → `intune_dw::beta::models::Device::icc_id`, `intune_dw::beta::models::Device::iccid`",
        "- property `Microsoft.Intune.DataWarehouse.device/phoneNumber` removed → `intune_dw::beta::models::Device::phone_number`, `intune_dw::beta::models::DeviceField::PhoneNumber`",
        // Lenient integers: the wider type changes no code.
        "- property `Microsoft.Intune.DataWarehouse.device/isSupervised` type: `Edm.Int32` → `Edm.Int64` → `intune_dw::beta::models::Device::is_supervised`, `intune_dw::beta::models::DeviceField::IsSupervised` — same Rust shape: field `Option<i64>`",
        "- property `Microsoft.Intune.DataWarehouse.device/batteryLevelPercentage` added (`nullable=true, type=Edm.Int32`) → `intune_dw::beta::models::Device::battery_level_percentage`, `intune_dw::beta::models::DeviceField::BatteryLevelPercentage`",
        "#### Semver: major",
    ] {
        assert!(stdout.contains(line), "missing: {line}\n{stdout}");
    }
    insta::assert_snapshot!("refresh_report", stdout);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["counts"]["breaking"], 2);
    assert_eq!(json["sections"][1]["module"], "intune_dw::beta");

    // Run again: nothing changed, nothing written, and `--fail-on docs` passes.
    let again = refresh(
        dir.path(),
        &["--token-url", &token_url, "--fail-on", "docs"],
    );
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(again.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("semver **patch**"), "{stdout}");
    assert!(!String::from_utf8_lossy(&again.stderr).contains("wrote"));
}

#[test]
fn a_failed_fetch_writes_nothing() {
    let dir = workspace("http://127.0.0.1:1");
    let out = refresh(dir.path(), &["--token-url", "http://127.0.0.1:1/token"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: version `v1_0`:"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    assert!(!dir.path().join("generated-client").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("fixtures/intune/beta.xml")).unwrap(),
        fixture("beta.xml")
    );
}

#[test]
fn a_bad_configuration_is_reported_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("refresh.toml"), "service_root = 1\n").unwrap();
    let out = refresh(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: refresh.toml: "), "{err}");
}

/// The example workflow calls `refresh` with options it has, and the repository's
/// configuration reads.
#[test]
fn the_example_workflow_matches_the_command() {
    let workflow =
        std::fs::read_to_string(root().join("examples/beta-watch/beta-watch.yml")).unwrap();
    let start = workflow
        .find("odata-codegen refresh ")
        .expect("the workflow runs refresh");
    let mut command = String::new();
    for line in workflow[start..].lines() {
        command.push_str(line);
        if !line.trim_end().ends_with('\\') {
            break;
        }
    }
    let flags: BTreeSet<&str> = command
        .split_whitespace()
        .filter(|w| w.starts_with("--"))
        .collect();
    assert!(flags.len() >= 6, "{command}");
    let help = Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .args(["refresh", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in flags {
        assert!(
            help.contains(&format!("{flag} ")),
            "{flag} is no refresh option"
        );
    }
    let config = command
        .split_whitespace()
        .skip_while(|w| *w != "--config")
        .nth(1)
        .unwrap();
    let config = odata_codegen_cli::refresh::RefreshConfig::load(&root().join(config)).unwrap();
    for v in &config.versions {
        assert!(config.resolve(&v.fixture).exists(), "{:?}", v.fixture);
    }
    // The workflow commits what the refresh writes.
    for path in [
        "fixtures/intune/*.xml",
        "generated-client/src/**",
        "generated-client/api/*.txt",
    ] {
        assert!(workflow.contains(path), "{path}");
    }
}
