//! Text from the metadata → rustdoc.
//!
//! Descriptions are plain text, not Markdown: they are emitted as `#[doc = r"..."]` raw string
//! literals (never parsed as Rust; as many `#` as the text needs), one attribute per line,
//! after
//! - dropping control characters (a CR, CRLF, U+2028 and U+2029 end a line; a tab becomes a
//!   space) and bidirectional overrides,
//! - trimming each line, so no line is an indented code block,
//! - backslash-escaping the characters Markdown or rustdoc give a meaning inside a line
//!   (`` ` ``, `*`, `[`, `]`, `<`, `>`, `\`, `~`, `|`, `_` runs are left alone), so fences,
//!   links, intra-doc links and HTML render as the text they are,
//! - escaping a line's first character when it would start a heading, list or quote.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::Annotation;
use crate::model::vocab;

/// The lines of `text` cleaned for rustdoc (see the module docs); runs of blank lines are
/// collapsed to one, and leading and trailing blank lines are dropped.
pub fn clean(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let normalized = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    for raw in normalized.split('\n') {
        let mut line = String::with_capacity(raw.len());
        for c in raw.chars() {
            match c {
                '\t' => line.push(' '),
                c if c.is_control() => {}
                // Bidirectional formatting characters.
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
                '`' | '*' | '[' | ']' | '<' | '>' | '\\' | '~' | '|' => {
                    line.push('\\');
                    line.push(c);
                }
                c => line.push(c),
            }
        }
        let trimmed = line.trim();
        let mut out = String::with_capacity(trimmed.len() + 1);
        let starts_block = trimmed.starts_with(['#', '-', '+', '=', '>']) || {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && trimmed[digits..].starts_with(['.', ')'])
        };
        if starts_block {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            out.push_str(&trimmed[..digits]);
            out.push('\\');
            out.push_str(&trimmed[digits..]);
        } else {
            out.push_str(trimmed);
        }
        if out.is_empty() && lines.last().is_none_or(String::is_empty) {
            continue;
        }
        lines.push(out);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// `#[doc = r"..."]` attributes for `lines`, each with a leading space so `///` reads well.
pub fn doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = doc_literal(&spaced(l));
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// `line` after a space, unless it is empty.
fn spaced(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// A string literal holding `text`, written raw (`r"…"`, with as many `#` as the text needs),
/// which the Rust parser reads back without unescaping: reading generated docs back is a
/// large part of formatting a documented service. Text a raw literal cannot hold (a carriage
/// return; [`clean`] leaves none) gets an escaped literal.
fn doc_literal(text: &str) -> Literal {
    let mut hashes = 0;
    for (i, _) in text.match_indices('"') {
        let run = text[i + 1..].bytes().take_while(|b| *b == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// The doc lines of an item: its `Core.Description` and `Core.LongDescription` (cleaned), or
/// `fallback` (written by the generator, so used as is) when it has neither.
pub fn item_doc_text(annotations: &[Annotation], fallback: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(d) = vocab::description(annotations) {
        lines.extend(clean(d));
    }
    if let Some(d) = vocab::long_description(annotations) {
        let more = clean(d);
        if !more.is_empty() && !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(more);
    }
    if lines.is_empty() {
        lines.push(fallback.to_owned());
    }
    lines
}

/// Like [`item_doc_text`], followed by a paragraph the generator writes (e.g. the wire name).
pub fn item_docs_with(annotations: &[Annotation], fallback: &str, extra: &[String]) -> TokenStream {
    doc_lines(&item_doc_text_with(annotations, fallback, extra))
}

/// The lines of [`item_docs_with`].
pub fn item_doc_text_with(
    annotations: &[Annotation],
    fallback: &str,
    extra: &[String],
) -> Vec<String> {
    // Without a description the fallback would only repeat the paragraph's first line.
    if !has_description(annotations) && extra.first().is_some_and(|e| e == fallback) {
        return extra.to_vec();
    }
    let mut lines = item_doc_text(annotations, fallback);
    if !extra.is_empty() {
        lines.push(String::new());
        lines.extend(extra.iter().cloned());
    }
    lines
}

/// The lines of the item's description (as [`item_doc_text`]) followed by `line`, or `line`
/// alone when it has none.
pub fn described_text(annotations: &[Annotation], line: &str) -> Vec<String> {
    if has_description(annotations) {
        item_doc_text_with(annotations, line, &[line.to_owned()])
    } else {
        vec![line.to_owned()]
    }
}

/// Whether the item has a description that survives cleaning.
fn has_description(annotations: &[Annotation]) -> bool {
    vocab::description(annotations).is_some_and(|d| !clean(d).is_empty())
        || vocab::long_description(annotations).is_some_and(|d| !clean(d).is_empty())
}

/// The deprecation note from `Core.Revisions`, if the item is deprecated (cleaned, one line).
pub fn deprecation_note(annotations: &[Annotation]) -> Option<String> {
    let d = vocab::deprecation(annotations)?;
    let mut note = d
        .description
        .map(|s| clean(&s).join(" "))
        .unwrap_or_default();
    if let Some(v) = d.version {
        let v = clean(&v).join(" ");
        note = if note.is_empty() {
            format!("deprecated in version {v}")
        } else {
            format!("{note} (deprecated in version {v})")
        };
    }
    Some(note)
}

/// `#[deprecated(note = "...")]` from `Core.Revisions`, for items generated code itself never
/// uses (client accessors), so the attribute warns users and never the generated crate.
pub fn deprecated(annotations: &[Annotation]) -> TokenStream {
    match deprecation_note(annotations) {
        None => TokenStream::new(),
        Some(note) if note.is_empty() => quote!(#[deprecated]),
        Some(note) => quote!(#[deprecated(note = #note)]),
    }
}

/// A doc paragraph `**Deprecated**: note` for items generated code uses itself (types,
/// fields, enum members), where `#[deprecated]` would warn inside the generated crate.
pub fn deprecated_doc(annotations: &[Annotation]) -> TokenStream {
    doc_lines(&deprecated_doc_text(annotations))
}

/// The lines of [`deprecated_doc`] (none when the item is not deprecated).
pub fn deprecated_doc_text(annotations: &[Annotation]) -> Vec<String> {
    match deprecation_note(annotations) {
        None => Vec::new(),
        Some(note) if note.is_empty() => vec![String::new(), "**Deprecated.**".to_owned()],
        Some(note) => vec![String::new(), format!("**Deprecated**: {note}")],
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, doc_literal};

    #[test]
    fn doc_literals_hold_any_text() {
        for text in [
            "plain",
            "a \"quoted\" word",
            "ends with a quote\"",
            "\"# closes one fence",
            "\"## and \"# two",
            "\\n is not an escape",
            "a\rb",
            "",
        ] {
            let lit_tokens = doc_literal(text);
            let lit: syn::LitStr = syn::parse2(quote::quote!(#lit_tokens)).unwrap();
            assert_eq!(lit.value(), text);
        }
        assert!(doc_literal("\"# x").to_string().starts_with("r##\""));
    }

    #[test]
    fn neutralises_markdown_and_code() {
        assert_eq!(clean("a\r\nb\rc"), vec!["a", "b", "c"]);
        assert_eq!(clean("    fn x() {}"), vec!["fn x() {}"]);
        assert_eq!(
            clean("```rust\nx\n```"),
            vec!["\\`\\`\\`rust", "x", "\\`\\`\\`"]
        );
        assert_eq!(clean("[a](b) <b>"), vec!["\\[a\\](b) \\<b\\>"]);
        assert_eq!(clean("# h\n- l\n1. n"), vec!["\\# h", "\\- l", "1\\. n"]);
        assert_eq!(clean("x\n\n\n\ny\n\n"), vec!["x", "", "y"]);
        assert_eq!(clean("tab\there\u{0}\u{202e}"), vec!["tab here"]);
    }
}
