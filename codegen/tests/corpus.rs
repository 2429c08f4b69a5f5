//! Reads every document of the shared corpus (`../shared/corpus`, or `$ODATA_CORPUS`), no
//! panic. Default policy: every document reads without errors (and so generates:
//! `cargo xtask corpus-compile` generates and compiles them) or is refused only for a fatal
//! defect, listed below. Strict policy: every invalid document (marked in the manifest, or
//! listed below) is refused with file:line:col. Skipped, with a notice, only when the corpus
//! is absent.

use odata_codegen::Severity;
use odata_codegen::{LoadOptions, load};

mod common;

/// Documents the manifest does not mark invalid, but which break CSDL rules: each names the
/// defect `strict` must report (the default policy reads them with a degradation).
const INVALID_IN_FACT: &[(&str, &str)] = &[
    (
        "apache-olingo-odata4/edmxWithCoreAnnotation.xml",
        "uses TripPin types from a namespace it neither declares nor references",
    ),
    (
        "apache-olingo-odata4/fromdoc1-metadata.xml",
        "a NavigationProperty whose Type attribute fell outside the tag",
    ),
    (
        "apache-olingo-odata4/fromdoc3-metadata.xml",
        "an Annotation with two expressions",
    ),
    (
        "msgraph-metadata/preprocess_csdl_test_input.xml",
        "XSLT test input that references types it removed (graph.entity, ...)",
    ),
    (
        "msgraph-metadata/preprocess_csdl_test_output.xml",
        "XSLT test output that references types it removed (graph.entity, ...)",
    ),
    (
        "msgraph-sdk-code-generator/MetadataMultipleNamespaces.xml",
        "a complex type deriving from an entity type; properties of undeclared types",
    ),
    (
        "odata-connectedservice/TestMetadataCsdlSimple.xml",
        "a ReturnType in an undeclared namespace",
    ),
    (
        "odata-connectedservice/codegen-EntitiesEnumsFunctions.xml",
        "a base type in an undeclared namespace",
    ),
    (
        "odata-odata.net/codegen-NamespaceInKeywordsWithRefModelReferenced.xml",
        "types of a namespace it neither declares nor references",
    ),
    (
        "odata-odatasamples/School.xml",
        "keys naming properties that do not exist",
    ),
    (
        "odata2ts/handmade-schemas.xml",
        "empty and non-identifier container names (`C1^C2`)",
    ),
    (
        "sap-cloud-sdk-js/v4-API_TEST_SRV.edmx",
        "parameters of type API_TEST_SRV.A_TestEntity, which is not declared",
    ),
];

/// Documents refused under the default policy too, each for a fatal defect (no faithful
/// client exists): the reason.
const FATAL: &[(&str, &str)] = &[(
    "sap-cloud-sdk-js/v4-API_MULTIPLE_SCHEMAS_SRV.edmx",
    "not namespace-well-formed XML: an attribute prefix `sap:` bound to no namespace",
)];

/// The first error (in sorted order) of the corpus document `rel` under `options`.
fn first_error(
    dir: &std::path::Path,
    rel: &str,
    options: &LoadOptions,
) -> Option<odata_codegen::Diagnostic> {
    let (_, diags) = load(&dir.join(rel), options);
    diags
        .into_sorted()
        .into_iter()
        .find(|d| d.severity == Severity::Error)
}

#[test]
fn every_corpus_document_reads_or_is_rejected_precisely() {
    let Some(dir) = common::corpus_dir() else {
        println!(
            "NOTICE: corpus not found (set ODATA_CORPUS or put it at ../shared/corpus); corpus test skipped"
        );
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let lenient = LoadOptions {
        search_paths: vec![
            dir.join("oasis-odata-vocabularies"),
            dir.join("sap-odata-vocabularies"),
        ],
        ..LoadOptions::default()
    };
    let strict = LoadOptions {
        strict: true,
        ..lenient.clone()
    };
    let positioned = |e: &odata_codegen::Diagnostic| e.span.pos.line > 0 && e.span.pos.column > 0;
    let (mut read, mut fatal, mut refused_strict, mut failures) = (0, 0, 0, vec![]);
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (rel, description) = (cols[0], cols[7]);
        let invalid =
            description.contains("INVALID") || INVALID_IN_FACT.iter().any(|(p, _)| *p == rel);
        let is_fatal = FATAL.iter().any(|(p, _)| *p == rel);
        match (first_error(&dir, rel, &lenient), is_fatal) {
            (None, false) => read += 1,
            (Some(e), true) if positioned(&e) => fatal += 1,
            (Some(e), false) => {
                failures.push(format!("{rel}: refused, but not for a fatal defect: {e}"))
            }
            (_, true) => failures.push(format!(
                "{rel}: listed as fatal, but not refused with a position"
            )),
        }
        if invalid {
            match first_error(&dir, rel, &strict) {
                Some(e) if positioned(&e) => refused_strict += 1,
                _ => failures.push(format!(
                    "{rel}: invalid, but strict reported no error with a position"
                )),
            }
        }
    }
    println!(
        "corpus: default policy: {read} documents read without errors, {fatal} refused for a fatal defect; strict: {refused_strict} invalid documents refused with file:line:col"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        read > 150,
        "expected most of the corpus to read, found {read}"
    );
}
