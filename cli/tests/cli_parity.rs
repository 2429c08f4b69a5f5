//! One `Config`, two doors: `odata-codegen generate` writes exactly the bytes the library API
//! renders with the same settings — both for a whole crate and for the single-file
//! (`include!`) layout that build scripts use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use odata_codegen::{Config, CrateManifest, CrateModule};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files_below(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read_to_string(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn cli(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .args(args)
        .status();
    assert!(status.unwrap().success(), "odata-codegen {args:?} failed");
}

#[test]
fn cli_and_library_write_the_same_crate() {
    let out = tempdir("crate");
    let (v1, beta) = (
        root().join("fixtures/intune/v1.0.xml"),
        root().join("fixtures/intune/beta.xml"),
    );
    cli(&[
        "generate",
        "--metadata",
        &format!("v1_0={}", v1.display()),
        "--metadata",
        &format!("beta={}", beta.display()),
        "--api-version",
        "v1_0=v1.0",
        "--api-version",
        "beta=beta",
        "--out",
        out.to_str().unwrap(),
    ]);
    let modules = [
        CrateModule {
            module: "v1_0".into(),
            metadata: v1,
            api_version: Some("v1.0".into()),
        },
        CrateModule {
            module: "beta".into(),
            metadata: beta,
            api_version: Some("beta".into()),
        },
    ];
    let library: BTreeMap<PathBuf, String> = Config::new()
        .render_crate(&modules)
        .unwrap()
        .into_iter()
        .collect();
    let written = files_below(&out);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        library.keys().collect::<Vec<_>>()
    );
    for (path, text) in &library {
        assert!(
            written[path] == *text,
            "{} differs between the CLI and the library",
            path.display()
        );
    }
}

#[test]
fn cli_and_library_write_the_same_single_file() {
    let out = tempdir("single");
    let fixture = root().join("fixtures/edge/operations.xml");
    cli(&[
        "generate",
        "--single-file",
        "--metadata",
        &format!("ops={}", fixture.display()),
        "--out",
        out.to_str().unwrap(),
    ]);
    let library: BTreeMap<PathBuf, String> = Config::new()
        .module_name("ops")
        .render(&fixture)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(files_below(&out), library);
}

#[test]
fn regenerating_a_crate_removes_stale_files_and_rewrites_nothing_unchanged() {
    let out = tempdir("regenerate");
    let modules = [CrateModule {
        module: "v1_0".into(),
        metadata: root().join("fixtures/intune/v1.0.xml"),
        api_version: Some("v1.0".into()),
    }];
    let config = Config::new();
    let first = config.generate_crate(&modules, &out).unwrap();
    let models = out.join("src/v1_0/models");
    std::fs::write(
        models.join("dropped_type.rs"),
        "// a type the service no longer has",
    )
    .unwrap();
    std::fs::write(models.join("notes.txt"), "not generated code").unwrap();
    let device = out.join("src/v1_0/devices.rs");
    let modified = std::fs::metadata(&device).unwrap().modified().unwrap();
    // Four writer threads over the same files: same paths, in the same order.
    let second = Config::new()
        .threads(4)
        .generate_crate(&modules, &out)
        .unwrap();
    assert_eq!(first, second);
    assert!(!models.join("dropped_type.rs").exists());
    assert!(models.join("notes.txt").exists());
    assert_eq!(
        std::fs::metadata(&device).unwrap().modified().unwrap(),
        modified,
        "an unchanged file was rewritten"
    );
    let library: BTreeMap<PathBuf, String> =
        config.render_crate(&modules).unwrap().into_iter().collect();
    let mut on_disk = files_below(&out);
    on_disk.remove(Path::new("src/v1_0/models/notes.txt"));
    assert_eq!(on_disk, library);
}

#[test]
fn the_manifest_asks_for_the_runtime_dependency_given() {
    let fixture = root().join("fixtures/edge/operations.xml");
    let modules = [CrateModule {
        module: "ops".into(),
        metadata: fixture.clone(),
        api_version: None,
    }];
    for (spec, line) in [
        (
            Some(r#"path = "../odata-runtime""#),
            r#"odata-runtime = { path = "../odata-runtime" }"#,
        ),
        (
            Some(r#"git = "https://example.com/odata.git", branch = "main""#),
            r#"odata-runtime = { git = "https://example.com/odata.git", branch = "main" }"#,
        ),
        (Some("0.2"), r#"odata-runtime = "0.2""#),
        (None, r#"odata-runtime = "=0.1.0""#),
    ] {
        let out = tempdir("manifest");
        let mut args = vec![
            "generate".to_owned(),
            "--metadata".to_owned(),
            format!("ops={}", fixture.display()),
            "--crate-name".to_owned(),
            "ops-client".to_owned(),
            "--out".to_owned(),
            out.to_str().unwrap().to_owned(),
        ];
        let mut config = Config::new();
        config.crate_manifest(CrateManifest {
            name: "ops-client".into(),
        });
        if let Some(spec) = spec {
            args.extend(["--runtime-dependency".to_owned(), spec.to_owned()]);
            config.runtime_dependency(spec);
        }
        cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let written = files_below(&out);
        let manifest = &written[Path::new("Cargo.toml")];
        assert!(manifest.lines().any(|l| l == line), "{spec:?}: {manifest}");
        let library: BTreeMap<PathBuf, String> =
            config.render_crate(&modules).unwrap().into_iter().collect();
        assert_eq!(written, library, "{spec:?}");
    }
}

#[test]
fn a_runtime_dependency_spec_cannot_add_to_the_manifest() {
    let modules = [CrateModule {
        module: "ops".into(),
        metadata: root().join("fixtures/edge/operations.xml"),
        api_version: None,
    }];
    for spec in [
        "",
        "path = \"x\" }\n[build-dependencies]\nevil = { path = \"y\"",
        "path = \"x\" }, evil = { path = \"y\"",
        "path = \"x\", build = \"evil.rs\"",
        "features = [\"a\"]",
        "\"0.1\"",
    ] {
        let mut config = Config::new();
        config
            .crate_manifest(CrateManifest { name: "c".into() })
            .runtime_dependency(spec);
        let e = config.render_crate(&modules).unwrap_err().to_string();
        assert!(e.contains("runtime dependency"), "{spec:?}: {e}");
    }
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "odata-codegen-parity-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
