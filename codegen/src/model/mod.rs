//! The resolved model: every name qualified, every type reference resolved to an item of the
//! model, base-type chains checked, annotations attached to their targets. No XML, no Rust:
//! wire names only (Rust naming belongs to the emitter).
//!
//! Items live in arenas ([`Model::types`], [`Model::operations`], [`Model::containers`]) and
//! refer to each other by index, so the model is cheap to walk in any direction.

mod annotate;
mod build;
pub mod builtin;
mod load;
mod names;
pub mod vocab;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::Span;
pub use crate::reader::csdl::{ConstKind, Expr, Facets, OperationKind, PathKind, Record};
pub use load::{LoadOptions, load, load_bytes};

/// Index of a type in [`Model::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Index of an operation in [`Model::operations`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationId(pub usize);

/// A resolved model of one `$metadata` document and the documents it references.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// The CSDL version of the main document (`4.0` or `4.01`).
    pub(crate) version: String,
    /// Every schema, main document first, in document order.
    pub(crate) schemas: Vec<Schema>,
    /// Every named type of every schema.
    pub(crate) types: Vec<TypeDef>,
    /// Every action and function (overloads are separate entries).
    pub(crate) operations: Vec<Operation>,
    /// Every term.
    pub(crate) terms: Vec<Term>,
    /// Entity containers (a valid service has exactly one in its main document).
    pub(crate) containers: Vec<Container>,
    /// `edmx:Reference`s of every loaded document and whether they were found locally.
    pub(crate) references: Vec<ReferenceInfo>,
    /// Qualified name → type.
    pub(crate) type_index: BTreeMap<String, TypeId>,
}

/// A schema: its namespace, alias and whether it comes from the main document.
#[derive(Clone, Debug)]
pub struct Schema {
    /// `Namespace`.
    pub namespace: String,
    /// `Alias`.
    pub alias: Option<String>,
    /// Whether the schema is part of the main document (rather than a referenced one).
    pub is_main: bool,
    /// Annotations of the schema.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// An `edmx:Reference` and what became of it.
#[derive(Clone, Debug)]
pub struct ReferenceInfo {
    /// `Uri` as written.
    pub uri: String,
    /// The local file it was loaded from, if one was found.
    pub loaded_from: Option<PathBuf>,
    /// The element.
    pub span: Span,
}

/// A named type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The schema namespace.
    pub namespace: String,
    /// The simple name.
    pub name: String,
    /// Whether it comes from the main document.
    pub is_main: bool,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Annotations (inline and out-of-line).
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

impl TypeDef {
    /// `Namespace.Name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }

    /// The structured part of an entity or complex type.
    pub fn structured(&self) -> Option<&StructuredType> {
        match &self.kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            _ => None,
        }
    }
}

/// The kinds of named types.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// `EntityType`.
    Entity(StructuredType),
    /// `ComplexType`.
    Complex(StructuredType),
    /// `EnumType`.
    Enum(EnumType),
    /// `TypeDefinition`.
    Definition(TypeDefinition),
}

/// An entity or complex type.
#[derive(Clone, Debug, Default)]
pub struct StructuredType {
    /// The base type, if any.
    pub base: Option<TypeId>,
    /// `Abstract`.
    pub is_abstract: bool,
    /// `OpenType`.
    pub open_type: bool,
    /// `HasStream`.
    pub has_stream: bool,
    /// The key declared by this type (entity types; derived types inherit their base's).
    pub key: Vec<KeyPart>,
    /// Properties declared by this type (not inherited ones).
    pub properties: Vec<Property>,
    /// Navigation properties declared by this type.
    pub navigation_properties: Vec<NavigationProperty>,
    /// Types that name this one as their base, directly.
    pub derived: Vec<TypeId>,
}

/// One `PropertyRef` of a key.
#[derive(Clone, Debug)]
pub struct KeyPart {
    /// The path to the key property (one segment, or several into complex properties).
    pub path: Vec<String>,
    /// `Alias` (required for paths).
    pub alias: Option<String>,
    /// The type of the key property.
    pub ty: TypeRef,
}

impl KeyPart {
    /// The name the key part goes by in URLs: its alias, or its property name.
    pub fn name(&self) -> &str {
        self.alias
            .as_deref()
            .unwrap_or_else(|| self.path.last().map_or("", String::as_str))
    }
}

