//! Annotation overlays: the per-service override of what a `$metadata` document states. An
//! overlay's annotations replace the document's own of the same term and qualifier, and the
//! generated query surface follows; an overlay may not add to the model.

use std::path::{Path, PathBuf};
use std::process::Command;

use odata_codegen::Config;
use odata_codegen::Severity;
use odata_codegen::{LoadOptions, load};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn service() -> PathBuf {
    root().join("fixtures/edge/capabilities.xml")
}

fn overlay() -> PathBuf {
    root().join("fixtures/overlays/capabilities.xml")
}

/// The generated single file for the capabilities fixture, with `overlays` laid over it.
fn render(overlays: &[PathBuf]) -> String {
    let mut config = Config::new();
    config.module_name("m");
    for o in overlays {
        config.annotations(o.clone());
    }
    let files = config.render(&service()).expect("render");
    files.into_iter().next().expect("one file").1
}

/// The text of `pub mod <name> { … }` in `file`, up to its closing brace.
fn module<'a>(file: &'a str, name: &str) -> &'a str {
    let open = format!("pub mod {name} {{\n");
    let start = file
        .find(&open)
        .unwrap_or_else(|| panic!("no module {name}"));
    let indent = file[..start].rsplit('\n').next().unwrap_or("");
    let close = format!("\n{indent}}}\n");
    let end = start + file[start..].find(&close).expect("closing brace");
    &file[start..end]
}

/// The `$filter` paths the set module `set` offers: its own `Filter`, or the navigation
/// `Filter` of its type (module `ty`) when the set re-exports it, restricting no shape.
fn filter_paths(file: &str, set: &str, ty: &str) -> String {
    let set_module = module(file, set);
    let text = if set_module.contains(&format!("pub use requests::{ty}::Filter;")) {
        module(file, ty)
    } else {
        set_module
    };
    let at = text.find("rt::filter_paths!(").expect("a Filter");
    text[at..].to_owned()
}

/// Whether the `filter_paths!` call `filter` offers a path method named `method`
/// (`method -> Value = "wire"`).
fn offers(filter: &str, method: &str) -> bool {
    let words: Vec<&str> = filter.split_whitespace().collect();
    words.windows(2).any(|w| w[0] == method && w[1] == "->")
}

#[test]
fn overlay_annotations_replace_the_documents_own() {
    let plain = render(&[]);
    let overlaid = render(&[overlay()]);

    // suppliers: no restriction in the document; the overlay forbids filtering on `id` and
    // sorting.
    // (`order_by` is the runtime's, where the handle implements `Sortable`.)
    let sortable = "impl rt::Sortable for Suppliers";
    assert!(module(&plain, "suppliers").contains(sortable));
    assert!(!module(&overlaid, "suppliers").contains(sortable));
    let before = filter_paths(&plain, "suppliers", "supplier");
    let after = filter_paths(&overlaid, "suppliers", "supplier");
    assert!(offers(&before, "id"), "{before}");
    assert!(offers(&after, "name"), "{after}");
    assert!(!offers(&after, "id"), "{after}");

    // products: the document forbids filtering on `name` and `description`; the overlay's
    // FilterRestrictions replace the document's whole, forbidding only `description`.
    let before = filter_paths(&plain, "products", "product");
    let after = filter_paths(&overlaid, "products", "product");
    assert!(!offers(&before, "name"), "{before}");
    assert!(offers(&after, "name"), "{after}");
    assert!(!offers(&after, "description"), "{after}");
    // The document's other capabilities of the set stay: no $top, but $orderby.
    let after = module(&overlaid, "products");
    assert!(!after.contains("impl rt::TopSupported for"), "{after}");
    assert!(after.contains("impl rt::Sortable for Products"), "{after}");

    // Nothing else changes.
    assert_eq!(
        module(&plain, "audit_logs"),
        module(&overlaid, "audit_logs")
    );
}

#[test]
fn an_overlay_target_that_names_nothing_is_a_warning_at_its_position() {
    let options = LoadOptions {
        overlays: vec![overlay()],
        ..LoadOptions::default()
    };
    let (model, diags) = load(&service(), &options);
    assert!(model.is_some());
    let diags = diags.into_sorted();
    let warning = diags
        .iter()
        .find(|d| d.message.contains("Container/warehouses"))
        .expect("a warning for the unknown target");
    assert_eq!(warning.severity, Severity::Warning);
    let shown = warning.to_string();
    assert!(
        shown.contains("overlays/capabilities.xml:30:7:"),
        "position in the overlay: {shown}"
    );
    assert!(!diags.iter().any(|d| d.severity == Severity::Error));
}

#[test]
fn an_overlay_that_declares_a_type_is_an_error() {
    let mut config = Config::new();
    config
        .module_name("m")
        .annotations(root().join("fixtures/overlays/declares-a-type.xml"));
    let err = config.render(&service()).expect_err("refused").to_string();
    assert!(
        err.contains("declares-a-type.xml:9:7")
            && err.contains("expected only `Annotations` in an annotation document, found a type"),
        "{err}"
    );
}

#[test]
fn the_cli_takes_overlays_and_writes_what_the_library_renders() {
    let out = std::env::temp_dir().join(format!("odata-overlay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_odata-codegen"))
        .arg("generate")
        .arg("--single-file")
        .arg("--metadata")
        .arg(format!("m={}", service().display()))
        .arg("--annotations")
        .arg(overlay())
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run the CLI");
    assert!(status.success());
    let written = std::fs::read_to_string(out.join("m.rs")).expect("m.rs");
    assert!(written == render(&[overlay()]), "CLI and library differ");
    let _ = std::fs::remove_dir_all(&out);
}
