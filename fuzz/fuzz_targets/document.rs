//! Document bytes → read → resolve → generate, as a build script runs it but in memory: the
//! single-file layout, one thread, nothing written. Any panic is a finding; so is emitted code
//! that does not parse (the generator's own invariant).

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use odata_codegen::emit::EmitOptions;
use odata_codegen::model::{LoadOptions, load_bytes};
use odata_codegen::render::{Job, Layout, RenderError, render};
use odata_codegen::summary::Summary;

fuzz_target!(|data: &[u8]| {
    // A folder that does not exist: references resolve to the built-in vocabularies only.
    let name = Path::new("/nonexistent-odata-fuzz/service.xml");
    let (model, diags) = load_bytes(name, data, &LoadOptions::default());
    // Every diagnostic renders (positions are computed from the input).
    for d in diags.iter() {
        std::hint::black_box(d.to_string());
    }
    let Some(model) = model else { return };
    std::hint::black_box(Summary::of(&model).render());
    if diags.has_errors() {
        return;
    }
    let options = EmitOptions::default();
    let sources = ["service.xml".to_owned()];
    let job = Job {
        model: &model,
        options: &options,
        module: "service",
        doc: "The service.",
        sources: &sources,
        layout: Layout::Inline,
    };
    match render(&job, 1) {
        Ok(rendered) => {
            std::hint::black_box(rendered.files);
        }
        Err(RenderError::Format(e)) => panic!("emitted code does not parse: {e}"),
        Err(RenderError::Emit(_)) => {}
    }
});
