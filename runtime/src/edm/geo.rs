//! Edm.Geography* and Edm.Geometry*: GeoJSON objects in OData JSON, kept as JSON.

use serde::{Deserialize, Serialize};

/// A spatial value as its GeoJSON object (`{"type": "Point", "coordinates": [..], "crs": ..}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Geo(pub serde_json::Value);

impl Geo {
    /// The GeoJSON `type` member, e.g. `Point`.
    pub fn kind(&self) -> Option<&str> {
        self.0.get("type")?.as_str()
    }

    /// The GeoJSON `coordinates` member.
    pub fn coordinates(&self) -> Option<&serde_json::Value> {
        self.0.get("coordinates")
    }
}
