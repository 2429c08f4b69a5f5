//! The checked-in `generated-client/` is exactly what the generator produces today.
//! `cargo xtask intune` (the main job) rewrites it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use odata_codegen::{Config, CrateModule};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The generated client's modules: Intune v1.0 and beta side by side.
pub fn intune_modules() -> Vec<CrateModule> {
    let dir = root().join("fixtures/intune");
    vec![
        CrateModule {
            module: "v1_0".into(),
            metadata: dir.join("v1.0.xml"),
            api_version: Some("v1.0".into()),
        },
        CrateModule {
            module: "beta".into(),
            metadata: dir.join("beta.xml"),
            api_version: Some("beta".into()),
        },
    ]
}

fn on_disk(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, String>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            on_disk(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.insert(
                p.strip_prefix(base).expect("below base").to_path_buf(),
                std::fs::read_to_string(&p).expect("read"),
            );
        }
    }
}

#[test]
fn generated_client_is_fresh() {
    let out = root().join("generated-client");
    let mut config = Config::new();
    // As `cargo xtask intune` and refresh.toml generate it.
    config
        .lenient_integers(true)
        .date_keys(["dateKey"])
        .serialize_feature(true);
    let expected: BTreeMap<PathBuf, String> = config
        .render_crate(&intune_modules())
        .expect("render")
        .into_iter()
        .collect();
    let mut actual = BTreeMap::new();
    on_disk(&out.join("src"), &out, &mut actual);
    let missing: Vec<_> = expected
        .keys()
        .filter(|k| !actual.contains_key(*k))
        .collect();
    let extra: Vec<_> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let stale: Vec<_> = expected
        .iter()
        .filter(|(k, v)| actual.get(*k).is_some_and(|a| a != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && stale.is_empty(),
        "generated-client/ is not what the generator produces.\nmissing: {missing:?}\nextra: {extra:?}\ndiffering: {stale:?}\nrun `cargo xtask intune` and review the diff"
    );
}
