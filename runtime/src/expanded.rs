//! [`Expanded`]: the value of an expanded navigation property, held so that a model's auto
//! traits (`Send`, `Sync`, `Unpin`, the unwind-safety traits) do not depend on the types it
//! navigates to.
//!
//! Why: auto traits are structural. Proving `Account: Send` walks `Account`'s fields, and
//! through a navigation field held as `Box<Contact>` or `Vec<Contact>` it walks `Contact`'s,
//! then those of every type `Contact` navigates to, and so on. The walk stops only at a type
//! already on its stack, so in a densely linked service (Dataverse: hundreds of entity types
//! each navigating to dozens) it follows a path through hundreds of distinct types, each
//! costing four or five levels of the compiler's recursion limit, and fails with
//! `error[E0275]: overflow evaluating the requirement `Account: Send``. An `Expanded<T>` is a
//! trait object whose auto traits are stated, not derived: proving `Account: Send` stops at
//! its navigation fields, and `T: Send` is proven once, where an `Expanded<T>` is built,
//! over `T`'s own fields only.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::{RefUnwindSafe, UnwindSafe};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of an expanded navigation property (`Expanded<Vec<Contact>>` for a collection,
/// `Expanded<Contact>` for a single one): derefs to the decoded value, and serializes,
/// compares and prints as it.
///
/// ```
/// use odata_runtime::Expanded;
///
/// let contacts = Expanded::new(vec!["Ann".to_owned(), "Bo".to_owned()]);
/// assert_eq!(contacts.len(), 2);
/// assert_eq!(contacts[0], "Ann");
/// assert_eq!(serde_json::to_string(&contacts).unwrap(), r#"["Ann","Bo"]"#);
/// assert_eq!(contacts.into_inner(), ["Ann", "Bo"]);
/// ```
pub struct Expanded<T>(Box<dyn Held<T> + Send + Sync + UnwindSafe + RefUnwindSafe>);

/// What an [`Expanded`] holds: only ever its own `T` (the one impl below, and the trait is
/// private), so access needs no check.
trait Held<T> {
    fn get(&self) -> &T;
    fn get_mut(&mut self) -> &mut T;
    fn take(self: Box<Self>) -> T;
}

impl<T> Held<T> for T {
    fn get(&self) -> &T {
        self
    }
    fn get_mut(&mut self) -> &mut T {
        self
    }
    fn take(self: Box<Self>) -> T {
        *self
    }
}

impl<T> Expanded<T>
where
    T: Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    /// Holds `value`.
    pub fn new(value: T) -> Self {
        Expanded(Box::new(value))
    }
}

impl<T> Expanded<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        // `Box<dyn Held<T>>` is itself `Held` by the blanket impl: call the trait object's.
        Held::take(self.0)
    }
}

impl<T> Deref for Expanded<T> {
    type Target = T;
    fn deref(&self) -> &T {
        (*self.0).get()
    }
}

impl<T> DerefMut for Expanded<T> {
    fn deref_mut(&mut self) -> &mut T {
        (*self.0).get_mut()
    }
}

impl<T> AsRef<T> for Expanded<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T> From<T> for Expanded<T>
where
    T: Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn from(value: T) -> Self {
        Expanded::new(value)
    }
}

impl<T> Clone for Expanded<T>
where
    T: Clone + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn clone(&self) -> Self {
        Expanded::new(T::clone(self))
    }
}

impl<T: fmt::Debug> fmt::Debug for Expanded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::fmt(self, f)
    }
}

impl<T: PartialEq> PartialEq for Expanded<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for Expanded<T> {}

impl<T: Serialize> Serialize for Expanded<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        T::serialize(self, serializer)
    }
}

impl<'de, T> Deserialize<'de> for Expanded<T>
where
    T: Deserialize<'de> + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Expanded::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send_sync<T: Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>() {}

    #[test]
    fn decodes_serializes_and_compares_as_its_value() {
        let v: Expanded<Vec<i32>> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(*v, [1, 2]);
        assert_eq!(format!("{v:?}"), "[1, 2]");
        assert_eq!(v.clone(), v);
        assert_ne!(Expanded::new(vec![1]), v);
        assert_eq!(serde_json::to_string(&v).unwrap(), "[1,2]");
        let mut v = v;
        v.push(3);
        assert_eq!(v.into_inner(), [1, 2, 3]);
        assert!(serde_json::from_str::<Expanded<Vec<i32>>>("{}").is_err());
    }

    #[test]
    fn auto_traits_hold_for_any_target() {
        is_send_sync::<Expanded<String>>();
        // The bound is checked where a value is made (`new`, `Deserialize`), not on the type,
        // which is what keeps a model's `Send` proof from following its navigations: an
        // `Expanded<Rc<()>>` can be named, never made.
        is_send_sync::<Expanded<std::rc::Rc<()>>>();
    }
}
