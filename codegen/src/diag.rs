//! Diagnostics: collected, sorted, and rendered with file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document cannot be used as it is.
    Error,
    /// The document is usable, but something in it was ignored or guessed.
    Warning,
}

/// A position in a source file, 1-based.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
    pub column: u32,
}

/// Where an item stands: the file and the position of its start tag.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// The file the item was read from.
    pub file: Arc<Path>,
    /// The position of the item's start tag.
    pub pos: Pos,
}

impl Default for Span {
    fn default() -> Self {
        Span {
            file: Arc::from(Path::new("")),
            pos: Pos::default(),
        }
    }
}

impl Span {
    /// A span for `file` at `pos`.
    pub fn new(file: &Arc<Path>, pos: Pos) -> Self {
        Span {
            file: file.clone(),
            pos,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.file.display(),
            self.pos.line,
            self.pos.column
        )
    }
}

/// One finding about a document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Where it was found.
    pub span: Span,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong: what was expected and what was found.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.span, self.message)
    }
}

/// A sink for diagnostics, kept sorted by file, position, severity and text on output.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `span`.
    pub fn error(&mut self, span: &Span, message: impl Into<String>) {
        self.push(span, Severity::Error, message.into());
    }

    /// Records a warning at `span`.
    pub fn warning(&mut self, span: &Span, message: impl Into<String>) {
        self.push(span, Severity::Warning, message.into());
    }

    /// Records a diagnostic of the given severity.
    pub fn push(&mut self, span: &Span, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            span: span.clone(),
            severity,
            message,
        });
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn escalate_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// The diagnostics, sorted and without exact duplicates.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    /// The diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Maps byte offsets of a text to 1-based line and column (in characters).
///
/// Every lookup costs the same whatever the layout: a minified document is one line of
/// megabytes, and counting the characters from the line start on each lookup made reading it
/// quadratic. The index keeps the number of characters before every 256-byte block
/// (`BLOCK`), so a column is two block counts plus at most two partial blocks.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters before each block, or empty for ASCII text (where a byte is a character).
    chars_before_block: Vec<u32>,
}

/// Bytes per block of [`LineIndex`]'s character counts.
const BLOCK: usize = 256;

impl LineIndex {
    /// Indexes the line starts of `text`. `\r\n`, `\n` and a lone `\r` all end a line.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            // One count per block and one for the end of the text, which an offset equal to
            // the length of a text of whole blocks indexes.
            let mut total = 0u32;
            let mut counts: Vec<u32> = bytes
                .chunks(BLOCK)
                .map(|block| {
                    let before = total;
                    total += char_starts(block) as u32;
                    before
                })
                .collect();
            counts.push(total);
            counts
        };
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// The position of byte `offset` of `text` (clamped to the text).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.chars_before(text, end) - self.chars_before(text, start) + 1;
        Pos {
            line: line as u32 + 1,
            column: column as u32,
        }
    }

    /// The number of characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        self.chars_before_block[block] as usize
            + char_starts(&text.as_bytes()[block * BLOCK..offset])
    }
}

/// The number of characters starting in `bytes`: every byte but UTF-8 continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A path shown relative to the current directory when it lies below it.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lf_crlf_and_cr() {
        let text = "ab\r\ncd\nef\rgh";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos { line: 1, column: 1 });
        assert_eq!(idx.pos(text, 4), Pos { line: 2, column: 1 });
        assert_eq!(idx.pos(text, 8), Pos { line: 3, column: 2 });
        assert_eq!(idx.pos(text, 10), Pos { line: 4, column: 1 });
    }

    #[test]
    fn positions_on_one_long_line_count_every_character_before() {
        // A minified document: one line of several blocks, with multi-byte characters
        // straddling block boundaries.
        let mut text = String::new();
        while text.len() < 5 * BLOCK {
            text.push_str("<a b=\"é€𝄞\"/>");
        }
        text.push_str("<z/>");
        let idx = LineIndex::new(&text);
        let z = text.rfind("<z").unwrap();
        assert_eq!(
            idx.pos(&text, z),
            Pos {
                line: 1,
                column: text[..z].chars().count() as u32 + 1
            }
        );
        for offset in (0..text.len()).step_by(7) {
            let boundary = (0..=offset)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap();
            let column = text[..boundary].chars().count() as u32 + 1;
            assert_eq!(idx.pos(&text, offset), Pos { line: 1, column }, "{offset}");
        }
        let ascii = "<x/>".repeat(1000);
        assert_eq!(
            LineIndex::new(&ascii).pos(&ascii, 3996),
            Pos {
                line: 1,
                column: 3997
            }
        );
    }

    #[test]
    fn the_end_of_a_text_of_whole_blocks_has_a_position() {
        // Found by fuzzing: the valid prefix before a byte that is not UTF-8 was exactly one
        // block long and not ASCII, and its end indexed past the block counts.
        let text = format!("é{}", "a".repeat(BLOCK - 2));
        assert_eq!(text.len(), BLOCK);
        assert_eq!(
            LineIndex::new(&text).pos(&text, text.len()),
            Pos {
                line: 1,
                column: BLOCK as u32
            }
        );
        let mut bytes = text.into_bytes();
        bytes.push(0xFF);
        let mut diags = Diagnostics::default();
        let file: std::sync::Arc<Path> = std::sync::Arc::from(Path::new("x.xml"));
        assert!(crate::reader::read(&file, &bytes, &mut diags).is_none());
        let d = diags.iter().next().unwrap();
        assert_eq!(
            d.span.pos,
            Pos {
                line: 1,
                column: BLOCK as u32
            }
        );
    }

    #[test]
    fn columns_on_later_lines_start_at_the_line_start() {
        let text = format!("{}\n{}<y", "ü".repeat(300), "ä".repeat(300));
        let y = text.rfind('<').unwrap();
        assert_eq!(
            LineIndex::new(&text).pos(&text, y),
            Pos {
                line: 2,
                column: 301
            }
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "äö<x";
        assert_eq!(
            LineIndex::new(text).pos(text, 4),
            Pos { line: 1, column: 3 }
        );
    }
}
