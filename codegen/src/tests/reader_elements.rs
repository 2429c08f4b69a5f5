//! One check per CSDL element kind: what the reader and model keep of each.

use std::path::Path;

use crate::model::{
    ConstKind, Expr, LoadOptions, Model, OperationKind, PathKind, Primitive, Type, TypeKind,
    load_bytes, vocab,
};

const DOC: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.01" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>
    <edmx:IncludeAnnotations TermNamespace="Org.OData.Core.V1" Qualifier="q"/>
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="Test.Model" Alias="T" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Base" Abstract="true">
        <Property Name="Created" Type="Edm.DateTimeOffset" Precision="7"/>
      </EntityType>
      <EntityType Name="Person" BaseType="T.Base" OpenType="true" HasStream="true">
        <Key><PropertyRef Name="Id"/><PropertyRef Name="Address/Zip" Alias="Zip"/></Key>
        <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
        <Property Name="Name" Type="Edm.String" MaxLength="max" Unicode="false" DefaultValue="n/a">
          <Annotation Term="Core.Description" String="The name."/>
        </Property>
        <Property Name="Price" Type="Edm.Decimal" Precision="10" Scale="variable"/>
        <Property Name="Where" Type="Edm.GeographyPoint" SRID="4326"/>
        <Property Name="Address" Type="T.Address" Nullable="false"/>
        <Property Name="Tags" Type="Collection(Edm.String)"/>
        <Property Name="Color" Type="T.Color"/>
        <Property Name="Code" Type="T.Code"/>
        <NavigationProperty Name="Friends" Type="Collection(T.Person)" Partner="Friends"/>
        <NavigationProperty Name="Pets" Type="Collection(T.Pet)" ContainsTarget="true">
          <OnDelete Action="Cascade"/>
        </NavigationProperty>
        <NavigationProperty Name="Best" Type="T.Person" Nullable="false">
          <ReferentialConstraint Property="Id" ReferencedProperty="Id"/>
        </NavigationProperty>
      </EntityType>
      <EntityType Name="Pet"><Key><PropertyRef Name="No"/></Key><Property Name="No" Type="Edm.Int64" Nullable="false"/></EntityType>
      <ComplexType Name="Address"><Property Name="Zip" Type="Edm.String" Nullable="false"/></ComplexType>
      <EnumType Name="Color" UnderlyingType="Edm.Byte" IsFlags="true">
        <Member Name="Red" Value="1"/><Member Name="Blue" Value="2"/>
      </EnumType>
      <EnumType Name="Size"><Member Name="S"/><Member Name="M"/></EnumType>
      <TypeDefinition Name="Code" UnderlyingType="Edm.String" MaxLength="3"/>
      <Term Name="Label" Type="Edm.String" AppliesTo="Property EntityType"/>
      <Action Name="Rename" IsBound="true" EntitySetPath="p">
        <Parameter Name="p" Type="T.Person"/><Parameter Name="to" Type="Edm.String" Nullable="false"/>
      </Action>
      <Function Name="Top" IsComposable="true">
        <Parameter Name="n" Type="Edm.Int32"/><ReturnType Type="Collection(T.Person)" Nullable="false"/>
      </Function>
      <Function Name="Top"><ReturnType Type="Edm.Int32"/></Function>
      <EntityContainer Name="Svc">
        <EntitySet Name="People" EntityType="T.Person" IncludeInServiceDocument="false">
          <NavigationPropertyBinding Path="Friends" Target="People"/>
          <Annotation Term="Core.Description"><String>All people.</String></Annotation>
        </EntitySet>
        <Singleton Name="Me" Type="T.Person"/>
        <ActionImport Name="Reset" Action="T.Reset"/>
        <FunctionImport Name="TopPeople" Function="T.Top" EntitySet="People" IncludeInServiceDocument="true"/>
      </EntityContainer>
      <Action Name="Reset"/>
      <Annotations Target="T.Person/Name" Qualifier="q">
        <Annotation Term="T.Label" String="label"/>
      </Annotations>
      <Annotations Target="T.Svc/People">
        <Annotation Term="Core.Revisions">
          <Collection><Record><PropertyValue Property="Kind" EnumMember="Core.RevisionKind/Deprecated"/><PropertyValue Property="Description" String="Use Me."/></Record></Collection>
        </Annotation>
        <Annotation Term="T.Label">
          <If><Eq><Path>Name</Path><String>x</String></Eq><String>yes</String><Null/></If>
        </Annotation>
      </Annotations>
      <Annotations Target="T.Color/Red"><Annotation Term="T.Label" String="red"/></Annotations>
      <Annotations Target="T.Top(Edm.Int32)/n"><Annotation Term="T.Label" String="count"/></Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

fn model() -> Model {
    let (model, diags) = load_bytes(
        Path::new("elements.xml"),
        DOC.as_bytes(),
        &LoadOptions::default(),
    );
    assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
    model.unwrap()
}

#[test]
fn references_and_schema() {
    let m = model();
    assert_eq!(m.version, "4.01");
    assert_eq!(
        (
            m.schemas[0].namespace.as_str(),
            m.schemas[0].alias.as_deref()
        ),
        ("Test.Model", Some("T"))
    );
}

