//! Name resolution: aliases, qualified names and type references.

use std::collections::{BTreeMap, BTreeSet};

use super::{Primitive, Type, TypeId, TypeRef};
use crate::diag::{Diagnostics, Span};

/// The names one document can see: its own schema aliases and those of its includes.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Alias → namespace.
    pub aliases: BTreeMap<String, String>,
}

impl Scope {
    /// `Alias.Name` → `Namespace.Name`; other names are returned as they are.
    pub fn qualify(&self, name: &str) -> String {
        match split_qualified(name) {
            Some((prefix, simple)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{simple}"),
                None => name.to_owned(),
            },
            None => name.to_owned(),
        }
    }

    /// Qualifies the part of a path before its first `/` (`Alias.Type/Member`).
    pub fn qualify_path(&self, path: &str) -> String {
        match path.split_once('/') {
            Some((head, rest)) => format!("{}/{rest}", self.qualify(head)),
            None => self.qualify(path),
        }
    }
}

/// `Namespace.Name` split at its last dot.
pub fn split_qualified(name: &str) -> Option<(&str, &str)> {
    name.rsplit_once('.')
        .filter(|(ns, simple)| !ns.is_empty() && !simple.is_empty())
}

/// The element type name and whether it is a collection, or what is wrong with the syntax.
pub fn parse_collection(raw: &str) -> Result<(bool, &str), String> {
    let raw = raw.trim();
    let (collection, inner) = match raw.strip_prefix("Collection(") {
        Some(rest) => match rest.strip_suffix(')') {
            Some(inner) => (true, inner.trim()),
            None => {
                return Err(format!(
                    "expected `Collection(TypeName)`, found `{raw}` without its closing parenthesis"
                ));
            }
        },
        None => (false, raw),
    };
    if inner.is_empty() {
        return Err(format!("expected a type name, found `{raw}`"));
    }
    if inner.contains(['(', ')', ' ', ',']) {
        return Err(format!("expected a qualified type name, found `{raw}`"));
    }
    Ok((collection, inner))
}

/// A primitive type by its name after `Edm.`.
pub fn primitive(name: &str) -> Option<Primitive> {
    use Primitive::*;
    Some(match name {
        "Binary" => Binary,
        "Boolean" => Boolean,
        "Byte" => Byte,
        "Date" => Date,
        "DateTimeOffset" => DateTimeOffset,
        "Decimal" => Decimal,
        "Double" => Double,
        "Duration" => Duration,
        "Guid" => Guid,
        "Int16" => Int16,
        "Int32" => Int32,
        "Int64" => Int64,
        "SByte" => SByte,
        "Single" => Single,
        "Stream" => Stream,
        "String" => String,
        "TimeOfDay" => TimeOfDay,
        "Untyped" | "PrimitiveType" | "ComplexType" | "EntityType" => Untyped,
        "AnnotationPath"
        | "PropertyPath"
        | "NavigationPropertyPath"
        | "AnyPropertyPath"
        | "ModelElementPath" => PathType(name.to_owned()),
        g if g.starts_with("Geography") && geo_kind(&g[9..]) => Geography(g[9..].to_owned()),
        g if g.starts_with("Geometry") && geo_kind(&g[8..]) => Geometry(g[8..].to_owned()),
        _ => return None,
    })
}

fn geo_kind(s: &str) -> bool {
    matches!(
        s,
        "" | "Point"
            | "LineString"
            | "Polygon"
            | "MultiPoint"
            | "MultiLineString"
            | "MultiPolygon"
            | "Collection"
    )
}

/// What type references can resolve against.
pub struct TypeTable<'a> {
    /// Qualified name → type.
    pub index: &'a BTreeMap<String, TypeId>,
    /// Namespaces declared by a loaded schema.
    pub declared: &'a BTreeSet<String>,
    /// Namespaces included from references that were not found locally.
    pub opaque: &'a BTreeSet<String>,
}

