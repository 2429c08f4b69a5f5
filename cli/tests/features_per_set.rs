//! `generate --features-per-set`: each entity set behind a cargo feature, and each model and
//! navigation-requests module behind the features of the sets that reach it. The crate
//! compiles with warnings denied with no feature, with each set's feature alone, and with all
//! of them — a model a set needs but does not enable would fail one of these.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Generates `fixture` as a crate with per-set features into `out`; returns its manifest.
fn generate(fixture: &str, out: &Path) -> String {
    let status = Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .args(["generate", "--features-per-set", "--crate-name", "per-set"])
        .arg("--metadata")
        .arg(root().join("fixtures/edge").join(fixture))
        .arg("--out")
        .arg(out)
        .arg("--runtime-dependency")
        .arg(format!("path = {:?}", root().join("runtime")))
        .status()
        .unwrap();
    assert!(status.success(), "generate {fixture}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    // Its own workspace, so the repository's does not claim it.
    std::fs::write(out.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).unwrap();
    manifest
}

/// `cargo check` of the crate at `dir` with `features`, warnings denied.
fn check(dir: &Path, features: &str) {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--features", features])
        .current_dir(dir)
        // One target folder for every run: the runtime is built once.
        .env("CARGO_TARGET_DIR", root().join("target/features-per-set"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "features [{features}]: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn models_compile_with_the_features_of_the_sets_that_reach_them() {
    for fixture in ["containment.xml", "operations.xml", "inheritance.xml"] {
        let dir = tempfile::tempdir().unwrap();
        let manifest = generate(fixture, dir.path());
        let sets: Vec<&str> = manifest
            .lines()
            .skip_while(|l| *l != "[features]")
            .skip(1)
            .filter_map(|l| l.strip_suffix(" = []"))
            .filter(|f| !matches!(*f, "default" | "serialize"))
            .collect();
        assert!(
            !sets.is_empty(),
            "{fixture}: no set features in\n{manifest}"
        );
        check(dir.path(), "");
        for set in &sets {
            check(dir.path(), set);
        }
        check(dir.path(), &sets.join(","));
        check(dir.path(), &format!("{},serialize", sets.join(",")));
    }
}

/// In `containment.xml` only `customers` reaches customers, their orders, items and
/// preferences; `products` is reached from both sets, so it is always compiled.
#[test]
fn a_model_is_gated_by_the_sets_that_reach_it() {
    let dir = tempfile::tempdir().unwrap();
    generate("containment.xml", dir.path());
    let models = std::fs::read_to_string(dir.path().join("src/containment/models/mod.rs")).unwrap();
    for gated in ["customer", "item", "order", "preferences"] {
        assert!(
            models.contains(&format!(
                "#[cfg(any(feature = \"customers\"))]\nmod {gated};"
            )),
            "{gated}:\n{models}"
        );
    }
    assert!(models.contains("\nmod product;"), "{models}");
    assert!(!models.contains("#[cfg(any(feature = \"customers\"))]\nmod product;"));
}
