//! The final summary: one line per set with its outcome, rows, bytes and time.

use std::fmt::Write as _;

use indicatif::HumanBytes;

use crate::job::{Outcome, Report};

/// The summary table, ending with a totals line.
pub fn table(reports: &[Report]) -> String {
    let width = reports
        .iter()
        .map(|r| r.label.len())
        .max()
        .unwrap_or(3)
        .max(3);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:width$}  {:<26}  {:>10}  {:>11}  {:>8}",
        "set", "status", "rows", "bytes", "time"
    );
    for r in reports {
        let status = match &r.outcome {
            Outcome::Done { resumed_at: None } => "done".to_owned(),
            Outcome::Done {
                resumed_at: Some(n),
            } => format!("done (resumed after {n})"),
            Outcome::AlreadyComplete => "already complete".to_owned(),
            Outcome::Failed(_) => "FAILED".to_owned(),
        };
        let _ = writeln!(
            out,
            "{:width$}  {status:<26}  {:>10}  {:>11}  {:>7.1}s",
            r.label,
            r.rows,
            HumanBytes(r.bytes).to_string(),
            r.elapsed.as_secs_f64()
        );
    }
    let failed = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .count();
    let rows: u64 = reports.iter().map(|r| r.rows).sum();
    let bytes: u64 = reports.iter().map(|r| r.bytes).sum();
    let _ = writeln!(
        out,
        "{} sets, {failed} failed, {rows} rows, {}",
        reports.len(),
        HumanBytes(bytes)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn one_line_per_set_and_totals() {
        let report = |label: &str, outcome, rows| Report {
            label: label.into(),
            outcome,
            rows,
            bytes: rows * 100,
            elapsed: Duration::from_millis(1500),
        };
        let text = table(&[
            report(
                "v1.0/devices",
                Outcome::Done {
                    resumed_at: Some(100),
                },
                537,
            ),
            report("v1.0/users", Outcome::Failed("boom".into()), 50),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[1].starts_with("v1.0/devices") && lines[1].contains("done (resumed after 100)")
        );
        assert!(
            lines[1].contains("537") && lines[1].contains("1.5s"),
            "{text}"
        );
        assert!(lines[2].contains("FAILED"));
        assert_eq!(lines[3], "2 sets, 1 failed, 587 rows, 57.32 KiB");
    }
}
