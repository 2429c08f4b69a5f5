//! Exporting one set: start or resume its file, then per page write the rows, flush them to
//! disk and save the state; the order that makes a kill at any moment lose and duplicate
//! nothing (bytes past the saved length are cut on resume, the saved next link reads exactly
//! the rows after them).

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::StreamExt;
use futures::future::BoxFuture;

use crate::cli::Format;
use crate::encode::Encoder;
use crate::progress::{Display, SetProgress};
use crate::sets::{Pages, Row, SetInfo, SetJob, Start, Version};
use crate::state::{self, SetState};

/// What to export for one set.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The API version.
    pub version: &'static Version,
    /// The set.
    pub set: &'static SetInfo,
    /// The version's output folder.
    pub dir: PathBuf,
    /// The output format.
    pub format: Format,
    /// `--max-history-days`.
    pub max_history_days: Option<u16>,
    /// `--fresh`.
    pub fresh: bool,
}

impl Plan {
    /// `v1.0/devices`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.version.name, self.set.name)
    }

    /// `maxhistorydays` as sent: only on the sets it acts on.
    fn history_days(&self) -> Option<u16> {
        self.max_history_days.filter(|_| self.set.date_keyed())
    }

    fn output(&self) -> PathBuf {
        self.dir
            .join(format!("{}.{}", self.set.name, self.format.extension()))
    }

    /// The state a run with these options starts from.
    fn initial_state(&self) -> SetState {
        SetState {
            version: self.version.name.to_owned(),
            set: self.set.name.to_owned(),
            format: self.format,
            max_history_days: self.history_days(),
            columns: self
                .set
                .properties
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            rows: 0,
            bytes: 0,
            next_link: None,
        }
    }
}

/// How a set ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Exported to its end; `resumed_at`: the rows a previous run had written.
    Done {
        /// Rows already in the file when this run started.
        resumed_at: Option<u64>,
    },
    /// A previous run completed it; nothing was requested.
    AlreadyComplete,
    /// It failed; the state is kept for the next run.
    Failed(String),
}

/// What happened to one set.
#[derive(Debug, Clone)]
pub struct Report {
    /// `v1.0/devices`.
    pub label: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Rows in the complete part of the file.
    pub rows: u64,
    /// Bytes in the complete part of the file.
    pub bytes: u64,
    /// Time this run spent on it.
    pub elapsed: Duration,
}

/// Exports a set through [`SetJob`]: the typed request is chosen by the set's name.
pub struct Job {
    /// The set and options.
    pub plan: Plan,
    /// Where progress goes.
    pub display: Display,
}

impl SetJob for Job {
    type Output = BoxFuture<'static, Report>;

    fn run<T: Row>(self, list: impl FnOnce(Start) -> Pages<T> + Send + 'static) -> Self::Output {
        Box::pin(export(self.plan, list, self.display))
    }
}

async fn export<T: Row>(
    plan: Plan,
    list: impl FnOnce(Start) -> Pages<T>,
    display: Display,
) -> Report {
    let mut progress = display.set(plan.label());
    let (outcome, state) = match export_set(&plan, list, &mut progress).await {
        Ok((outcome, state)) => (outcome, state),
        Err((message, state)) => (Outcome::Failed(message), state),
    };
    let text = match &outcome {
        Outcome::Done { .. } => format!("done: {} rows", state.rows),
        Outcome::AlreadyComplete => format!("already complete: {} rows", state.rows),
        Outcome::Failed(e) => format!("FAILED: {e}"),
    };
    progress.finish(&text);
    Report {
        label: plan.label(),
        outcome,
        rows: state.rows,
        bytes: state.bytes,
        elapsed: progress.elapsed(),
    }
}

type Failure = (String, SetState);

async fn export_set<T: Row>(
    plan: &Plan,
    list: impl FnOnce(Start) -> Pages<T>,
    progress: &mut SetProgress,
) -> Result<(Outcome, SetState), Failure> {
    let fresh = plan.initial_state();
    let fail = |e: String| (e, fresh.clone());
    let encoder = Encoder::new(plan.format, plan.set.properties);
    let output = plan.output();
    let state_path = state::state_path(&output);
    if plan.fresh {
        state::remove(&state_path).map_err(|e| fail(format!("{}: {e}", state_path.display())))?;
    }
    let (mut sink, start, resumed_at) = match state::load(&state_path).map_err(fail)? {
        Some(saved) => {
            if let Some(why) = saved.mismatch(&fresh) {
                return Err((why, saved));
            }
            if saved.complete() {
                progress.note("already complete (saved state); --fresh exports it again");
                return Ok((Outcome::AlreadyComplete, saved));
            }
            let link = saved.next_link.clone().unwrap_or_default();
            let rows = saved.rows;
            progress.note(&format!("resuming after row {rows} (saved state)"));
            let sink = Sink::reopen(&output, state_path, saved).map_err(fail)?;
            let start = Start {
                resume_from: Some(link),
                max_history_days: None,
            };
            (sink, start, Some(rows))
        }
        None => {
            let header = encoder.header().map_err(|e| fail(e.to_string()))?;
            let sink = Sink::create(&output, state_path, fresh.clone(), &header).map_err(fail)?;
            // A resumed listing's link carries `maxhistorydays`; a new one is asked for it.
            let start = Start {
                resume_from: None,
                max_history_days: plan.history_days().map(u32::from),
            };
            progress.note("started");
            (sink, start, None)
        }
    };
    let stall = test_stall(plan.set.name);
    let mut pages = list(start);
    let mut page_no = 0u64;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| (e.to_string(), sink.state.clone()))?;
        page_no += 1;
        let bytes = encoder
            .rows(&page.items)
            .map_err(|e| (e.to_string(), sink.state.clone()))?;
        let next = page.next_link.map(String::from);
        let stall_here = stall == Some(page_no);
        tokio::task::block_in_place(|| sink.append(&bytes, page.items.len(), next, stall_here))
            .map_err(|e| (format!("{}: {e}", output.display()), sink.state.clone()))?;
        progress.page(sink.state.rows, sink.state.bytes);
    }
    if !sink.state.complete() {
        let why = "paging ended before the last page".to_owned();
        return Err((why, sink.state));
    }
    Ok((Outcome::Done { resumed_at }, sink.state))
}

