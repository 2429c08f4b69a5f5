//! Insta snapshots of the generator's output, the review artifact: one per entity-set module
//! and per model file of both Intune versions, one per edge fixture.
//! Update with `INSTA_UPDATE=always cargo test --test emit_snapshots`; CI uses `INSTA_UPDATE=no`.

use std::path::{Path, PathBuf};

use odata_codegen::config::{Config, CrateModule};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `src/v1_0/models/device.rs` → `models__device`, `src/v1_0/mod.rs` → `mod`.
fn snapshot_name(module: &str, path: &Path) -> String {
    let rel = path
        .strip_prefix(Path::new("src").join(module))
        .expect("below the module");
    let text = rel
        .with_extension("")
        .to_string_lossy()
        .replace(['/', '\\'], "__");
    format!("intune_{module}__{text}")
}

fn snapshot_intune(module: &str, file: &str, version: &str) {
    let modules = [CrateModule {
        module: module.into(),
        metadata: root().join("fixtures/intune").join(file),
        api_version: Some(version.into()),
    }];
    let files = Config::new().render_crate(&modules).expect("render");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (path, text) in files {
            if path.starts_with(Path::new("src").join(module)) {
                insta::assert_snapshot!(snapshot_name(module, &path), text);
            }
        }
    });
}

#[test]
fn intune_v1_0() {
    snapshot_intune("v1_0", "v1.0.xml", "v1.0");
}

#[test]
fn intune_beta() {
    snapshot_intune("beta", "beta.xml", "beta");
}

#[test]
fn edge_fixtures() {
    let dir = root().join("fixtures/edge");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/edge")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for path in files {
            let stem = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
            if stem == "references_included" {
                continue;
            }
            let module = format!("edge_{stem}");
            let out = Config::new()
                .module_name(&module)
                .render(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (_, text) in out {
                insta::assert_snapshot!(format!("edge__{stem}"), text);
            }
        }
    });
}
