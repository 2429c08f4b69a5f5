//! The Rust impact of contract changes: one hand-made pair per rule, each checked against
//! the class and semver bump the generated crate needs, and the Rust items it names.

use std::path::Path;

use odata_codegen::{Bump, Class, LoadOptions, Model, Report, RustDiff, load_bytes};

const BASE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="Shop" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Order">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.Int32" Nullable="false"/>
        <Property Name="total" Type="Edm.Decimal" Nullable="false"/>
        <Property Name="note" Type="Edm.String"/>
        <Property Name="code" Type="Edm.String"/>
        <Property Name="status" Type="Shop.Status"/>
        <Property Name="address" Type="Shop.Address"/>
        <NavigationProperty Name="lines" Type="Collection(Shop.Line)"/>
      </EntityType>
      <ComplexType Name="Address">
        <Property Name="street" Type="Edm.String" Nullable="false"/>
      </ComplexType>
      <EntityType Name="Line">
        <Key><PropertyRef Name="no"/></Key>
        <Property Name="no" Type="Edm.Int32" Nullable="false"/>
      </EntityType>
      <EnumType Name="Status"><Member Name="open" Value="0"/><Member Name="closed" Value="1"/></EnumType>
      <Action Name="ship"><Parameter Name="carrier" Type="Edm.String"/><Parameter Name="tracking" Type="Edm.String"/><Parameter Name="weight" Type="Edm.Int32"/><Parameter Name="extra" Type="microsoft.graph.Json"/></Action>
      <EntityContainer Name="Svc">
        <EntitySet Name="orders" EntityType="Shop.Order"/>
        <EntitySet Name="lines" EntityType="Shop.Line"/>
        <ActionImport Name="ship" Action="Shop.ship"/>
      </EntityContainer>
      <Annotations Target="Shop.Svc/orders">
        <Annotation Term="Org.OData.Capabilities.V1.FilterRestrictions"><Record><PropertyValue Property="NonFilterableProperties"><Collection><PropertyPath>note</PropertyPath></Collection></PropertyValue></Record></Annotation>
        <Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions"><Record><PropertyValue Property="Insertable" Bool="true"/></Record></Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn load(text: &str) -> Model {
    let (m, d) = load_bytes(
        Path::new("pair.xml"),
        text.as_bytes(),
        &LoadOptions::default(),
    );
    assert!(!d.has_errors(), "{:?}", d.into_sorted());
    m.unwrap()
}

/// The Rust diff of BASE against BASE with `from` replaced by `to`.
fn after(from: &str, to: &str) -> RustDiff {
    assert!(
        BASE.contains(from),
        "pattern not in the base document: {from}"
    );
    RustDiff::between(&load(BASE), &load(&BASE.replacen(from, to, 1)), "shop")
}

/// The classes of the changes, by path and what changed.
fn classes(d: &RustDiff) -> Vec<(String, String, Class)> {
    d.changes
        .iter()
        .map(|c| (c.change.path.clone(), c.change.what.clone(), c.class))
        .collect()
}

/// The change at `path` (what changed: `what`): its class, and the diff's bump.
fn check(d: &RustDiff, path: &str, what: &str, class: Class, bump: Bump) {
    let c = d
        .changes
        .iter()
        .find(|c| c.change.path == path && c.change.what == what)
        .unwrap_or_else(|| panic!("no change {path} {what}: {:?}", classes(d)));
    assert_eq!(c.class, class, "{path} {what}: {:?}", c);
    assert_eq!(d.bump, bump, "{path} {what}: {:?}", classes(d));
}

fn items(d: &RustDiff, path: &str) -> Vec<String> {
    d.changes
        .iter()
        .filter(|c| c.change.path == path)
        .flat_map(|c| c.rust_items.clone())
        .collect()
}

