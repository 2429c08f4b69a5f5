//! The contract diff: the Intune v1.0 → beta diff as reviewed snapshots (Markdown and JSON),
//! one hand-made pair per change kind with its expected classification, and a real pair
//! (Microsoft Graph, years apart) checked against an independent count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use odata_codegen::ItemKind;
use odata_codegen::{ContractDiff, Impact};
use odata_codegen::{LoadOptions, Model, load, load_bytes};

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model(path: &Path) -> Model {
    let (model, diags) = load(path, &LoadOptions::default());
    assert!(!diags.has_errors(), "{path:?}: {:?}", diags.into_sorted());
    model.unwrap()
}

/// The v1.0 → beta contract diff, the review artifact of a contract change, is the
/// checked-in `generated-client/api/v1_0-to-beta.md` (written by `cargo xtask intune`).
#[test]
fn intune_v1_to_beta_diff_is_fresh() {
    let old = model(&root().join("fixtures/intune/v1.0.xml"));
    let new = model(&root().join("fixtures/intune/beta.xml"));
    assert_eq!(ContractDiff::between(&old, &new).count(Impact::Breaking), 0);
    let mut report = odata_codegen::Report::default();
    report.push(
        "fixtures/intune/v1.0.xml",
        "fixtures/intune/beta.xml",
        odata_codegen::Config::new()
            .lenient_integers(true)
            .date_keys(["dateKey"])
            .rust_diff(&old, &new, "intune_dw::beta"),
    );
    let text = report.markdown();
    let path = root().join("generated-client/api/v1_0-to-beta.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is stale: run `cargo xtask intune` and review the diff",
        path.display()
    );
}

const BASE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Order">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.Int32" Nullable="false"/>
        <Property Name="total" Type="Edm.Decimal" Nullable="false"/>
        <Property Name="note" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="Free text."/></Property>
        <Property Name="status" Type="Shop.Status"/>
        <NavigationProperty Name="lines" Type="Collection(Shop.Line)"/>
      </EntityType>
      <EntityType Name="Line">
        <Key><PropertyRef Name="no"/></Key>
        <Property Name="no" Type="Edm.Int32" Nullable="false"/>
      </EntityType>
      <EnumType Name="Status"><Member Name="open" Value="0"/><Member Name="closed" Value="1"/></EnumType>
      <Function Name="topOrders"><Parameter Name="n" Type="Edm.Int32"/><ReturnType Type="Collection(Shop.Order)"/></Function>
      <EntityContainer Name="Svc">
        <EntitySet Name="orders" EntityType="Shop.Order"/>
        <EntitySet Name="lines" EntityType="Shop.Line"/>
        <FunctionImport Name="topOrders" Function="Shop.topOrders"/>
      </EntityContainer>
      <Annotations Target="Shop.Svc/orders">
        <Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions"><Record><PropertyValue Property="NonFilterableProperties"><Collection><PropertyPath>note</PropertyPath></Collection></PropertyValue></Record></Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

/// One change as (impact, item kind, path, what changed).
type Row = (Impact, ItemKind, String, String);

fn changes_after(from: &str, to: &str) -> Vec<Row> {
    assert!(
        BASE.contains(from),
        "pattern not in the base document: {from}"
    );
    let changed = BASE.replacen(from, to, 1);
    let load = |text: &str| {
        let (m, d) = load_bytes(
            Path::new("pair.xml"),
            text.as_bytes(),
            &LoadOptions::default(),
        );
        assert!(!d.has_errors(), "{:?}", d.into_sorted());
        m.unwrap()
    };
    ContractDiff::between(&load(BASE), &load(&changed))
        .changes
        .into_iter()
        .map(|c| (c.impact, c.item, c.path, c.what))
        .collect()
}

