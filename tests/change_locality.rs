//! A contract change shows up only where it matters: changing one property of one entity
//! type in `beta.xml` changes only the files of that type and of the entity set that serves it.

use std::path::PathBuf;

use odata_codegen::{Config, CrateModule};

fn render(metadata: PathBuf) -> Vec<(PathBuf, String)> {
    Config::new()
        .render_crate(&[CrateModule {
            module: "beta".into(),
            metadata,
            api_version: Some("beta".into()),
        }])
        .unwrap()
}

#[test]
fn one_property_change_touches_only_its_type_and_set() {
    let original = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/intune/beta.xml");
    let text = std::fs::read_to_string(&original).unwrap();
    let from = r#"<Property Name="manufacturer" Type="Edm.String">"#;
    assert!(text.contains(from));
    let changed_path =
        std::env::temp_dir().join(format!("beta-changed-{}.xml", std::process::id()));
    // The file name appears in generated headers; keep it identical.
    let dir = changed_path.with_extension("");
    std::fs::create_dir_all(&dir).unwrap();
    let changed = dir.join("beta.xml");
    std::fs::write(
        &changed,
        text.replacen(
            from,
            r#"<Property Name="manufacturer" Type="Edm.Int64">"#,
            1,
        ),
    )
    .unwrap();

    let (before, after) = (render(original), render(changed));
    assert_eq!(before.len(), after.len());
    let differing: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.display().to_string())
        .collect();
    assert!(!differing.is_empty(), "the change must show");
    for file in &differing {
        assert!(
            file.ends_with("models/device.rs") || file.ends_with("beta/devices.rs"),
            "unexpected file changed: {file} (all: {differing:?})"
        );
    }
}
