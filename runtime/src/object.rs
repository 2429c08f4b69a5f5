//! Serde for the structs of generated entity and complex types.
//!
//! A generated struct states each field's wire name and how it travels (a [codec](Req))
//! in one [`structured!`](crate::__structured) call; the decoding loop and the writer live
//! here, once. serde's derive would write a field enum, its visitor and a `with` wrapper per
//! field into every model instead: on Microsoft Graph that was half of the code a generated
//! client asked rustc to check.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use serde_json::Value;

use crate::edm::{Edm, EdmSerde};

/// A generated struct decoded from a JSON object by its fields' codecs.
pub trait DecodeObject: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// Reads the object's members from `map`.
    fn decode<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a [`DecodeObject`].
pub fn deserialize<'de, T: DecodeObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object of type {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(map)
    }
}

/// A member name as read, borrowed from the input where the deserializer allows it.
pub struct Key<'de>(Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// Names the type of a slot's value for the compiler, in code that never runs.
pub fn typed<T>(_: &Option<T>) -> T {
    unreachable!("only type-checked")
}

/// Reads the value of member `name` into `slot` with codec `C`; a repeated member is an
/// error, as serde's derive has it.
pub fn read<'de, A: MapAccess<'de>, C: Decode<T>, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(C::read(map)?);
    Ok(())
}

/// The value of member `name` once the object is read: what was read, or what codec `C`
/// makes of a missing member.
pub fn finish<C: Decode<T>, T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => C::missing(name),
    }
}

/// Skips the value of a member the type does not declare.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Keeps the value of a member an open type does not declare.
pub fn keep<'de, A: MapAccess<'de>>(
    map: &mut A,
    rest: &mut BTreeMap<String, Value>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    rest.insert(key.0.into_owned(), value);
    Ok(())
}

/// How a field of type `T` is read.
pub trait Decode<T> {
    /// Reads the member's value.
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error>;
    /// The field's value when the member is missing.
    fn missing<E: de::Error>(name: &'static str) -> Result<T, E>;
}

/// How a field of type `T` is written.
pub trait Encode<T> {
    /// Writes member `key` with value `v` (or leaves it out).
    fn write<S: Serializer>(out: &mut Object<S>, key: &'static str, v: &T) -> Result<(), S::Error>;
}

/// Codec of a required field: a missing member is an error. `F` is the field's JSON form.
pub struct Req<F = Serde>(PhantomData<F>);
/// Codec of a field that is empty (its `Default`) when missing.
pub struct Def<F = Serde>(PhantomData<F>);
/// Codec of an `Option` field: `None` when missing, left out when `None`.
pub struct Opt<F = Serde>(PhantomData<F>);
/// [`Req`] through the field's OData JSON form ([`EdmSerde`]).
pub type ReqEdm = Req<EdmForm>;
/// [`Def`] through the field's OData JSON form ([`EdmSerde`]).
pub type DefEdm = Def<EdmForm>;
/// [`Opt`] through the field's OData JSON form ([`EdmSerde`]).
pub type OptEdm = Opt<EdmForm>;

/// The JSON form of a value: its serde form.
pub enum Serde {}
/// The JSON form of a value: its OData JSON form ([`EdmSerde`]).
pub enum EdmForm {}

/// How a value of type `T` is read in form `Self`.
pub trait ReadForm<T> {
    /// Reads the member's value.
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error>;
}

/// How a value of type `T` is written in form `Self`.
pub trait WriteForm<T> {
    /// Writes member `key` with value `v`.
    fn write<S: Serializer>(out: &mut Object<S>, key: &'static str, v: &T) -> Result<(), S::Error>;
}

impl<T: DeserializeOwned> ReadForm<T> for Serde {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
        map.next_value()
    }
}

impl<T: EdmSerde> ReadForm<T> for EdmForm {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
        map.next_value::<Edm<T>>().map(|v| v.0)
    }
}

impl<T: Serialize> WriteForm<T> for Serde {
    fn write<S: Serializer>(out: &mut Object<S>, key: &'static str, v: &T) -> Result<(), S::Error> {
        out.field(key, v)
    }
}

impl<T: EdmSerde> WriteForm<T> for EdmForm {
    fn write<S: Serializer>(out: &mut Object<S>, key: &'static str, v: &T) -> Result<(), S::Error> {
        out.field(key, &EdmRef(v))
    }
}

impl<T, F: ReadForm<T>> Decode<T> for Req<F> {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
        F::read(map)
    }
    fn missing<E: de::Error>(name: &'static str) -> Result<T, E> {
        Err(E::missing_field(name))
    }
}

impl<T: Default, F: ReadForm<T>> Decode<T> for Def<F> {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
        F::read(map)
    }
    fn missing<E: de::Error>(_: &'static str) -> Result<T, E> {
        Ok(T::default())
    }
}

