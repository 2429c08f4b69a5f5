//! From contract impact to Rust impact: each change of a [`ContractDiff`] with the generated
//! items it touches, its class for the generated crate, and the semver bump the crate needs,
//! by Cargo's SemVer compatibility rules applied to the shapes the emitter writes:
//!
//! * models are `#[non_exhaustive]` structs and enums keep an `Unknown` variant, so new
//!   properties, members, types, sets and operations are **minor**;
//! * a removed item, or an existing field or method whose Rust type or signature changed
//!   (type, nullability where it shows, key, parameters) is **major**;
//! * a contract change the Rust shapes do not see (two EDM types with one Rust type,
//!   documentation, writes, which are not generated) is **patch**;
//! * operation parameters are positional: when a change keeps every call site compiling
//!   but sends an argument to another parameter (same-typed parameters reordered or
//!   renamed), it is **dangerous**, worse than breaking, and major.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::rust_items::{RustItems, Touched, sort_items};
use super::{Change, ContractDiff, Impact, POSSIBLY_RENAMED, namespace_pairing};
use crate::emit::EmitOptions;
use crate::model::Model;
use crate::surface::{ItemKind, Surface};

/// What a change means for users of the generated crate, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Existing calls still compile but now do something else (arguments swapped).
    Dangerous,
    /// Existing code may no longer compile.
    Breaking,
    /// New items only.
    Additive,
    /// No change of the generated API: documentation, or a contract change with the same
    /// Rust shape.
    Compatible,
}

impl Class {
    /// Every class, worst first.
    pub const ALL: [Class; 4] = [
        Class::Dangerous,
        Class::Breaking,
        Class::Additive,
        Class::Compatible,
    ];

    /// The name used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Class::Dangerous => "dangerous",
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Compatible => "compatible",
        }
    }
}

/// A semver bump of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    /// Nothing public changed.
    Patch,
    /// Additions only.
    Minor,
    /// Something public was removed or changed.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn label(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One contract change with its meaning for the generated crate.
#[derive(Clone, Debug, Serialize)]
pub struct RustChange {
    /// The contract change (its `impact` is the contract's view).
    #[serde(flatten)]
    pub change: Change,
    /// The class for the generated crate.
    pub class: Class,
    /// The bump the change needs alone.
    pub bump: Bump,
    /// The generated items it touches (Rust paths), models first.
    pub rust_items: Vec<String>,
    /// Why the crate's view differs from the contract's, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The entity set the change is reported under (the set itself, the set whose type
    /// reaches the changed type, or the binding type's set); empty when none reaches it.
    pub entity_set: String,
}

/// The contract diff of two versions of one generated module, in Rust terms.
#[derive(Clone, Debug, Serialize)]
pub struct RustDiff {
    /// The Rust path of the module (`intune_dw::beta`).
    pub module: String,
    /// Every change, worst class first, then by entity set (the types no set reaches
    /// last) and path.
    pub changes: Vec<RustChange>,
    /// The bump the generated crate needs.
    pub bump: Bump,
}

impl RustDiff {
    /// Compares `old` with `new`, whose generated module is `module` (a Rust path), generated
    /// with the default settings.
    pub fn between(old: &Model, new: &Model, module: &str) -> Self {
        RustDiff::generated_with(old, new, module, &EmitOptions::default())
    }

    /// As [`between`](Self::between), for code generated with `options` (see
    /// [`Config::rust_diff`](crate::Config::rust_diff)).
    pub(crate) fn generated_with(
        old: &Model,
        new: &Model,
        module: &str,
        options: &EmitOptions,
    ) -> Self {
        let diff = ContractDiff::between(old, new);
        let pairing = namespace_pairing(old, new);
        let sides = Sides {
            old: RustItems::of(old, module, &pairing, options),
            new: RustItems::of(new, module, &BTreeMap::new(), options),
        };
        let reach = Reach::of(&[
            Surface::of(new, &BTreeMap::new()),
            Surface::of(old, &pairing),
        ]);
        let mut changes: Vec<RustChange> = diff
            .changes
            .into_iter()
            .map(|c| {
                let (touched_old, touched_new) = sides.touched(&c);
                let (class, bump, note) = classify(&c, &touched_old, &touched_new);
                let mut rust_items = touched_old.items;
                rust_items.extend(touched_new.items);
                sort_items(&mut rust_items);
                RustChange {
                    entity_set: reach.group(&c),
                    change: c,
                    class,
                    bump,
                    rust_items,
                    note,
                }
            })
            .collect();
        // The report's order: worst class first, then by entity set (the types no set
        // reaches last), then the contract's order.
        changes.sort_by(|a, b| {
            (a.class, a.entity_set.is_empty(), &a.entity_set, &a.change).cmp(&(
                b.class,
                b.entity_set.is_empty(),
                &b.entity_set,
                &b.change,
            ))
        });
        let bump = changes.iter().map(|c| c.bump).max().unwrap_or(Bump::Patch);
        RustDiff {
            module: module.to_owned(),
            changes,
            bump,
        }
    }