impl TypeTable<'_> {
    /// Whether `qualified` belongs to a referenced namespace whose document is missing.
    pub fn is_opaque(&self, qualified: &str) -> bool {
        split_qualified(qualified).is_some_and(|(ns, _)| self.opaque.contains(ns))
    }

    /// Resolves a type reference as written (`Collection(Alias.Name)`, `Edm.String`, …). A
    /// reference that names no known type (bad syntax, an undeclared namespace or alias, a
    /// type the service trimmed) is kept as untyped JSON, [`Type::Opaque`] with the name as
    /// written, after a warning. Always `Some`; the option keeps callers' `?` meaningful.
    pub fn resolve(
        &self,
        scope: &Scope,
        raw: &str,
        nullable: bool,
        span: &Span,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        let (collection, inner) = match parse_collection(raw) {
            Ok(parsed) => parsed,
            Err(message) => {
                diags.warning(span, format!("{message}; kept as untyped JSON"));
                return Some(TypeRef {
                    ty: Type::Opaque(raw.trim().to_owned()),
                    collection: false,
                    nullable,
                });
            }
        };
        let name = scope.qualify(inner);
        let ty = if let Some(edm) = name.strip_prefix("Edm.") {
            Type::Primitive(primitive(edm).unwrap_or_else(|| {
                diags.warning(
                    span,
                    format!(
                        "unknown primitive type `{name}`; values of it are kept as untyped JSON"
                    ),
                );
                Primitive::Unknown(edm.to_owned())
            }))
        } else if let Some(p) = (!name.contains('.')).then(|| primitive(&name)).flatten() {
            diags.warning(span, format!("expected a qualified primitive type name `Edm.{name}`, found `{name}`; read as Edm.{name}"));
            Type::Primitive(p)
        } else if let Some(id) = self.index.get(&name) {
            Type::Named(*id)
        } else {
            let ns = split_qualified(&name).map_or("", |(ns, _)| ns);
            if self.opaque.contains(ns) {
                diags.warning(span, format!("type `{name}` comes from a referenced document that was not found locally; it is kept as untyped JSON"));
                Type::Opaque(name)
            } else if self.declared.contains(ns) {
                // The service trimmed the type from its document.
                diags.warning(
                    span,
                    format!("unknown type `{inner}`: namespace `{ns}` declares no such type; kept as untyped JSON"),
                );
                Type::Opaque(inner.to_owned())
            } else {
                diags.warning(span, format!("unknown type `{inner}`: expected a type of a declared or included namespace, found namespace `{ns}` that is neither; kept as untyped JSON"));
                Type::Opaque(inner.to_owned())
            }
        };
        Some(TypeRef {
            ty,
            collection,
            nullable,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_syntax() {
        assert_eq!(
            parse_collection("Collection(Edm.String)"),
            Ok((true, "Edm.String"))
        );
        assert_eq!(parse_collection(" NS.T "), Ok((false, "NS.T")));
        assert!(
            parse_collection("Collection(Edm.String")
                .unwrap_err()
                .contains("closing parenthesis")
        );
        assert!(parse_collection("Collection()").is_err());
        assert!(parse_collection("Collection(Collection(Edm.String))").is_err());
        assert!(parse_collection("").is_err());
    }

    #[test]
    fn qualify_resolves_aliases_at_the_last_dot() {
        let scope = Scope {
            aliases: [("Core".to_owned(), "Org.OData.Core.V1".to_owned())].into(),
        };
        assert_eq!(
            scope.qualify("Core.Description"),
            "Org.OData.Core.V1.Description"
        );
        assert_eq!(
            scope.qualify("Org.OData.Core.V1.Description"),
            "Org.OData.Core.V1.Description"
        );
        assert_eq!(
            scope.qualify_path("Core.RevisionKind/Deprecated"),
            "Org.OData.Core.V1.RevisionKind/Deprecated"
        );
        assert_eq!(scope.qualify("NoDot"), "NoDot");
    }

    #[test]
    fn primitives_and_geo_subtypes() {
        assert_eq!(
            primitive("GeographyPoint"),
            Some(Primitive::Geography("Point".into()))
        );
        assert_eq!(
            primitive("Geometry"),
            Some(Primitive::Geometry(String::new()))
        );
        assert_eq!(primitive("GeographyBlob"), None);
        assert_eq!(primitive("Strin"), None);
    }
}
