//! The two policies through every door: by default a document with degradable defects
//! generates, with warnings at file:line:col; `Config::strict(true)` and `--strict` (on every
//! subcommand that reads a document) refuse it, each warning an error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use odata_codegen::Config;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A real-world defect: Graph's `request-id` property names (line 7, column 19).
fn lenient_fixture() -> PathBuf {
    root().join("fixtures/lenient/name-with-dash.xml")
}

const POSITION: &str = "name-with-dash.xml:7:19: ";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .args(args)
        .output()
        .expect("run odata-codegen")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn config_generates_by_default_and_refuses_under_strict() {
    let fixture = lenient_fixture();
    assert!(Config::new().module_name("graph").render(&fixture).is_ok());
    let err = Config::new()
        .module_name("graph")
        .strict(true)
        .render(&fixture)
        .expect_err("strict refuses a degraded document")
        .to_string();
    assert!(
        err.contains(&format!("{POSITION}error: expected a simple identifier")),
        "{err}"
    );
}

#[test]
fn every_reading_subcommand_takes_strict() {
    let fixture = lenient_fixture();
    let file = fixture.to_str().unwrap();
    let out_dir = std::env::temp_dir().join(format!("odata-codegen-strict-{}", std::process::id()));
    let out = out_dir.to_str().unwrap();
    let generate = [
        "generate",
        "--single-file",
        "--metadata",
        file,
        "--out",
        out,
    ];
    let commands: [Vec<&str>; 4] = [
        vec!["check", file],
        generate.to_vec(),
        vec!["diff", file, file],
        vec!["surface", file],
    ];
    for args in commands {
        let lenient = run(&args);
        assert!(lenient.status.success(), "{args:?}: {}", text(&lenient));
        assert!(
            text(&lenient).contains(&format!("{POSITION}warning:")),
            "{args:?} does not show the warning: {}",
            text(&lenient)
        );
        let mut strict_args = args.clone();
        strict_args.insert(1, "--strict");
        let strict = run(&strict_args);
        assert_eq!(
            strict.status.code(),
            Some(1),
            "{strict_args:?}: {}",
            text(&strict)
        );
        assert!(
            text(&strict).contains(&format!("{POSITION}error:")),
            "{strict_args:?}: {}",
            text(&strict)
        );
    }
    let _ = std::fs::remove_dir_all(&out_dir);
}
