//! Same input → same bytes: generating twice gives identical output, and so does a document
//! whose entity types and entity sets are listed in reverse order.

use std::path::{Path, PathBuf};

use odata_codegen::{Config, CrateModule};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reverses, in place, the order of the elements named `tag` (each either self-closing or
/// closed by `</tag>`, not nested in one another).
fn reverse_elements(text: &str, tag: &str) -> String {
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(&open) {
        let start = from + i;
        let head_end = start + text[start..].find('>').expect("start tag ends");
        let end = if text[..head_end].ends_with('/') {
            head_end + 1
        } else {
            head_end + text[head_end..].find(&close).expect("closing tag") + close.len()
        };
        spans.push((start, end));
        from = end;
    }
    let blocks: Vec<&str> = spans.iter().map(|(s, e)| &text[*s..*e]).collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, (s, e)) in spans.iter().enumerate() {
        out.push_str(&text[last..*s]);
        out.push_str(blocks[blocks.len() - 1 - i]);
        last = *e;
    }
    out.push_str(&text[last..]);
    out
}

fn shuffled_copy(path: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(path).expect("read fixture");
    let mut shuffled = text.clone();
    for tag in [
        "EntityType",
        "ComplexType",
        "EnumType",
        "EntitySet",
        "Singleton",
    ] {
        shuffled = reverse_elements(&shuffled, tag);
    }
    assert_ne!(text, shuffled, "{name}: the shuffle changed nothing");
    let dir = std::env::temp_dir().join(format!(
        "odata-codegen-determinism-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let copy = dir.join(path.file_name().expect("file name"));
    std::fs::write(&copy, shuffled).expect("write copy");
    // Referenced documents sit next to the original.
    for e in std::fs::read_dir(path.parent().expect("folder"))
        .expect("read folder")
        .flatten()
    {
        if e.path() != path && e.path().extension().is_some_and(|x| x == "xml") {
            std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy reference");
        }
    }
    copy
}

#[test]
fn intune_crate_is_deterministic() {
    let original = root().join("fixtures/intune/v1.0.xml");
    let module = |metadata: PathBuf| {
        vec![CrateModule {
            module: "v1_0".into(),
            metadata,
            api_version: Some("v1.0".into()),
        }]
    };
    let config = Config::new();
    let first = config
        .render_crate(&module(original.clone()))
        .expect("render");
    let second = config
        .render_crate(&module(original.clone()))
        .expect("render");
    assert!(first == second, "two runs differ");
    let shuffled = config
        .render_crate(&module(shuffled_copy(&original, "intune")))
        .expect("render shuffled");
    for ((p1, t1), (p2, t2)) in first.iter().zip(&shuffled) {
        assert_eq!(p1, p2);
        assert!(
            t1 == t2,
            "{} differs after shuffling the document",
            p1.display()
        );
    }
    assert_eq!(first.len(), shuffled.len());
}

#[test]
fn edge_fixtures_are_deterministic() {
    for name in [
        "collisions",
        "inheritance",
        "enums",
        "keywords",
        "recursive",
        "singletons",
    ] {
        let original = root().join(format!("fixtures/edge/{name}.xml"));
        let mut config = Config::new();
        config.module_name("m");
        let first = config.render(&original).expect("render");
        assert!(
            first == config.render(&original).expect("render"),
            "{name}: two runs differ"
        );
        let shuffled = config
            .render(&shuffled_copy(&original, name))
            .expect("render shuffled");
        assert!(
            first == shuffled,
            "{name}: output differs after shuffling the document"
        );
    }
}

/// Modules are emitted and formatted on several threads; the bytes must not depend on how
/// many, in either layout.
#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let intune = vec![CrateModule {
        module: "beta".into(),
        metadata: root().join("fixtures/intune/beta.xml"),
        api_version: Some("beta".into()),
    }];
    let one = Config::new()
        .threads(1)
        .render_crate(&intune)
        .expect("render");
    for threads in 2..=8 {
        let many = Config::new()
            .threads(threads)
            .render_crate(&intune)
            .expect("render");
        assert!(one == many, "crate layout differs on {threads} threads");
    }
    for name in ["containment", "multi-schema", "operations", "std-names"] {
        let metadata = root().join(format!("fixtures/edge/{name}.xml"));
        let one = Config::new().threads(1).render(&metadata).expect("render");
        for threads in [2, 5, 8] {
            let many = Config::new()
                .threads(threads)
                .render(&metadata)
                .expect("render");
            assert!(
                one == many,
                "{name}: inline layout differs on {threads} threads"
            );
        }
    }
}
