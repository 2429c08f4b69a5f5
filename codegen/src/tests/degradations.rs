//! What the model keeps of a defective document under the default policy: each degradation
//! of the reader's table, checked on the model itself (the diagnostics are snapshotted in
//! `diagnostics.rs`, the generated code compiled by the root `build.rs`).

use std::path::Path;

use crate::diag::Severity;
use crate::model::{LoadOptions, Model, Type, TypeKind, load_bytes, vocab};

const DOC: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="D" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="TwoKeys">
        <Key><PropertyRef Name="A"/></Key>
        <Key><PropertyRef Name="B"/></Key>
        <Property Name="A" Type="Edm.Int32" Nullable="false"/>
        <Property Name="B" Type="Edm.Int32" Nullable="false"/>
      </EntityType>
      <EntityType Name="PartKey">
        <Key><PropertyRef Name="A"/><PropertyRef Name="Missing"/></Key>
        <Property Name="A" Type="Edm.Int32" Nullable="false"/>
      </EntityType>
      <EntityType Name="Item" BaseType="System.Object">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false"/>
        <Property Name="Name" Type="Edm.String"/>
        <Property Name="Name" Type="Edm.Int32"/>
        <Property Name="request-id" Type="Edm.String"/>
        <Property Name="Trimmed" Type="Collection(D.Gone)"/>
        <Property Type="Edm.String"/>
        <NavigationProperty Name="Other" Type="D.TwoKeys" Partner="A"/>
      </EntityType>
      <EntityType Name="Item" BaseType="D.Item">
        <Property Name="Shadow" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="Loop" BaseType="D.Loop">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false"/>
      </EntityType>
      <EntityContainer Name="C">
        <EntitySet Name="Items" EntityType="D.Item"/>
        <EntitySet Name="Items" EntityType="D.TwoKeys"/>
        <EntitySet Name="prefix/project2" EntityType="D.Item"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn model() -> Model {
    let (model, diags) = load_bytes(Path::new("d.xml"), DOC.as_bytes(), &LoadOptions::default());
    let list = diags.into_sorted();
    assert!(
        list.iter().all(|d| d.severity == Severity::Warning),
        "{list:#?}"
    );
    model.expect("read")
}

#[test]
fn keys_that_cannot_be_trusted_give_no_lookup() {
    let m = model();
    for name in ["D.TwoKeys", "D.PartKey"] {
        assert!(m.key(m.type_by_name(name).unwrap()).is_empty(), "{name}");
    }
    assert_eq!(m.key(m.type_by_name("D.Item").unwrap()).len(), 1);
}

#[test]
fn members_are_degraded_as_documented() {
    let m = model();
    let item = m.type_by_name("D.Item").unwrap();
    let s = m.ty(item).structured().unwrap();
    assert_eq!(s.base, None, "unknown base type ignored");
    let names: Vec<&str> = s.properties.iter().map(|p| p.name.as_str()).collect();
    // The first `Name` stays, the nameless property is left out, the odd name is kept.
    assert_eq!(names, ["Id", "Name", "request-id", "Trimmed"]);
    assert_eq!(
        s.properties[1].ty.ty,
        Type::Primitive(crate::model::Primitive::String)
    );
    let trimmed = &s.properties[3].ty;
    assert_eq!(trimmed.ty, Type::Opaque("D.Gone".into()));
    assert!(trimmed.collection);
    assert_eq!(s.navigation_properties[0].partner, None);
}

#[test]
fn duplicates_and_cycles_keep_the_first_declaration() {
    let m = model();
    let items: Vec<_> = m
        .types
        .iter()
        .filter(|t| t.qualified_name() == "D.Item")
        .collect();
    assert_eq!(items.len(), 2, "both declarations hold an arena slot");
    assert!(
        items[0].is_main && !items[1].is_main,
        "the second is not generated"
    );
    assert!(matches!(&items[1].kind, TypeKind::Entity(s) if s.properties.is_empty()));
    let looped = m.type_by_name("D.Loop").unwrap();
    assert_eq!(m.ty(looped).structured().unwrap().base, None);
    let c = m.main_container().unwrap();
    let sets: Vec<(&str, &str)> = c
        .entity_sets
        .iter()
        .map(|s| (s.name.as_str(), m.ty(s.entity_type).name.as_str()))
        .collect();
    assert_eq!(sets, [("Items", "Item"), ("prefix/project2", "Item")]);
}

#[test]
fn strict_refuses_the_same_document() {
    let options = LoadOptions {
        strict: true,
        ..LoadOptions::default()
    };
    let (_, diags) = load_bytes(Path::new("d.xml"), DOC.as_bytes(), &options);
    let list = diags.into_sorted();
    assert!(!list.is_empty());
    assert!(list.iter().all(|d| d.severity == Severity::Error));
}

/// `<Edmx>`, `<Reference>`/`<Include>` and `<DataServices>` in no namespace on a Version 4
/// document (a prefix-dropping tool's copy of Northwind) read as the edmx namespace, with one
/// warning; without `Version="4.x"` the same root stays refused.
#[test]
fn an_unprefixed_edmx_root_on_a_version_4_document_is_read_as_edmx() {
    let doc = r#"<Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <Include Namespace="Org.OData.Core.V1" Alias="Core"/>
  </Reference>
  <DataServices>
    <Schema Namespace="N" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Category">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false"/>
        <Property Name="Name" Type="Edm.String"><Annotation Term="Core.Description" String="Its name."/></Property>
      </EntityType>
      <EntityContainer Name="C"><EntitySet Name="Categories" EntityType="N.Category"/></EntityContainer>
    </Schema>
  </DataServices>
</Edmx>"#;
    let (model, diags) = load_bytes(Path::new("u.xml"), doc.as_bytes(), &LoadOptions::default());
    let list = diags.into_sorted();
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].severity, Severity::Warning);
    assert!(list[0].message.contains("in no namespace"), "{list:#?}");
    let m = model.expect("read");
    let c = m.main_container().unwrap();
    let sets: Vec<&str> = c.entity_sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sets, ["Categories"]);
    let category = m.type_by_name("N.Category").unwrap();
    let name = &m.ty(category).structured().unwrap().properties[1];
    // The unprefixed reference's `Core` alias resolves.
    assert_eq!(vocab::description(&name.annotations), Some("Its name."));

    let no_version = doc.replacen(r#"Version="4.0" "#, "", 1);
    let (model, diags) = load_bytes(
        Path::new("u.xml"),
        no_version.as_bytes(),
        &LoadOptions::default(),
    );
    assert!(model.is_none());
    assert!(
        diags
            .into_sorted()
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("another namespace"))
    );
}