/// A structural property.
#[derive(Clone, Debug)]
pub struct Property {
    /// `Name`.
    pub name: String,
    /// The type.
    pub ty: TypeRef,
    /// Facets as written.
    pub facets: Facets,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// A navigation property.
#[derive(Clone, Debug)]
pub struct NavigationProperty {
    /// `Name`.
    pub name: String,
    /// The target entity type.
    pub target: TypeId,
    /// Whether it leads to many entities.
    pub collection: bool,
    /// Whether a single-valued navigation may be null.
    pub nullable: bool,
    /// `Partner`.
    pub partner: Option<String>,
    /// `ContainsTarget`.
    pub contains_target: bool,
    /// `ReferentialConstraint`s: (dependent property, principal property).
    pub referential_constraints: Vec<(String, String)>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// A reference to a type, with its cardinality and facets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRef {
    /// The element type.
    pub ty: Type,
    /// `Collection(...)`.
    pub collection: bool,
    /// Whether the value (or each element of a collection) may be null.
    pub nullable: bool,
}

/// What a type reference names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// A primitive `Edm` type.
    Primitive(Primitive),
    /// A named type of the model.
    Named(TypeId),
    /// A type the model cannot resolve, by its name as written: of a referenced document
    /// that was not available locally, or unknown (a warning said so). Values of it are
    /// untyped JSON.
    Opaque(String),
}

/// The primitive types of `Edm`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    Binary,
    Boolean,
    Byte,
    Date,
    DateTimeOffset,
    Decimal,
    Double,
    Duration,
    Guid,
    Int16,
    Int32,
    Int64,
    SByte,
    Single,
    Stream,
    String,
    TimeOfDay,
    /// `Edm.Geography` and its subtypes; the string is the subtype (`Point`, `Polygon`, … or empty).
    Geography(String),
    /// `Edm.Geometry` and its subtypes.
    Geometry(String),
    /// `Edm.Untyped`, `Edm.PrimitiveType` and the abstract types: any JSON value.
    Untyped,
    /// `Edm.AnnotationPath`, `Edm.PropertyPath`, … (vocabulary definitions).
    PathType(String),
    /// An `Edm.X` this reader does not know (a warning was recorded).
    Unknown(String),
}

impl Primitive {
    /// The name after `Edm.`.
    pub fn edm_name(&self) -> String {
        match self {
            Primitive::Geography(s) => format!("Geography{s}"),
            Primitive::Geometry(s) => format!("Geometry{s}"),
            Primitive::PathType(s) | Primitive::Unknown(s) => s.clone(),
            Primitive::Untyped => "Untyped".into(),
            other => format!("{other:?}"),
        }
    }
}

/// An enum type.
#[derive(Clone, Debug)]
pub struct EnumType {
    /// The underlying integer type.
    pub underlying: Primitive,
    /// `IsFlags`.
    pub is_flags: bool,
    /// Members in document order, with their values (implicit ones numbered as CSDL says).
    pub members: Vec<EnumMember>,
}

/// An enum member.
#[derive(Clone, Debug)]
pub struct EnumMember {
    /// `Name`.
    pub name: String,
    /// The value, explicit or implicit.
    pub value: i64,
    /// Annotations.
    pub annotations: Vec<Annotation>,
}

/// A type definition: a named primitive type with facets.
#[derive(Clone, Debug)]
pub struct TypeDefinition {
    /// The underlying primitive type.
    pub underlying: Primitive,
}

/// An action or function.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Action or function.
    pub kind: OperationKind,
    /// The schema namespace.
    pub namespace: String,
    /// The simple name.
    pub name: String,
    /// Whether it comes from the main document.
    pub is_main: bool,
    /// `IsBound`: the first parameter is the binding parameter.
    pub is_bound: bool,
    /// `IsComposable`.
    pub is_composable: bool,
    /// Parameters in order.
    pub parameters: Vec<Parameter>,
    /// The return type, if any.
    pub return_type: Option<TypeRef>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
}

impl Operation {
    /// `Namespace.Name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }

    /// The binding parameter of a bound operation.
    pub fn binding_parameter(&self) -> Option<&Parameter> {
        if self.is_bound {
            self.parameters.first()
        } else {
            None
        }
    }
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// `Name`.
    pub name: String,
    /// The type.
    pub ty: TypeRef,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// A term definition.
#[derive(Clone, Debug)]
pub struct Term {
    /// The schema namespace.
    pub namespace: String,
    /// The simple name.
    pub name: String,
    /// Annotations.
    pub annotations: Vec<Annotation>,
}

/// An entity container.
#[derive(Clone, Debug)]
pub struct Container {
    /// The schema namespace.
    pub namespace: String,
    /// The simple name.
    pub name: String,
    /// Whether it comes from the main document.
    pub is_main: bool,
    /// Entity sets.
    pub entity_sets: Vec<EntitySet>,
    /// Singletons.
    pub singletons: Vec<EntitySet>,
    /// Action and function imports.
    pub operation_imports: Vec<OperationImport>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
}

impl Container {
    /// `Namespace.Name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// An entity set or a singleton.
#[derive(Clone, Debug)]
pub struct EntitySet {
    /// `Name`.
    pub name: String,
    /// The entity type.
    pub entity_type: TypeId,
    /// Navigation property bindings: path and target as written (the target is checked).
    pub bindings: Vec<(String, String)>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// An action or function import.
#[derive(Clone, Debug)]
pub struct OperationImport {
    /// `Name`.
    pub name: String,
    /// The overloads it imports (unbound operations with that qualified name).
    pub operations: Vec<OperationId>,
    /// `EntitySet`, when it returns entities of a set.
    pub entity_set: Option<String>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

/// An annotation with its term qualified by namespace (aliases resolved).
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// `Namespace.Term`.
    pub term: String,
    /// `Qualifier`.
    pub qualifier: Option<String>,
    /// The value; `None` means the term's default (`true` for Boolean terms).
    pub value: Option<Expr>,
    /// Annotations of the annotation.
    pub annotations: Vec<Annotation>,
    /// The element.
    pub span: Span,
}

impl Model {
    /// The type at `id`.
    pub(crate) fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The type named `qualified` (`Namespace.Name`, aliases already resolved).
    pub(crate) fn type_by_name(&self, qualified: &str) -> Option<TypeId> {
        self.type_index.get(qualified).copied()
    }

