//! Every document in `fixtures/bad/` yields diagnostics with file:line:col; the text of each
//! is a reviewed snapshot. Most defects are errors; the few a lenient reader accepts (as
//! real services need) are warnings that `--strict` turns into errors.

use std::path::Path;

use odata_codegen::diag::Severity;
use odata_codegen::model::{LoadOptions, load};

/// Defects real services ship, read leniently: a warning, not an error.
const WARNINGS_ONLY: &[&str] = &[
    "annotations-target-dangling",
    "duplicate-inherited-property-name",
    "entityset-type-without-key",
    "enum-value-out-of-range",
    "function-import-unknown-function",
    "function-without-return-type",
    "key-property-collection",
    "key-property-complex-type",
    "key-property-nullable",
    "key-propertyref-twice",
    "navigation-binding-path-missing",
    "navigation-binding-target-missing",
    "operation-duplicate-parameter",
    "redeclared-member-other-kind",
    "referential-constraint-unknown-property",
    "singleton-unknown-type",
    "two-entity-containers",
    "unknown-edm-primitive",
];

fn render(path: &Path) -> (String, bool, usize) {
    let (_, diags) = load(path, &LoadOptions::default());
    let list = diags.into_sorted();
    let has_error = list.iter().any(|d| d.severity == Severity::Error);
    let text = list
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    (text, has_error, list.len())
}

#[test]
fn bad_fixtures_are_reported_with_positions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::set_current_dir(&root).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir("fixtures/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 20, "expected at least 20 bad fixtures");
    for path in entries {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let (text, has_error, count) = render(&path);
        assert!(count > 0, "{name}: no diagnostic");
        assert_eq!(
            has_error,
            !WARNINGS_ONLY.contains(&name.as_str()),
            "{name}: unexpected severity:\n{text}"
        );
        assert!(
            text.starts_with(&format!("fixtures/bad/{name}.xml:")),
            "{name}: diagnostics must start with file:line:col:\n{text}"
        );
        insta::assert_snapshot!(format!("bad__{name}"), text);
    }
}

#[test]
fn intune_fixtures_read_cleanly_and_summaries_are_stable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for version in ["v1.0", "beta"] {
        let path = root.join(format!("fixtures/intune/{version}.xml"));
        let (model, diags) = load(&path, &LoadOptions::default());
        assert_eq!(
            diags.into_sorted(),
            vec![],
            "{version} must read without diagnostics"
        );
        let summary = odata_codegen::summary::Summary::of(&model.unwrap());
        assert_eq!(summary.entity_sets, if version == "beta" { 43 } else { 42 });
        insta::assert_snapshot!(format!("intune_summary__{version}"), summary.render());
    }
}
