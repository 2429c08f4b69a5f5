//! Enumeration types: generated enums implement [`EdmEnum`] and delegate their serde impls to
//! [`serialize_enum`] and [`deserialize_enum`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserializer, Serializer};

/// A generated OData enumeration type.
///
/// Generated enums carry an `Unknown(String)` variant so that members a service adds later
/// do not fail decoding: [`from_wire`](Self::from_wire) never fails. A generated enum states
/// its members once, as a table; names and values are looked up in it.
pub trait EdmEnum: Sized + Clone + PartialEq + 'static {
    /// The qualified type name, e.g. `Microsoft.Intune.DeviceType`.
    const TYPE_NAME: &'static str;

    /// The members the client knows: `(name on the wire, underlying value, member)`.
    const MEMBERS: &'static [(&'static str, i64, Self)];

    /// The unknown-member variant holding `name`.
    fn unknown(name: String) -> Self;

    /// The name the unknown-member variant holds, when `self` is it.
    fn unknown_name(&self) -> Option<&str>;

    /// The qualified type name.
    fn type_name() -> &'static str {
        Self::TYPE_NAME
    }

    /// The member name as it appears on the wire.
    fn as_str(&self) -> &str {
        match self.unknown_name() {
            Some(name) => name,
            None => Self::MEMBERS
                .iter()
                .find(|(_, _, member)| member == self)
                .map_or("", |(name, _, _)| name),
        }
    }

    /// The member with this name, or the unknown-member variant.
    fn from_wire(name: &str) -> Self {
        Self::MEMBERS
            .iter()
            .find(|(wire, _, _)| *wire == name)
            .map_or_else(|| Self::unknown(name.to_owned()), |(_, _, m)| m.clone())
    }

    /// The member with this underlying value, for servers that send enum values as numbers.
    fn from_value(value: i64) -> Option<Self> {
        Self::MEMBERS
            .iter()
            .find(|(_, v, _)| *v == value)
            .map(|(_, _, m)| m.clone())
    }
}

/// Serializes an enum member as its name (`"Windows"`).
pub fn serialize_enum<E: EdmEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Deserializes an enum member from its name, or from its numeric value when the type maps it.
pub fn deserialize_enum<'de, E: EdmEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    deserializer.deserialize_any(EnumVisitor(PhantomData))
}

struct EnumVisitor<E>(PhantomData<E>);

impl<E: EdmEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a member name of {}", E::type_name())
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }

    fn visit_i64<Er: de::Error>(self, v: i64) -> Result<E, Er> {
        E::from_value(v).ok_or_else(|| Er::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<Er: de::Error>(self, v: u64) -> Result<E, Er> {
        i64::try_from(v)
            .ok()
            .and_then(E::from_value)
            .ok_or_else(|| Er::invalid_value(Unexpected::Unsigned(v), &self))
    }
}

/// Implements `Serialize` and `Deserialize` for a generated [`EdmEnum`] type through
/// [`serialize_enum`] and [`deserialize_enum`]:
/// `::odata_runtime::__private::impl_enum_serde!(DeviceType);`
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_enum_serde {
    ($ty:ty) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_enum(self, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_enum(deserializer)
            }
        }
    };
}

/// The unknown-member methods of a generated [`EdmEnum`] whose unknown-member variant is
/// `Unknown(String)`, written inside its `impl EdmEnum`:
/// `::odata_runtime::__private::enum_unknown!();`
#[doc(hidden)]
#[macro_export]
macro_rules! __enum_unknown {
    () => {
        fn unknown(name: ::std::string::String) -> Self {
            Self::Unknown(name)
        }

        fn unknown_name(&self) -> ::core::option::Option<&str> {
            match self {
                Self::Unknown(name) => ::core::option::Option::Some(name),
                // Unreachable in an enumeration without members.
                #[allow(unreachable_patterns)]
                _ => ::core::option::Option::None,
            }
        }
    };
}

/// A generated [`EdmEnum`] type's inherent `as_str` (so callers need not import the trait)
/// and its serde impls ([`__impl_enum_serde`]):
/// `::odata_runtime::__private::impl_enum!(DeviceType);`
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_enum {
    ($ty:ty) => {
        impl $ty {
            /// The member's name on the wire.
            pub fn as_str(&self) -> &str {
                $crate::__private::EdmEnum::as_str(self)
            }
        }

        $crate::__impl_enum_serde!($ty);
    };
}
