//! The build-time API, in the manner of `prost-build`: a [`Config`] with `&mut self` setters,
//! then [`Config::generate`] (one file for `include!`, from a build script) or
//! [`Config::generate_crate`] (a crate layout, as the CLI writes it).
//!
//! ```no_run
//! // build.rs
//! odata_codegen::Config::new()
//!     .api_version("v1.0")
//!     .generate("metadata/v1.0.xml", std::env::var("OUT_DIR").unwrap())
//!     .unwrap();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/v1_0.rs"));
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quote::quote;

use crate::diag::Severity;
use crate::diff::semver::RustDiff;
use crate::emit::{self, EmitOptions};
use crate::model::{LoadOptions, Model, load};
use crate::render::{Job, Layout, RenderError, Rendered, render};
use crate::write::{format_file, write_if_changed};

/// Threads used by default: more gain little on a service's few hundred modules.
const MAX_THREADS: usize = 8;

/// An error of the generator.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document could not be read or has errors; the diagnostics, rendered.
    #[error("{0}")]
    Model(String),
    /// The emitter failed.
    #[error("{path}: {source}")]
    Emit {
        /// The document.
        path: PathBuf,
        /// What failed.
        source: emit::EmitError,
    },
    /// The generated code did not parse (a generator bug).
    #[error("generated code for {path} does not parse: {source}")]
    Format {
        /// The document.
        path: PathBuf,
        /// The parser's error.
        source: syn::Error,
    },
    /// A setting is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// One module of a generated crate: a version of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateModule {
    /// The module name, e.g. `v1_0`.
    pub module: String,
    /// The `$metadata` document.
    pub metadata: PathBuf,
    /// The default `api-version` its client sends, if any.
    pub api_version: Option<String>,
}

/// The manifest of a generated crate; its runtime dependency is
/// [`Config::runtime_dependency`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateManifest {
    /// The package name.
    pub name: String,
}

/// The runtime dependency a generated `Cargo.toml` asks for by default: the runtime of the
/// generator's own version, exactly, since generated code uses its `__private` facade, which
/// changes together with the generator. Until `odata-runtime` is published, give a `path` or
/// `git` spec ([`Config::runtime_dependency`]).
pub const DEFAULT_RUNTIME_DEPENDENCY: &str = concat!("=", env!("CARGO_PKG_VERSION"));

/// Generator settings. Every entry point (build script, CLI, tests) goes through this.
#[derive(Clone, Debug)]
pub struct Config {
    api_version: Option<String>,
    module_name: Option<String>,
    include: BTreeSet<String>,
    exclude: BTreeSet<String>,
    feature_per_entity_set: bool,
    vocabulary_search_paths: Vec<PathBuf>,
    overlays: Vec<PathBuf>,
    runtime_path: String,
    manifest: Option<CrateManifest>,
    runtime_dependency: String,
    threads: Option<usize>,
    strict: bool,
    date_keys: BTreeSet<String>,
    lenient_integers: bool,
    serialize_feature: Option<bool>,
    report_warnings: bool,
    cargo_warnings: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// The defaults: every entity set, no `api-version`, runtime at `::odata_runtime`.
    pub fn new() -> Self {
        Config {
            api_version: None,
            module_name: None,
            include: BTreeSet::new(),
            exclude: BTreeSet::new(),
            feature_per_entity_set: false,
            vocabulary_search_paths: Vec::new(),
            overlays: Vec::new(),
            runtime_path: "::odata_runtime".to_owned(),
            manifest: None,
            runtime_dependency: DEFAULT_RUNTIME_DEPENDENCY.to_owned(),
            threads: None,
            strict: false,
            date_keys: BTreeSet::new(),
            lenient_integers: false,
            serialize_feature: None,
            report_warnings: false,
            cargo_warnings: true,
        }
    }

