//! The entity sets the tool exports, per API version: tables written by `build.rs` from the
//! contracts the client is generated from, and a dispatch from a set's name to its typed
//! request.

use std::pin::Pin;

use futures::Stream;
use odata_runtime::{Error, Page};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// An entity set: its wire name, its properties in declaration order (the CSV columns) and
/// its key.
#[derive(Debug)]
pub struct SetInfo {
    /// The wire name (`devices`).
    pub name: &'static str,
    /// Structural properties, base type's first, in declaration order.
    pub properties: &'static [&'static str],
    /// The key properties.
    pub key: &'static [&'static str],
}

impl SetInfo {
    /// Whether the set is keyed on `dateKey`, the only sets the warehouse's `maxhistorydays`
    /// acts on (its `Capabilities.CustomQueryOptions` description says so).
    pub fn date_keyed(&self) -> bool {
        self.key.contains(&"dateKey")
    }
}

/// One API version of the service.
#[derive(Debug)]
pub struct Version {
    /// The `api-version` value (`v1.0`), also the name of its output folder.
    pub name: &'static str,
    /// Its entity sets.
    pub sets: &'static [SetInfo],
}

impl Version {
    /// The set named `name`, if this version has it.
    pub fn set(&self, name: &str) -> Option<&'static SetInfo> {
        self.sets.iter().find(|s| s.name == name)
    }
}

/// What a typed row must offer to be exported.
pub trait Row: Serialize + DeserializeOwned + Send + 'static {}

impl<T: Serialize + DeserializeOwned + Send + 'static> Row for T {}

/// Where a set's listing starts.
#[derive(Debug, Default)]
pub struct Start {
    /// A next link saved by an earlier run, to resume from; `None`: the first page.
    pub resume_from: Option<String>,
    /// `maxhistorydays`; the dispatch sets it only on the sets that declare it.
    pub max_history_days: Option<u32>,
}

/// The pages of a set's listing.
pub type Pages<T> = Pin<Box<dyn Stream<Item = Result<Page<T>, Error>> + Send>>;

/// A job run on the typed request of a set chosen at run time (see `dispatch_v1_0`).
pub trait SetJob {
    /// What the job returns.
    type Output;
    /// Runs the job on `list`, which lists every entity of the set from where a [`Start`]
    /// says, through the set's typed request.
    fn run<T: Row>(self, list: impl FnOnce(Start) -> Pages<T> + Send + 'static) -> Self::Output;
}

include!(concat!(env!("OUT_DIR"), "/sets.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_follow_the_contracts() {
        let devices = V1_0.set("devices").unwrap();
        assert_eq!(devices.key, ["deviceKey"]);
        assert_eq!(devices.properties[0], "deviceKey");
        assert!(!devices.date_keyed());
        let history = V1_0.set("devicePropertyHistories").unwrap();
        assert!(history.date_keyed());
        assert_eq!(
            &history.properties[..3],
            ["dateKey", "deviceKey", "deviceName"]
        );
        assert!(V1_0.set("mamEffectivePolicies").is_none());
        assert!(BETA.set("mamEffectivePolicies").is_some());
        assert_eq!(V1_0.sets.len(), 42);
    }
}
