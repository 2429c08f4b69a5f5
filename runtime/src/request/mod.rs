//! The request types generated code builds: collections, single entities and operations.

mod collection;
mod entity;
mod operation;

pub use collection::CollectionRequest;
pub use entity::EntityRequest;
pub use operation::OperationRequest;

/// `(name, value)` pairs of system options followed by custom options, borrowed for
/// [`Client::url`](crate::Client).
fn all_pairs<'a>(
    system: &'a [(&'static str, String)],
    custom: &'a [(String, String)],
) -> Vec<(&'a str, String)> {
    system
        .iter()
        .map(|(n, v)| (*n, v.clone()))
        .chain(custom.iter().map(|(n, v)| (n.as_str(), v.clone())))
        .collect()
}