    /// Refuses any document that needed a degradation: every warning of the reader (each a
    /// documented degradation, listed in the README's reader table) becomes an error, as with the CLI's
    /// `--strict`. By default a document is generated with its warnings, which a build
    /// script prints as `cargo:warning=` lines (a count and the first few).
    pub fn strict(&mut self, yes: bool) -> &mut Self {
        self.strict = yes;
        self
    }

    /// Integer properties (by wire name, in every type) that hold date keys: a date as the
    /// integer `yyyymmdd`, as a data warehouse keys its date dimension (the Intune Data
    /// Warehouse's `dateKey`). Their `$filter` paths are typed `DateKey`, so a comparison
    /// takes a `time::Date` (`f.date_key().ge(date)` sends `dateKey ge 20240131`), a
    /// `DateKey`, or the integer. The rows keep the integer.
    pub fn date_keys<S: Into<String>>(
        &mut self,
        properties: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.date_keys
            .extend(properties.into_iter().map(Into::into));
        self
    }

    /// Reads every integer property narrower than 64 bits (`Edm.Int32`, `Int16`, `Byte`,
    /// `SByte`) as `i64`, from a JSON number or string, and types its filter paths and key
    /// parameters so. For a service whose integer widths are guesses (the Intune fixtures are
    /// reconstructed from documentation that gives no widths): a value wider than the guess
    /// then decodes instead of ending a whole stream with an error.
    pub fn lenient_integers(&mut self, yes: bool) -> &mut Self {
        self.lenient_integers = yes;
        self
    }

    /// Implements `Serialize` outright only on the types a request body can carry (action
    /// parameters and what they hold); every other model gets it under the generated crate's
    /// `serialize` feature, for users who write rows out as JSON. Responses are only decoded,
    /// so a client that never serializes them compiles less. On by default for a crate whose
    /// `Cargo.toml` the generator writes ([`crate_manifest`](Self::crate_manifest)), which then
    /// declares the feature; off otherwise, since the feature must be declared by the crate
    /// that holds the code (with `serialize = []` under `[features]`).
    pub fn serialize_feature(&mut self, yes: bool) -> &mut Self {
        self.serialize_feature = Some(yes);
        self
    }

    /// The contract diff of `old` → `new` in terms of the code this configuration generates
    /// for them as the module `module` (a Rust path such as `intune_dw::beta`): what the
    /// `odata-codegen diff` and `refresh` reports print. Settings that change the Rust types
    /// ([`lenient_integers`](Self::lenient_integers), [`date_keys`](Self::date_keys)) change
    /// what a contract change touches: with lenient integers, `Int32` → `Int64` changes no code.
    pub fn rust_diff(&self, old: &Model, new: &Model, module: &str) -> RustDiff {
        RustDiff::generated_with(
            old,
            new,
            module,
            &self.emit_options(None, String::new(), &Layout::Inline),
        )
    }

    /// What the emitter is told, for a document read from `source`.
    fn emit_options(
        &self,
        api_version: Option<String>,
        source: String,
        layout: &Layout,
    ) -> EmitOptions {
        EmitOptions {
            serialize_feature: self.serializes_behind_feature(layout),
            runtime_path: self.runtime_path.clone(),
            api_version,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            feature_per_entity_set: self.feature_per_entity_set,
            source_name: source,
            date_keys: self.date_keys.clone(),
            lenient_integers: self.lenient_integers,
        }
    }

    /// Whether models other than request bodies implement `Serialize` only under the `serialize`
    /// feature, in `layout`.
    fn serializes_behind_feature(&self, layout: &Layout) -> bool {
        let default = matches!(layout, Layout::Files(_)) && self.manifest.is_some();
        self.serialize_feature.unwrap_or(default)
    }

    /// Whether a build script prints the reader's warnings as `cargo:warning=` lines (on by
    /// default, so a degraded client is never a surprise). A test suite that generates from
    /// documents known to warn turns it off.
    pub fn cargo_warnings(&mut self, yes: bool) -> &mut Self {
        self.cargo_warnings = yes;
        self
    }