    /// How many changes have `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The worst class found, if any change was.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).min()
    }

    /// Why the bump is what it is: one line per change kind that forces it.
    pub fn reasons(&self) -> Vec<String> {
        let mut why: BTreeMap<String, usize> = BTreeMap::new();
        for c in self.changes.iter().filter(|c| c.bump == self.bump) {
            *why.entry(reason(c)).or_default() += 1;
        }
        why.into_iter()
            .map(|(r, n)| if n > 1 { format!("{r} (×{n})") } else { r })
            .collect()
    }
}

/// The generated items of both versions; either may be missing when naming failed.
struct Sides<'m> {
    old: Option<RustItems<'m>>,
    new: Option<RustItems<'m>>,
}

impl Sides<'_> {
    /// What `c` touches in the old and the new generated module.
    fn touched(&self, c: &Change) -> (Touched, Touched) {
        let side = |items: &Option<RustItems<'_>>, path: &str| {
            items
                .as_ref()
                .map(|i| i.touched(c.item, path, &c.what))
                .unwrap_or_default()
        };
        match c.what.as_str() {
            // A parameter is judged by its operation's signature on both sides.
            _ if c.item == ItemKind::Parameter => {
                (side(&self.old, &c.path), side(&self.new, &c.path))
            }
            "added" => (Touched::default(), side(&self.new, &c.path)),
            "removed" => (side(&self.old, &c.path), Touched::default()),
            POSSIBLY_RENAMED => {
                let parent = c.path.rsplit_once('/').map_or("", |(p, _)| p);
                let from = format!("{parent}/{}", c.old.as_deref().unwrap_or(""));
                (side(&self.old, &from), side(&self.new, &c.path))
            }
            _ => (side(&self.old, &c.path), side(&self.new, &c.path)),
        }
    }
}

/// The class, bump and note of one change.
fn classify(c: &Change, old: &Touched, new: &Touched) -> (Class, Bump, Option<String>) {
    let major = |note: Option<String>| (Class::Breaking, Bump::Major, note);
    if c.impact == Impact::DocsOnly {
        return (Class::Compatible, Bump::Patch, None);
    }
    match (c.item, c.what.as_str()) {
        (ItemKind::Parameter, _) => parameters(old, new),
        (_, "removed") => major(None),
        (_, POSSIBLY_RENAMED) => major(None),
        (_, "added") => (Class::Additive, Bump::Minor, None),
        (ItemKind::EntitySet | ItemKind::Singleton, "writes") => (
            Class::Compatible,
            Bump::Patch,
            Some("no generated item: writes are not generated".into()),
        ),
        (ItemKind::Property | ItemKind::NavigationProperty | ItemKind::Operation, _) => {
            match (&old.shape, &new.shape) {
                (Some(a), Some(b)) if a == b => (
                    Class::Compatible,
                    Bump::Patch,
                    Some(format!("same Rust shape: {a}")),
                ),
                (Some(a), Some(b)) => major(Some(format!("Rust: {a} → {b}"))),
                _ => by_contract(c.impact),
            }
        }
        _ => by_contract(c.impact),
    }
}

fn by_contract(impact: Impact) -> (Class, Bump, Option<String>) {
    match impact {
        Impact::Breaking => (Class::Breaking, Bump::Major, None),
        Impact::Additive => (Class::Additive, Bump::Minor, None),
        Impact::DocsOnly => (Class::Compatible, Bump::Patch, None),
    }
}

