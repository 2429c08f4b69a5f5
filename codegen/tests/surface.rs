//! The committed API surface listings (`generated-client/api/*.txt`) are what the fixtures
//! say now. `cargo xtask intune` rewrites them.

use std::path::Path;

use odata_codegen::Surface;
use odata_codegen::{LoadOptions, load};

#[test]
fn api_surface_listings_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (fixture, listing) in [("v1.0", "v1_0"), ("beta", "beta")] {
        let (model, diags) = load(
            &root.join(format!("fixtures/intune/{fixture}.xml")),
            &LoadOptions::default(),
        );
        assert!(!diags.has_errors());
        let text = Surface::of(&model.unwrap(), &Default::default()).render();
        let path = root.join(format!("generated-client/api/{listing}.txt"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale: run `cargo xtask intune` and review the diff",
            path.display()
        );
    }
}