    /// Prints the warnings of every document read to standard error (the CLI's report).
    pub fn report_warnings(&mut self, yes: bool) -> &mut Self {
        self.report_warnings = yes;
        self
    }

    /// The `api-version` query option the generated client sets by default; also the default
    /// module name (`v1.0` → `v1_0`) for [`generate`](Self::generate).
    pub fn api_version(&mut self, version: impl Into<String>) -> &mut Self {
        self.api_version = Some(version.into());
        self
    }

    /// The name of the generated module (default: from the API version, else the file stem).
    pub fn module_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.module_name = Some(name.into());
        self
    }

    /// Emit only these entity sets and singletons (wire names).
    pub fn include_entity_sets<S: Into<String>>(
        &mut self,
        sets: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.include.extend(sets.into_iter().map(Into::into));
        self
    }

    /// Do not emit these entity sets and singletons (wire names).
    pub fn exclude_entity_sets<S: Into<String>>(
        &mut self,
        sets: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.exclude.extend(sets.into_iter().map(Into::into));
        self
    }

    /// Put each entity set behind `#[cfg(feature = "<set module name>")]`.
    pub fn feature_per_entity_set(&mut self, yes: bool) -> &mut Self {
        self.feature_per_entity_set = yes;
        self
    }

    /// A folder where referenced vocabularies are looked for.
    pub fn vocabulary_search_path(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.vocabulary_search_paths.push(dir.into());
        self
    }

    /// An annotation document laid over the `$metadata` (applied in the order given): a CSDL
    /// document whose schemas hold only `Annotations` elements targeting the service's
    /// model, whose annotations replace the document's own of the same term and qualifier.
    /// The per-service override of what the metadata says, e.g. the `Capabilities` that
    /// narrow the generated query surface when a live service does not state them.
    pub fn annotations(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.overlays.push(path.into());
        self
    }

    /// The path generated code reaches the runtime by (default `::odata_runtime`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// Threads to emit and format modules on (default: the available parallelism, at most
    /// 8). The output is the same for any number.
    pub fn threads(&mut self, threads: usize) -> &mut Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// The threads to use: as set, or the available parallelism (at most [`MAX_THREADS`]).
    fn thread_count(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
        })
    }

    /// Also write a `Cargo.toml` in [`generate_crate`](Self::generate_crate).
    pub fn crate_manifest(&mut self, manifest: CrateManifest) -> &mut Self {
        self.manifest = Some(manifest);
        self
    }

    /// How the generated `Cargo.toml` asks for `odata-runtime` (default
    /// [`DEFAULT_RUNTIME_DEPENDENCY`]): a version requirement (`0.1`, `=0.1.0`), or the
    /// fields of a dependency table (`path = "../odata-runtime"`,
    /// `git = "https://…", branch = "main"`), written as `odata-runtime = { … }`. Checked when
    /// the manifest is written: one line of TOML with only dependency fields.
    pub fn runtime_dependency(&mut self, spec: impl Into<String>) -> &mut Self {
        self.runtime_dependency = spec.into();
        self
    }

    /// Generates one module from `metadata` into `out_dir/<module>.rs`, laid out inline for
    /// `include!`. Returns the files written or left unchanged.
    pub fn generate(
        &self,
        metadata: impl AsRef<Path>,
        out_dir: impl AsRef<Path>,
    ) -> Result<Vec<PathBuf>, Error> {
        let files = self.render(metadata.as_ref())?;
        write_all(out_dir.as_ref(), &files, self.thread_count())
    }

    /// What [`generate`](Self::generate) writes, in memory: `(relative path, contents)`.
    pub fn render(&self, metadata: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
        let module = self
            .module_name
            .clone()
            .unwrap_or_else(|| default_module(self.api_version.as_deref(), metadata));
        let rendered =
            self.render_version(metadata, &module, self.api_version.clone(), Layout::Inline)?;
        Ok(rendered.files)
    }

    /// Generates a crate below `out_dir`: `src/lib.rs`, and per module `src/<module>/mod.rs`,
    /// `src/<module>/models/…` and one file per entity set; `Cargo.toml` when a manifest is
    /// configured. Stale `.rs` files in the module folders are removed.
    pub fn generate_crate(
        &self,
        modules: &[CrateModule],
        out_dir: impl AsRef<Path>,
    ) -> Result<Vec<PathBuf>, Error> {
        let out_dir = out_dir.as_ref();
        let files = self.render_crate(modules)?;
        let written = write_all(out_dir, &files, self.thread_count())?;
        let keep: BTreeSet<&Path> = written.iter().map(PathBuf::as_path).collect();
        for m in modules {
            remove_stale(&out_dir.join("src").join(&m.module), &keep);
        }
        Ok(written)
    }

    /// What [`generate_crate`](Self::generate_crate) writes, in memory.
    pub fn render_crate(&self, modules: &[CrateModule]) -> Result<Vec<(PathBuf, String)>, Error> {
        let mut out = Vec::new();
        let mut decls = Vec::new();
        let mut sources = Vec::new();
        // The features of every version's sets, read from the plans the versions were
        // rendered from.
        let mut set_features = BTreeSet::new();
        let mut sorted: Vec<&CrateModule> = modules.iter().collect();
        sorted.sort_by(|a, b| a.module.cmp(&b.module));
        let mut doc_lines = vec![
            "Typed OData clients generated by odata-codegen, one module per service version:"
                .to_owned(),
            String::new(),
        ];
        for m in sorted {
            let rendered = self.render_version(
                &m.metadata,
                &m.module,
                m.api_version.clone(),
                Layout::Files(PathBuf::from("src")),
            )?;
            decls.push(rendered.decl);
            set_features.extend(rendered.set_features);
            let source = source_name(&m.metadata);
            doc_lines.push(format!("- `{}`: from `{source}`", m.module));
            out.extend(rendered.files);
            sources.push(source);
        }
        let docs = doc_lines.iter().map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            quote!(#![doc = #l])
        });
        // The modules are laid out by prettyplease, not rustfmt: `cargo fmt` leaves them alone.
        let lib = quote!(#(#docs)* #(#[rustfmt::skip] #decls)*);
        let lib = format_file(lib, &sources).map_err(|source| Error::Format {
            path: PathBuf::from("lib.rs"),
            source,
        })?;
        out.push((PathBuf::from("src/lib.rs"), lib));
        if let Some(manifest) = &self.manifest {
            let mut features = String::new();
            let serialize = self.serializes_behind_feature(&Layout::Files(PathBuf::from("src")));
            if self.feature_per_entity_set || serialize {
                features.push_str("\n[features]\ndefault = []\n");
            }
            if serialize {
                features.push_str("serialize = []\n");
            }
            if self.feature_per_entity_set {
                for feature in &set_features {
                    features.push_str(&format!("{feature} = []\n"));
                }
            }
            out.push((
                PathBuf::from("Cargo.toml"),
                format!(
                    "# @generated by odata-codegen. Do not edit.\n[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}\n{features}",
                    manifest.name,
                    runtime_dependency_line(&self.runtime_dependency).map_err(Error::Config)?
                ),
            ));
        }
        out.sort();
        Ok(out)
    }

    fn load_model(&self, metadata: &Path) -> Result<Model, Error> {
        let options = LoadOptions {
            search_paths: self.vocabulary_search_paths.clone(),
            overlays: self.overlays.clone(),
            strict: self.strict,
        };
        let (model, diags) = load(metadata, &options);
        let under_cargo = std::env::var_os("OUT_DIR").is_some()
            && std::env::var_os("CARGO_MANIFEST_DIR").is_some();
        if under_cargo {
            println!("cargo:rerun-if-changed={}", metadata.display());
            for overlay in &self.overlays {
                println!("cargo:rerun-if-changed={}", overlay.display());
            }
            if let Some(m) = &model {
                for r in &m.references {
                    if let Some(f) = r
                        .loaded_from
                        .as_ref()
                        .filter(|f| !crate::model::builtin::is_builtin(f))
                    {
                        println!("cargo:rerun-if-changed={}", f.display());
                    }
                }
            }
        }
        let failed = model.is_none() || diags.has_errors();
        if !failed {
            let warnings: Vec<String> = diags
                .clone()
                .into_sorted()
                .into_iter()
                .map(|d| d.to_string())
                .collect();
            if under_cargo {
                if self.cargo_warnings {
                    print!("{}", cargo_warnings(metadata, &warnings));
                }
            } else if self.report_warnings {
                for w in &warnings {
                    eprintln!("{w}");
                }
            }
        }
        if failed {
            let rendered: Vec<String> = diags
                .into_sorted()
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.to_string())
                .collect();
            let text = if rendered.is_empty() {
                format!("{}: could not be read", metadata.display())
            } else {
                rendered.join("\n")
            };
            return Err(Error::Model(text));
        }
        Ok(model.expect("checked above"))
    }

    fn render_version(
        &self,
        metadata: &Path,
        module: &str,
        api_version: Option<String>,
        layout: Layout,
    ) -> Result<Rendered, Error> {
        let model = self.load_model(metadata)?;
        syn::parse_str::<syn::Path>(&self.runtime_path)
            .map_err(|e| Error::Config(format!("runtime path `{}`: {e}", self.runtime_path)))?;
        syn::parse_str::<syn::Ident>(module)
            .map_err(|e| Error::Config(format!("module name `{module}`: {e}")))?;
        let source = source_name(metadata);
        let options = self.emit_options(api_version.clone(), source.clone(), &layout);
        let doc = match &api_version {
            Some(v) => format!("The service as described by `{source}` (`api-version={v}`)."),
            None => format!("The service as described by `{source}`."),
        };
        let job = Job {
            model: &model,
            options: &options,
            module,
            doc: &doc,
            sources: std::slice::from_ref(&source),
            layout,
        };
        render(&job, self.thread_count()).map_err(|e| match e {
            RenderError::Emit(source) => Error::Emit {
                path: metadata.to_path_buf(),
                source,
            },
            RenderError::Format(source) => Error::Format {
                path: metadata.to_path_buf(),
                source,
            },
        })
    }
}

