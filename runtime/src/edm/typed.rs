//! Values of entity types that have derived types: read the object once, look at its
//! `@odata.type`, then decode it as the type it names.

use std::borrow::Cow;

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A JSON object and the type its `@odata.type` names (4.01 `@type` and the older
/// `odata.type` are read too), for generated enums of a base type and its derived types.
///
/// The type name is given without the leading `#` (or anything up to the last `#` of a
/// context URL), as written: `NS.Person` or `Alias.Person`. A generated enum matches it and
/// decodes the object with [`into_type`](Self::into_type):
///
/// ```
/// use odata_runtime::edm::TypedValue;
///
/// let v: TypedValue = serde_json::from_str(r##"{"@odata.type":"#NS.Employee","id":"e"}"##).unwrap();
/// assert_eq!(v.type_name(), Some("NS.Employee"));
/// let raw: serde_json::Value = v.into_type::<_, serde_json::Error>().unwrap();
/// assert_eq!(raw["id"], "e");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TypedValue {
    type_name: Option<String>,
    object: Map<String, Value>,
}

impl TypedValue {
    /// The qualified type name from `@odata.type`, if the object has one.
    pub fn type_name(&self) -> Option<&str> {
        self.type_name.as_deref()
    }

    /// The namespace-qualified name of the type `@odata.type` names: a name qualified by a
    /// schema alias instead (`aliases` pairs each alias with its namespace) is rewritten with
    /// the namespace. `None` without a type name.
    pub fn qualified_name(&self, aliases: &[(&str, &str)]) -> Option<Cow<'_, str>> {
        let name = self.type_name()?;
        let aliased = name.rsplit_once('.').and_then(|(qualifier, local)| {
            let (_, namespace) = aliases.iter().find(|(alias, _)| *alias == qualifier)?;
            Some(format!("{namespace}.{local}"))
        });
        Some(aliased.map_or(Cow::Borrowed(name), Cow::Owned))
    }

    /// Decodes the object as `T`; a failure becomes an error of the outer deserializer.
    pub fn into_type<T: DeserializeOwned, E: serde::de::Error>(self) -> Result<T, E> {
        T::deserialize(Value::Object(self.object)).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for TypedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = match Value::deserialize(deserializer)? {
            Value::Object(o) => o,
            other => {
                return Err(D::Error::custom(format!(
                    "expected an entity object, found {}",
                    kind(&other)
                )));
            }
        };
        let type_name = ["@odata.type", "@type", "odata.type"]
            .iter()
            .find_map(|k| object.get(*k))
            .and_then(Value::as_str)
            .map(|t| t.rsplit_once('#').map_or(t, |(_, name)| name).to_owned());
        Ok(TypedValue { type_name, object })
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A generated `…Any` enum: a value of an entity or complex type or of a type derived from
/// it, one boxed variant per type, decoded by `@odata.type` (one match of the namespace-
/// qualified name [`TypedValue`] reads, an alias resolved) and by the base type without one
/// or for a type the client does not know:
///
/// ```text
/// any_enum!("doc", #[derive(Clone, Debug, PartialEq)] ItemAny("Entity type", base Item) {
///     Item(super::Item) = "NS.item", Special(super::Special) = "NS.special"
/// } aliases [("ns", "NS")] serialize_if feature = "serialize");
/// ```
///
/// [`TypedValue`]: crate::edm::TypedValue
#[doc(hidden)]
#[macro_export]
macro_rules! __any_enum {
    (
        $doc:literal,
        $(#[$attr:meta])*
        $name:ident($kind:literal, base $base:ident) {
            $($variant:ident($ty:ty) = $type_name:literal),* $(,)?
        }
        aliases [$(($alias:literal, $namespace:literal)),* $(,)?]
        $(serialize_if $cfg:meta)?
    ) => {
        #[doc = $doc]
        $(#[$attr])*
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = ::core::concat!($kind, " `", $type_name, "`.")]
                $variant(::std::boxed::Box<$ty>),
            )*
        }

        impl $name {
            /// The qualified name of the value's type.
            pub const fn type_name(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => $type_name,)*
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <$crate::__private::TypedValue as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                match value.qualified_name(&[$(($alias, $namespace)),*]).as_deref() {
                    $(::core::option::Option::Some($type_name) => value.into_type().map(Self::$variant),)*
                    _ => value.into_type().map(Self::$base),
                }
            }
        }

        $(#[cfg($cfg)])?
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => $crate::__private::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Base {
        id: String,
    }

    #[test]
    fn reads_the_type_name_in_every_form() {
        let cases = [
            (
                r##"{"@odata.type":"#NS.Derived","id":"a"}"##,
                Some("NS.Derived"),
            ),
            (
                r##"{"@type":"#Alias.Derived","id":"a"}"##,
                Some("Alias.Derived"),
            ),
            (
                r#"{"odata.type":"NS.Derived","id":"a"}"#,
                Some("NS.Derived"),
            ),
            (
                r##"{"id":"a","@odata.type":"https://h/svc/$metadata#NS.Derived"}"##,
                Some("NS.Derived"),
            ),
            (r#"{"id":"a"}"#, None),
        ];
        for (json, want) in cases {
            let v: TypedValue = serde_json::from_str(json).unwrap();
            assert_eq!(v.type_name(), want, "{json}");
            let base: Base = v.into_type::<_, serde_json::Error>().unwrap();
            assert_eq!(base, Base { id: "a".into() });
        }
    }

    #[test]
    fn names_the_type_by_its_namespace_whether_or_not_an_alias_qualifies_it() {
        let aliases = [("Alias", "NS"), ("O", "Other")];
        let name = |json: &str| {
            let v: TypedValue = serde_json::from_str(json).unwrap();
            v.qualified_name(&aliases).map(Cow::into_owned)
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            name(r##"{"@odata.type":"#NS.Derived"}"##),
            some("NS.Derived")
        );
        assert_eq!(
            name(r##"{"@odata.type":"#Alias.Derived"}"##),
            some("NS.Derived")
        );
        assert_eq!(
            name(r##"{"@odata.type":"#O.Derived"}"##),
            some("Other.Derived")
        );
        // An unknown qualifier or none is kept as written; no type name is `None`.
        assert_eq!(
            name(r##"{"@odata.type":"#Nope.Derived"}"##),
            some("Nope.Derived")
        );
        assert_eq!(name(r##"{"@odata.type":"#Derived"}"##), some("Derived"));
        assert_eq!(name(r#"{"id":"a"}"#), None);
    }

    #[test]
    fn errors_name_what_was_found() {
        let e = serde_json::from_str::<TypedValue>("[1]").unwrap_err();
        assert!(e.to_string().contains("found an array"), "{e}");
        let v: TypedValue = serde_json::from_str(r#"{"id":1}"#).unwrap();
        let e = v.into_type::<Base, serde_json::Error>().unwrap_err();
        assert!(e.to_string().contains("invalid type"), "{e}");
    }
}
