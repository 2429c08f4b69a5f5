//! The refresh a scheduled job runs: fetch every configured version of a service's
//! `$metadata`, canonicalize it, write the fixtures, regenerate the client crate and the API
//! listings, and report what changed for the generated crate (old fixture on disk → fetched),
//! in Rust terms and with a semver verdict ([`Report`]).
//!
//! Every version is fetched and read before anything is written: a failed download or a
//! document that is not CSDL leaves the fixtures and the crate as they were.

pub(crate) mod command;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use odata_codegen::{
    Config, CrateModule, Diagnostic, LoadOptions, Model, Report, Surface, load_bytes,
};

use crate::fetch::{self, FetchError, FetchOptions};

/// The refresh configuration (a TOML file; relative paths are relative to its folder).
///
/// ```toml
/// service_root = "https://fef.msua06.manage.microsoft.com/ReportingService/DataWarehouseFEService"
/// out = "generated-client"        # the generated crate
/// crate_path = "intune_dw"        # how its users name it in Rust
///
/// [[versions]]
/// module = "beta"
/// api_version = "beta"
/// fixture = "fixtures/intune/beta.xml"
/// listing = "generated-client/api/beta.txt"
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshConfig {
    /// The service root (or its `$metadata` URL).
    pub service_root: String,
    /// The folder of the generated crate.
    pub out: PathBuf,
    /// The Rust name of the generated crate (`intune_dw`), which the report names items by.
    pub crate_path: String,
    /// Annotation documents laid over every document when generating.
    #[serde(default)]
    pub annotations: Vec<PathBuf>,
    /// Integer properties holding date keys (`Config::date_keys`).
    #[serde(default)]
    pub date_keys: Vec<String>,
    /// Read narrow integers as `i64` (`Config::lenient_integers`).
    #[serde(default)]
    pub lenient_integers: bool,
    /// Serialize only request bodies outright (`Config::serialize_feature`).
    #[serde(default)]
    pub serialize_feature: bool,
    /// The versions, each a module of the crate.
    pub versions: Vec<VersionConfig>,
    /// The folder relative paths start from: the configuration file's.
    #[serde(skip)]
    pub base: PathBuf,
}

/// One version of the service.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionConfig {
    /// The crate's module for it (`beta`, `v1_0`).
    pub module: String,
    /// The `api-version` sent when fetching, and preset by the generated client.
    pub api_version: Option<String>,
    /// Where its canonical `$metadata` is kept.
    pub fixture: PathBuf,
    /// Where its API surface listing is written, if anywhere.
    pub listing: Option<PathBuf>,
}

