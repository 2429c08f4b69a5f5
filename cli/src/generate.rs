//! `odata-codegen generate`: the CLI door to the same [`Config`] the build-script API uses.

use std::path::PathBuf;

use odata_codegen::{Config, CrateManifest, CrateModule};

/// Arguments of `odata-codegen generate`.
#[derive(clap::Args, Clone, Debug, Default, PartialEq, Eq)]
pub struct GenerateArgs {
    /// A `$metadata` document, as `FILE` or `MODULE=FILE`; repeat for several versions.
    /// Without `MODULE=`, the module is named after the API version or the file stem.
    #[arg(long = "metadata", value_name = "[MODULE=]FILE", required = true)]
    pub metadata: Vec<String>,
    /// The output folder (a crate: `src/lib.rs`, `src/<module>/…`).
    #[arg(long = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Default `api-version` of the generated clients, as `VERSION` (every module) or
    /// `MODULE=VERSION`; repeatable.
    #[arg(long = "api-version", value_name = "[MODULE=]VERSION")]
    pub api_version: Vec<String>,
    /// Emit only these entity sets and singletons (wire names); repeatable.
    #[arg(long = "include", value_name = "SET")]
    pub include: Vec<String>,
    /// Do not emit these entity sets and singletons (wire names); repeatable.
    #[arg(long = "exclude", value_name = "SET")]
    pub exclude: Vec<String>,
    /// Put each entity set behind a cargo feature named like its module.
    #[arg(long = "features-per-set")]
    pub features_per_set: bool,
    /// Folders where referenced vocabularies are looked for; repeatable.
    #[arg(long = "vocabularies", value_name = "DIR")]
    pub vocabularies: Vec<PathBuf>,
    /// Annotation documents laid over every `$metadata` document, in order: their
    /// annotations (say, `Capabilities` the service does not state) replace the document's
    /// own of the same term and qualifier; repeatable.
    #[arg(long = "annotations", value_name = "FILE")]
    pub annotations: Vec<PathBuf>,
    /// The path generated code reaches the runtime by.
    #[arg(
        long = "runtime-path",
        value_name = "PATH",
        default_value = "::odata_runtime"
    )]
    pub runtime_path: String,
    /// Also write a `Cargo.toml` for a package with this name.
    #[arg(long = "crate-name", value_name = "NAME")]
    pub crate_name: Option<String>,
    /// How the written `Cargo.toml` asks for the runtime: a version requirement (`=0.1.0`,
    /// the default) or dependency fields (`path = "../odata-runtime"`,
    /// `git = "https://…", branch = "main"`).
    #[arg(long = "runtime-dependency", value_name = "SPEC")]
    pub runtime_dependency: Option<String>,
    /// Write one file per module for `include!` instead of a crate layout.
    #[arg(long = "single-file")]
    pub single_file: bool,
    /// Refuse a document that needed any degradation: every warning is an error.
    #[arg(long)]
    pub strict: bool,
    /// An integer property (wire name, in every type) that holds date keys (`yyyymmdd`): its
    /// `$filter` comparisons also take dates; repeatable.
    #[arg(long = "date-key", value_name = "PROPERTY")]
    pub date_keys: Vec<String>,
    /// Read integer properties narrower than 64 bits as `i64`, for a service whose integer
    /// widths are guesses.
    #[arg(long = "lenient-integers")]
    pub lenient_integers: bool,
    /// Derive `Serialize` outright only on request-body types, the others under the crate's
    /// `serialize` feature (the default with `--crate-name`, whose `Cargo.toml` declares it;
    /// without, declare `serialize = []` yourself).
    #[arg(long = "serialize-feature")]
    pub serialize_feature: bool,
}

impl GenerateArgs {
    /// The [`Config`] and modules these arguments describe.
    pub fn to_config(&self) -> Result<(Config, Vec<CrateModule>), String> {
        let mut config = Config::new();
        config.strict(self.strict).report_warnings(true);
        config
            .include_entity_sets(self.include.iter().cloned())
            .exclude_entity_sets(self.exclude.iter().cloned());
        config
            .feature_per_entity_set(self.features_per_set)
            .runtime_path(self.runtime_path.clone())
            .date_keys(self.date_keys.iter().cloned())
            .lenient_integers(self.lenient_integers);
        if self.serialize_feature {
            config.serialize_feature(true);
        }
        for v in &self.vocabularies {
            config.vocabulary_search_path(v.clone());
        }
        for a in &self.annotations {
            config.annotations(a.clone());
        }
        if let Some(name) = &self.crate_name {
            config.crate_manifest(CrateManifest { name: name.clone() });
        }
        if let Some(spec) = &self.runtime_dependency {
            config.runtime_dependency(spec.clone());
        }
        let mut global_version = None;
        let mut versions = Vec::new();
        for v in &self.api_version {
            match v.split_once('=') {
                Some((m, v)) => versions.push((m.to_owned(), v.to_owned())),
                None => global_version = Some(v.clone()),
            }
        }
        let mut modules = Vec::new();
        for m in &self.metadata {
            let (module, file) = match m.split_once('=') {
                Some((module, file)) => (Some(module.to_owned()), PathBuf::from(file)),
                None => (None, PathBuf::from(m)),
            };
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let version = module
                .as_ref()
                .and_then(|name| {
                    versions
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                })
                .or_else(|| {
                    versions
                        .iter()
                        .find(|(n, _)| *n == stem)
                        .map(|(_, v)| v.clone())
                })
                .or_else(|| global_version.clone());
            let module = module.unwrap_or_else(|| {
                odata_codegen::module_name_from(version.as_deref().unwrap_or(&stem))
            });
            modules.push(CrateModule {
                module,
                metadata: file,
                api_version: version,
            });
        }
        Ok((config, modules))
    }
}

/// Runs `generate`; errors (with file:line:col) go to stderr and exit 1.
pub fn run(args: &GenerateArgs) -> std::process::ExitCode {
    match generate(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<(), String> {
    let (config, modules) = args.to_config()?;
    if args.single_file {
        for m in &modules {
            let mut c = config.clone();
            c.module_name(m.module.clone());
            if let Some(v) = &m.api_version {
                c.api_version(v.clone());
            }
            c.generate(&m.metadata, &args.out)
                .map_err(|e| e.to_string())?;
        }
        return Ok(());
    }
    config
        .generate_crate(&modules, &args.out)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
