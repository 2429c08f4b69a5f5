//! The standard OASIS vocabularies built into the generator (`codegen/vocabularies/`, see its
//! README for provenance), so a document that references them by URL resolves their terms
//! without local files. Each is embedded as text and read only when a document references it;
//! a local file of the same name is read instead (see [`super::load`]).

use std::path::{Path, PathBuf};

/// The folder a built-in vocabulary is named under in diagnostics and summaries; no file
/// has such a path.
pub const BUILTIN_DIR: &str = "(built-in)";

/// `(namespace, text)` of each built-in vocabulary; its file name is `<namespace>.xml`.
const VOCABULARIES: [(&str, &str); 9] = [
    (
        "Org.OData.Aggregation.V1",
        include_str!("../../vocabularies/Org.OData.Aggregation.V1.xml"),
    ),
    (
        "Org.OData.Authorization.V1",
        include_str!("../../vocabularies/Org.OData.Authorization.V1.xml"),
    ),
    (
        "Org.OData.Capabilities.V1",
        include_str!("../../vocabularies/Org.OData.Capabilities.V1.xml"),
    ),
    (
        "Org.OData.Core.V1",
        include_str!("../../vocabularies/Org.OData.Core.V1.xml"),
    ),
    (
        "Org.OData.JSON.V1",
        include_str!("../../vocabularies/Org.OData.JSON.V1.xml"),
    ),
    (
        "Org.OData.Measures.V1",
        include_str!("../../vocabularies/Org.OData.Measures.V1.xml"),
    ),
    (
        "Org.OData.Repeatability.V1",
        include_str!("../../vocabularies/Org.OData.Repeatability.V1.xml"),
    ),
    (
        "Org.OData.Temporal.V1",
        include_str!("../../vocabularies/Org.OData.Temporal.V1.xml"),
    ),
    (
        "Org.OData.Validation.V1",
        include_str!("../../vocabularies/Org.OData.Validation.V1.xml"),
    ),
];

/// The built-in vocabulary a reference names, as `(path, text)`: by the file name its URI
/// ends with (`…/Org.OData.Core.V1.xml`), else by a namespace it includes (SAP gateways
/// reference vocabularies through catalog-service URLs that name no file).
pub fn for_reference<'a>(
    uri: &str,
    mut included: impl Iterator<Item = &'a str>,
) -> Option<(PathBuf, &'static str)> {
    let without_query = uri.split(['?', '#']).next().unwrap_or(uri);
    let file_name = without_query.rsplit('/').next().unwrap_or_default();
    let by_file = VOCABULARIES
        .iter()
        .find(|(ns, _)| file_name.strip_suffix(".xml") == Some(ns));
    let (namespace, text) =
        by_file.or_else(|| included.find_map(|i| VOCABULARIES.iter().find(|(ns, _)| *ns == i)))?;
    Some((
        Path::new(BUILTIN_DIR).join(format!("{namespace}.xml")),
        text,
    ))
}

/// Whether `path` names a built-in vocabulary rather than a file.
pub fn is_builtin(path: &Path) -> bool {
    path.starts_with(BUILTIN_DIR)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diag::Diagnostics;
    use crate::reader;

    #[test]
    fn every_vocabulary_reads_cleanly_and_declares_its_namespace() {
        for (namespace, text) in VOCABULARIES {
            let mut diags = Diagnostics::default();
            let file: Arc<Path> = Arc::from(Path::new(namespace));
            let doc = reader::read(&file, text.as_bytes(), &mut diags).expect(namespace);
            assert_eq!(
                diags.iter().count(),
                0,
                "{namespace}: {:?}",
                diags.iter().next()
            );
            let declared: Vec<&str> = doc.schemas.iter().map(|s| s.namespace.as_str()).collect();
            assert_eq!(declared, [namespace]);
        }
    }

    #[test]
    fn references_match_by_file_name_or_included_namespace() {
        let core =
            "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml";
        let (path, text) = for_reference(core, std::iter::empty()).unwrap();
        assert_eq!(path, Path::new("(built-in)/Org.OData.Core.V1.xml"));
        assert!(is_builtin(&path));
        assert!(text.contains("Namespace=\"Org.OData.Core.V1\""));
        let sap = "/sap/opu/odata/IWFND/CATALOGSERVICE;v=2/Vocabularies(TechnicalName='%2FIWBEP%2FVOC_CAPABILITIES',Version='0001')/$value";
        let (path, _) = for_reference(sap, ["Org.OData.Capabilities.V1"].into_iter()).unwrap();
        assert_eq!(path, Path::new("(built-in)/Org.OData.Capabilities.V1.xml"));
        assert!(
            for_reference("https://example.com/Other.V1.xml", ["Other.V1"].into_iter()).is_none()
        );
        assert!(!is_builtin(Path::new("vocabularies/Org.OData.Core.V1.xml")));
    }
}