    /// The chain of `id` and its bases, most derived first. Cycles were rejected on build.
    pub(crate) fn base_chain(&self, id: TypeId) -> Vec<TypeId> {
        let mut chain = vec![id];
        while let Some(base) = self
            .ty(*chain.last().expect("non-empty"))
            .structured()
            .and_then(|s| s.base)
        {
            if chain.contains(&base) {
                break;
            }
            chain.push(base);
        }
        chain
    }

    /// Every structural property of `id`, inherited ones first (base to derived); a property
    /// redeclared by a derived type keeps its base position and takes the derived declaration,
    /// and one a derived type redeclares as a navigation property is left out.
    pub(crate) fn all_properties(&self, id: TypeId) -> Vec<&Property> {
        self.inherited(
            id,
            |s| &s.properties,
            |p| &p.name,
            |s| s.navigation_properties.iter().map(|n| n.name.as_str()),
        )
    }

    /// Every navigation property of `id`, inherited ones first, redeclarations as for
    /// [`all_properties`](Self::all_properties).
    pub(crate) fn all_navigation_properties(&self, id: TypeId) -> Vec<&NavigationProperty> {
        self.inherited(
            id,
            |s| &s.navigation_properties,
            |n| &n.name,
            |s| s.properties.iter().map(|p| p.name.as_str()),
        )
    }

    /// The members of one kind (`own`) along `id`'s base chain, base first: the most derived
    /// declaration of a name wins, in the position of the first; a member of the other kind
    /// (`other`) hides the inherited ones of its name.
    fn inherited<'a, T, I: Iterator<Item = &'a str>>(
        &'a self,
        id: TypeId,
        own: impl Fn(&'a StructuredType) -> &'a [T],
        name: impl Fn(&T) -> &str,
        other: impl Fn(&'a StructuredType) -> I,
    ) -> Vec<&'a T> {
        let chain = self.base_chain(id);
        let mut out: Vec<&T> = vec![];
        for s in chain.iter().rev().filter_map(|t| self.ty(*t).structured()) {
            // Only members inherited from bases can be redeclared or hidden: those before
            // this type's own new ones. (A type declaring a name twice is refused elsewhere.)
            let mut inherited = out.len();
            for m in own(s) {
                match out[..inherited].iter_mut().find(|q| name(q) == name(m)) {
                    Some(slot) => *slot = m,
                    None => out.push(m),
                }
            }
            for hiding in other(s) {
                if let Some(i) = out[..inherited].iter().position(|m| name(m) == hiding) {
                    out.remove(i);
                    inherited -= 1;
                }
            }
        }
        out
    }

    /// The key of an entity type: declared by it or inherited. Empty when none.
    pub(crate) fn key(&self, id: TypeId) -> &[KeyPart] {
        self.base_chain(id)
            .into_iter()
            .filter_map(|t| self.ty(t).structured())
            .map(|s| s.key.as_slice())
            .find(|k| !k.is_empty())
            .unwrap_or(&[])
    }

    /// Every type derived from `id`, directly or not, in a stable order.
    pub(crate) fn all_derived(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = vec![];
        let mut stack = vec![id];
        while let Some(t) = stack.pop() {
            for d in self
                .ty(t)
                .structured()
                .map(|s| s.derived.as_slice())
                .unwrap_or(&[])
            {
                if !out.contains(d) && *d != id {
                    out.push(*d);
                    stack.push(*d);
                }
            }
        }
        out.sort();
        out
    }

    /// The main document's entity container, if it has one.
    pub(crate) fn main_container(&self) -> Option<&Container> {
        self.containers.iter().find(|c| c.is_main)
    }
}
