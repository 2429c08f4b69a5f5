//! The contract diff: what changed between two documents, item by item, and whether each
//! change breaks generated-client users (breaking), only adds (additive) or only touches
//! documentation (docs only). Built on [`crate::surface`], so it sees exactly the facts that
//! shape generated code.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::Model;
use crate::surface::{Facts, ItemKind, Surface};

pub mod report;
mod rust_items;
pub mod semver;

/// How a change affects users of the generated client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Code that compiled and worked against the old contract may not any more.
    Breaking,
    /// New things; existing code keeps working.
    Additive,
    /// Only documentation (descriptions, deprecation notes) changed.
    DocsOnly,
}

impl Impact {
    /// The heading used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::DocsOnly => "docs only",
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Breaking, additive or docs only.
    pub impact: Impact,
    /// The kind of item.
    pub item: ItemKind,
    /// The item's path (`Namespace.Type/property`, entity set name, …).
    pub path: String,
    /// `added`, `removed`, or the name of the fact that changed.
    pub what: String,
    /// The old value, if any.
    pub old: Option<String>,
    /// The new value, if any.
    pub new: Option<String>,
}

/// All changes between two models, sorted by impact, item kind and path.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ContractDiff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl ContractDiff {
    /// Compares `old` with `new`. Namespaces of the main documents are matched by name, and
    /// when each side has exactly one namespace the other lacks, those two are paired.
    pub fn between(old: &Model, new: &Model) -> Self {
        Self::of_surfaces(
            &Surface::of(old, &namespace_pairing(old, new)),
            &Surface::of(new, &BTreeMap::new()),
        )
    }

    /// Compares two surfaces.
    pub fn of_surfaces(old: &Surface, new: &Surface) -> Self {
        let mut changes = vec![];
        let keys: BTreeSet<&(ItemKind, String)> =
            old.items.keys().chain(new.items.keys()).collect();
        for key in keys {
            let (kind, path) = key;
            match (old.items.get(key), new.items.get(key)) {
                (Some(_), None) => changes.push(Change {
                    impact: Impact::Breaking,
                    item: *kind,
                    path: path.clone(),
                    what: "removed".into(),
                    old: None,
                    new: None,
                }),
                (None, Some(f)) => {
                    // A new parameter must be passed by every caller.
                    let impact = if *kind == ItemKind::Parameter {
                        Impact::Breaking
                    } else {
                        Impact::Additive
                    };
                    changes.push(Change {
                        impact,
                        item: *kind,
                        path: path.clone(),
                        what: "added".into(),
                        old: None,
                        new: Some(summary(f)),
                    });
                }
                (Some(a), Some(b)) => facts(*kind, path, a, b, &mut changes),
                (None, None) => unreachable!("key comes from one of the maps"),
            }
        }
        let mut changes = pair_renames(changes, old, new);
        changes.sort();
        ContractDiff { changes }
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// Added and removed items per kind: `kind → (added, removed)`.
    pub fn tally(&self) -> BTreeMap<ItemKind, (usize, usize)> {
        let mut t: BTreeMap<ItemKind, (usize, usize)> = BTreeMap::new();
        for c in &self.changes {
            let e = t.entry(c.item).or_default();
            match c.what.as_str() {
                "added" => e.0 += 1,
                "removed" => e.1 += 1,
                // Still one item removed and one added, whatever the hint says.
                POSSIBLY_RENAMED => {
                    e.0 += 1;
                    e.1 += 1;
                }
                _ => {}
            }
        }
        t
    }

    /// A Markdown report for pull-request comments.
    pub fn markdown(&self, old_name: &str, new_name: &str) -> String {
        let mut out = format!("## Contract diff: `{old_name}` → `{new_name}`\n\n");
        out.push_str(&format!(
            "**{} breaking, {} additive, {} docs only**\n",
            self.count(Impact::Breaking),
            self.count(Impact::Additive),
            self.count(Impact::DocsOnly)
        ));
        let tally = self.tally();
        if !tally.is_empty() {
            out.push_str("\n| item | added | removed |\n|---|---:|---:|\n");
            for (kind, (added, removed)) in &tally {
                out.push_str(&format!("| {} | {added} | {removed} |\n", kind.label()));
            }
        }
        for impact in [Impact::Breaking, Impact::Additive, Impact::DocsOnly] {
            let list: Vec<&Change> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "\n### {} ({})\n\n",
                capitalized(impact.label()),
                list.len()
            ));
            for c in list {
                out.push_str(&format!(
                    "- {} `{}` {}\n",
                    c.item.label(),
                    c.path,
                    describe(c)
                ));
            }
        }
        out
    }
}

