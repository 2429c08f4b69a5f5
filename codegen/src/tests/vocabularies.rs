//! The standard OASIS vocabularies are built in: a document that references them by their
//! standard URL resolves their terms without local files, and a local file still overrides.

use std::path::Path;

use crate::model::{LoadOptions, Model, load_bytes};
use crate::summary::Summary;

const SERVICE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>
  </edmx:Reference>
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml">
    <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/>
  </edmx:Reference>
  <edmx:DataServices>
    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="Shop">
      <EntityType Name="Item">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.Int32" Nullable="false"/>
        <Property Name="tags" Type="Collection(Core.Tag)"/>
      </EntityType>
      <EntityContainer Name="Service">
        <EntitySet Name="items" EntityType="Shop.Item">
          <Annotation Term="Core.Description" String="Items."/>
          <Annotation Term="Capabilities.TopSupported" Bool="false"/>
        </EntitySet>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn load_in(dir: &Path) -> (Model, Vec<String>) {
    let (model, diags) = load_bytes(
        &dir.join("service.xml"),
        SERVICE.as_bytes(),
        &LoadOptions::default(),
    );
    let messages = diags.into_sorted().iter().map(|d| d.to_string()).collect();
    (model.expect("the document reads"), messages)
}

fn has_term(model: &Model, namespace: &str, name: &str) -> bool {
    model
        .terms
        .iter()
        .any(|t| t.namespace == namespace && t.name == name)
}

#[test]
fn standard_vocabularies_resolve_without_local_files() {
    let dir = tempfile::tempdir().unwrap();
    let (model, messages) = load_in(dir.path());
    assert!(
        messages.iter().all(|m| !m.contains("not found locally")),
        "{messages:#?}"
    );
    assert!(has_term(&model, "Org.OData.Core.V1", "Description"));
    assert!(has_term(
        &model,
        "Org.OData.Capabilities.V1",
        "TopSupported"
    ));
    // Core.Tag, a type from the vocabulary, is a known type, not untyped JSON.
    assert!(model.type_by_name("Org.OData.Core.V1.Tag").is_some());
    let summary = Summary::of(&model).render();
    assert!(!summary.contains("not found locally"), "{summary}");
    assert!(
        summary.contains("Org.OData.Core.V1.xml (loaded from (built-in)/Org.OData.Core.V1.xml)"),
        "{summary}"
    );
}

#[test]
fn a_local_vocabulary_file_overrides_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Org.OData.Core.V1.xml"),
        r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
  <edmx:DataServices>
    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="Org.OData.Core.V1" Alias="Core">
      <Term Name="Description" Type="Edm.String"/>
      <Term Name="LocalOnly" Type="Edm.String"/>
      <TypeDefinition Name="Tag" UnderlyingType="Edm.Boolean"/>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#,
    )
    .unwrap();
    let (model, _) = load_in(dir.path());
    assert!(has_term(&model, "Org.OData.Core.V1", "LocalOnly"));
    assert!(!has_term(&model, "Org.OData.Core.V1", "Revisions"));
    let core = model
        .references
        .iter()
        .find(|r| r.uri.ends_with("Org.OData.Core.V1.xml"))
        .unwrap();
    assert_eq!(
        core.loaded_from.as_deref(),
        Some(dir.path().join("Org.OData.Core.V1.xml").as_path())
    );
    // Capabilities, with no local file, is still the built-in one.
    assert!(has_term(
        &model,
        "Org.OData.Capabilities.V1",
        "TopSupported"
    ));
}