/// Why a refresh failed. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// The configuration cannot be read or is invalid.
    #[error("{path}: {message}")]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A version could not be fetched.
    #[error("version `{module}`: {source}")]
    Fetch {
        /// The version's module.
        module: String,
        /// Why.
        source: FetchError,
    },
    /// A document (fetched, or a fixture on disk) has errors.
    #[error("{name}: the document has errors:\n{}", list(.diagnostics))]
    Document {
        /// The document.
        name: String,
        /// Its diagnostics.
        diagnostics: Vec<Diagnostic>,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The client could not be generated.
    #[error("generating {path}: {message}")]
    Generate {
        /// The crate folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl RefreshConfig {
    /// Reads the configuration file `path`.
    pub fn load(path: &Path) -> Result<Self, RefreshError> {
        let text = std::fs::read_to_string(path).map_err(|source| RefreshError::Io {
            path: path.to_owned(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Self::parse(&text, base).map_err(|message| RefreshError::Config {
            path: path.to_owned(),
            message,
        })
    }

    /// Parses a configuration whose relative paths are relative to `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        let mut config: RefreshConfig = toml_edit::de::from_str(text).map_err(|e| e.to_string())?;
        if config.versions.is_empty() {
            return Err("no `[[versions]]`".into());
        }
        let mut modules = std::collections::BTreeSet::new();
        for v in &config.versions {
            if !modules.insert(&v.module) {
                return Err(format!("module `{}` is configured twice", v.module));
            }
        }
        config.base = base.to_owned();
        Ok(config)
    }
}

impl RefreshConfig {
    /// `path` (of this configuration) as seen from the current folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.base.join(path)
    }
}

/// What a refresh did.
#[derive(Debug)]
pub struct Refreshed {
    /// The report: one section per version, old fixture → fetched document.
    pub report: Report,
    /// The fixtures and listings whose content changed, as the configuration names them.
    pub changed: Vec<PathBuf>,
}

/// One version, fetched and read.
struct Fetched {
    version: VersionConfig,
    canonical: String,
    old: Model,
    new: Model,
}

/// Runs the refresh of `config`; each request is sent as `template` says (auth, headers,
/// timeout, size limit), with the service root and the version's `api-version`.
pub fn refresh(config: &RefreshConfig, template: &FetchOptions) -> Result<Refreshed, RefreshError> {
    let mut fetched = Vec::new();
    for version in &config.versions {
        fetched.push(fetch_version(config, version, template)?);
    }
    let mut changed = Vec::new();
    let mut report = Report::default();
    for f in &fetched {
        if write_if_changed(&config.resolve(&f.version.fixture), &f.canonical)? {
            changed.push(f.version.fixture.clone());
        }
        if let Some(listing) = &f.version.listing {
            let text = Surface::of(&f.new, &Default::default()).render();
            if write_if_changed(&config.resolve(listing), &text)? {
                changed.push(listing.clone());
            }
        }
        let module = format!("{}::{}", config.crate_path, f.version.module);
        let name = f.version.fixture.display().to_string();
        report.push(
            format!("{name} (before)"),
            format!("{name} (fetched)"),
            generation_config(config).rust_diff(&f.old, &f.new, &module),
        );
    }
    generate(config)?;
    Ok(Refreshed { report, changed })
}

/// Fetches one version and reads it, and the fixture it replaces (an empty model when there
/// is none yet: then everything is new).
fn fetch_version(
    config: &RefreshConfig,
    version: &VersionConfig,
    template: &FetchOptions,
) -> Result<Fetched, RefreshError> {
    let options = FetchOptions {
        url: config.service_root.clone(),
        api_version: version.api_version.clone(),
        ..template.clone()
    };
    let got = fetch::fetch(&options).map_err(|source| RefreshError::Fetch {
        module: version.module.clone(),
        source,
    })?;
    let fixture = &config.resolve(&version.fixture);
    let new = read(
        fixture,
        got.canonical.as_bytes(),
        &format!("{} (fetched)", version.module),
    )?;
    let old = match std::fs::read(fixture) {
        Ok(bytes) => read(fixture, &bytes, &version.fixture.display().to_string())?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Model::default(),
        Err(source) => {
            return Err(RefreshError::Io {
                path: fixture.clone(),
                source,
            });
        }
    };
    Ok(Fetched {
        version: version.clone(),
        canonical: got.canonical,
        old,
        new,
    })
}

/// Reads a document named `path` (references resolve beside it) from `bytes`.
fn read(path: &Path, bytes: &[u8], shown: &str) -> Result<Model, RefreshError> {
    let (model, diags) = load_bytes(path, bytes, &LoadOptions::default());
    match model {
        Some(model) if !diags.has_errors() => Ok(model),
        _ => Err(RefreshError::Document {
            name: shown.to_owned(),
            diagnostics: diags.into_sorted(),
        }),
    }
}

/// The generator's configuration for the client crate.
fn generation_config(config: &RefreshConfig) -> Config {
    let mut c = Config::new();
    for a in &config.annotations {
        c.annotations(config.resolve(a));
    }
    c.date_keys(config.date_keys.iter().cloned())
        .lenient_integers(config.lenient_integers)
        .serialize_feature(config.serialize_feature);
    c
}

/// Regenerates the client crate from the fixtures, as `odata-codegen generate` does.
fn generate(config: &RefreshConfig) -> Result<(), RefreshError> {
    let c = generation_config(config);
    let modules: Vec<CrateModule> = config
        .versions
        .iter()
        .map(|v| CrateModule {
            module: v.module.clone(),
            metadata: config.resolve(&v.fixture),
            api_version: v.api_version.clone(),
        })
        .collect();
    c.generate_crate(&modules, config.resolve(&config.out))
        .map(|_| ())
        .map_err(|e| RefreshError::Generate {
            path: config.out.clone(),
            message: e.to_string(),
        })
}

/// Writes `text` to `path` unless it already holds it; returns whether it wrote.
fn write_if_changed(path: &Path, text: &str) -> Result<bool, RefreshError> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    let io = |source| RefreshError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)?;
    Ok(true)
}
