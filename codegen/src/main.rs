fn main() {
    let opts = odata_codegen::model::LoadOptions { search_paths: vec!["../shared/corpus/oasis-odata-vocabularies".into()] };
    for p in std::env::args().skip(1) {
        let (m, d) = odata_codegen::model::load(std::path::Path::new(&p), &opts);
        for x in d.into_sorted() { println!("{x}"); }
        match m { None => println!("{p}: FATAL"), Some(m) => println!("{p}: OK types={} sets={}", m.types.len(), m.main_container().map_or(0, |c| c.entity_sets.len())) }
    }
}