/// A parameter change, judged on the whole signature of the operation's methods: the same
/// parameter types in the same order keep every call compiling, so if the names at those
/// positions changed, arguments silently go to other parameters.
fn parameters(old: &Touched, new: &Touched) -> (Class, Bump, Option<String>) {
    let (a, b) = match (&old.params, &new.params) {
        (Some(a), Some(b)) => (a, b),
        // The parameter of a new operation: the operation's own change says what it adds.
        (None, Some(_)) => {
            let note = "a parameter of a new operation".to_owned();
            return (Class::Additive, Bump::Minor, Some(note));
        }
        _ => return (Class::Breaking, Bump::Major, None),
    };
    let types = |p: &[(String, String)]| p.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>();
    let names = |p: &[(String, String)]| {
        p.iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if types(a) != types(b) {
        let note = format!("Rust parameters ({}) → ({})", names(a), names(b));
        return (Class::Breaking, Bump::Major, Some(note));
    }
    if names(a) == names(b) {
        let note = format!("same Rust signature ({})", signature_text(b));
        return (Class::Compatible, Bump::Patch, Some(note));
    }
    let note = format!(
        "positional parameters ({}) → ({}) of the same types: existing calls compile and pass their arguments to other parameters",
        names(a),
        names(b)
    );
    (Class::Dangerous, Bump::Major, Some(note))
}

fn signature_text(p: &[(String, String)]) -> String {
    p.iter()
        .map(|(n, t)| format!("{n}: {t}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The reason line of a change for the verdict: what kind of change forces the bump.
fn reason(c: &RustChange) -> String {
    let what = match c.change.what.as_str() {
        POSSIBLY_RENAMED => "renamed (possibly)".to_owned(),
        "added" | "removed" => c.change.what.clone(),
        other => format!("{other} changed"),
    };
    let why = match (c.class, c.bump) {
        (Class::Dangerous, _) => "calls compile but pass arguments to other parameters",
        (_, Bump::Major) => "existing code may no longer compile",
        (_, Bump::Minor) => {
            "new items; `#[non_exhaustive]` models and `Unknown` variants keep existing code compiling"
        }
        (_, Bump::Patch) => "no public Rust item changes",
    };
    format!("{} {what}: {why}", c.change.item.label())
}

/// Which entity set reaches which type: its entity type, their base and derived types, and
/// the types of their structural properties, transitively (navigation leads to other sets).
struct Reach {
    /// Type → the first set (by name) reaching it.
    types: BTreeMap<String, String>,
    /// The sets of either surface.
    sets: BTreeSet<String>,
}

impl Reach {
    fn of(surfaces: &[Surface]) -> Self {
        let mut reach = Reach {
            types: BTreeMap::new(),
            sets: BTreeSet::new(),
        };
        for s in surfaces {
            let sets: Vec<(&String, &String)> = s
                .items
                .iter()
                .filter(|((k, _), _)| matches!(k, ItemKind::EntitySet | ItemKind::Singleton))
                .filter_map(|((_, name), f)| Some((name, f.get("type")?)))
                .collect();
            let graph = type_graph(s);
            for (name, ty) in sets {
                reach.sets.insert(name.clone());
                for t in reached(&graph, ty) {
                    reach.types.entry(t).or_insert_with(|| name.clone());
                }
            }
        }
        reach
    }

    /// The set a change is reported under; empty when no set reaches it.
    fn group(&self, c: &Change) -> String {
        let ty = match c.item {
            ItemKind::EntitySet | ItemKind::Singleton if self.sets.contains(&c.path) => {
                return c.path.clone();
            }
            ItemKind::Operation | ItemKind::Parameter => {
                let op = c.path.split('/').next().unwrap_or("");
                op.split_once('(')
                    .map(|(_, b)| element(b.trim_end_matches(')')).to_owned())
                    .unwrap_or_default()
            }
            ItemKind::Property | ItemKind::NavigationProperty | ItemKind::Member => {
                c.path.rsplit_once('/').map_or("", |(p, _)| p).to_owned()
            }
            _ => c.path.clone(),
        };
        self.types.get(&ty).cloned().unwrap_or_default()
    }
}

/// `NS.T` of `Collection(NS.T)`.
fn element(t: &str) -> &str {
    t.strip_prefix("Collection(")
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(t)
}

/// Type → the types it leads to structurally: its base, derived types and property types.
fn type_graph(s: &Surface) -> BTreeMap<&str, Vec<&str>> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((kind, path), f) in &s.items {
        match kind {
            ItemKind::EntityType | ItemKind::ComplexType => {
                if let Some(base) = f.get("base") {
                    graph.entry(path).or_default().push(base);
                    graph.entry(base).or_default().push(path);
                }
            }
            ItemKind::Property => {
                if let (Some((owner, _)), Some(ty)) = (path.rsplit_once('/'), f.get("type")) {
                    graph.entry(owner).or_default().push(element(ty));
                }
            }
            _ => {}
        }
    }
    graph
}

/// The types reached from `start` in `graph`.
fn reached(graph: &BTreeMap<&str, Vec<&str>>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(t) = stack.pop() {
        if seen.insert(t.to_owned()) {
            stack.extend(graph.get(t).into_iter().flatten().copied());
        }
    }
    seen
}
