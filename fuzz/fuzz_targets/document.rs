//! Document bytes → read → resolve → generate, as a build script runs it (the public
//! `Config::render`, the single-file layout, one thread, nothing written but the input, to a
//! per-process file the library reads). Any panic is a finding; so is emitted code that does
//! not parse (the generator's own invariant, reported as `Error::Format`).

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use odata_codegen::{Config, Error, LoadOptions, Summary, load_bytes};

/// A folder of its own: references resolve to the built-in vocabularies only.
static INPUT: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("odata-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("service.xml")
});

fuzz_target!(|data: &[u8]| {
    let (model, diags) = load_bytes(&INPUT, data, &LoadOptions::default());
    // Every diagnostic renders (positions are computed from the input).
    for d in diags.iter() {
        std::hint::black_box(d.to_string());
    }
    let Some(model) = model else { return };
    std::hint::black_box(Summary::of(&model).render());
    if diags.has_errors() {
        return;
    }
    std::fs::write(&*INPUT, data).unwrap();
    match Config::new().module_name("service").threads(1).render(&INPUT) {
        Ok(files) => {
            std::hint::black_box(files);
        }
        Err(e @ Error::Format { .. }) => panic!("emitted code does not parse: {e}"),
        Err(_) => {}
    }
});