#[test]
fn each_change_kind_is_classified() {
    use Impact::*;
    use ItemKind::*;
    // A new (or lost) filterable property also changes the set's filter surface.
    let one = |impact, item, path: &str, what: &str| {
        vec![(impact, item, path.to_owned(), what.to_owned())]
    };
    let cases: Vec<(&str, &str, &str, Vec<Row>)> = vec![
        (
            "entity set removed",
            r#"<EntitySet Name="lines" EntityType="Shop.Line"/>"#,
            "",
            one(Breaking, EntitySet, "lines", "removed"),
        ),
        (
            "entity set added",
            r#"<EntitySet Name="lines" EntityType="Shop.Line"/>"#,
            r#"<EntitySet Name="lines" EntityType="Shop.Line"/><EntitySet Name="moreLines" EntityType="Shop.Line"/>"#,
            one(Additive, EntitySet, "moreLines", "added"),
        ),
        (
            "property added",
            r#"<Property Name="id" Type="Edm.Int32" Nullable="false"/>"#,
            r#"<Property Name="id" Type="Edm.Int32" Nullable="false"/><Property Name="extra" Type="Edm.String"/>"#,
            [
                one(Additive, EntitySet, "orders", "filter"),
                one(Additive, Property, "Shop.Order/extra", "added"),
            ]
            .concat(),
        ),
        (
            "property removed",
            r#"<Property Name="total" Type="Edm.Decimal" Nullable="false"/>"#,
            "",
            [
                one(Breaking, EntitySet, "orders", "filter"),
                one(Breaking, Property, "Shop.Order/total", "removed"),
            ]
            .concat(),
        ),
        (
            "property renamed (a similar name, the same type)",
            r#"<Property Name="total" Type="Edm.Decimal" Nullable="false"/>"#,
            r#"<Property Name="totalAmount" Type="Edm.Decimal" Nullable="false"/>"#,
            [
                one(Breaking, EntitySet, "orders", "filter"),
                one(
                    Breaking,
                    Property,
                    "Shop.Order/totalAmount",
                    "possibly-renamed",
                ),
            ]
            .concat(),
        ),
        (
            "property renamed (another name, the same description)",
            r#"<Property Name="note" Type="Edm.String">"#,
            r#"<Property Name="remark" Type="Edm.String">"#,
            // `note` was not filterable; the set's NonFilterableProperties do not name `remark`.
            [
                one(Breaking, Property, "Shop.Order/remark", "possibly-renamed"),
                one(Additive, EntitySet, "orders", "filter"),
            ]
            .concat(),
        ),
        (
            "property replaced: another type is no rename",
            r#"<Property Name="total" Type="Edm.Decimal" Nullable="false"/>"#,
            r#"<Property Name="totals" Type="Edm.Double" Nullable="false"/>"#,
            [
                one(Breaking, EntitySet, "orders", "filter"),
                one(Breaking, Property, "Shop.Order/total", "removed"),
                one(Additive, Property, "Shop.Order/totals", "added"),
            ]
            .concat(),
        ),
        (
            "enum member renamed",
            r#"<Member Name="closed" Value="1"/>"#,
            r#"<Member Name="isClosed" Value="1"/>"#,
            one(Breaking, Member, "Shop.Status/isClosed", "possibly-renamed"),
        ),
        (
            "property type changed",
            r#"Name="total" Type="Edm.Decimal""#,
            r#"Name="total" Type="Edm.Double""#,
            one(Breaking, Property, "Shop.Order/total", "type"),
        ),
        (
            "property became nullable",
            r#"Name="total" Type="Edm.Decimal" Nullable="false""#,
            r#"Name="total" Type="Edm.Decimal""#,
            one(Breaking, Property, "Shop.Order/total", "nullable"),
        ),
        (
            "property became non-nullable",
            r#"<Property Name="status" Type="Shop.Status"/>"#,
            r#"<Property Name="status" Type="Shop.Status" Nullable="false"/>"#,
            one(Additive, Property, "Shop.Order/status", "nullable"),
        ),
        (
            "key changed",
            r#"<Key><PropertyRef Name="id"/></Key>"#,
            r#"<Key><PropertyRef Name="id"/><PropertyRef Name="total"/></Key>"#,
            one(Breaking, EntityType, "Shop.Order", "key"),
        ),
        (
            "enum member added",
            r#"<Member Name="closed" Value="1"/>"#,
            r#"<Member Name="closed" Value="1"/><Member Name="held" Value="2"/>"#,
            one(Additive, Member, "Shop.Status/held", "added"),
        ),
        (
            "enum member removed",
            r#"<Member Name="closed" Value="1"/>"#,
            "",
            one(Breaking, Member, "Shop.Status/closed", "removed"),
        ),
        (
            "enum value changed",
            r#"<Member Name="closed" Value="1"/>"#,
            r#"<Member Name="closed" Value="5"/>"#,
            one(Breaking, Member, "Shop.Status/closed", "value"),
        ),
        (
            "navigation target changed",
            r#"Type="Collection(Shop.Line)""#,
            r#"Type="Collection(Shop.Order)""#,
            one(Breaking, NavigationProperty, "Shop.Order/lines", "target"),
        ),
        (
            "parameter added",
            r#"<Parameter Name="n" Type="Edm.Int32"/>"#,
            r#"<Parameter Name="n" Type="Edm.Int32"/><Parameter Name="since" Type="Edm.Date"/>"#,
            one(Breaking, Parameter, "Shop.topOrders/since", "added"),
        ),
        (
            "parameter type changed",
            r#"<Parameter Name="n" Type="Edm.Int32"/>"#,
            r#"<Parameter Name="n" Type="Edm.Int64"/>"#,
            one(Breaking, Parameter, "Shop.topOrders/n", "type"),
        ),
        (
            "return type changed",
            r#"<ReturnType Type="Collection(Shop.Order)"/>"#,
            r#"<ReturnType Type="Collection(Shop.Line)"/>"#,
            one(Breaking, Operation, "Shop.topOrders", "returns"),
        ),
        (
            "filterable property lost",
            "<PropertyPath>note</PropertyPath>",
            "<PropertyPath>note</PropertyPath><PropertyPath>total</PropertyPath>",
            one(Breaking, EntitySet, "orders", "filter"),
        ),
        (
            "filterable property gained",
            "<Collection><PropertyPath>note</PropertyPath></Collection>",
            "<Collection/>",
            one(Additive, EntitySet, "orders", "filter"),
        ),
        (
            "navigation property no longer expandable",
            r#"<Annotations Target="Shop.Svc/orders">"#,
            r#"<Annotations Target="Shop.Svc/orders"><Annotation Term="Org.OData.Capabilities.V1.ExpandRestrictions"><Record><PropertyValue Property="NonExpandableProperties"><Collection><NavigationPropertyPath>lines</NavigationPropertyPath></Collection></PropertyValue></Record></Annotation>"#,
            // `lines` is the only navigation property: the requests lose `expand` too.
            vec![
                (
                    Breaking,
                    EntitySet,
                    "orders".to_owned(),
                    "expandable".to_owned(),
                ),
                (Breaking, EntitySet, "orders".to_owned(), "query".to_owned()),
            ],
        ),
        (
            "expansion limited to one level",
            r#"<Annotations Target="Shop.Svc/orders">"#,
            r#"<Annotations Target="Shop.Svc/orders"><Annotation Term="Org.OData.Capabilities.V1.ExpandRestrictions"><Record><PropertyValue Property="MaxLevels" Int="1"/></Record></Annotation>"#,
            one(Breaking, EntitySet, "orders", "expand-levels"),
        ),
        (
            "navigation property no longer navigable from the set",
            r#"<Annotations Target="Shop.Svc/orders">"#,
            r#"<Annotations Target="Shop.Svc/orders"><Annotation Term="Org.OData.Capabilities.V1.NavigationRestrictions"><Record><PropertyValue Property="RestrictedProperties"><Collection><Record><PropertyValue Property="NavigationProperty" NavigationPropertyPath="lines"/><PropertyValue Property="Navigability" EnumMember="Org.OData.Capabilities.V1.NavigationType/None"/></Record></Collection></PropertyValue></Record></Annotation>"#,
            one(Breaking, EntitySet, "orders", "navigable"),
        ),
        (
            "navigation property no longer navigable anywhere",
            r#"<NavigationProperty Name="lines" Type="Collection(Shop.Line)"/>"#,
            r#"<NavigationProperty Name="lines" Type="Collection(Shop.Line)"><Annotation Term="Org.OData.Capabilities.V1.NavigationRestrictions"><Record><PropertyValue Property="Navigability"><EnumMember>Org.OData.Capabilities.V1.NavigationType/None</EnumMember></PropertyValue></Record></Annotation></NavigationProperty>"#,
            vec![
                (Breaking, EntitySet, "orders".into(), "navigable".into()),
                (
                    Breaking,
                    NavigationProperty,
                    "Shop.Order/lines".into(),
                    "navigation".into(),
                ),
            ],
        ),
        (
            "description changed",
            "Free text.",
            "Free text, shown to customers.",
            one(DocsOnly, Property, "Shop.Order/note", "doc"),
        ),
    ];
    for (name, from, to, expected) in cases {
        assert_eq!(changes_after(from, to), expected, "{name}");
    }
}

