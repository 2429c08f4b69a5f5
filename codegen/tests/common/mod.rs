//! Paths the integration tests share: the project's fixtures and the shared corpus.
#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

/// Every `fixtures/intune` and `fixtures/edge` document, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut files: Vec<PathBuf> = ["intune", "edge"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// The shared corpus (`$ODATA_CORPUS`, else `../shared/corpus`), when it is there.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ODATA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}
