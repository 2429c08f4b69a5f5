//! Reads every document of the shared corpus (`../shared/corpus`, or `$ODATA_CORPUS`):
//! no panic; every valid document with zero errors; every invalid one rejected with
//! file:line:col. Skipped, with a notice, only when the corpus is absent.

use odata_codegen::diag::Severity;
use odata_codegen::model::{LoadOptions, load};

mod common;

/// Documents the manifest does not mark invalid, but which break CSDL rules a client cannot
/// work around: each names the defect a reader must report.
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

#[test]
fn every_corpus_document_reads_or_is_rejected_precisely() {
    let Some(dir) = common::corpus_dir() else {
        println!(
            "NOTICE: corpus not found (set ODATA_CORPUS or put it at ../shared/corpus); corpus test skipped"
        );
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let options = LoadOptions {
        search_paths: vec![
            dir.join("oasis-odata-vocabularies"),
            dir.join("sap-odata-vocabularies"),
        ],
        ..LoadOptions::default()
    };
    let (mut valid, mut rejected, mut failures) = (0, 0, vec![]);
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (rel, description) = (cols[0], cols[7]);
        let invalid =
            description.contains("INVALID") || INVALID_IN_FACT.iter().any(|(p, _)| *p == rel);
        let (_, diags) = load(&dir.join(rel), &options);
        let errors: Vec<_> = diags
            .into_sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        match (invalid, errors.first()) {
            (false, None) => valid += 1,
            (true, Some(e)) if e.span.pos.line > 0 && e.span.pos.column > 0 => rejected += 1,
            (false, Some(e)) => failures.push(format!("{rel}: valid, but: {e}")),
            (true, _) => failures.push(format!(
                "{rel}: invalid, but no error with a position was reported"
            )),
        }
    }
    println!(
        "corpus: {valid} valid documents read without errors, {rejected} invalid ones rejected with file:line:col"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        valid > 150,
        "expected most of the corpus to be valid, found {valid}"
    );
}