/// Warnings shown by Cargo after a build script ran: how many, then the first few with their
/// positions (all of them: `odata-codegen check`). Control characters a document put into a
/// message are escaped, so it cannot end the line and start another Cargo instruction.
fn cargo_warnings(metadata: &Path, warnings: &[String]) -> String {
    const SHOWN: usize = 5;
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "cargo:warning=odata-codegen: {} warning(s) reading {}: the client was generated with the degradations they describe (`Config::strict(true)` refuses them; `odata-codegen check` lists them all)\n",
        warnings.len(),
        metadata.display()
    );
    for w in warnings.iter().take(SHOWN) {
        out.push_str("cargo:warning=");
        out.extend(w.chars().flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        }));
        out.push('\n');
    }
    if warnings.len() > SHOWN {
        out.push_str(&format!(
            "cargo:warning=… and {} more\n",
            warnings.len() - SHOWN
        ));
    }
    out
}

/// Fields a runtime dependency spec may set (Cargo's dependency keys).
const DEPENDENCY_KEYS: &[&str] = &[
    "version",
    "path",
    "git",
    "branch",
    "tag",
    "rev",
    "registry",
    "package",
    "features",
    "default-features",
];

/// The `Cargo.toml` line of the runtime dependency `spec` (see [`Config::runtime_dependency`]),
/// or why it is refused: it must be one line that TOML reads as a version string or as a
/// table of dependency fields, so no spec can add anything else to the manifest.
fn runtime_dependency_line(spec: &str) -> Result<String, String> {
    let spec = spec.trim();
    let refuse = |why: &str| format!("runtime dependency `{spec}`: {why}");
    if spec.is_empty() || spec.chars().any(char::is_control) {
        return Err(refuse(
            "expected one line, such as `0.1` or `path = \"../odata-runtime\"`",
        ));
    }
    let is_version = spec
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " .*^~=<>,+-".contains(c));
    let line = if is_version {
        format!("odata-runtime = \"{spec}\"")
    } else {
        format!("odata-runtime = {{ {spec} }}")
    };
    let doc = toml_edit::Document::parse(line.as_str()).map_err(|e| refuse(e.message()))?;
    let table = doc.as_table();
    let Some(value) = table.get("odata-runtime").filter(|_| table.len() == 1) else {
        return Err(refuse("expected only the dependency's own fields"));
    };
    if let Some(fields) = value.as_inline_table() {
        if let Some((key, _)) = fields.iter().find(|(k, _)| !DEPENDENCY_KEYS.contains(k)) {
            return Err(refuse(&format!(
                "`{key}` is not a dependency field ({})",
                DEPENDENCY_KEYS.join(", ")
            )));
        }
        if !fields
            .iter()
            .any(|(k, _)| ["version", "path", "git"].contains(&k))
        {
            return Err(refuse("expected a `version`, `path` or `git` field"));
        }
    }
    Ok(line)
}

