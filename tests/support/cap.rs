//! A local SAP CAP server for the end-to-end tests: started by a script of `e2e/cap/`, bound to
//! 127.0.0.1, and stopped when dropped, even when an assertion fails.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `e2e/cap/` of the workspace, found from the package of the test that includes this file
/// (the root package, or a member such as `export/`).
fn cap_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("e2e/cap"))
        .find(|d| d.join("start.sh").is_file())
        .expect("e2e/cap/start.sh in the workspace")
}

/// A running CAP server.
pub struct CapServer {
    work: PathBuf,
    /// The OData service root.
    pub url: String,
    /// What the script's data generator wrote to `counts.json`.
    pub counts: serde_json::Value,
}

impl CapServer {
    /// Runs `script` (relative to `e2e/cap/`), which serves from the work folder `work`
    /// (relative to `e2e/cap/`) and writes `url` and `counts.json` there.
    pub fn start(script: &str, work: &str) -> CapServer {
        let dir = cap_dir();
        let out = Command::new("bash")
            .arg(dir.join(script))
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "{script} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let work = dir.join(work);
        let url = std::fs::read_to_string(work.join("url"))
            .unwrap()
            .trim()
            .to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "the server must listen on 127.0.0.1 only, got {url}"
        );
        let counts =
            serde_json::from_str(&std::fs::read_to_string(work.join("counts.json")).unwrap())
                .unwrap();
        CapServer { work, url, counts }
    }

    /// A number of `counts.json`: rows of a set, or another count the data generator wrote.
    pub fn count(&self, key: &str) -> usize {
        self.counts[key].as_u64().unwrap() as usize
    }
}

impl Drop for CapServer {
    fn drop(&mut self) {
        let stop = cap_dir().join("stop.sh");
        let _ = Command::new("bash").arg(stop).arg(&self.work).output();
    }
}
