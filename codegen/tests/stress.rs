//! Densely cross-linked services: synthetic documents (fixed seeds) with hundreds of entity
//! types, each navigating to dozens of others in a random graph, with containment, derived
//! entity and complex types mixed in — the shape of Dataverse's Web API, whose generated
//! client once overflowed the compiler's recursion limit proving `Account: Send` (E0275).
//!
//! This test generates every stress document in both layouts (one file for `include!`, and
//! a crate) and checks the shape that keeps the compiler's auto-trait proofs short: no model
//! holds a navigation target directly. With `ODATA_STRESS_OUT=DIR` it also writes what it
//! generated to DIR (`<name>.rs` and `<name>/src/…`), which `cargo xtask stress-compile`
//! compiles with warnings denied and the default recursion limit.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use odata_codegen::{Config, CrateModule};

/// One stress document: how many entity types, navigation properties per type, and the seed.
struct Stress {
    name: &'static str,
    types: usize,
    navigations: usize,
    seed: u64,
    /// How the generated client is laid out.
    layout: Layout,
    /// Written out for `cargo xtask stress-compile` by default; the others only with
    /// `ODATA_STRESS_ALL=1` (the 800-type client takes rustc over 9 CPU minutes and 12 GB).
    compiled_in_ci: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Layout {
    SingleFile,
    Crate,
}

/// The documents, one per layout: 800 entity types with 20 navigation properties each as
/// one file (16 MB of Rust), and 300 as a crate (5.7 MB). Any path through more than about
/// 30 distinct types overflowed the recursion limit before models held navigation targets
/// through `Expanded` (a 200-type document of this shape failed 200 times), so the smaller
/// one shows the fix in CI at a fraction of the compile time. Module bodies are the same
/// tokens in both layouts (see `render.rs`).
const DOCUMENTS: &[Stress] = &[
    Stress {
        name: "dense_single",
        types: 800,
        navigations: 20,
        seed: 0x5eed_0001,
        layout: Layout::SingleFile,
        compiled_in_ci: false,
    },
    Stress {
        name: "dense_crate",
        types: 300,
        navigations: 20,
        seed: 0x5eed_0002,
        layout: Layout::Crate,
        compiled_in_ci: true,
    },
];

/// Every this many types, one has an entity set (the rest are reached by navigation).
const SET_EVERY: usize = 8;
/// Complex types, one in four derived from another.
const COMPLEX_TYPES: usize = 12;

/// A CSDL document of `s.types` entity types `T0…`: one in ten derives from an earlier type
/// (so the `…Any` enums of the bases have variants), each declares `s.navigations`
/// navigation properties to random types (half collections, one in eight contained), a key
/// and a complex-typed property on the root types, and every `SET_EVERY`th type has a set.
fn document(s: &Stress) -> String {
    let mut rng = fastrand::Rng::with_seed(s.seed);
    let mut x = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
        "<edmx:DataServices>\n",
        "<Schema Namespace=\"Stress\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
    ));
    for c in 0..COMPLEX_TYPES {
        let base = match c {
            0 => String::new(),
            _ if c % 4 == 0 => format!(" BaseType=\"Stress.C{}\"", rng.usize(0..c)),
            _ => String::new(),
        };
        let _ = writeln!(
            x,
            "<ComplexType Name=\"C{c}\"{base}><Property Name=\"Text{c}\" Type=\"Edm.String\"/>\
             <Property Name=\"Count{c}\" Type=\"Edm.Int64\"/></ComplexType>"
        );
    }
    for t in 0..s.types {
        if t > 0 && rng.usize(0..10) == 0 {
            let base = rng.usize(0..t);
            let _ = write!(
                x,
                "<EntityType Name=\"T{t}\" BaseType=\"Stress.T{base}\">\
                 <Property Name=\"Extra{t}\" Type=\"Edm.String\"/>"
            );
        } else {
            let complex = rng.usize(0..COMPLEX_TYPES);
            let _ = write!(
                x,
                "<EntityType Name=\"T{t}\"><Key><PropertyRef Name=\"Id\"/></Key>\
                 <Property Name=\"Id\" Type=\"Edm.Int32\" Nullable=\"false\"/>\
                 <Property Name=\"Name\" Type=\"Edm.String\"/>\
                 <Property Name=\"Detail\" Type=\"Stress.C{complex}\"/>"
            );
        }
        for n in 0..s.navigations {
            let target = rng.usize(0..s.types);
            let ty = match rng.bool() {
                true => format!("Collection(Stress.T{target})"),
                false => format!("Stress.T{target}"),
            };
            let contained = match rng.usize(0..8) {
                0 => " ContainsTarget=\"true\"",
                _ => "",
            };
            let _ = write!(
                x,
                "<NavigationProperty Name=\"N{t}x{n}\" Type=\"{ty}\"{contained}/>"
            );
        }
        x.push_str("</EntityType>\n");
    }
    x.push_str("<EntityContainer Name=\"Container\">\n");
    for t in (0..s.types).step_by(SET_EVERY) {
        let _ = writeln!(x, "<EntitySet Name=\"S{t}\" EntityType=\"Stress.T{t}\"/>");
    }
    x.push_str("</EntityContainer>\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n");
    x
}

