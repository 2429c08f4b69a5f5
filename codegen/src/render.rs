//! Rendering one service version: every module body emitted and formatted, on several
//! threads, and laid out as one file (for `include!`) or as a crate's files.
//!
//! Token trees cannot cross threads (`proc_macro2` types are `!Send`), so each thread names
//! the model and lays out the module tree itself — naming is deterministic, so every thread
//! sees the same tree — then takes modules by pre-order index from a shared counter, emits
//! and formats each, and sends back text. The calling thread is one of the workers and
//! assembles the text in tree order: the output does not depend on the number of threads.
//! Each body's tokens and syntax tree are dropped as soon as it is formatted, so the token
//! trees of a large service never exist all at once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::syntax;
use crate::emit::{self, Analysis, Ctx, EmitError, EmitOptions, Module};
use crate::model::Model;
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
struct Piece {
    open: String,
    body: String,
}

type Slot = Option<Result<Piece, RenderError>>;

/// Renders `job` on up to `threads` threads (at least one: the caller's).
pub fn render(job: &Job<'_>, threads: usize) -> Result<Rendered, RenderError> {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Result<Piece, RenderError>)>();
    std::thread::scope(|scope| {
        for _ in 1..threads.max(1) {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                // A failure here fails the calling thread's own setup the same way.
                let _ = work(job, next, &mut |i, piece| {
                    let _ = tx.send((i, piece));
                });
            });
        }
        drop(tx);
        let mut slots: Vec<Slot> = Vec::new();
        let (analysis, tree) = work(job, &next, &mut |i, piece| {
            if slots.len() <= i {
                slots.resize_with(i + 1, || None);
            }
            slots[i] = Some(piece);
        })?;
        let order = tree.preorder();
        slots.resize_with(order.len(), || None);
        for (i, piece) in rx {
            slots[i] = Some(piece);
        }
        // Whatever a worker did not deliver (it cannot fail where this thread did not, but a
        // missing piece must not go unnoticed) is rendered here.
        let ctx = Ctx::new(job.model, &analysis, job.options)?;
        let mut pieces = Vec::with_capacity(order.len());
        for (i, slot) in slots.into_iter().enumerate() {
            let piece = match slot {
                Some(piece) => piece?,
                None => piece(&ctx, order[i].1, order[i].0, job)?,
            };
            pieces.push(Some(piece));
        }
        let head = tree.decl_head();
        let decl = quote!(#head;);
        let files = match &job.layout {
            Layout::Inline => {
                let header = crate::write::header(job.sources);
                // Sized once: growing a string of a large service's size by doubling would
                // briefly hold it twice.
                let size: usize = pieces
                    .iter()
                    .flatten()
                    .map(|p| p.open.len() + p.body.len())
                    .sum();
                let mut text = String::with_capacity(header.len() + 1 + size);
                text.push_str(&header);
                text.push('\n');
                assemble(&tree, &mut pieces, &mut 0, &mut text);
                vec![(PathBuf::from(format!("{}.rs", job.module)), text)]
            }
            Layout::Files(dir) => {
                let mut paths = Vec::new();
                file_paths(&tree, dir, &mut paths);
                paths
                    .into_iter()
                    .zip(pieces)
                    .map(|(path, piece)| (path, piece.unwrap_or_default().body))
                    .collect()
            }
        };
        Ok(Rendered { decl, files })
    })
}

/// One worker: names the model, lays out the tree, then renders modules by index until none
/// is left, handing each piece to `deliver`. Returns the analysis and tree.
fn work(
    job: &Job<'_>,
    next: &AtomicUsize,
    deliver: &mut dyn FnMut(usize, Result<Piece, RenderError>),
) -> Result<(Analysis, Module), RenderError> {
    let analysis = Analysis::of(job.model, job.options)?;
    let tree = {
        let ctx = Ctx::new(job.model, &analysis, job.options)?;
        let module = syn::parse_str::<syn::Ident>(job.module).map_err(RenderError::Format)?;
        let tree = emit::layout(&ctx, &module, job.doc)?;
        let order = tree.preorder();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((depth, module)) = order.get(i) else {
                break;
            };
            deliver(i, piece(&ctx, module, *depth, job));
        }
        tree
    };
    Ok((analysis, tree))
}

/// Emits and formats one module at `depth` below the version module.
fn piece(
    ctx: &Ctx<'_>,
    module: &Module,
    depth: usize,
    job: &Job<'_>,
) -> Result<Piece, RenderError> {
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
            Ok(Piece { open, body })
        }
        Layout::Files(_) => {
            let decls = module.children.iter().map(|c| {
                let head = c.decl_head();
                quote!(#head;)
            });
            let mut all = syntax::parse(decls.collect())?;
            all.extend(items);
            Ok(Piece {
                open: String::new(),
                body: with_header(&unparse(all), job.sources),
            })
        }
    }
}

/// Appends the module at pre-order index `*index` and its descendants, consuming pieces.
fn assemble(module: &Module, pieces: &mut [Option<Piece>], index: &mut usize, out: &mut String) {
    let piece = pieces[*index].take().unwrap_or_default();
    *index += 1;
    out.push_str(&piece.open);
    for child in &module.children {
        assemble(child, pieces, index, out);
    }
    out.push_str(&piece.body);
}

/// The files of `module` and its descendants in pre-order, `module`'s below `dir`.
fn file_paths(module: &Module, dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(module.file(dir));
    let child_dir = module.child_dir(dir);
    for child in &module.children {
        file_paths(child, &child_dir, out);
    }
}