#[test]
fn entity_types_keys_inheritance_and_facets() {
    let m = model();
    let person = m.type_by_name("Test.Model.Person").unwrap();
    let s = m.ty(person).structured().unwrap();
    assert!(s.open_type && s.has_stream && !s.is_abstract);
    assert_eq!(m.ty(s.base.unwrap()).name, "Base");
    assert!(m.ty(s.base.unwrap()).structured().unwrap().is_abstract);
    let key: Vec<&str> = m.key(person).iter().map(|k| k.name()).collect();
    assert_eq!(key, ["Id", "Zip"]);
    assert_eq!(m.key(person)[1].path, ["Address", "Zip"]);
    let names: Vec<&str> = m
        .all_properties(person)
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names[0], "Created", "inherited properties come first");
    let name = m
        .all_properties(person)
        .into_iter()
        .find(|p| p.name == "Name")
        .unwrap();
    assert_eq!(
        (
            name.facets.max_length.as_deref(),
            name.facets.unicode,
            name.facets.default_value.as_deref()
        ),
        (Some("max"), Some(false), Some("n/a"))
    );
    assert_eq!(vocab::description(&name.annotations), Some("The name."));
    assert_eq!(
        name.annotations
            .iter()
            .find(|a| a.term == "Test.Model.Label")
            .and_then(|a| a.qualifier.as_deref()),
        Some("q")
    );
    let price = m
        .all_properties(person)
        .into_iter()
        .find(|p| p.name == "Price")
        .unwrap();
    assert_eq!(
        (price.facets.precision, price.facets.scale.as_deref()),
        (Some(10), Some("variable"))
    );
    let place = m
        .all_properties(person)
        .into_iter()
        .find(|p| p.name == "Where")
        .unwrap();
    assert_eq!(
        (&place.ty.ty, place.facets.srid.as_deref()),
        (
            &Type::Primitive(Primitive::Geography("Point".into())),
            Some("4326")
        )
    );
    let tags = m
        .all_properties(person)
        .into_iter()
        .find(|p| p.name == "Tags")
        .unwrap();
    assert!(tags.ty.collection && tags.ty.nullable);
}

#[test]
fn navigation_properties() {
    let m = model();
    let person = m.type_by_name("Test.Model.Person").unwrap();
    let nav = m.all_navigation_properties(person);
    let friends = nav.iter().find(|n| n.name == "Friends").unwrap();
    assert!(
        friends.collection
            && friends.partner.as_deref() == Some("Friends")
            && friends.target == person
    );
    let pets = nav.iter().find(|n| n.name == "Pets").unwrap();
    assert!(pets.contains_target);
    let best = nav.iter().find(|n| n.name == "Best").unwrap();
    assert!(
        !best.collection
            && !best.nullable
            && best.referential_constraints == [("Id".to_owned(), "Id".to_owned())]
    );
}

#[test]
fn complex_enum_and_type_definitions() {
    let m = model();
    let TypeKind::Enum(color) = &m.ty(m.type_by_name("Test.Model.Color").unwrap()).kind else {
        panic!("enum")
    };
    assert!(color.is_flags && color.underlying == Primitive::Byte);
    assert_eq!(
        color
            .members
            .iter()
            .map(|x| (x.name.as_str(), x.value))
            .collect::<Vec<_>>(),
        [("Red", 1), ("Blue", 2)]
    );
    assert_eq!(
        color.members[0].annotations[0].value,
        Some(Expr::Const(ConstKind::String, "red".into()))
    );
    let TypeKind::Enum(size) = &m.ty(m.type_by_name("Test.Model.Size").unwrap()).kind else {
        panic!("enum")
    };
    assert_eq!(
        size.members.iter().map(|x| x.value).collect::<Vec<_>>(),
        [0, 1],
        "implicit values count from 0"
    );
    let TypeKind::Definition(code) = &m.ty(m.type_by_name("Test.Model.Code").unwrap()).kind else {
        panic!("type definition")
    };
    assert_eq!(code.underlying, Primitive::String);
    assert!(matches!(
        m.ty(m.type_by_name("Test.Model.Address").unwrap()).kind,
        TypeKind::Complex(_)
    ));
}

#[test]
fn terms_and_operations() {
    let m = model();
    let rename = m.operations.iter().find(|o| o.name == "Rename").unwrap();
    assert!(rename.is_bound && rename.kind == OperationKind::Action);
    assert_eq!(rename.binding_parameter().unwrap().name, "p");
    let tops: Vec<_> = m.operations.iter().filter(|o| o.name == "Top").collect();
    assert_eq!(tops.len(), 2, "overloads are kept apart");
    assert!(tops[0].is_composable && tops[0].return_type.as_ref().unwrap().collection);
    assert_eq!(
        tops[0].parameters[0].annotations[0].term, "Test.Model.Label",
        "annotation target with a parameter list"
    );
}

#[test]
fn container_sets_singletons_imports_and_annotations() {
    let m = model();
    let c = m.main_container().unwrap();
    let people = &c.entity_sets[0];
    assert_eq!(
        people.bindings,
        [("Friends".to_owned(), "People".to_owned())]
    );
    assert_eq!(vocab::description(&people.annotations), Some("All people."));
    assert_eq!(
        vocab::deprecation(&people.annotations)
            .unwrap()
            .description
            .as_deref(),
        Some("Use Me.")
    );
    let label = people
        .annotations
        .iter()
        .find(|a| a.term == "Test.Model.Label")
        .unwrap();
    assert!(
        matches!(&label.value, Some(Expr::If(cond, _, Some(_))) if matches!(&**cond, Expr::Op(op, args) if op == "Eq" && args[0] == Expr::Path(PathKind::Value, "Name".into())))
    );
    assert_eq!(c.singletons[0].name, "Me");
    let imports: Vec<(&str, usize)> = c
        .operation_imports
        .iter()
        .map(|i| (i.name.as_str(), i.operations.len()))
        .collect();
    assert_eq!(imports, [("Reset", 1), ("TopPeople", 2)]);
    assert_eq!(c.operation_imports[1].entity_set.as_deref(), Some("People"));
}