/// How the diff renames the namespaces of `old` to compare it with `new`: namespaces of the
/// main documents are matched by name, and when each side has exactly one namespace the
/// other lacks, those two are paired.
pub fn namespace_pairing(old: &Model, new: &Model) -> BTreeMap<String, String> {
    let main = |m: &Model| -> BTreeSet<String> {
        m.schemas
            .iter()
            .filter(|s| s.is_main)
            .map(|s| s.namespace.clone())
            .collect()
    };
    let (old_ns, new_ns) = (main(old), main(new));
    let only_old: Vec<_> = old_ns.difference(&new_ns).collect();
    let only_new: Vec<_> = new_ns.difference(&old_ns).collect();
    let mut rename = BTreeMap::new();
    if let ([o], [n]) = (only_old.as_slice(), only_new.as_slice()) {
        rename.insert((*o).clone(), (*n).clone());
    }
    rename
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(crate) fn describe(c: &Change) -> String {
    let code = |s: &str| format!("`{}`", one_line(s));
    match (c.what.as_str(), &c.old, &c.new) {
        ("added", _, Some(n)) if n.is_empty() => "added".into(),
        ("added", _, Some(n)) => format!("added ({n})"),
        ("removed", ..) => "removed".into(),
        (POSSIBLY_RENAMED, Some(o), _) => {
            format!("added; possibly renamed from `{o}` (removed, with the same type)")
        }
        (what, Some(o), Some(n)) => format!("{what}: {} → {}", code(o), code(n)),
        (what, None, Some(n)) => format!("{what} set to {}", code(n)),
        (what, Some(o), None) => format!("{what} no longer {}", code(o)),
        (what, None, None) => what.to_owned(),
    }
}

/// Long descriptions are shown on one line, shortened.
fn one_line(s: &str) -> String {
    let flat = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'");
    if flat.chars().count() > 80 {
        format!("{}…", flat.chars().take(79).collect::<String>())
    } else {
        flat
    }
}

/// `what` of a removed and an added member reported as one change: the added member, which
/// possibly renames the removed one (`old` holds its name). Still breaking.
pub const POSSIBLY_RENAMED: &str = "possibly-renamed";

/// Members whose renames are hinted at: properties, navigation properties, enum members.
const RENAMEABLE: [ItemKind; 3] = [
    ItemKind::Property,
    ItemKind::NavigationProperty,
    ItemKind::Member,
];

/// Reports a removed and an added member of the same parent, with the same facts but their
/// documentation, and a similar name or the same description, once: as the added member,
/// "possibly renamed" from the removed one's name (`old`). It stays breaking: callers of the
/// old name no longer compile. Each removed member pairs with at most one added member, the
/// most similar name first, so the hints do not depend on the order of the document.
fn pair_renames(changes: Vec<Change>, old: &Surface, new: &Surface) -> Vec<Change> {
    let parent = |path: &str| path.rsplit_once('/').map_or("", |(p, _)| p).to_owned();
    let removed: Vec<&Change> = changes
        .iter()
        .filter(|c| c.what == "removed" && RENAMEABLE.contains(&c.item))
        .collect();
    // Added members by kind and parent: each removed member is compared with its siblings
    // only (comparing it with every change was quadratic: seconds on Microsoft Graph).
    let mut added_by_parent: BTreeMap<(ItemKind, String), Vec<usize>> = BTreeMap::new();
    for (a, c) in changes.iter().enumerate() {
        if c.what == "added" && RENAMEABLE.contains(&c.item) {
            added_by_parent
                .entry((c.item, parent(&c.path)))
                .or_default()
                .push(a);
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (r, gone) in removed.iter().enumerate() {
        let Some(old_facts) = old.items.get(&(gone.item, gone.path.clone())) else {
            continue;
        };
        let siblings = added_by_parent.get(&(gone.item, parent(&gone.path)));
        for &a in siblings.into_iter().flatten() {
            let added = &changes[a];
            let Some(new_facts) = new.items.get(&(added.item, added.path.clone())) else {
                continue;
            };
            if let Some(score) = rename_score(gone, old_facts, added, new_facts) {
                candidates.push((score, r, a));
            }
        }
    }
    // Best pairs first; ties by position, which follows the sorted paths.
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_removed, mut renamed_from) = (BTreeSet::new(), BTreeMap::new());
    for (_, r, a) in candidates {
        if !used_removed.contains(&r) && !renamed_from.contains_key(&a) {
            used_removed.insert(r);
            renamed_from.insert(a, removed[r].path.clone());
        }
    }
    let gone_paths: BTreeSet<String> = used_removed
        .iter()
        .map(|r| removed[*r].path.clone())
        .collect();
    changes
        .into_iter()
        .enumerate()
        .filter(|(_, c)| {
            !(c.what == "removed" && RENAMEABLE.contains(&c.item) && gone_paths.contains(&c.path))
        })
        .map(|(i, mut c)| {
            if let Some(from) = renamed_from.remove(&i) {
                c.impact = Impact::Breaking;
                c.what = POSSIBLY_RENAMED.into();
                c.old = Some(
                    from.rsplit_once('/')
                        .map_or(from.as_str(), |(_, n)| n)
                        .to_owned(),
                );
            }
            c
        })
        .collect()
}

/// How likely an added member renames a removed one: `None` unless their facts but the
/// documentation are equal and their lower-cased names are similar (one contains the other,
/// or their Jaro-Winkler similarity is at least 0.85) or their non-empty descriptions are
/// equal.
fn rename_score(gone: &Change, old: &Facts, added: &Change, new: &Facts) -> Option<f64> {
    let without_doc = |f: &Facts| -> Vec<(String, String)> {
        f.iter()
            .filter(|(k, _)| **k != "doc")
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    };
    if without_doc(old) != without_doc(new) {
        return None;
    }
    let (a, b) = (name_of(gone), name_of(added));
    // One name inside the other (`total` → `totalAmount`) or a close spelling (`iccid` →
    // `iccId`, `closed` → `isClosed`).
    let similarity = if a.contains(&b) || b.contains(&a) {
        1.0
    } else {
        strsim::jaro_winkler(&a, &b)
    };
    let same_doc = old
        .get("doc")
        .is_some_and(|d| !d.is_empty() && new.get("doc") == Some(d));
    (similarity >= 0.85 || same_doc).then_some(similarity + f64::from(u8::from(same_doc)))
}

/// A member's name, lower-cased, from its path.
fn name_of(c: &Change) -> String {
    c.path.rsplit('/').next().unwrap_or("").to_lowercase()
}

/// The facts of a new item, compactly, without its documentation.
fn summary(f: &Facts) -> String {
    f.iter()
        .filter(|(k, _)| **k != "doc")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn facts(kind: ItemKind, path: &str, old: &Facts, new: &Facts, out: &mut Vec<Change>) {
    let names: BTreeSet<&&str> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (a, b) = (old.get(*name), new.get(*name));
        if a == b {
            continue;
        }
        out.push(Change {
            impact: classify(name, a, b),
            item: kind,
            path: path.to_owned(),
            what: (*name).to_owned(),
            old: a.cloned(),
            new: b.cloned(),
        });
    }
}

/// Whether a change of fact `name` from `a` to `b` breaks, adds, or only documents.
fn classify(name: &str, a: Option<&String>, b: Option<&String>) -> Impact {
    let flag = |v: Option<&String>| v.is_some_and(|v| v == "true");
    match name {
        "doc" | "deprecated" => Impact::DocsOnly,
        // A value that may now be null breaks code that relied on it; the reverse only adds.
        "nullable" => widens_if(!flag(b)),
        // Open types accept unknown members; closing one loses them. Likewise a function
        // that is no longer composable, a navigation that no longer contains, a lost stream.
        "open" | "composable" | "contains-target" | "has-stream" => widens_if(flag(b)),
        // Fewer levels of `$expand` (or a limit where there was none) break deeper ones.
        "expand-levels" => {
            let levels = |v: Option<&String>| v.and_then(|v| v.parse::<u32>().ok());
            widens_if(match (levels(a), levels(b)) {
                (_, None) => true,
                (Some(a), Some(b)) => b >= a,
                (None, Some(_)) => false,
            })
        }
        // A navigation property that can no longer be navigated loses its accessors.
        "navigation" => widens_if(b.is_none_or(|v| v != "none")),
        // A shape restriction lifted widens the filter; one added or changed narrows it.
        "filter-shapes" => widens_if(subset(b, a)),
        // A listed operator or function dropped (or a list where there was none) narrows the
        // filter; one added (or the list gone) widens it.
        "filter-functions" => widens_if(b.is_none() || (a.is_some() && subset(a, b))),
        // Lookup by key withdrawn (`no`) removes `get`; given back, it adds it.
        "by-key" => widens_if(b.is_none()),
        // Lists of what is allowed: losing an entry breaks callers that used it.
        "filter"
        | "orderby"
        | "expandable"
        | "navigable"
        | "query"
        | "writes"
        | "custom-query-options" => widens_if(subset(a, b)),
        _ => Impact::Breaking,
    }
}

/// `Additive` when a change only widens what callers may do, else `Breaking`.
fn widens_if(widens: bool) -> Impact {
    if widens {
        Impact::Additive
    } else {
        Impact::Breaking
    }
}

/// Whether every entry of the list `a` is still in `b` (`all`/`none` understood).
fn subset(a: Option<&String>, b: Option<&String>) -> bool {
    let (a, b) = (a.map_or("", String::as_str), b.map_or("", String::as_str));
    if b == "all" || a == "none" || a.is_empty() {
        return true;
    }
    if a == "all" {
        return false;
    }
    let have: BTreeSet<&str> = b.split(',').map(|s| s.trim_end_matches('!')).collect();
    // A custom option that became required (`name!`) breaks callers that omit it.
    a.split(',').all(|x| have.contains(x.trim_end_matches('!')))
        && !b
            .split(',')
            .any(|x| x.ends_with('!') && !a.split(',').any(|y| y == x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_of_facts() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            classify("nullable", s("false").as_ref(), s("true").as_ref()),
            Impact::Breaking
        );
        assert_eq!(
            classify("nullable", s("true").as_ref(), s("false").as_ref()),
            Impact::Additive
        );
        assert_eq!(
            classify("filter", s("a,b").as_ref(), s("a").as_ref()),
            Impact::Breaking
        );
        assert_eq!(
            classify("filter", s("a").as_ref(), s("a,b").as_ref()),
            Impact::Additive
        );
        assert_eq!(
            classify("filter", s("none").as_ref(), s("a").as_ref()),
            Impact::Additive
        );
        assert_eq!(
            classify("filter", s("all").as_ref(), s("a").as_ref()),
            Impact::Breaking
        );
        assert_eq!(
            classify("custom-query-options", s("a").as_ref(), s("a,b!").as_ref()),
            Impact::Breaking
        );
        assert_eq!(
            classify("custom-query-options", s("a").as_ref(), s("a,b").as_ref()),
            Impact::Additive
        );
        assert_eq!(
            classify("type", s("Edm.Int32").as_ref(), s("Edm.Int64").as_ref()),
            Impact::Breaking
        );
        assert_eq!(classify("doc", None, s("x").as_ref()), Impact::DocsOnly);
        assert_eq!(
            classify("deprecated", None, s("x").as_ref()),
            Impact::DocsOnly
        );
    }
}
