//! Insta snapshots of the code generated from each edge fixture: the review artifact of that
//! output, which has no other record. (The Intune client's code is reviewed as the checked-in
//! `generated-client/`, see `generated_client_fresh.rs`.) `cargo xtask intune` accepts changes;
//! CI uses `INSTA_UPDATE=no`.

use std::path::PathBuf;

use odata_codegen::Config;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
