//! The review report of one or more contract diffs in Rust terms, built for pull-request
//! bodies: a summary line and a table first (changes per class and the semver verdict),
//! then per version the dangerous and breaking changes first, grouped by entity set (then
//! the types no set reaches), large sections collapsed in `<details>`, and last the verdict
//! and why. [`Report::json`] holds the same content for machines.

use serde::Serialize;

use super::Change;
use super::semver::{Bump, Class, RustChange, RustDiff};
use super::{POSSIBLY_RENAMED, describe};

/// Sections with more changes than this are collapsed (dangerous ones never are).
const COLLAPSE_OVER: usize = 10;

/// Rust items listed per change; the rest are counted.
const ITEMS_SHOWN: usize = 4;

/// One compared pair of documents.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// The old side (`fixtures/intune/beta.xml@HEAD`).
    pub old: String,
    /// The new side.
    pub new: String,
    /// The diff.
    #[serde(flatten)]
    pub diff: RustDiff,
}

/// The report: one section per compared version.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// The sections, in the order given.
    pub sections: Vec<Section>,
}

/// Changes per class, in JSON.
#[derive(Serialize)]
struct Counts {
    dangerous: usize,
    breaking: usize,
    additive: usize,
    compatible: usize,
}

impl Report {
    /// Adds the comparison of `old` with `new`.
    pub fn push(&mut self, old: impl Into<String>, new: impl Into<String>, diff: RustDiff) {
        self.sections.push(Section {
            old: old.into(),
            new: new.into(),
            diff,
        });
    }

    /// The bump the generated crate needs: the largest of the sections'.
    pub fn bump(&self) -> Bump {
        self.sections
            .iter()
            .map(|s| s.diff.bump)
            .max()
            .unwrap_or(Bump::Patch)
    }

    /// The worst class of any change.
    pub fn worst(&self) -> Option<Class> {
        self.sections.iter().filter_map(|s| s.diff.worst()).min()
    }

    /// How many changes of `class` all sections have.
    pub fn count(&self, class: Class) -> usize {
        self.sections.iter().map(|s| s.diff.count(class)).sum()
    }

    /// The report as JSON: the same summary, verdicts, reasons and changes.
    pub fn json(&self) -> String {
        let counts = |count: &dyn Fn(Class) -> usize| Counts {
            dangerous: count(Class::Dangerous),
            breaking: count(Class::Breaking),
            additive: count(Class::Additive),
            compatible: count(Class::Compatible),
        };
        let sections: Vec<serde_json::Value> = self
            .sections
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(s).expect("a section serializes");
                v["counts"] = serde_json::to_value(counts(&|c| s.diff.count(c))).expect("counts");
                v["reasons"] = serde_json::to_value(s.diff.reasons()).expect("reasons");
                v
            })
            .collect();
        let report = serde_json::json!({
            "bump": self.bump(),
            "counts": counts(&|c| self.count(c)),
            "sections": sections,
        });
        serde_json::to_string_pretty(&report).expect("the report serializes")
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Contract watch: {}\n\n", self.summary());
        out.push_str(
            "| comparison | module | dangerous | breaking | additive | compatible | semver |\n",
        );
        out.push_str("|---|---|---:|---:|---:|---:|---|\n");
        for s in &self.sections {
            let d = &s.diff;
            out.push_str(&format!(
                "| `{}` → `{}` | `{}` | {} | {} | {} | {} | **{}** |\n",
                s.old,
                s.new,
                d.module,
                d.count(Class::Dangerous),
                d.count(Class::Breaking),
                d.count(Class::Additive),
                d.count(Class::Compatible),
                d.bump.label()
            ));
        }
        for s in &self.sections {
            section(s, &mut out);
        }
        out
    }

    /// `**major**: 1 dangerous, 2 breaking, 3 additive, 0 compatible changes`.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = Class::ALL
            .iter()
            .map(|c| format!("{} {}", self.count(*c), c.label()))
            .collect();
        format!(
            "semver **{}** for the generated crate; {} changes",
            self.bump().label(),
            counts.join(", ")
        )
    }
}

fn section(s: &Section, out: &mut String) {
    let d = &s.diff;
    out.push_str(&format!(
        "\n### `{}` → `{}`: {} (`{}`)\n",
        s.old,
        s.new,
        d.bump.label(),
        d.module
    ));
    if d.changes.is_empty() {
        out.push_str("\nNo change.\n");
    }
    for class in Class::ALL {
        let list: Vec<&RustChange> = d.changes.iter().filter(|c| c.class == class).collect();
        if list.is_empty() {
            continue;
        }
        let title = format!("{} ({})", heading(class), list.len());
        let collapse = class != Class::Dangerous && list.len() > COLLAPSE_OVER;
        if collapse {
            out.push_str(&format!("\n<details><summary><b>{title}</b></summary>\n\n"));
        } else {
            out.push_str(&format!("\n#### {title}\n\n"));
        }
        let mut group = None;
        for c in list {
            if group != Some(&c.entity_set) {
                // A blank line ends the previous group's list, which would otherwise take the
                // heading in as a continuation of its last item.
                if group.is_some() {
                    out.push('\n');
                }
                group = Some(&c.entity_set);
                match c.entity_set.as_str() {
                    "" => out.push_str("*not reached by an entity set*\n\n"),
                    set => out.push_str(&format!("*entity set {}*\n\n", code(set))),
                }
            }
            out.push_str(&line(c));
        }
        if collapse {
            out.push_str("\n</details>\n");
        }
    }
    out.push_str(&format!("\n#### Semver: {}\n\n", d.bump.label()));
    let reasons = d.reasons();
    if reasons.is_empty() {
        out.push_str("- no change of the generated crate\n");
    }
    for r in reasons {
        out.push_str(&format!("- {r}\n"));
    }
}

fn heading(class: Class) -> &'static str {
    match class {
        Class::Dangerous => "Dangerous: calls still compile, with other meanings",
        Class::Breaking => "Breaking",
        Class::Additive => "Additive",
        Class::Compatible => "Compatible (no public Rust change)",
    }
}

/// Text from a document as a code span: no backtick or line break of it can end the span
/// or start Markdown (or HTML) of its own in a pull-request body.
fn code(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("`{flat}`")
}

/// What happened to the item; every value from the document in a code span.
fn what(c: &Change) -> String {
    match (c.what.as_str(), &c.old, &c.new) {
        ("added", _, Some(n)) if !n.is_empty() => format!("added ({})", code(n)),
        (POSSIBLY_RENAMED, Some(o), _) => {
            format!(
                "added; possibly renamed from {} (removed, with the same type)",
                code(o)
            )
        }
        _ => describe(c),
    }
}

/// `- property `NS.T/p` removed → `a::b`, `a::c` — note`.
fn line(c: &RustChange) -> String {
    let mut text = format!(
        "- {} {} {}",
        c.change.item.label(),
        code(&c.change.path),
        what(&c.change)
    );
    if !c.rust_items.is_empty() {
        let shown: Vec<String> = c
            .rust_items
            .iter()
            .take(ITEMS_SHOWN)
            .map(|i| format!("`{i}`"))
            .collect();
        text.push_str(&format!(" → {}", shown.join(", ")));
        if c.rust_items.len() > ITEMS_SHOWN {
            text.push_str(&format!(" and {} more", c.rust_items.len() - ITEMS_SHOWN));
        }
    }
    if let Some(note) = &c.note {
        // Notes hold Rust types and identifiers, which the emitter validated.
        text.push_str(&format!(" — {}", note.replace('\n', " ")));
    }
    text.push('\n');
    text
}
