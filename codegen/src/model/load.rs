//! Loading a document and the local copies of the documents it references.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Model, build, builtin};
use crate::diag::Diagnostics;
use crate::reader::{self, csdl::Document};

/// Referenced documents deeper than this are not followed (a reference loop is cut earlier).
const MAX_REFERENCE_DEPTH: usize = 8;

/// Where referenced documents are looked for, and what is laid over the main document.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Folders searched, after the referencing document's own folder, for a file named like
    /// the last segment of a reference's `Uri` (e.g. `Org.OData.Core.V1.xml`).
    pub search_paths: Vec<PathBuf>,
    /// Annotation documents, applied in order after everything else: CSDL documents whose
    /// schemas hold only `Annotations` elements targeting the service's model — say, the
    /// `Capabilities` a service's live `$metadata` does not state. An annotation there
    /// replaces the model's own of the same term and qualifier on the same target.
    pub overlays: Vec<PathBuf>,
    /// `--strict`: every warning (each a documented degradation, listed in the README's reader table) is
    /// an error, so a document is accepted only when nothing in it had to be degraded.
    pub strict: bool,
}

/// A loaded document: the document, whether it is the main one, and whether it is an
/// overlay (see [`LoadOptions::overlays`]).
pub(crate) struct Loaded {
    pub doc: Document,
    pub is_main: bool,
    pub overlay: bool,
}

/// Reads `path` and the documents it references, and resolves them into a model.
///
/// A reference is read from a local file when one is found (see [`LoadOptions`]), else from
/// the standard OASIS vocabularies built into the generator (`codegen/vocabularies/`).
///
/// The model is `None` only when the main document could not be read at all; otherwise it is
/// returned with whatever diagnostics were found (check [`Diagnostics::has_errors`]).
pub fn load(path: &Path, options: &LoadOptions) -> (Option<Model>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded = match reader::read_file(path, &mut diags) {
        Some(doc) => finish(doc, path.parent(), options, diags),
        None => (None, diags),
    };
    apply_strictness(loaded, options)
}

/// Like [`load`], for a document already in memory; `name` names it in diagnostics and its
/// folder is where relative references are looked for.
pub fn load_bytes(
    name: &Path,
    bytes: &[u8],
    options: &LoadOptions,
) -> (Option<Model>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded = match reader::read(&Arc::from(name), bytes, &mut diags) {
        Some(doc) => finish(doc, name.parent(), options, diags),
        None => (None, diags),
    };
    apply_strictness(loaded, options)
}

/// Under [`LoadOptions::strict`], every warning becomes an error.
fn apply_strictness(
    (model, mut diags): (Option<Model>, Diagnostics),
    options: &LoadOptions,
) -> (Option<Model>, Diagnostics) {
    if options.strict {
        diags.escalate_warnings();
    }
    (model, diags)
}

/// The model of `main`, the documents it references and the overlays.
fn finish(
    main: Document,
    dir: Option<&Path>,
    options: &LoadOptions,
    mut diags: Diagnostics,
) -> (Option<Model>, Diagnostics) {
    let mut docs = vec![Loaded {
        doc: main,
        is_main: true,
        overlay: false,
    }];
    let found = load_references(&mut docs, dir, options, &mut diags);
    for path in &options.overlays {
        if let Some(doc) = reader::read_file(path, &mut diags)
            && only_annotations(&doc, &mut diags)
        {
            docs.push(Loaded {
                doc,
                is_main: false,
                overlay: true,
            });
        }
    }
    let model = build::build(&docs, &found, &mut diags);
    (Some(model), diags)
}

