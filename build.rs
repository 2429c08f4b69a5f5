//! Runs the real build-time path (the `odata-codegen` library API, as a user's build script
//! would) over every fixture into `OUT_DIR` (`fixtures/lenient/` must all generate; of
//! `fixtures/bad/`, those the reader accepts with warnings; `fixtures/interop/` holds documents
//! real servers served); `src/lib.rs` includes the results with warnings denied, so a fixture
//! whose generated code does not compile fails this build.

use std::path::{Path, PathBuf};

use odata_codegen::Config;

/// Fixtures that are not services (documents other fixtures reference).
const NOT_SERVICES: &[&str] = &["references-included.xml"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut modules = Vec::new();
    for (module, file, version) in [
        ("intune_v1_0", "v1.0.xml", "v1.0"),
        ("intune_beta", "beta.xml", "beta"),
    ] {
        // As `cargo xtask intune` generates the checked-in client.
        Config::new()
            .module_name(module)
            .api_version(version)
            .lenient_integers(true)
            .date_keys(["dateKey"])
            .generate(root.join("fixtures/intune").join(file), &out)
            .unwrap_or_else(|e| panic!("{e}"));
        modules.push(module.to_owned());
    }
    // Edge cases (one concern per file), documents real servers served
    // (fixtures/interop/README.md) and real-world defects the reader degrades with warnings
    // (one per file) must all generate; of the bad fixtures, those the reader refuses are left
    // out (see codegen/tests/diagnostics.rs).
    for (folder, required) in [
        ("edge", true),
        ("interop", true),
        ("lenient", true),
        ("bad", false),
    ] {
        let dir = root.join("fixtures").join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        for path in documents(&dir) {
            let module = module_name(folder, &path);
            // Their warnings are the point of the bad and lenient fixtures, not news. The edge
            // fixtures implement `Serialize` only for request bodies unless the suite's `serialize`
            // feature is on, so both ways compile.
            let generated = Config::new()
                .module_name(&module)
                .cargo_warnings(false)
                .serialize_feature(folder == "edge")
                .generate(&path, &out);
            match generated {
                Ok(_) => modules.push(module),
                Err(e) if required => panic!("{e}"),
                Err(_) => {}
            }
        }
    }
    let includes: String = modules
        .iter()
        .map(|m| format!("include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n"))
        .collect();
    std::fs::write(out.join("fixtures.rs"), includes).expect("write fixtures.rs");
}

/// `<prefix>_<file stem>`, as an identifier.
fn module_name(prefix: &str, path: &Path) -> String {
    let stem = path.file_stem().expect("file stem").to_string_lossy();
    format!(
        "{prefix}_{}",
        stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            .to_ascii_lowercase()
    )
}

/// Every `*.xml` service document in `dir`, sorted.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .filter(|p| {
            !NOT_SERVICES
                .iter()
                .any(|n| p.file_name().is_some_and(|f| f == *n))
        })
        .collect();
    files.sort();
    files
}