impl<T, F: ReadForm<Option<T>>> Decode<Option<T>> for Opt<F> {
    fn read<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
        F::read(map)
    }
    fn missing<E: de::Error>(_: &'static str) -> Result<Option<T>, E> {
        Ok(None)
    }
}

impl<T, F: WriteForm<T>> Encode<T> for Req<F> {
    fn write<S: Serializer>(out: &mut Object<S>, key: &'static str, v: &T) -> Result<(), S::Error> {
        F::write(out, key, v)
    }
}

impl<T, F: WriteForm<T>> Encode<T> for Def<F> {
    fn write<S: Serializer>(out: &mut Object<S>, key: &'static str, v: &T) -> Result<(), S::Error> {
        F::write(out, key, v)
    }
}

impl<T, F: WriteForm<Option<T>>> Encode<Option<T>> for Opt<F> {
    fn write<S: Serializer>(
        out: &mut Object<S>,
        key: &'static str,
        v: &Option<T>,
    ) -> Result<(), S::Error> {
        match v {
            Some(_) => F::write(out, key, v),
            None => out.skip(key),
        }
    }
}

struct EdmRef<'a, T>(&'a T);

impl<T: EdmSerde> Serialize for EdmRef<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_edm(serializer)
    }
}

/// A generated struct being written: a serde struct, or a map when the type is open (its
/// undeclared members follow the declared ones, as with `#[serde(flatten)]`).
pub struct Object<S: Serializer>(Writer<S>);

enum Writer<S: Serializer> {
    Struct(S::SerializeStruct),
    Map(S::SerializeMap),
}

impl<S: Serializer> Object<S> {
    /// Starts a closed type named `name` with `len` declared fields.
    pub fn closed(serializer: S, name: &'static str, len: usize) -> Result<Self, S::Error> {
        serializer
            .serialize_struct(name, len)
            .map(|s| Object(Writer::Struct(s)))
    }

    /// Starts an open type.
    pub fn open(serializer: S) -> Result<Self, S::Error> {
        serializer
            .serialize_map(None)
            .map(|m| Object(Writer::Map(m)))
    }

    /// Writes field `name` with codec `C`.
    pub fn write<T, C: Encode<T>>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        C::write(self, name, value)
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        match &mut self.0 {
            Writer::Struct(s) => s.serialize_field(name, value),
            Writer::Map(m) => m.serialize_entry(name, value),
        }
    }

    fn skip(&mut self, name: &'static str) -> Result<(), S::Error> {
        match &mut self.0 {
            Writer::Struct(s) => s.skip_field(name),
            Writer::Map(_) => Ok(()),
        }
    }

    /// Writes an open type's undeclared members.
    pub fn rest(&mut self, rest: &BTreeMap<String, Value>) -> Result<(), S::Error> {
        rest.iter().try_for_each(|(k, v)| match &mut self.0 {
            Writer::Struct(_) => unreachable!("only an open type has undeclared members"),
            Writer::Map(m) => m.serialize_entry(k, v),
        })
    }

    /// Ends the object.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.0 {
            Writer::Struct(s) => s.end(),
            Writer::Map(m) => m.end(),
        }
    }
}

