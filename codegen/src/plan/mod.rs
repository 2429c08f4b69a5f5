//! The plan of one service version: everything decided about a model before any code is
//! written — the Rust name of every item ([`Names`]) and the analyses over the named model
//! ([`analyses`]). It is made once, on the calling thread, and holds only plain data (names
//! are validated `String`s, see [`crate::naming::RustName`]), so the threads rendering module
//! bodies all read the same plan ([`crate::render`]) and the crate's feature listing reads
//! it too ([`Plan::set_features`]). Each set's query surface ([`query`]) is decided here too:
//! emit, the API listing and the contract diff take it from here and decide nothing
//! themselves.

pub mod analyses;
pub mod query;

use std::collections::{BTreeMap, BTreeSet};

use crate::emit::{EmitError, EmitOptions};
use crate::model::{Model, TypeId};
use crate::naming::Names;

/// The names of a model's items and what the analyses decided for them.
#[derive(Debug)]
pub struct Plan {
    /// The Rust names.
    pub names: Names,
    /// Types that may derive `Eq`.
    pub eq_types: BTreeSet<TypeId>,
    /// Properties `(type, wire name)` that are boxed.
    pub boxed_properties: BTreeSet<(TypeId, String)>,
    /// The entity types a request can reach, which get a `requests` module.
    pub request_targets: BTreeSet<TypeId>,
    /// The structured types a request body can carry, which implement `Serialize` always.
    pub body_types: BTreeSet<TypeId>,
    /// With per-set features, the features that compile each model (absent: always).
    pub feature_gates: BTreeMap<TypeId, BTreeSet<String>>,
}

impl Plan {
    /// Names `model` and runs the analyses, once each.
    pub fn of(model: &Model, options: &EmitOptions) -> Result<Plan, EmitError> {
        let names = Names::of(model)?;
        Ok(Plan {
            eq_types: analyses::eq_types(model, &names),
            boxed_properties: analyses::boxed_properties(model, &names),
            request_targets: crate::emit::requests::reachable_targets(model, &names, options),
            body_types: analyses::body_types(model, &names),
            feature_gates: analyses::feature_gates(model, &names, options),
            names,
        })
    }

    /// The cargo feature of every entity set and singleton of the main container (its module
    /// name without `r#`), whether emitted or not, in the order of [`Names::sets`].
    pub fn set_features(&self) -> impl Iterator<Item = &str> {
        self.names.sets.iter().map(|s| s.module.unraw())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rendering shares one plan between threads: it must stay plain data.
    #[test]
    fn a_plan_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Plan>();
    }
}