/// Generates `s` in its layout; returns `(relative path, contents)` of what was generated.
fn generate(s: &Stress, path: &Path) -> Vec<(PathBuf, String)> {
    let mut config = Config::new();
    let files = match s.layout {
        Layout::SingleFile => config.module_name(s.name).render(path),
        Layout::Crate => config.render_crate(&[CrateModule {
            module: s.name.to_owned(),
            metadata: path.to_path_buf(),
            api_version: None,
        }]),
    };
    files.unwrap_or_else(|e| panic!("{}: {e}", s.name))
}

#[test]
fn documents_have_the_promised_shape() {
    assert!(DOCUMENTS.iter().any(|s| s.types >= 800));
    for s in DOCUMENTS {
        let text = document(s);
        assert!(s.types >= 300 && s.navigations >= 20, "{}", s.name);
        assert_eq!(text.matches("<EntityType ").count(), s.types);
        assert_eq!(
            text.matches("<NavigationProperty ").count(),
            s.types * s.navigations
        );
        assert!(text.contains("ContainsTarget=\"true\"") && text.contains("BaseType=\"Stress.T"));
        // Deterministic: the same seed gives the same document.
        assert_eq!(document(s), text);
    }
}

#[test]
fn dense_documents_generate_in_both_layouts_without_direct_navigation_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::env::var_os("ODATA_STRESS_OUT").map(PathBuf::from);
    let all = std::env::var_os("ODATA_STRESS_ALL").is_some();
    for s in DOCUMENTS {
        let path = dir.path().join(format!("{}.xml", s.name));
        std::fs::write(&path, document(s)).unwrap();
        let files = generate(s, &path);
        let models: String = files
            .iter()
            .filter(|(p, _)| s.layout == Layout::SingleFile || p.starts_with("src"))
            .map(|(_, text)| text.as_str())
            .collect();
        // Every navigation field is held through the runtime's `Expanded`, never as the
        // target itself (`Option<Box<T…>>`, `Option<Vec<T…>>`), which made the compiler
        // walk the whole graph to prove a model `Send`.
        let expanded = models.matches("Option<rt::Expanded<").count();
        assert!(
            expanded >= s.types * s.navigations,
            "{}: {expanded}",
            s.name
        );
        for direct in ["Option<Box<super::T", "Option<Vec<super::T", "Option<Box<T"] {
            assert!(!models.contains(direct), "{}: {direct}", s.name);
        }
        if let Some(out) = out.as_ref().filter(|_| all || s.compiled_in_ci) {
            let base = match s.layout {
                Layout::SingleFile => out.clone(),
                Layout::Crate => out.join(s.name),
            };
            for (rel, text) in &files {
                let file = base.join(rel);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, text).unwrap();
            }
            std::fs::copy(&path, out.join(format!("{}.xml", s.name))).unwrap();
        }
    }
}
