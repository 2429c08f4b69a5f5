//! Serde for EDM primitive types in OData JSON.
//!
//! Generated models put `#[serde(with = "::odata_runtime::__private::edm")]` on fields whose
//! wire form differs from plain serde (Int64 and Decimal possibly as strings, `INF`/`NaN`
//! doubles, DateTimeOffset with 7 fractional digits, Duration, …). The attribute works on
//! `T`, `Option<T>`, `Vec<T>`, `Option<Vec<T>>` and `Box<T>` for every `T: EdmSerde`.
//! An `Option` field must also carry `#[serde(default)]`: with `with`, serde no longer treats
//! a missing member as `None`.

mod binary;
mod duration;
mod enums;
mod flags;
mod geo;
mod number;
mod temporal;
mod typed;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use binary::Binary;
pub(crate) use duration::format_duration;
pub use duration::parse_duration;
pub use enums::{EdmEnum, deserialize_enum, serialize_enum};
pub use flags::Flags;
pub use geo::Geo;
pub(crate) use temporal::{format_date, format_date_time_offset, format_time_of_day};
pub use temporal::{parse_date, parse_date_time_offset, parse_time_of_day};
pub use typed::TypedValue;

/// A type with an OData JSON representation, used through [`serialize`] and [`deserialize`].
pub trait EdmSerde: Sized {
    /// Writes the value in OData JSON form.
    fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value from any of the forms OData servers send.
    fn deserialize_edm<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `serialize_with` entry point: `#[serde(with = "::odata_runtime::__private::edm")]`.
pub fn serialize<T: EdmSerde, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_edm(serializer)
}

/// `deserialize_with` entry point: `#[serde(with = "::odata_runtime::__private::edm")]`.
pub fn deserialize<'de, T: EdmSerde, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_edm(deserializer)
}

/// Gives any [`EdmSerde`] type plain `Serialize`/`Deserialize` impls, e.g. for an action
/// parameter or a function's `value` result: `Edm<i64>` accepts `"42"` and `42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(transparent)]
pub struct Edm<T>(pub T);

impl<T: EdmSerde> Serialize for Edm<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_edm(serializer)
    }
}

impl<'de, T: EdmSerde> Deserialize<'de> for Edm<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_edm(deserializer).map(Edm)
    }
}

/// Borrowing counterpart of [`Edm`] for serializing elements in place.
struct EdmRef<'a, T>(&'a T);

impl<T: EdmSerde> Serialize for EdmRef<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_edm(serializer)
    }
}

impl<T: EdmSerde> EdmSerde for Option<T> {
    fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => serializer.serialize_some(&EdmRef(v)),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize_edm<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Edm<T>>::deserialize(deserializer).map(|o| o.map(|e| e.0))
    }
}

impl<T: EdmSerde> EdmSerde for Vec<T> {
    fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(EdmRef))
    }

    fn deserialize_edm<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `Edm<T>` is `repr(transparent)`, so this collect reuses the allocation.
        Vec::<Edm<T>>::deserialize(deserializer).map(|v| v.into_iter().map(|e| e.0).collect())
    }
}

impl<T: EdmSerde> EdmSerde for Box<T> {
    fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_edm(serializer)
    }

    fn deserialize_edm<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_edm(deserializer).map(Box::new)
    }
}

/// Types whose OData JSON form is exactly their serde form.
macro_rules! edm_via_serde {
    ($($t:ty),*) => {$(
        impl EdmSerde for $t {
            fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                Serialize::serialize(self, serializer)
            }

            fn deserialize_edm<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$t>::deserialize(deserializer)
            }
        }
    )*};
}

edm_via_serde!(String, uuid::Uuid, serde_json::Value, Binary, Geo);

#[cfg(test)]
mod tests;
