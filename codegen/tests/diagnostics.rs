//! Every document in `fixtures/bad/` yields diagnostics with file:line:col; the text of each
//! (default policy) is a reviewed snapshot. Only the fatal defects (no faithful client can be
//! produced: see the reader's module docs) are errors by default; every other defect is a
//! warning naming its degradation, and `strict` makes each of them an error. Every document
//! in `fixtures/lenient/` (a real-world defect each) reads with warnings only by default and
//! is refused under `strict`.

use std::path::{Path, PathBuf};

use odata_codegen::Severity;
use odata_codegen::{LoadOptions, load};

/// Defects no faithful client survives: errors under the default policy too.
const FATAL: &[&str] = &[
    "bom-utf8-declared-utf16",
    "doctype-entity-expansion-bomb",
    "doctype-xxe-external-entity",
    "edmx-missing-dataservices",
    "edmx-version-5",
    "edmx-wrong-namespace-uri",
    "empty-file",
    "json-csdl-not-xml",
    "mismatched-end-tag",
    "non-utf8-latin1-bytes",
    "odata-v2-document",
    "odata-v3-document",
    "plain-text-not-xml",
    "schema-wrong-edm-namespace",
    "truncated-unclosed-tag",
    "unbound-namespace-prefix",
    "unescaped-ampersand-in-attribute",
    "unescaped-lt-in-attribute",
    "whitespace-only",
    "wrong-root-element-html",
    "xml-declaration-not-first",
];

/// The diagnostics of `path`, rendered one per line, and whether any is an error.
fn render(path: &Path, strict: bool) -> (String, bool, usize) {
    let options = LoadOptions {
        strict,
        ..LoadOptions::default()
    };
    let (_, diags) = load(path, &options);
    let list = diags.into_sorted();
    let has_error = list.iter().any(|d| d.severity == Severity::Error);
    let text = list
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    (text, has_error, list.len())
}

/// The `*.xml` files of `dir` (relative to the repository root, the current directory).
fn documents(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::set_current_dir(&root).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    entries.sort();
    entries
}

#[test]
fn bad_fixtures_are_reported_with_positions() {
    let entries = documents("fixtures/bad");
    assert!(entries.len() >= 20, "expected at least 20 bad fixtures");
    for path in entries {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let (text, has_error, count) = render(&path, false);
        assert!(count > 0, "{name}: no diagnostic");
        assert_eq!(
            has_error,
            FATAL.contains(&name.as_str()),
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
fn strict_refuses_every_bad_fixture_with_positions() {
    for path in documents("fixtures/bad") {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let (text, has_error, _) = render(&path, true);
        assert!(has_error, "{name}: accepted under strict:\n{text}");
        let first = text.lines().next().unwrap_or_default();
        let prefix = format!("fixtures/bad/{name}.xml:");
        let position: Vec<&str> = first
            .strip_prefix(&prefix)
            .unwrap_or_default()
            .splitn(3, ':')
            .collect();
        assert!(
            position.len() == 3
                && position[..2]
                    .iter()
                    .all(|n| n.parse::<u32>().is_ok_and(|n| n > 0))
                && text.lines().all(|l| l.contains(": error: ")),
            "{name}: expected only errors, the first at file:line:col:\n{text}"
        );
    }
}

#[test]
fn lenient_fixtures_read_with_warnings_and_strict_refuses_them() {
    let entries = documents("fixtures/lenient");
    assert!(entries.len() >= 8, "expected the lenient fixtures");
    for path in entries {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let (text, has_error, count) = render(&path, false);
        assert!(
            count > 0 && !has_error,
            "{name}: expected warnings only:\n{text}"
        );
        let (strict_text, strict_error, _) = render(&path, true);
        assert!(
            strict_error,
            "{name}: accepted under strict:\n{strict_text}"
        );
        insta::assert_snapshot!(format!("lenient__{name}"), text);
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
        let summary = odata_codegen::Summary::of(&model.unwrap());
        assert_eq!(summary.entity_sets, if version == "beta" { 43 } else { 42 });
        insta::assert_snapshot!(format!("intune_summary__{version}"), summary.render());
    }
}
