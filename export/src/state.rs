//! A set's saved progress: where paging continues, and how much of the output file is
//! complete. Saved atomically (written beside, flushed to disk, renamed over) after each
//! page, so after a kill at any moment the file holds either the previous or the new state.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cli::Format;

/// The saved progress of one set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetState {
    /// `api-version`.
    pub version: String,
    /// The entity set.
    pub set: String,
    /// The output format.
    pub format: Format,
    /// `--max-history-days` as sent (None: not sent).
    pub max_history_days: Option<u16>,
    /// The columns (CSV header, JSON line order) the file was started with.
    pub columns: Vec<String>,
    /// Rows in the complete part of the file.
    pub rows: u64,
    /// Byte length of the complete part of the file; anything after it is cut on resume.
    pub bytes: u64,
    /// Where paging continues; `None` once the set is complete.
    pub next_link: Option<String>,
}

impl SetState {
    /// Whether the whole set is in the file.
    pub fn complete(&self) -> bool {
        self.next_link.is_none()
    }

    /// Why this state cannot be resumed by a run with `expected`'s settings, if it cannot.
    pub fn mismatch(&self, expected: &SetState) -> Option<String> {
        let what = if self.version != expected.version || self.set != expected.set {
            "set"
        } else if self.format != expected.format {
            "--format"
        } else if self.max_history_days != expected.max_history_days {
            "--max-history-days"
        } else if self.columns != expected.columns {
            "set's properties (the contract changed)"
        } else {
            return None;
        };
        Some(format!(
            "the saved state was made with another {what}; run with the same options, or --fresh to start over"
        ))
    }
}

/// Where a set's state is kept: beside its output file.
pub fn state_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_owned();
    name.push(".state.json");
    output.with_file_name(name)
}

/// Reads a saved state; `None` when there is none.
pub fn load(path: &Path) -> Result<Option<SetState>, String> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            format!(
                "{}: not a state file ({e}); remove it or run with --fresh",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Saves `state` atomically: a temporary file beside it, flushed to disk, renamed over the
/// old state, and the folder flushed so the rename itself survives a power loss.
pub fn save(path: &Path, state: &SetState) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    let mut file = File::create(&tmp)?;
    file.write_all(&serde_json::to_vec_pretty(state)?)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    sync_folder(path)
}

/// Removes a saved state (for `--fresh`).
pub fn remove(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn sync_folder(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => File::open(dir)?.sync_all(),
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
fn sync_folder(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SetState {
        SetState {
            version: "v1.0".into(),
            set: "devices".into(),
            format: Format::Csv,
            max_history_days: Some(7),
            columns: vec!["deviceKey".into()],
            rows: 50,
            bytes: 1234,
            next_link: Some("https://h/svc/devices?$skiptoken=1".into()),
        }
    }

    #[test]
    fn saves_and_loads_beside_the_output() {
        let dir = std::env::temp_dir().join(format!("intune-export-state-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = state_path(&dir.join("devices.csv"));
        assert!(path.ends_with("devices.csv.state.json"));
        assert_eq!(load(&path).unwrap(), None);
        save(&path, &state()).unwrap();
        assert_eq!(load(&path).unwrap(), Some(state()));
        fs::write(&path, b"{").unwrap();
        assert!(load(&path).unwrap_err().contains("not a state file"));
        remove(&path).unwrap();
        remove(&path).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn other_options_are_a_mismatch() {
        let mut other = state();
        assert_eq!(state().mismatch(&other), None);
        other.max_history_days = None;
        assert!(
            state()
                .mismatch(&other)
                .unwrap()
                .contains("--max-history-days")
        );
        other = state();
        other.format = Format::Jsonl;
        assert!(state().mismatch(&other).unwrap().contains("--format"));
    }
}