/// Implements `Deserialize` and `Serialize` for a generated struct whose fields are listed
/// as `field = "wireName" Codec` ([`Req`], [`Def`], [`Opt`], [`ReqEdm`], [`DefEdm`],
/// [`OptEdm`]). `rest field` names an open type's map of undeclared members;
/// `serialize_if <cfg>` puts `Serialize` behind a `cfg`.
///
/// ```
/// use ::odata_runtime::__private as rt;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Device {
///     pub device_key: i64,
///     pub name: Option<String>,
/// }
/// rt::structured!(Device { device_key = "deviceKey" ReqEdm, name = "name" Opt });
///
/// let d: Device = rt::serde_json::from_str(r#"{"deviceKey":"7","other":1}"#).unwrap();
/// assert_eq!(d, Device { device_key: 7, name: None });
/// assert_eq!(rt::serde_json::to_string(&d).unwrap(), r#"{"deviceKey":"7"}"#);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __structured {
    (
        $ty:ident { $($field:ident = $wire:literal $codec:ident),* $(,)? }
        $(rest $rest:ident)?
        $(serialize_if $cfg:meta)?
    ) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::object::deserialize(deserializer)
            }
        }

        impl $crate::__private::object::DecodeObject for $ty {
            const NAME: &'static str = ::core::stringify!($ty);

            fn decode<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                $(let mut $field = ::core::option::Option::None;)*
                // Types each slot as its field here, in code that never runs: left for the
                // struct literal at the end to infer, every codec obligation stayed pending
                // through the whole body, and type-checking grew with the square of the
                // field count.
                if false {
                    let _ = Self {
                        $($field: $crate::__private::object::typed(&$field),)*
                        $($rest: ::core::default::Default::default(),)?
                    };
                }
                $(let mut $rest = ::std::collections::BTreeMap::new();)?
                while let ::core::option::Option::Some(key) =
                    map.next_key::<$crate::__private::object::Key<'de>>()?
                {
                    match &*key {
                        $($wire => $crate::__private::object::read::<
                            _, $crate::__private::object::$codec, _
                        >(&mut map, &mut $field, $wire)?,)*
                        _ => $crate::__structured!(@other map key $($rest)?),
                    }
                }
                ::core::result::Result::Ok(Self {
                    $($field: $crate::__private::object::finish::<
                        $crate::__private::object::$codec, _, A::Error
                    >($field, $wire)?,)*
                    $($rest,)?
                })
            }
        }

        $(#[cfg($cfg)])?
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut out = $crate::__structured!(
                    @begin serializer $ty [$($wire),*] $($rest)?
                )?;
                $(out.write::<_, $crate::__private::object::$codec>($wire, &self.$field)?;)*
                $(out.rest(&self.$rest)?;)?
                out.end()
            }
        }
    };
    (@other $map:ident $key:ident) => {
        $crate::__private::object::skip(&mut $map)?
    };
    (@other $map:ident $key:ident $rest:ident) => {
        $crate::__private::object::keep(&mut $map, &mut $rest, $key)?
    };
    (@begin $serializer:ident $ty:ident [$($wire:literal),*]) => {
        $crate::__private::object::Object::closed(
            $serializer,
            ::core::stringify!($ty),
            <[&str]>::len(&[$($wire),*]),
        )
    };
    (@begin $serializer:ident $ty:ident [$($wire:literal),*] $rest:ident) => {
        $crate::__private::object::Object::open($serializer)
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    #[derive(Debug, PartialEq)]
    struct Closed {
        key: i64,
        name: Option<String>,
        tags: Vec<String>,
        when: Option<time::Date>,
    }
    crate::__structured!(Closed {
        key = "key" ReqEdm,
        name = "name" Opt,
        tags = "tags" Def,
        when = "when" OptEdm
    });

    #[derive(Debug, PartialEq)]
    struct Open {
        id: String,
        additional_properties: BTreeMap<String, Value>,
    }
    crate::__structured!(Open { id = "id" Req } rest additional_properties);

    #[test]
    fn missing_members_take_their_codecs_default_and_unknown_ones_are_skipped() {
        let c: Closed = serde_json::from_str(r#"{"key":"9007199254740993","x":[1]}"#).unwrap();
        let want = Closed {
            key: 9_007_199_254_740_993,
            name: None,
            tags: vec![],
            when: None,
        };
        assert_eq!(c, want);
    }

    #[test]
    fn a_missing_required_member_and_a_repeated_one_are_errors() {
        let missing = serde_json::from_str::<Closed>(r#"{"name":"a"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `key`"),
            "{missing}"
        );
        let twice = serde_json::from_str::<Closed>(r#"{"key":1,"key":2}"#).unwrap_err();
        assert!(
            twice.to_string().contains("duplicate field `key`"),
            "{twice}"
        );
        let not_object = serde_json::from_str::<Closed>("[1]").unwrap_err();
        assert!(
            not_object.to_string().contains("an object of type Closed"),
            "{not_object}"
        );
    }

    #[test]
    fn escaped_and_owned_keys_match_like_borrowed_ones() {
        let escaped: Closed = serde_json::from_str(r#"{"k\u0065y":1,"name":"n"}"#).unwrap();
        assert_eq!((escaped.key, escaped.name.as_deref()), (1, Some("n")));
        let from_value: Closed =
            serde_json::from_value(json!({"key": 2, "when": "2024-02-29"})).unwrap();
        assert_eq!(from_value.when, Some(time::macros::date!(2024 - 02 - 29)));
    }

    #[test]
    fn none_is_left_out_and_edm_values_are_written_in_odata_form() {
        let c = Closed {
            key: 5,
            name: None,
            tags: vec!["t".into()],
            when: None,
        };
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"key": "5", "tags": ["t"]})
        );
        let when = Closed {
            when: Some(time::macros::date!(2024 - 01 - 02)),
            ..c
        };
        assert_eq!(
            serde_json::to_value(&when).unwrap()["when"],
            json!("2024-01-02")
        );
    }

    #[test]
    fn an_open_type_keeps_undeclared_members_and_writes_them_back_after_its_own() {
        let text = r#"{"id":"a","@odata.etag":"W/1","extra":{"n":1}}"#;
        let o: Open = serde_json::from_str(text).unwrap();
        assert_eq!(o.id, "a");
        assert_eq!(o.additional_properties.len(), 2);
        assert_eq!(o.additional_properties["extra"], json!({"n": 1}));
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"id":"a","@odata.etag":"W/1","extra":{"n":1}}"#
        );
    }
}