/// Counts entity sets, entity types, complex types and properties straight from the XML
/// with quick-xml events, without the project's reader or model.
fn independent_count(path: &Path) -> BTreeMap<&'static str, BTreeSet<String>> {
    use quick_xml::events::Event;
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut out, mut namespace, mut owner): (
        BTreeMap<&'static str, BTreeSet<String>>,
        String,
        Option<String>,
    ) = (BTreeMap::new(), String::new(), None);
    loop {
        let (start, empty) = match reader.read_event().unwrap() {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if matches!(e.local_name().as_ref(), "EntityType" | "ComplexType") => {
                owner = None;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attr = |n: &str| {
            start
                .attributes()
                .flatten()
                .find(|a| a.key.0 == n)
                .map(|a| a.value.to_string())
        };
        match start.local_name().as_ref() {
            "Schema" => namespace = attr("Namespace").unwrap(),
            kind @ ("EntityType" | "ComplexType") => {
                let q = format!("{namespace}.{}", attr("Name").unwrap());
                out.entry(if kind == "EntityType" {
                    "entity types"
                } else {
                    "complex types"
                })
                .or_default()
                .insert(q.clone());
                owner = (!empty).then_some(q);
            }
            "Property" => {
                if let Some(o) = &owner {
                    out.entry("properties")
                        .or_default()
                        .insert(format!("{o}/{}", attr("Name").unwrap()));
                }
            }
            "EntitySet" => {
                out.entry("entity sets")
                    .or_default()
                    .insert(attr("Name").unwrap());
            }
            _ => {}
        }
    }
    out
}

#[test]
fn real_pair_counts_match_an_independent_count() {
    let Some(dir) = common::corpus_dir() else {
        println!("NOTICE: corpus not found; real-pair diff test skipped");
        return;
    };
    let (old_path, new_path) = (
        dir.join("msgraph-metadata/graph-beta-cleanMetadataWithDescriptions-2020-08.xml"),
        dir.join("msgraph-metadata/graph-v1.0-cleanMetadataWithDescriptions-2023-05.xml"),
    );
    if !old_path.is_file() {
        println!("NOTICE: corpus not found; real-pair diff test skipped");
        return;
    }
    counts_match(&old_path, &new_path);
}

/// A Graph edition the team has not seen (the held-back set's snapshot in `gd-sprest-def`,
/// 987 entity types), diffed from the corpus' 2023 v1.0: present once `cargo xtask
/// heldback-compile` has fetched it (CI runs that sweep after the tests).
#[test]
fn a_later_graph_counts_match_an_independent_count() {
    let cache = std::env::var_os("ODATA_HELDBACK_CACHE")
        .map_or_else(|| root().join("target/heldback"), PathBuf::from);
    let new_path = cache.join("packages/npm/gd-sprest-def-2.1.3/package/graph.xml");
    let old_path = common::corpus_dir()
        .map(|d| d.join("msgraph-metadata/graph-v1.0-cleanMetadataWithDescriptions-2023-05.xml"));
    match old_path {
        Some(old_path) if old_path.is_file() && new_path.is_file() => {
            counts_match(&old_path, &new_path)
        }
        _ => println!("NOTICE: corpus or held-back Graph snapshot absent; test skipped"),
    }
}

/// The diff's added and removed entity sets, types and properties are those of an
/// independent count of the two documents.
fn counts_match(old_path: &Path, new_path: &Path) {
    let tally = ContractDiff::between(&model(old_path), &model(new_path)).tally();
    let (old, new) = (independent_count(old_path), independent_count(new_path));
    for (label, kind) in [
        ("entity sets", ItemKind::EntitySet),
        ("entity types", ItemKind::EntityType),
        ("complex types", ItemKind::ComplexType),
        ("properties", ItemKind::Property),
    ] {
        let (a, b) = (&old[label], &new[label]);
        let expected = (b.difference(a).count(), a.difference(b).count());
        println!("{label}: added {}, removed {}", expected.0, expected.1);
        assert_eq!(
            tally.get(&kind).copied().unwrap_or_default(),
            expected,
            "{label}: (added, removed)"
        );
    }
}
