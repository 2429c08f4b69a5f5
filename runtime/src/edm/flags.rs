//! Flags enumerations (`IsFlags="true"`): a set of members written `"Red,Blue"`.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{EdmEnum, EdmSerde};

/// A set of members of a flags enumeration, e.g. `Flags<Permission>` for `"Read,Write"`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Flags<E: Ord>(BTreeSet<E>);

impl<E: Ord> Default for Flags<E> {
    fn default() -> Self {
        Flags(BTreeSet::new())
    }
}

impl<E: EdmEnum + Ord> Flags<E> {
    /// The empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a member; returns whether it was new.
    pub fn insert(&mut self, member: E) -> bool {
        self.0.insert(member)
    }

    /// Removes a member; returns whether it was present.
    pub fn remove(&mut self, member: &E) -> bool {
        self.0.remove(member)
    }

    /// Whether the member is set.
    pub fn contains(&self, member: &E) -> bool {
        self.0.contains(member)
    }

    /// Number of members set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no member is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = &E> {
        self.0.iter()
    }

    /// The wire form: member names joined by `,`.
    pub fn to_wire(&self) -> String {
        let mut s = String::new();
        for (i, m) in self.0.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(m.as_str());
        }
        s
    }

    /// Parses the wire form; blanks around names (`"Red, Blue"`) are ignored.
    pub fn from_wire(text: &str) -> Self {
        Flags(
            text.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(E::from_wire)
                .collect(),
        )
    }
}

impl<E: EdmEnum + Ord + fmt::Debug> fmt::Debug for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.0).finish()
    }
}

impl<E: EdmEnum + Ord> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        Flags(iter.into_iter().collect())
    }
}

impl<E: EdmEnum + Ord> Extend<E> for Flags<E> {
    fn extend<I: IntoIterator<Item = E>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl<E: EdmEnum + Ord> IntoIterator for Flags<E> {
    type Item = E;
    type IntoIter = std::collections::btree_set::IntoIter<E>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<E: EdmEnum + Ord> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

impl<'de, E: EdmEnum + Ord> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<E>(std::marker::PhantomData<E>);
        impl<E: EdmEnum + Ord> Visitor<'_> for V<E> {
            type Value = Flags<E>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "comma-separated member names of {}", E::type_name())
            }

            fn visit_str<Er: de::Error>(self, v: &str) -> Result<Flags<E>, Er> {
                Ok(Flags::from_wire(v))
            }
        }
        deserializer.deserialize_str(V(std::marker::PhantomData))
    }
}

impl<E: EdmEnum + Ord> EdmSerde for Flags<E> {
    fn serialize_edm<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }

    fn deserialize_edm<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}