/// The file name of `metadata`, as generated code names its source.
fn source_name(metadata: &Path) -> String {
    metadata
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `v1.0` → `v1_0`; without a version, the file stem the same way.
fn default_module(api_version: Option<&str>, metadata: &Path) -> String {
    match api_version {
        Some(v) => module_name_from(v),
        None => module_name_from(
            &metadata
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
        ),
    }
}

/// A module name from a version or file name: ASCII alphanumerics lowercased, anything else
/// `_`, and a `v` in front of a leading digit (`v1.0` → `v1_0`, `2024-01` → `v2024_01`).
pub fn module_name_from(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'v');
    }
    s
}

/// Writes `files` below `out_dir` on up to `threads` threads (a large crate is thousands of
/// files, each a few system calls); returns their paths in order, or the first error.
fn write_all(
    out_dir: &Path,
    files: &[(PathBuf, String)],
    threads: usize,
) -> Result<Vec<PathBuf>, Error> {
    let write = |(rel, text): &(PathBuf, String)| {
        let path = out_dir.join(rel);
        match write_if_changed(&path, text) {
            Ok(_) => Ok(path),
            Err(source) => Err(Error::Io { path, source }),
        }
    };
    let chunk = files.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(write).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a file writer panicked"))
            .collect()
    })
}