/// The output file and the state that says how much of it is complete.
struct Sink {
    file: File,
    state_path: PathBuf,
    state: SetState,
}

impl Sink {
    /// A new file holding `header`, flushed to disk (no state yet: a kill now starts over).
    fn create(
        path: &Path,
        state_path: PathBuf,
        mut state: SetState,
        header: &[u8],
    ) -> Result<Self, String> {
        let io = |e: std::io::Error| format!("{}: {e}", path.display());
        let mut file = File::create(path).map_err(io)?;
        file.write_all(header).map_err(io)?;
        file.sync_data().map_err(io)?;
        state.bytes = header.len() as u64;
        Ok(Sink {
            file,
            state_path,
            state,
        })
    }

    /// The file of a saved state, cut back to its saved length: whatever a killed run wrote
    /// after its last saved state goes.
    fn reopen(path: &Path, state_path: PathBuf, state: SetState) -> Result<Self, String> {
        let io = |e: std::io::Error| format!("{}: {e}", path.display());
        let mut file = OpenOptions::new().write(true).open(path).map_err(|e| {
            format!(
                "{e}: {} (its saved state expects {} bytes; --fresh starts over)",
                path.display(),
                state.bytes
            )
        })?;
        let len = file.metadata().map_err(io)?.len();
        if len < state.bytes {
            return Err(format!(
                "{} holds {len} bytes, fewer than the {} its saved state says were written: it was changed; --fresh starts over",
                path.display(),
                state.bytes
            ));
        }
        file.set_len(state.bytes).map_err(io)?;
        file.seek(SeekFrom::Start(state.bytes)).map_err(io)?;
        file.sync_data().map_err(io)?;
        Ok(Sink {
            file,
            state_path,
            state,
        })
    }

    /// Appends a page's bytes, flushes them to disk, then saves the state that covers them.
    fn append(
        &mut self,
        bytes: &[u8],
        rows: usize,
        next: Option<String>,
        stall: bool,
    ) -> std::io::Result<()> {
        if stall {
            stall_mid_page(&mut self.file, bytes)?;
        }
        self.file.write_all(bytes)?;
        self.file.sync_data()?;
        self.state.rows += rows as u64;
        self.state.bytes += bytes.len() as u64;
        self.state.next_link = next;
        state::save(&self.state_path, &self.state)
    }
}

/// Test hook, `INTUNE_EXPORT_TEST_STALL=<set>:<page>`: on that page of that set (counted from
/// the start of this run), write half the page's bytes — most likely mid-row — flush them,
/// say so on standard error and stall, so that a test can kill the process at the worst
/// moment deterministically. Unset, nothing changes.
fn test_stall(set: &str) -> Option<u64> {
    let value = std::env::var("INTUNE_EXPORT_TEST_STALL").ok()?;
    let (name, page) = value.split_once(':')?;
    (name == set).then(|| page.parse().ok()).flatten()
}

fn stall_mid_page(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(&bytes[..bytes.len() / 2])?;
    file.sync_data()?;
    eprintln!("test stall: half a page written, waiting to be killed");
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sets::V1_0;

    fn plan(set: &str) -> Plan {
        Plan {
            version: &V1_0,
            set: V1_0.set(set).unwrap(),
            dir: PathBuf::from("out/v1.0"),
            format: Format::Csv,
            max_history_days: Some(7),
            fresh: false,
        }
    }

    #[test]
    fn max_history_days_only_where_the_key_has_a_date_key() {
        assert_eq!(plan("devicePropertyHistories").history_days(), Some(7));
        assert_eq!(plan("dates").history_days(), Some(7));
        assert_eq!(plan("devices").history_days(), None);
        assert_eq!(plan("users").initial_state().max_history_days, None);
        assert_eq!(
            plan("devices").output(),
            PathBuf::from("out/v1.0/devices.csv")
        );
    }
}
