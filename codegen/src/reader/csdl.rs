//! The CSDL syntax tree: what the document says, element by element, with spans, before any
//! name is resolved. Names are kept exactly as written (qualified, aliased or not).

use crate::diag::Span;

/// One CSDL document (`edmx:Edmx`, or a bare `Schema` as some vocabularies ship).
#[derive(Clone, Debug)]
pub struct Document {
    /// `Version` of `edmx:Edmx` (`4.0` or `4.01`).
    pub version: String,
    /// `edmx:Reference` elements.
    pub references: Vec<Reference>,
    /// Every `Schema` of `edmx:DataServices`.
    pub schemas: Vec<Schema>,
    /// The root element.
    pub span: Span,
}

/// `edmx:Reference`: another document whose schemas this one uses.
#[derive(Clone, Debug)]
pub struct Reference {
    /// `Uri`, absolute or relative to this document.
    pub uri: String,
    /// `edmx:Include` children.
    pub includes: Vec<Include>,
    /// Annotations on the reference itself.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `edmx:Include`: a namespace of a referenced document, optionally aliased.
#[derive(Clone, Debug)]
pub struct Include {
    /// `Namespace`.
    pub namespace: String,
    /// `Alias`.
    pub alias: Option<String>,
}

/// `Schema`.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// `Namespace`.
    pub namespace: String,
    /// `Alias`.
    pub alias: Option<String>,
    /// `EntityType` children.
    pub entity_types: Vec<StructuredType>,
    /// `ComplexType` children.
    pub complex_types: Vec<StructuredType>,
    /// `EnumType` children.
    pub enum_types: Vec<EnumType>,
    /// `TypeDefinition` children.
    pub type_definitions: Vec<TypeDefinition>,
    /// `Term` children.
    pub terms: Vec<Term>,
    /// `Action` and `Function` children.
    pub operations: Vec<Operation>,
    /// `EntityContainer` children (at most one is valid).
    pub containers: Vec<EntityContainer>,
    /// `Association` children: OData v3 syntax some v4 documents still carry; navigation
    /// properties that name one take their type from its ends.
    pub associations: Vec<Association>,
    /// `Annotations` children: out-of-line annotations.
    pub annotation_groups: Vec<Annotations>,
    /// `Annotation` children: annotations of the schema itself.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `EntityType` or `ComplexType`.
#[derive(Clone, Debug)]
pub struct StructuredType {
    /// `Name`.
    pub name: String,
    /// `BaseType`, as written.
    pub base_type: Option<String>,
    /// `Abstract`.
    pub is_abstract: bool,
    /// `OpenType`.
    pub open_type: bool,
    /// `HasStream` (entity types only).
    pub has_stream: bool,
    /// `Key` children (entity types only; more than one is an error found later).
    pub keys: Vec<Key>,
    /// `Property` children.
    pub properties: Vec<Property>,
    /// `NavigationProperty` children.
    pub navigation_properties: Vec<NavigationProperty>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Key`.
#[derive(Clone, Debug)]
pub struct Key {
    /// `PropertyRef` children.
    pub property_refs: Vec<PropertyRef>,
    /// The element.
    pub span: Span,
}

/// `PropertyRef`.
#[derive(Clone, Debug)]
pub struct PropertyRef {
    /// `Name`: a property, or a path into complex properties (4.01).
    pub name: String,
    /// `Alias`, required when the name is a path.
    pub alias: Option<String>,
}

/// Type facets shared by properties, parameters, return types, terms and type definitions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// `Nullable`, when written.
    pub nullable: Option<bool>,
    /// `MaxLength` (a number or `max`).
    pub max_length: Option<String>,
    /// `Precision`.
    pub precision: Option<u32>,
    /// `Scale` (a number, `variable` or `floating`).
    pub scale: Option<String>,
    /// `SRID` (a number or `variable`).
    pub srid: Option<String>,
    /// `Unicode`.
    pub unicode: Option<bool>,
    /// `DefaultValue`.
    pub default_value: Option<String>,
}

/// `Property`.
#[derive(Clone, Debug)]
pub struct Property {
    /// `Name`.
    pub name: String,
    /// `Type`, as written (may be `Collection(...)`).
    pub ty: String,
    /// Facets.
    pub facets: Facets,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `NavigationProperty`.
#[derive(Clone, Debug)]
pub struct NavigationProperty {
    /// `Name`.
    pub name: String,
    /// `Type`, as written; empty when the v3 `relationship` names it instead.
    pub ty: String,
    /// `Relationship` and `ToRole` (OData v3 syntax), when `Type` is absent.
    pub relationship: Option<Relationship>,
    /// `Nullable`.
    pub nullable: Option<bool>,
    /// `Partner`.
    pub partner: Option<String>,
    /// `ContainsTarget`.
    pub contains_target: bool,
    /// `ReferentialConstraint` children.
    pub referential_constraints: Vec<ReferentialConstraint>,
    /// `OnDelete` `Action`.
    pub on_delete: Option<String>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Association` (OData v3): two named ends with their types and multiplicities.
#[derive(Clone, Debug)]
pub struct Association {
    /// `Name`.
    pub name: String,
    /// `End` children: role, type and multiplicity (`1`, `0..1` or `*`).
    pub ends: Vec<(String, String, String)>,
}

/// The v3 way a navigation property names its type: an association and the target role.
#[derive(Clone, Debug)]
pub struct Relationship {
    /// `Relationship`: the qualified association name.
    pub association: String,
    /// `ToRole`.
    pub to_role: String,
}

/// `ReferentialConstraint`.
#[derive(Clone, Debug)]
pub struct ReferentialConstraint {
    /// `Property` of the declaring type.
    pub property: String,
    /// `ReferencedProperty` of the target type.
    pub referenced_property: String,
}

/// `EnumType`.
#[derive(Clone, Debug)]
pub struct EnumType {
    /// `Name`.
    pub name: String,
    /// `UnderlyingType` (defaults to `Edm.Int32`).
    pub underlying_type: Option<String>,
    /// `IsFlags`.
    pub is_flags: bool,
    /// `Member` children.
    pub members: Vec<EnumMember>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Member` of an enum type.
#[derive(Clone, Debug)]
pub struct EnumMember {
    /// `Name`.
    pub name: String,
    /// `Value`, when written.
    pub value: Option<i64>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `TypeDefinition`.
#[derive(Clone, Debug)]
pub struct TypeDefinition {
    /// `Name`.
    pub name: String,
    /// `UnderlyingType`: a primitive type.
    pub underlying_type: String,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Term`.
#[derive(Clone, Debug)]
pub struct Term {
    /// `Name`.
    pub name: String,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// Whether an operation is an action or a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum OperationKind {
    /// `Action`: may have side effects, invoked with POST.
    Action,
    /// `Function`: no side effects, invoked with GET.
    Function,
}

/// `Action` or `Function`.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Action or function.
    pub kind: OperationKind,
    /// `Name`.
    pub name: String,
    /// `IsBound`.
    pub is_bound: bool,
    /// `IsComposable` (functions).
    pub is_composable: bool,
    /// `Parameter` children.
    pub parameters: Vec<Parameter>,
    /// `ReturnType`.
    pub return_type: Option<ReturnType>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Parameter`.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// `Name`.
    pub name: String,
    /// `Type`.
    pub ty: String,
    /// Facets.
    pub facets: Facets,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `ReturnType`.
#[derive(Clone, Debug)]
pub struct ReturnType {
    /// `Type`.
    pub ty: String,
    /// Facets.
    pub facets: Facets,
    /// The element.
    pub span: Span,
}

/// `EntityContainer`.
#[derive(Clone, Debug)]
pub struct EntityContainer {
    /// `Name`.
    pub name: String,
    /// `EntitySet` children.
    pub entity_sets: Vec<EntitySet>,
    /// `Singleton` children.
    pub singletons: Vec<EntitySet>,
    /// `ActionImport` and `FunctionImport` children.
    pub operation_imports: Vec<OperationImport>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `EntitySet` or `Singleton` (the type attribute is `EntityType` or `Type`).
#[derive(Clone, Debug)]
pub struct EntitySet {
    /// `Name`.
    pub name: String,
    /// The entity type, as written.
    pub entity_type: String,
    /// `NavigationPropertyBinding` children.
    pub bindings: Vec<NavigationPropertyBinding>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `NavigationPropertyBinding`.
#[derive(Clone, Debug)]
pub struct NavigationPropertyBinding {
    /// `Path`.
    pub path: String,
    /// `Target`.
    pub target: String,
}

/// `ActionImport` or `FunctionImport`.
#[derive(Clone, Debug)]
pub struct OperationImport {
    /// Which kind of operation it imports.
    pub kind: OperationKind,
    /// `Name`.
    pub name: String,
    /// `Action` or `Function`: the qualified operation name.
    pub operation: String,
    /// `EntitySet`.
    pub entity_set: Option<String>,
    /// Inline annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Annotations`: annotations applied to a target from outside.
#[derive(Clone, Debug)]
pub struct Annotations {
    /// `Target`: a path to a model element.
    pub target: String,
    /// `Qualifier` applied to every child annotation.
    pub qualifier: Option<String>,
    /// `Annotation` children.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// `Annotation`.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// `Term`, as written (alias or namespace qualified).
    pub term: String,
    /// `Qualifier`.
    pub qualifier: Option<String>,
    /// The value; `None` when the annotation has no expression (a Boolean term then means `true`).
    pub value: Option<Expr>,
    /// Annotations of the annotation.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// The kind of a constant expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum ConstKind {
    /// `Binary` (base64url).
    Binary,
    /// `Bool`.
    Bool,
    /// `Date`.
    Date,
    /// `DateTimeOffset`.
    DateTimeOffset,
    /// `Decimal`.
    Decimal,
    /// `Duration`.
    Duration,
    /// `EnumMember`: space-separated `Type/Member` paths.
    EnumMember,
    /// `Float`.
    Float,
    /// `Guid`.
    Guid,
    /// `Int`.
    Int,
    /// `String`.
    String,
    /// `TimeOfDay`.
    TimeOfDay,
}

/// The kind of a path expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum PathKind {
    /// `AnnotationPath`.
    Annotation,
    /// `ModelElementPath`.
    ModelElement,
    /// `NavigationPropertyPath`.
    NavigationProperty,
    /// `Path`: a value path.
    Value,
    /// `PropertyPath`.
    Property,
}

/// An annotation expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A constant: its kind and its text as written (whitespace trimmed).
    Const(ConstKind, String),
    /// A path.
    Path(PathKind, String),
    /// `Null`.
    Null,
    /// `Collection`.
    Collection(Vec<Expr>),
    /// `Record`: optional `Type` and the property values in order.
    Record(Record),
    /// `Apply`: a client-side function and its arguments.
    Apply(String, Vec<Expr>),
    /// `Cast` (`Cast`) or type test (`IsOf`): the element name, type and operand.
    TypeOp(String, String, Box<Expr>),
    /// `If`: condition, then, optional else.
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    /// A logical, comparison or arithmetic operator (`And`, `Eq`, `Not`, `Add`, `Has`, `In`, …)
    /// named by its element, with its operands.
    Op(String, Vec<Expr>),
    /// `LabeledElement`: a name and its value.
    Labeled(String, Box<Expr>),
    /// `LabeledElementReference`.
    LabeledRef(String),
    /// `UrlRef`.
    UrlRef(Box<Expr>),
}

/// `Record`.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// `Type`, as written.
    pub ty: Option<String>,
    /// `PropertyValue` children: name and value.
    pub properties: Vec<(String, Expr)>,
    /// Annotations of the record.
    pub annotations: Vec<Annotation>,
}