#[test]
fn properties() {
    let p = r#"<Property Name="note" Type="Edm.String"/>"#;
    let added = after(
        p,
        &format!(r#"{p}<Property Name="tag" Type="Edm.String"/>"#),
    );
    check(
        &added,
        "Shop.Order/tag",
        "added",
        Class::Additive,
        Bump::Minor,
    );
    assert_eq!(
        items(&added, "Shop.Order/tag"),
        [
            "shop::models::Order::tag",
            "shop::models::OrderField::Tag",
            "shop::orders::Filter::tag"
        ]
    );
    let removed = after(p, "");
    check(
        &removed,
        "Shop.Order/note",
        "removed",
        Class::Breaking,
        Bump::Major,
    );
    // `note` cannot be filtered on: no filter path is named.
    assert_eq!(
        items(&removed, "Shop.Order/note"),
        [
            "shop::models::Order::note",
            "shop::models::OrderField::Note"
        ]
    );
    let changed = after(p, r#"<Property Name="note" Type="Edm.Int64"/>"#);
    check(
        &changed,
        "Shop.Order/note",
        "type",
        Class::Breaking,
        Bump::Major,
    );
    // A rename hint stays breaking, and names the old and the new field.
    let renamed = after(p, r#"<Property Name="notes" Type="Edm.String"/>"#);
    check(
        &renamed,
        "Shop.Order/notes",
        "possibly-renamed",
        Class::Breaking,
        Bump::Major,
    );
    let named = items(&renamed, "Shop.Order/notes");
    assert!(
        named.contains(&"shop::models::Order::note".to_owned()),
        "{named:?}"
    );
    assert!(
        named.contains(&"shop::models::Order::notes".to_owned()),
        "{named:?}"
    );
}

#[test]
fn nullability_counts_where_the_rust_type_shows_it() {
    // A complex type's field: `String` becomes `Option<String>`.
    let street = r#"<Property Name="street" Type="Edm.String" Nullable="false"/>"#;
    let d = after(street, r#"<Property Name="street" Type="Edm.String"/>"#);
    check(
        &d,
        "Shop.Address/street",
        "nullable",
        Class::Breaking,
        Bump::Major,
    );
    // An entity's non-key field is `Option` either way, but its filter path changes type.
    let code = r#"<Property Name="code" Type="Edm.String"/>"#;
    let d = after(
        code,
        r#"<Property Name="code" Type="Edm.String" Nullable="false"/>"#,
    );
    check(
        &d,
        "Shop.Order/code",
        "nullable",
        Class::Breaking,
        Bump::Major,
    );
    // Not filterable: no Rust type changes, whatever the contract says.
    let note = r#"<Property Name="note" Type="Edm.String"/>"#;
    let d = after(
        note,
        r#"<Property Name="note" Type="Edm.String" Nullable="false"/>"#,
    );
    check(
        &d,
        "Shop.Order/note",
        "nullable",
        Class::Compatible,
        Bump::Patch,
    );
    let c = &d.changes[0];
    assert!(
        c.note.as_deref().unwrap().contains("Option<String>"),
        "{c:?}"
    );
}

#[test]
fn keys() {
    let d = after(
        r#"<Key><PropertyRef Name="id"/></Key>"#,
        r#"<Key><PropertyRef Name="id"/><PropertyRef Name="total"/></Key>"#,
    );
    check(&d, "Shop.Order", "key", Class::Breaking, Bump::Major);
    assert!(items(&d, "Shop.Order").contains(&"shop::orders::Orders::get".to_owned()));
}

#[test]
fn enum_members() {
    let m = r#"<Member Name="closed" Value="1"/>"#;
    let d = after(m, &format!(r#"{m}<Member Name="held" Value="2"/>"#));
    check(
        &d,
        "Shop.Status/held",
        "added",
        Class::Additive,
        Bump::Minor,
    );
    assert_eq!(
        items(&d, "Shop.Status/held"),
        ["shop::models::Status::Held"]
    );
    let d = after(m, "");
    check(
        &d,
        "Shop.Status/closed",
        "removed",
        Class::Breaking,
        Bump::Major,
    );
}

#[test]
fn entity_sets() {
    let s = r#"<EntitySet Name="lines" EntityType="Shop.Line"/>"#;
    let d = after(
        s,
        &format!(r#"{s}<EntitySet Name="oldLines" EntityType="Shop.Line"/>"#),
    );
    check(&d, "oldLines", "added", Class::Additive, Bump::Minor);
    assert_eq!(
        items(&d, "oldLines"),
        ["shop::Client::old_lines", "shop::old_lines"]
    );
    let d = after(s, "");
    check(&d, "lines", "removed", Class::Breaking, Bump::Major);
}

#[test]
fn navigation_properties() {
    let n = r#"<NavigationProperty Name="lines" Type="Collection(Shop.Line)"/>"#;
    let d = after(
        n,
        &format!(r#"{n}<NavigationProperty Name="firstLine" Type="Shop.Line"/>"#),
    );
    check(
        &d,
        "Shop.Order/firstLine",
        "added",
        Class::Additive,
        Bump::Minor,
    );
    let named = items(&d, "Shop.Order/firstLine");
    assert!(
        named.contains(&"shop::orders::GetRequest::first_line".to_owned()),
        "{named:?}"
    );
    let d = after(n, "");
    check(
        &d,
        "Shop.Order/lines",
        "removed",
        Class::Breaking,
        Bump::Major,
    );
}

#[test]
fn operations() {
    let a = r#"<ActionImport Name="ship" Action="Shop.ship"/>"#;
    let d = after(
        a,
        &format!(r#"{a}<FunctionImport Name="count" Function="Shop.count"/>"#),
    );
    // The import names a function the document lacks: only the import is added.
    assert!(
        d.changes.iter().all(|c| c.class == Class::Additive),
        "{:?}",
        classes(&d)
    );
    // A new operation with parameters: the parameters come with it.
    let d = after(
        r#"<EntityContainer Name="Svc">"#,
        r#"<Action Name="hold"><Parameter Name="until" Type="Edm.Date"/></Action><EntityContainer Name="Svc"><ActionImport Name="hold" Action="Shop.hold"/>"#,
    );
    check(&d, "Shop.hold/until", "added", Class::Additive, Bump::Minor);
    assert_eq!(items(&d, "hold"), ["shop::Client::hold"]);
    let d = after(a, "");
    check(&d, "ship", "removed", Class::Breaking, Bump::Major);
    let d = after(r#"<Parameter Name="weight" Type="Edm.Int32"/>"#, "");
    check(
        &d,
        "Shop.ship/weight",
        "removed",
        Class::Breaking,
        Bump::Major,
    );
}

#[test]
fn parameter_reorders_of_the_same_type_are_dangerous() {
    let two = r#"<Parameter Name="carrier" Type="Edm.String"/><Parameter Name="tracking" Type="Edm.String"/>"#;
    let d = after(
        two,
        r#"<Parameter Name="tracking" Type="Edm.String"/><Parameter Name="carrier" Type="Edm.String"/>"#,
    );
    check(
        &d,
        "Shop.ship/carrier",
        "position",
        Class::Dangerous,
        Bump::Major,
    );
    assert_eq!(d.count(Class::Dangerous), 2, "{:?}", classes(&d));
    let c = &d.changes[0];
    assert!(
        c.rust_items
            .contains(&"shop::Client::ship(carrier)".to_owned()),
        "{c:?}"
    );
    // Parameters of other types swapped: calls no longer compile, which is only breaking.
    let d = after(
        r#"<Parameter Name="tracking" Type="Edm.String"/><Parameter Name="weight" Type="Edm.Int32"/>"#,
        r#"<Parameter Name="weight" Type="Edm.Int32"/><Parameter Name="tracking" Type="Edm.String"/>"#,
    );
    check(
        &d,
        "Shop.ship/weight",
        "position",
        Class::Breaking,
        Bump::Major,
    );
    assert_eq!(d.count(Class::Dangerous), 0);
    // One parameter replaced by another of the same type (Graph's `wipe` between 2020 and
    // 2023): `ship(a, b, …)` compiles and sends `b` as the new parameter.
    let d = after(
        r#"<Parameter Name="tracking" Type="Edm.String"/>"#,
        r#"<Parameter Name="label" Type="Edm.String"/>"#,
    );
    check(
        &d,
        "Shop.ship/tracking",
        "removed",
        Class::Dangerous,
        Bump::Major,
    );
    check(
        &d,
        "Shop.ship/label",
        "added",
        Class::Dangerous,
        Bump::Major,
    );
}

#[test]
fn one_rust_type_for_two_contract_types_breaks_nothing() {
    // `microsoft.graph.Json` (unresolved) and `Edm.Untyped` are both `serde_json::Value`.
    let d = after(
        r#"<Parameter Name="extra" Type="microsoft.graph.Json"/>"#,
        r#"<Parameter Name="extra" Type="Edm.Untyped"/>"#,
    );
    check(
        &d,
        "Shop.ship/extra",
        "type",
        Class::Compatible,
        Bump::Patch,
    );
    assert_eq!(d.changes[0].change.impact, odata_codegen::Impact::Breaking);
}

#[test]
fn capabilities() {
    let nf = r#"<PropertyPath>note</PropertyPath>"#;
    // `code` can no longer be filtered on: its filter path is gone.
    let d = after(nf, &format!("{nf}<PropertyPath>code</PropertyPath>"));
    check(&d, "orders", "filter", Class::Breaking, Bump::Major);
    // `note` can now be.
    let d = after(nf, "");
    check(&d, "orders", "filter", Class::Additive, Bump::Minor);
    // Writes are not generated: losing inserts changes no Rust item.
    let d = after(r#"Bool="true"/>"#, r#"Bool="false"/>"#);
    check(&d, "orders", "writes", Class::Compatible, Bump::Patch);
}

/// `FilterExpressionRestrictions`, `FilterFunctions`, `IndexableByKey` and a set's own custom query options,
/// each one way and back.
#[test]
fn filter_shapes_key_lookup_and_set_options() {
    let insert = r#"<Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions">"#;
    let with = |annotation: &str| after(insert, &format!("{annotation}{insert}"));
    let without = |annotation: &str| {
        RustDiff::between(
            &load(&BASE.replacen(insert, &format!("{annotation}{insert}"), 1)),
            &load(BASE),
            "shop",
        )
    };
    let key_lookup =
        r#"<Annotation Term="Org.OData.Capabilities.V1.IndexableByKey" Bool="false"/>"#;
    check(
        &with(key_lookup),
        "orders",
        "by-key",
        Class::Breaking,
        Bump::Major,
    );
    // Without a read by key there is no `GetRequest`, so its navigation accessors go too.
    check(
        &with(key_lookup),
        "orders",
        "navigable",
        Class::Breaking,
        Bump::Major,
    );
    assert_eq!(
        items(&with(key_lookup), "orders"),
        [
            "shop::orders::GetRequest",
            "shop::orders::Orders::get",
            "shop::orders::GetRequest"
        ]
    );
    check(
        &without(key_lookup),
        "orders",
        "by-key",
        Class::Additive,
        Bump::Minor,
    );

    let functions = r#"<Annotation Term="Org.OData.Capabilities.V1.FilterFunctions"><Collection><String>eq</String></Collection></Annotation>"#;
    check(
        &with(functions),
        "orders",
        "filter-functions",
        Class::Breaking,
        Bump::Major,
    );
    check(
        &without(functions),
        "orders",
        "filter-functions",
        Class::Additive,
        Bump::Minor,
    );

    let options = r#"<Annotation Term="Org.OData.Capabilities.V1.ReadRestrictions"><Record><PropertyValue Property="CustomQueryOptions"><Collection><Record><Annotation Term="Org.OData.Core.V1.SymbolicName" String="sinceDays"/><PropertyValue Property="Name" String="sincedays"/></Record></Collection></PropertyValue></Record></Annotation>"#;
    let d = with(options);
    check(
        &d,
        "orders",
        "custom-query-options",
        Class::Additive,
        Bump::Minor,
    );
    assert_eq!(
        items(&d, "orders"),
        ["shop::orders::ListRequest::with(options::SinceDays)"]
    );
    check(
        &without(options),
        "orders",
        "custom-query-options",
        Class::Breaking,
        Bump::Major,
    );

    // The filter shape: restricting `code` to `SingleValue` narrows its filter; lifting it
    // widens it again.
    let nf = r#"<PropertyPath>note</PropertyPath></Collection></PropertyValue>"#;
    let shape = r#"<PropertyValue Property="FilterExpressionRestrictions"><Collection><Record><PropertyValue Property="Property" PropertyPath="code"/><PropertyValue Property="AllowedExpressions" String="SingleValue"/></Record></Collection></PropertyValue>"#;
    let d = after(nf, &format!("{nf}{shape}"));
    check(&d, "orders", "filter-shapes", Class::Breaking, Bump::Major);
    assert_eq!(
        items(&d, "orders"),
        ["shop::orders::Filter", "shop::orders::ListRequest::filter"]
    );
    let lifted = RustDiff::between(
        &load(&BASE.replacen(nf, &format!("{nf}{shape}"), 1)),
        &load(BASE),
        "shop",
    );
    check(
        &lifted,
        "orders",
        "filter-shapes",
        Class::Additive,
        Bump::Minor,
    );
}

#[test]
fn documentation_is_a_patch() {
    let d = after(
        r#"<Property Name="street" Type="Edm.String" Nullable="false"/>"#,
        r#"<Property Name="street" Type="Edm.String" Nullable="false"><Annotation Term="Org.OData.Core.V1.Description" String="The street."/></Property>"#,
    );
    check(
        &d,
        "Shop.Address/street",
        "doc",
        Class::Compatible,
        Bump::Patch,
    );
}

#[test]
fn the_report_leads_with_the_verdict_and_the_worst_changes() {
    let changed = BASE
        .replacen(
            r#"<Parameter Name="carrier" Type="Edm.String"/><Parameter Name="tracking" Type="Edm.String"/>"#,
            r#"<Parameter Name="tracking" Type="Edm.String"/><Parameter Name="carrier" Type="Edm.String"/>"#,
            1,
        )
        .replacen(r#"<Property Name="note" Type="Edm.String"/>"#, "", 1);
    let d = RustDiff::between(&load(BASE), &load(&changed), "shop");
    let mut report = Report::default();
    report.push("old.xml", "new.xml", d);
    let md = report.markdown();
    let first = md.lines().next().unwrap();
    assert!(first.contains("semver **major**"), "{md}");
    // The removed property is also gone from the set's `SortField`.
    assert!(first.contains("2 dangerous, 2 breaking"), "{md}");
    let dangerous = md.find("#### Dangerous").expect("a dangerous section");
    let breaking = md.find("#### Breaking").expect("a breaking section");
    let verdict = md.find("#### Semver: major").expect("the verdict");
    assert!(dangerous < breaking && breaking < verdict, "{md}");
    assert!(
        md.contains("- property `Shop.Order/note` removed → `shop::models::Order::note`"),
        "{md}"
    );
    assert!(
        md.contains("calls compile but pass arguments to other parameters (×2)"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.json()).unwrap();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["counts"]["dangerous"], 2);
    assert_eq!(json["counts"]["breaking"], 2);
    let changes = json["sections"][0]["changes"].as_array().unwrap();
    // `note` was not filterable: the set's `Filter` is the same (the listing once reported
    // "every property can be filtered on" here, which the code never had).
    assert_eq!(json["counts"]["additive"], 0);
    assert_eq!(changes.len(), 4);
    assert_eq!(changes[0]["class"], "dangerous");
    assert_eq!(changes[0]["rust_items"][0], "shop::Client::ship(carrier)");
}

#[test]
fn document_text_cannot_escape_its_code_spans() {
    let p = r#"<Property Name="note" Type="Edm.String"/>"#;
    let d = after(
        p,
        &format!(r#"{p}<Property Name="x`&lt;details&gt;" Type="Edm.String"/>"#),
    );
    let mut report = Report::default();
    report.push("old.xml", "new.xml", d);
    let md = report.markdown();
    assert!(
        md.contains("- property `Shop.Order/x'<details>` added (`"),
        "{md}"
    );
    assert!(!md.contains("x`"), "{md}");
}