/// Appends to `docs` every document the main one (`docs[0]`, in folder `dir`) references,
/// directly or through other references, each once and at most [`MAX_REFERENCE_DEPTH`] deep;
/// returns each reference URI that was found with the file it names.
fn load_references(
    docs: &mut Vec<Loaded>,
    dir: Option<&Path>,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut declared: BTreeSet<String> = docs[0]
        .doc
        .schemas
        .iter()
        .map(|s| s.namespace.clone())
        .collect();
    // A work list of documents whose references are still to follow, each document's
    // references relative to its own folder.
    let mut queue: Vec<(usize, Option<PathBuf>, usize)> = vec![(0, dir.map(Path::to_path_buf), 0)];
    while let Some((index, dir, depth)) = queue.pop() {
        for (uri, namespaces) in references_of(&docs[index].doc) {
            let Some((file, embedded)) = locate(&uri, dir.as_deref(), &options.search_paths)
                .map(|f| (f, None))
                .or_else(|| {
                    builtin::for_reference(&uri, namespaces.iter().map(String::as_str))
                        .map(|(path, text)| (path, Some(text)))
                })
            else {
                continue;
            };
            found.push((uri.clone(), file.clone()));
            let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
            if depth >= MAX_REFERENCE_DEPTH || !seen.insert(canonical) {
                continue;
            }
            if let Some(doc) = read_reference(&file, embedded, &mut declared, diags) {
                docs.push(Loaded {
                    doc,
                    is_main: false,
                    overlay: false,
                });
                // A built-in vocabulary's references are looked for only in the search paths
                // and among the built-in ones.
                let next_dir = embedded
                    .is_none()
                    .then(|| file.parent().map(Path::to_path_buf));
                queue.push((docs.len() - 1, next_dir.flatten(), depth + 1));
            }
        }
    }
    found
}

/// Each reference of `doc`: its URI and the namespaces it includes (which name a built-in
/// vocabulary when no local file is found).
fn references_of(doc: &Document) -> Vec<(String, Vec<String>)> {
    doc.references
        .iter()
        .map(|r| {
            let namespaces = r.includes.iter().map(|i| i.namespace.clone()).collect();
            (r.uri.clone(), namespaces)
        })
        .collect()
}

/// A referenced document, read from `file` or from its built-in text (`embedded`); `None`
/// when it cannot be read or declares a namespace already loaded (a document already loaded
/// under another path: vocabularies reference each other). Its diagnostics are kept only
/// when it is used.
fn read_reference(
    file: &Path,
    embedded: Option<&str>,
    declared: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let mut ref_diags = Diagnostics::default();
    let doc = match embedded {
        Some(text) => reader::read(&Arc::from(file), text.as_bytes(), &mut ref_diags),
        None => reader::read_file(file, &mut ref_diags),
    };
    let doc = doc.filter(|doc| {
        doc.schemas
            .iter()
            .all(|s| declared.insert(s.namespace.clone()))
    })?;
    diags.extend(ref_diags);
    Some(doc)
}

/// Whether an overlay holds nothing but annotations; an error at the first element that is
/// not one (an overlay describes the service's model, it does not add to it).
fn only_annotations(doc: &Document, diags: &mut Diagnostics) -> bool {
    for s in &doc.schemas {
        let declared = s
            .entity_types
            .iter()
            .chain(&s.complex_types)
            .map(|t| (&t.span, "type"))
            .chain(s.enum_types.iter().map(|t| (&t.span, "type")))
            .chain(s.type_definitions.iter().map(|t| (&t.span, "type")))
            .chain(s.terms.iter().map(|t| (&t.span, "term")))
            .chain(s.operations.iter().map(|o| (&o.span, "operation")))
            .chain(s.containers.iter().map(|c| (&c.span, "entity container")))
            .next();
        if let Some((span, what)) = declared {
            diags.error(
                span,
                format!("expected only `Annotations` in an annotation document, found a {what}"),
            );
            return false;
        }
    }
    true
}

/// The local file for a reference `uri`: a relative URI against `dir`, or the URI's last
/// path segment in `dir` and then in each search path.
fn locate(uri: &str, dir: Option<&Path>, search_paths: &[PathBuf]) -> Option<PathBuf> {
    let without_query = uri.split(['?', '#']).next().unwrap_or(uri);
    let is_url = without_query.contains("://");
    if !is_url && let Some(dir) = dir {
        let candidate = dir.join(without_query);
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    let file_name = without_query
        .rsplit('/')
        .next()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".edmx"))?;
    dir.into_iter()
        .chain(search_paths.iter().map(PathBuf::as_path))
        .map(|d| d.join(file_name))
        .find(|p| p.is_file())
}
