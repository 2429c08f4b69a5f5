//! Progress: a bar per set on a terminal, a plain line per page otherwise (logs of a
//! scheduled job), or nothing.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressStyle};

use crate::cli::Progress;

/// The display shared by every set.
#[derive(Clone)]
pub enum Display {
    /// indicatif bars.
    Bars(MultiProgress),
    /// Lines on standard error.
    Plain,
    /// Nothing.
    Quiet,
}

impl Display {
    /// The display for `choice`; `Auto` draws bars only when standard error is a terminal.
    pub fn new(choice: Progress) -> Self {
        match choice {
            Progress::Auto if std::io::stderr().is_terminal() => {
                Display::Bars(MultiProgress::new())
            }
            Progress::Auto | Progress::Plain => Display::Plain,
            Progress::Bars => Display::Bars(MultiProgress::new()),
            Progress::None => Display::Quiet,
        }
    }

    /// Ends the display before the summary: bars are cleared (the summary repeats them).
    pub fn finish(&self) {
        if let Display::Bars(m) = self {
            let _ = m.clear();
        }
    }

    /// The progress of one set, labelled `label` (`v1.0/devices`).
    pub fn set(&self, label: String) -> SetProgress {
        let bar = match self {
            Display::Bars(m) => {
                let bar = m.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {prefix:40} {msg} [{elapsed}]")
                        .expect("a valid template"),
                );
                bar.set_prefix(label.clone());
                bar.enable_steady_tick(Duration::from_millis(200));
                Some(bar)
            }
            _ => None,
        };
        SetProgress {
            label,
            bar,
            plain: matches!(self, Display::Plain),
            started: Instant::now(),
            pages: 0,
        }
    }
}

/// The progress of one set.
pub struct SetProgress {
    label: String,
    bar: Option<ProgressBar>,
    plain: bool,
    started: Instant,
    pages: u64,
}

impl SetProgress {
    /// Says something about the set (started, resumed, skipped).
    pub fn note(&self, text: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(text.to_owned());
        } else if self.plain {
            eprintln!("{}: {text}", self.label);
        }
    }

    /// A page was written and its state saved; `rows` and `bytes` are the file's totals.
    pub fn page(&mut self, rows: u64, bytes: u64) {
        self.pages += 1;
        let rate = rows as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        let text = format!("{rows} rows, {} ({rate:.0} rows/s)", HumanBytes(bytes));
        if let Some(bar) = &self.bar {
            bar.set_message(text);
        } else if self.plain {
            eprintln!("{}: page {}: {text}", self.label, self.pages);
        }
    }

    /// The set ended; `text` says how.
    pub fn finish(&self, text: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_with_message(text.to_owned());
        } else if self.plain {
            eprintln!("{}: {text}", self.label);
        }
    }

    /// Time since the set started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}