fn remove_stale(dir: &Path, keep: &BTreeSet<&Path>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            remove_stale(&p, keep);
        } else if p.extension().is_some_and(|x| x == "rs") && !keep.contains(p.as_path()) {
            let _ = std::fs::remove_file(&p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_warnings_give_a_count_and_the_first_five() {
        let warnings: Vec<String> = (1..=7)
            .map(|i| format!("doc.xml:{i}:1: warning: defect {i}"))
            .collect();
        let text = cargo_warnings(Path::new("doc.xml"), &warnings);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7, "{text}");
        assert!(lines.iter().all(|l| l.starts_with("cargo:warning=")));
        assert!(lines[0].contains("7 warning(s) reading doc.xml"));
        assert_eq!(lines[1], "cargo:warning=doc.xml:1:1: warning: defect 1");
        assert_eq!(lines[5], "cargo:warning=doc.xml:5:1: warning: defect 5");
        assert_eq!(lines[6], "cargo:warning=… and 2 more");
        assert_eq!(cargo_warnings(Path::new("doc.xml"), &[]), "");
    }

    #[test]
    fn a_warning_cannot_start_another_cargo_instruction() {
        let hostile = "doc.xml:1:1: warning: name `a\ncargo:rustc-env=X=1\r`".to_owned();
        let text = cargo_warnings(Path::new("doc.xml"), &[hostile]);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.lines().all(|l| l.starts_with("cargo:warning=")));
        assert!(text.contains(r"`a\ncargo:rustc-env=X=1\r`"));
    }
}
