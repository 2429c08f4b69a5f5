//! Rendering one service version: its [`Plan`] made once, every module body emitted and
//! formatted by a parallel map over the module tree, and the text laid out as one file (for
//! `include!`) or as a crate's files.
//!
//! The plan (names and analyses) is plain data made on the calling thread and read by every
//! worker. Token trees cannot cross threads (`proc_macro2` types are `!Send`), so each worker
//! lays out the module tree from the plan itself (declarations only: it names nothing and
//! emits no body), then emits and formats modules, taking the next pre-order index from a
//! shared counter, and returns their text with their indices. The calling thread is one of
//! the workers and puts the texts back in tree order, so the output does not depend on the
//! number of threads. Each body's tokens and syntax tree are dropped as soon as it is
//! formatted, so the token trees of a large service never exist all at once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{self, Ctx, EmitError, EmitOptions, Module};
use crate::model::Model;
use crate::naming::RustName;
use crate::plan::Plan;
use crate::write::{format_items, push_indented, unparse, with_header};

/// How a version's modules are laid out.
#[derive(Clone, Debug)]
pub enum Layout {
    /// One file: `pub mod <version> { … }`, nested modules inline.
    Inline,
    /// One file per module below this folder (`src`): `<version>/mod.rs`, `models/…`.
    Files(PathBuf),
}

/// What rendering failed on.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The emitter failed.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// Emitted code did not parse (a generator bug).
    #[error(transparent)]
    Format(#[from] syn::Error),
}

/// A rendered version.
pub struct Rendered {
    /// The version module's declaration for its parent (`#[doc = …] pub mod v1_0;`).
    pub decl: TokenStream,
    /// `(path, text)`: one file named `<version>.rs` for [`Layout::Inline`], else one per
    /// module, in pre-order.
    pub files: Vec<(PathBuf, String)>,
    /// The cargo feature of every entity set and singleton, from the plan (see
    /// [`Plan::set_features`]), for a crate that puts each set behind one.
    pub set_features: Vec<String>,
}

/// What to render: a model, its options, the version module's name and doc line.
pub struct Job<'a> {
    /// The model.
    pub model: &'a Model,
    /// Emitter options.
    pub options: &'a EmitOptions,
    /// The version module's name (a valid identifier).
    pub module: &'a str,
    /// The version module's doc line.
    pub doc: &'a str,
    /// Source file names for the `@generated` header.
    pub sources: &'a [String],
    /// The layout.
    pub layout: Layout,
}

/// Text of one module: the line opening it (inline layout only) and its body, closed.
#[derive(Default)]
struct ModuleText {
    open: String,
    body: String,
}

/// Renders `job` on up to `threads` threads (at least one: the caller's).
pub fn render(job: &Job<'_>, threads: usize) -> Result<Rendered, RenderError> {
    let plan = Plan::of(job.model, job.options)?;
    let module = syn::parse_str::<RustName>(job.module)?;
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads.max(1))
            .map(|_| {
                let (plan, module, next) = (&plan, &module, &next);
                scope.spawn(move || render_share(job, plan, module, next).map(|(_, texts)| texts))
            })
            .collect();
        let (tree, own) = render_share(job, &plan, &module, &next)?;
        let mut slots: Vec<Option<ModuleText>> = Vec::new();
        slots.resize_with(tree.preorder().len(), || None);
        let mut place = |texts: Vec<(usize, ModuleText)>| {
            for (i, text) in texts {
                slots[i] = Some(text);
            }
        };
        place(own);
        for worker in others {
            place(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
            );
        }
        let texts = slots
            .into_iter()
            .map(|text| text.expect("every module index is taken by one worker"));
        let head = tree.decl_head();
        Ok(Rendered {
            decl: quote!(#head;),
            files: files(job, &tree, texts),
            set_features: plan.set_features().map(str::to_owned).collect(),
        })
    })
}

/// One worker: lays out the module tree from `plan` (every worker lays out the same tree),
/// then emits and formats modules, taking the next pre-order index from `next` until none is
/// left, so that a few large modules (a dense service's base types) do not leave the other
/// threads idle. Returns the tree and the texts with their indices.
fn render_share(
    job: &Job<'_>,
    plan: &Plan,
    module: &RustName,
    next: &AtomicUsize,
) -> Result<(Module, Vec<(usize, ModuleText)>), RenderError> {
    let ctx = Ctx::new(job.model, plan, job.options)?;
    let tree = emit::layout(&ctx, module, job.doc)?;
    let order = tree.preorder();
    let mut texts = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some((depth, module)) = order.get(i) else {
            break;
        };
        texts.push((i, module_text(&ctx, module, *depth, job)?));
    }
    Ok((tree, texts))
}

/// The files of `tree` from the texts of its modules in pre-order.
fn files(
    job: &Job<'_>,
    tree: &Module,
    texts: impl Iterator<Item = ModuleText>,
) -> Vec<(PathBuf, String)> {
    match &job.layout {
        Layout::Inline => {
            let texts: Vec<ModuleText> = texts.collect();
            let header = crate::write::header(job.sources);
            // Sized once: growing a string of a large service's size by doubling would
            // briefly hold it twice.
            let size: usize = texts.iter().map(|t| t.open.len() + t.body.len()).sum();
            let mut text = String::with_capacity(header.len() + 1 + size);
            text.push_str(&header);
            text.push('\n');
            assemble(tree, &mut texts.into_iter(), &mut text);
            vec![(PathBuf::from(format!("{}.rs", job.module)), text)]
        }
        Layout::Files(dir) => {
            let mut paths = Vec::new();
            file_paths(tree, dir, &mut paths);
            paths.into_iter().zip(texts.map(|t| t.body)).collect()
        }
    }
}

/// Emits and formats one module at `depth` below the version module.
fn module_text(
    ctx: &Ctx<'_>,
    module: &Module,
    depth: usize,
    job: &Job<'_>,
) -> Result<ModuleText, RenderError> {
    let items = ctx.items(&module.body)?;
    match job.layout {
        Layout::Inline => {
            let head = module.decl_head();
            let decl = format_items(quote!(#head {}))?;
            let mut open = String::new();
            let decl = decl.trim_end().strip_suffix("{}").unwrap_or(&decl);
            push_indented(&mut open, &format!("{decl}{{"), depth);
            let mut body = String::new();
            if !items.is_empty() {
                push_indented(&mut body, &unparse(items), depth + 1);
            }
            push_indented(&mut body, "}", depth);
            Ok(ModuleText { open, body })
        }
        Layout::Files(_) => {
            let decls = module.children.iter().map(|c| {
                let head = c.decl_head();
                quote!(#head;)
            });
            let mut all = emit::parse_items(decls.collect())?;
            all.extend(items);
            Ok(ModuleText {
                open: String::new(),
                body: with_header(&unparse(all), job.sources),
            })
        }
    }
}

/// Appends `module` and its descendants, taking their texts (in pre-order) from `texts`.
fn assemble(module: &Module, texts: &mut impl Iterator<Item = ModuleText>, out: &mut String) {
    let text = texts.next().unwrap_or_default();
    out.push_str(&text.open);
    for child in &module.children {
        assemble(child, texts, out);
    }
    out.push_str(&text.body);
}

/// The files of `module` and its descendants in pre-order, `module`'s below `dir`.
fn file_paths(module: &Module, dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(module.file(dir));
    let child_dir = module.child_dir(dir);
    for child in &module.children {
        file_paths(child, &child_dir, out);
    }
}
